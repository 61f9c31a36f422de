/**
 * A counting semaphore: at most `n` tasks run at once, the others wait in arrival order. Used by the
 * S3 store and by {@link withConcurrency}. Waiting tasks leave the queue when their signal fires.
 *
 * @example
 * ```ts
 * const limit = new Semaphore(16);
 * const bytes = await limit.run(() => fetchChunk(key), signal);
 * ```
 */
import { ZldError } from '../errors.js';

export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new ZldError('BadInput', `concurrency must be a positive integer, got ${limit}`);
  }

  /** Run `task` once a slot is free; rejects with `Aborted` if `signal` fires while waiting. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal, what = 'request'): Promise<T> {
    await this.acquire(signal, what);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined, what: string): Promise<void> {
    if (signal?.aborted) return Promise.reject(aborted(signal, what));
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(aborted(signal!, what));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.active--;
    const next = this.waiting.shift();
    if (next) next();
  }
}

function aborted(signal: AbortSignal, what: string): ZldError {
  return new ZldError('Aborted', `${what} was cancelled`, { cause: signal.reason });
}

/**
 * A signal that fires when `signal` fires or after `ms`; `timedOut()` tells which one it was.
 * Without `ms` and `signal`, `signal` is undefined.
 */
export function deadline(signal: AbortSignal | undefined, ms: number | undefined): { signal?: AbortSignal; timedOut(): boolean } {
  if (!ms || ms <= 0 || !Number.isFinite(ms)) return { signal, timedOut: () => false };
  const timer = AbortSignal.timeout(ms);
  const combined = signal ? anySignal([signal, timer]) : timer;
  return { signal: combined, timedOut: () => timer.aborted && !signal?.aborted };
}

function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as unknown as { any?: (s: AbortSignal[]) => AbortSignal }).any;
  if (any) return any.call(AbortSignal, signals);
  const ctl = new AbortController();
  for (const s of signals) {
    if (s.aborted) {
      ctl.abort(s.reason);
      break;
    }
    s.addEventListener('abort', () => ctl.abort(s.reason), { once: true });
  }
  return ctl.signal;
}
