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

/**
 * Run `fn` over `items` with at most `limit` in flight, in input order of results; stops on abort. After a
 * failure no new item starts, and the first error is thrown once the ones in flight have ended (so nothing
 * still writes into a caller's buffer, e.g. native decodes on the thread pool, when the caller regains control).
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  signal?: AbortSignal,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      if (signal?.aborted) return;
      const i = next++;
      try {
        results[i] = await fn(items[i]!, i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  throwIfAborted(signal);
  return results;
}
