/**
 * A request pool for the Zarr layer: at most `size` store requests in flight; the rest queue in order.
 *
 * @example
 * ```ts
 * const pool = new Pool(16);
 * const bytes = await pool.run(() => store.get('/a/.zarray'), signal);
 * ```
 */
import { throwIfAborted } from '../errors.js';

export class Pool {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(readonly size: number) {}

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((go) => this.queue.push(go));
    else this.running++;
    try {
      throwIfAborted(signal);
      return await task();
    } finally {
      const next = this.queue.shift();
      if (next) next(); // the slot passes straight to the next task
      else this.running--;
    }
  }
}
