/**
 * Progress and cancellation for long work. Every long operation in core takes {@link TaskOptions}:
 * an `AbortSignal` to cancel and an `onProgress` callback that hosts turn into a progress bar
 * (CLI: stderr bar; VS Code: `withProgress`; JupyterLab: a progress line in the panel).
 *
 * @example
 * ```ts
 * const ctl = new AbortController();
 * await consolidate(store, { signal: ctl.signal, onProgress: (p) => console.log(p.message, p.done, p.total) });
 * ```
 */

import { throwIfAborted } from './errors.js';

export interface Progress {
  /** Units done so far (nodes, bytes, chunks: see `unit`). */
  done: number;
  /** Total units when known. */
  total?: number;
  unit?: 'nodes' | 'keys' | 'chunks' | 'bytes' | 'items';
  /** Short human text: what is being worked on now. */
  message?: string;
}

export interface TaskOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

/** Calls `onProgress` at most every `intervalMs`, always passing the final report through. */
export function throttleProgress(
  onProgress: ((p: Progress) => void) | undefined,
  intervalMs = 100,
): ((p: Progress, final?: boolean) => void) | undefined {
  if (!onProgress) return undefined;
  let last = 0;
  return (p, final = false) => {
    const now = Date.now();
    if (final || now - last >= intervalMs || (p.total !== undefined && p.done >= p.total)) {
      last = now;
      onProgress(p);
    }
  };
}

/** Run `fn` over `items` with at most `limit` in flight, in input order of results; stops on abort. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) return;
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  throwIfAborted(signal);
  return results;
}
