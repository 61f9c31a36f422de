/**
 * A Blosc 1.x decoder in plain TypeScript for the common case (LZ4 streams, byte shuffle or none, split or
 * not): about 3x faster than the wasm build in `numcodecs`, whose input conversion copies byte by byte.
 * Other frames (Zstd, zlib, bit-shuffle, delta, Blosc2 headers) go to the wasm decoder. Registered with
 * zarrita for `blosc` (v3) and `numcodecs.blosc` (v2) by `chunk-source.ts`.
 *
 * @example
 * ```ts
 * const bytes = decodeBloscFrame(frame) ?? (await wasmBlosc.decode(frame));
 * ```
 */
import { encodeBlosc } from './blosc-encode.js';

const MAX_SPLITS = 16;
const MIN_BUFFERSIZE = 128;

class CorruptFrame extends Error {}

/** Decode one LZ4 block into `dst[dp..]`; returns the number of bytes written. */
function lz4Block(src: Uint8Array, sp: number, send: number, dst: Uint8Array, dp: number, dend: number): number {
  const d0 = dp;
  while (sp < send) {
    const token = src[sp++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do {
        b = src[sp++]!;
        lit += b;
      } while (b === 255 && sp < send);
    }
    if (lit) {
      if (sp + lit > send || dp + lit > dend) throw new CorruptFrame('literal run past the end');
      if (lit < 16) for (let k = 0; k < lit; k++) dst[dp + k] = src[sp + k]!;
      else dst.set(src.subarray(sp, sp + lit), dp);
      sp += lit;
      dp += lit;
    }
    if (sp >= send) break;
    const off = src[sp]! | (src[sp + 1]! << 8);
    sp += 2;
    let ml = token & 15;
    if (ml === 15) {
      let b: number;
      do {
        b = src[sp++]!;
        ml += b;
      } while (b === 255 && sp < send);
    }
    ml += 4;
    let m = dp - off;
    if (off === 0 || m < d0 || dp + ml > dend) throw new CorruptFrame('bad match');
    if (off >= ml && ml >= 32) {
      dst.copyWithin(dp, m, m + ml);
      dp += ml;
    } else {
      for (let k = 0; k < ml; k++) dst[dp++] = dst[m++]!;
    }
  }
  return dp - d0;
}

/** Undo c-blosc's byte shuffle of one block (`src` -> `dst[off..off+size]`). */
function unshuffle(src: Uint8Array, dst: Uint8Array, off: number, size: number, typesize: number): void {
  const n = Math.floor(size / typesize);
  if (typesize === 8 && (dst.byteOffset + off) % 4 === 0) {
    // two little-endian 32-bit stores per element instead of eight byte stores
    const d32 = new Uint32Array(dst.buffer, dst.byteOffset + off, n * 2);
    const n2 = 2 * n;
    const n3 = 3 * n;
    const n4 = 4 * n;
    const n5 = 5 * n;
    const n6 = 6 * n;
    const n7 = 7 * n;
    for (let i = 0; i < n; i++) {
      d32[2 * i] = src[i]! | (src[n + i]! << 8) | (src[n2 + i]! << 16) | (src[n3 + i]! << 24);
      d32[2 * i + 1] = src[n4 + i]! | (src[n5 + i]! << 8) | (src[n6 + i]! << 16) | (src[n7 + i]! << 24);
    }
  } else if (typesize === 8) {
    for (let i = 0; i < n; i++) {
      const o = off + i * 8;
      dst[o] = src[i]!;
      dst[o + 1] = src[n + i]!;
      dst[o + 2] = src[2 * n + i]!;
      dst[o + 3] = src[3 * n + i]!;
      dst[o + 4] = src[4 * n + i]!;
      dst[o + 5] = src[5 * n + i]!;
      dst[o + 6] = src[6 * n + i]!;
      dst[o + 7] = src[7 * n + i]!;
    }
  } else {
    for (let j = 0; j < typesize; j++) {
      const base = j * n;
      for (let i = 0; i < n; i++) dst[off + i * typesize + j] = src[base + i]!;
    }
  }
  const tail = n * typesize;
  if (tail < size) dst.set(src.subarray(tail, size), off + tail);
}

/**
 * Decode a Blosc frame in TypeScript; undefined when the frame needs the wasm decoder. Throws on a frame
 * whose sizes do not add up (truncated or corrupt).
 */
