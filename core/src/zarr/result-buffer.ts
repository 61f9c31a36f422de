/**
 * The memory of big results (`readArray`'s values). In Node, zld's native module asks the kernel for
 * transparent huge pages on it before it is first touched, as numpy does for its arrays: a 72 MB result then
 * costs about 36 page faults instead of 18,000 (see `blosc-native-node.ts`). Elsewhere it is a plain buffer.
 *
 * @example
 * ```ts
 * const bytes = allocateResult(9000 * 1000 * 8); // zero-filled, like new Uint8Array(n)
 * ```
 */

/** Buffers at least this big get the advice (smaller ones are not worth a system call). */
const ADVISE_MIN = 8 << 20;

let advise: ((buffer: ArrayBuffer) => unknown) | undefined;

/** Install (or remove) what is done to a big buffer before its first use. */
export function setResultBufferAdvice(f: ((buffer: ArrayBuffer) => unknown) | undefined): void {
  advise = f;
}

/** A zero-filled byte array of `n` bytes. */
export function allocateResult(n: number): Uint8Array {
  const buffer = new ArrayBuffer(n);
  if (advise && n >= ADVISE_MIN) advise(buffer);
  return new Uint8Array(buffer);
}
