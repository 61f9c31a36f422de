/**
 * Reusable buffers for compressed chunks read from local files: a full read of an array reads its chunk
 * files into a few buffers taken and given back here instead of a fresh one per chunk (fresh memory costs a
 * page fault per 4 KiB on first touch: about 1,500 per 6 MB chunk). At most {@link KEEP} buffers are kept,
 * and they are dropped once no chunk was read for {@link IDLE_MS}, so an idle process holds none.
 *
 * @example
 * ```ts
 * const buf = takeFrameBuffer(size);
 * try {
 *   decode(await store.getInto(key, () => buf));
 * } finally {
 *   giveFrameBuffer(buf);
 * }
 * ```
 */

/** Buffers kept for reuse at most (one per chunk decoded at once by `readArray`'s default concurrency). */
const KEEP = 4;
/** Kept buffers are dropped after this long without a read. */
const IDLE_MS = 2000;
/** Buffers below this size are not worth keeping (small chunks, metadata). */
const MIN_SIZE = 1 << 16;

let free: Uint8Array[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** A buffer of at least `size` bytes (its contents are whatever the last user left). */
export function takeFrameBuffer(size: number): Uint8Array {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const b = free[i]!;
    if (b.length >= size && (best < 0 || b.length < free[best]!.length)) best = i;
  }
  if (best >= 0) return free.splice(best, 1)[0]!;
  // a little headroom: chunks of one array differ by a few bytes
  return new Uint8Array(size < MIN_SIZE ? size : size + (size >> 6));
}

/** Give a buffer back once nothing refers to its bytes any more. */
export function giveFrameBuffer(buf: Uint8Array): void {
  if (buf.length < MIN_SIZE) return;
  if (free.length >= KEEP) {
    // keep the biggest ones: they serve every smaller request
    let smallest = 0;
    for (let i = 1; i < free.length; i++) if (free[i]!.length < free[smallest]!.length) smallest = i;
    if (free[smallest]!.length >= buf.length) return;
    free.splice(smallest, 1);
  }
  free.push(buf);
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    free = [];
    timer = undefined;
  }, IDLE_MS);
  (timer as { unref?: () => void }).unref?.();
}

/** Buffers currently kept (for tests). */
export function keptFrameBuffers(): number {
  return free.length;
}