export function decodeBloscFrame(src: Uint8Array, into?: Uint8Array): Uint8Array | undefined {
  if (src.length < 16) throw new CorruptFrame(`a Blosc frame needs 16 header bytes, got ${src.length}`);
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const version = src[0]!;
  const flags = src[2]!;
  const typesize = src[3]!;
  const nbytes = dv.getUint32(4, true);
  const blocksize = dv.getUint32(8, true);
  const cbytes = dv.getUint32(12, true);
  if (cbytes !== src.length) throw new CorruptFrame(`Blosc header says ${cbytes} bytes, the chunk has ${src.length}`);
  if (into && into.length !== nbytes) throw new CorruptFrame(`Blosc frame holds ${nbytes} bytes, ${into.length} expected`);
  if (flags & 0x2) {
    if (16 + nbytes > src.length) throw new CorruptFrame('memcpyed frame shorter than its size');
    if (!into) return src.slice(16, 16 + nbytes);
    into.set(src.subarray(16, 16 + nbytes));
    return into;
  }
  const compformat = (flags >> 5) & 7;
  if (version > 2 || compformat !== 1 || flags & 0x4 || flags & 0x8 || blocksize === 0 || typesize === 0) return undefined;
  const out = into ?? new Uint8Array(nbytes);
  if (nbytes === 0) return out;
  const shuffle = (flags & 0x1) !== 0 && typesize > 1;
  const dontSplit = (flags & 0x10) !== 0;
  const nblocks = Math.ceil(nbytes / blocksize);
  const leftover = nbytes % blocksize;
  const tmp = shuffle ? new Uint8Array(blocksize) : undefined;
  if (16 + 4 * nblocks > src.length) throw new CorruptFrame('block table past the end');
  for (let b = 0; b < nblocks; b++) {
    const last = b === nblocks - 1 && leftover > 0;
    const bsize = last ? leftover : blocksize;
    const split = !dontSplit && typesize <= MAX_SPLITS && blocksize / typesize >= MIN_BUFFERSIZE && !last;
    const nsplits = split ? typesize : 1;
    const neblock = bsize / nsplits;
    let sp = dv.getInt32(16 + 4 * b, true);
    const dest = tmp ?? out;
    let dp = tmp ? 0 : b * blocksize;
    for (let j = 0; j < nsplits; j++) {
      if (sp + 4 > src.length) throw new CorruptFrame('stream header past the end');
      const cs = dv.getInt32(sp, true);
      sp += 4;
      if (cs < 0 || sp + cs > src.length) throw new CorruptFrame('stream past the end');
      if (cs === neblock) dest.set(src.subarray(sp, sp + cs), dp);
      else if (lz4Block(src, sp, sp + cs, dest, dp, dp + neblock) !== neblock) throw new CorruptFrame('stream decodes to the wrong size');
      sp += cs;
      dp += neblock;
    }
    if (tmp) unshuffle(tmp, out, b * blocksize, bsize, typesize);
  }
  return out;
}

interface BloscConfig {
  cname?: string;
  clevel?: number;
  shuffle?: number | string;
  typesize?: number;
  blocksize?: number;
}

/** zarrita codec: our decoder first, the wasm one for what it does not handle; our encoder for writing. */
export class FastBlosc {
  static codecId = 'blosc';
  readonly kind = 'bytes_to_bytes' as const;
  constructor(private readonly config: BloscConfig) {}

  static fromConfig(config: BloscConfig): FastBlosc {
    return new FastBlosc(config ?? {});
  }

  async decode(data: Uint8Array): Promise<Uint8Array> {
    const ours = decodeBloscFrame(data);
    if (ours) return ours;
    const { default: Blosc } = await import('numcodecs/blosc'); // loaded only for frames we do not decode
    return Blosc.fromConfig({}).decode(data);
  }

  async encode(data: Uint8Array): Promise<Uint8Array> {
    const s = this.config.shuffle;
    const shuffle = s === 'noshuffle' || s === 0 ? 0 : s === 'bitshuffle' || s === 2 ? 2 : 1;
    return encodeBlosc(data, { cname: this.config.cname ?? 'lz4', clevel: this.config.clevel ?? 5, shuffle, typesize: this.config.typesize ?? 1 });
  }
}
