/**
 * Blosc decoding on worker threads (Node only): big frames go to an idle worker while the calling thread
 * decodes others, so a full read uses several cores the way c-blosc's threads do for zarr-python. Installed only
 * on machines with 3 cores or more (on 2 it measured slower). Workers start on the first big frame, are sized
 * to the machine (cores - 1, at most 3), never keep the process alive when idle, and a frame is decoded in place
 * whenever no worker is free or they failed to start.
 * The workers run a standalone copy of the decoder ({@link bloscDecoderSource}), so they also work when
 * zld runs from its TypeScript sources.
 *
 * @example
 * ```ts
 * import { installDecodeWorkers } from './decode-workers.js';
 * installDecodeWorkers(); // readArray and friends now decode big Blosc chunks in parallel
 * ```
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { bloscDecoderSource, setFrameOffload } from './blosc-decode.js';

interface Job {
  resolve: (b: Uint8Array | undefined) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent, in order (a worker answers in order). */
  jobs: Job[];
}

/** Jobs queued per worker before the caller decodes a frame itself: keeps workers busy while it works. */
const QUEUE = 2;

const WORKER_MAIN = `
const { parentPort } = require('node:worker_threads');
${bloscDecoderSource()}
parentPort.on('message', (frame) => {
  try {
    const out = decodeBloscFrame(frame);
    if (out) parentPort.postMessage(out, [out.buffer]);
    else parentPort.postMessage(null);
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e), name: String(e && e.name) });
  }
});`;

export class DecodeWorkers {
  private readonly slots: Slot[] = [];
  private broken = false;
  /** Frames decoded by workers (for tests and benchmarks). */
  decoded = 0;

  constructor(
    readonly size = Math.max(1, Math.min(3, availableParallelism() - 1)),
    /** The workers' program (tests replace it). */
    private readonly program = WORKER_MAIN,
  ) {}

  /** Hand a frame to an idle worker; undefined when none is free. */
  decode(frame: Uint8Array): Promise<Uint8Array | undefined> | undefined {
    if (this.broken) return undefined;
    let slot = this.slots.find((s) => s.jobs.length === 0);
    if (!slot && this.slots.length < this.size) slot = this.start();
    slot ??= this.slots.find((s) => s.jobs.length < QUEUE);
    if (!slot) return undefined;
    const s = slot;
    return new Promise((resolve) => {
      s.jobs.push({ resolve });
      s.worker.ref(); // a pending job keeps the process alive; an idle worker does not
      s.worker.postMessage(frame); // copied: the caller (or a cache) keeps its bytes
    });
  }

  private start(): Slot {
    const worker = new Worker(this.program, { eval: true });
    const slot: Slot = { worker, jobs: [] };
    worker.unref();
    const finish = (s: Slot) => {
      const job = s.jobs.shift()!;
      if (s.jobs.length === 0) s.worker.unref();
      return job;
    };
    worker.on('message', (m: Uint8Array | { error: string; name: string } | null) => {
      if (slot.jobs.length === 0) return;
      const job = finish(slot);
      if (m && 'error' in m) {
        // the caller decodes the frame itself and reports a corrupt one with its own message; a worker whose
        // code does not run (e.g. the decoder's source renamed by a minifier) is not used again
        if (m.name === 'ReferenceError' || m.name === 'TypeError' || m.name === 'SyntaxError') this.broken = true;
        job.resolve(undefined);
      } else {
        if (m) this.decoded++;
        job.resolve(m ?? undefined);
      }
    });
    const fail = () => {
      // a dead worker: its job (if any) is decoded by the caller instead, and no more jobs are sent
      this.broken = true;
      for (const s of this.slots) while (s.jobs.length) finish(s).resolve(undefined);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.slots.push(slot);
    return slot;
  }

  /** Stop every worker (pending jobs fall back to the caller). */
  async close(): Promise<void> {
    this.broken = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

let shared: DecodeWorkers | undefined;

/**
 * Decode big Blosc frames on worker threads from now on (idempotent); returns the pool, or undefined when the
 * machine has fewer than `minCores` cores (default 3). Measured on 2 cores (one worker): the copies to and from
 * the worker cost more than the worker saves (full read of 72 MB: 140-285 ms of CPU with it, 100-175 without,
 * wall time no better), so frames are decoded on the calling thread there.
 */
export function installDecodeWorkers(opts: { minCores?: number } = {}): DecodeWorkers | undefined {
  if (!shared && availableParallelism() >= (opts.minCores ?? 3)) {
    const pool = new DecodeWorkers();
    shared = pool;
    setFrameOffload((frame) => pool.decode(frame));
  }
  return shared;
}
