/**
 * Seeded random float64 data for fake datasets, chunk by chunk: each chunk's values depend only on the seed,
 * the array path and the chunk's coordinates, so chunks can be generated in any order, in parallel, and the
 * same seed always gives the same store.
 *
 * @example
 * ```ts
 * const values = fakeChunk(42, '/myBatch/sample1/sample1Dataset', [0, 0], [900, 1000]); // Float64Array in [0, 1)
 * ```
 */

/** FNV-1a over a string, then a murmur3 finalizer. */
function hash32(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Uniform doubles in [0, 1) with 53 random bits (sfc32 generator). */
export function randomDoubles(seedText: string, count: number): Float64Array {
  let a = hash32(seedText, 1);
  let b = hash32(seedText, 2);
  let c = hash32(seedText, 3);
  let d = hash32(seedText, 4) | 1;
  const next = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
  return out;
}

/** The values of one chunk of a fake dataset (the full chunk shape, C order). */
export function fakeChunk(seed: number, arrayPath: string, chunkCoords: number[], chunkShape: number[]): Float64Array {
  const n = chunkShape.reduce((x, y) => x * y, 1);
  return randomDoubles(`${seed}\u0000${arrayPath}\u0000${chunkCoords.join(',')}`, n);
}
