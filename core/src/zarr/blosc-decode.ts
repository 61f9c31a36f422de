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
import { LazySlot } from '../lazy-slot.js';
import { encodeBlosc } from './blosc-encode.js';

const MAX_SPLITS = 16;
const MIN_BUFFERSIZE = 128;

class CorruptFrame extends Error {}

// one block buffer reused by every (synchronous) decode
let scratchBuf = new Uint8Array(0);
function scratch(size: number): Uint8Array {
  if (scratchBuf.length < size) scratchBuf = new Uint8Array(size);
  return scratchBuf.subarray(0, size);
}

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

/**
 * 4x4 byte transposes for type sizes 4 and 8: 32-bit words read from four planes at once give four
 * elements' bytes each. Needs `src`, the planes and `dst[off..]` 4-byte aligned and `n` a multiple of 4.
 */
function unshuffleWords(src: Uint8Array, dst: Uint8Array, off: number, n: number, typesize: 4 | 8): void {
  const s32 = new Uint32Array(src.buffer, src.byteOffset, (n * typesize) / 4);
  const d32 = new Uint32Array(dst.buffer, dst.byteOffset + off, (n * typesize) / 4);
  const q = n / 4; // words per plane
  const halves = typesize / 4;
  for (let h = 0; h < halves; h++) {
    const p0 = 4 * h * q;
    const p1 = p0 + q;
    const p2 = p1 + q;
    const p3 = p2 + q;
    for (let w = 0; w < q; w++) {
      const a = s32[p0 + w]!;
      const b = s32[p1 + w]!;
      const c = s32[p2 + w]!;
      const d = s32[p3 + w]!;
      const o = 4 * w * halves + h;
      d32[o] = (a & 0xff) | ((b & 0xff) << 8) | ((c & 0xff) << 16) | ((d & 0xff) << 24);
      d32[o + halves] = ((a >>> 8) & 0xff) | (b & 0xff00) | ((c & 0xff00) << 8) | ((d & 0xff00) << 16);
      d32[o + 2 * halves] = ((a >>> 16) & 0xff) | ((b >>> 8) & 0xff00) | (c & 0xff0000) | ((d & 0xff0000) << 8);
      d32[o + 3 * halves] = (a >>> 24) | ((b >>> 16) & 0xff00) | ((c >>> 8) & 0xff0000) | (d & 0xff000000);
    }
  }
}

/** Undo c-blosc's byte shuffle of one block (`src` -> `dst[off..off+size]`). */
function unshuffle(src: Uint8Array, dst: Uint8Array, off: number, size: number, typesize: number): void {
  const n = Math.floor(size / typesize);
  if ((typesize === 8 || typesize === 4) && n % 4 === 0 && src.byteOffset % 4 === 0 && (dst.byteOffset + off) % 4 === 0) {
    unshuffleWords(src, dst, off, n, typesize);
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
 * Unshuffles whole blocks faster than {@link unshuffle} (WebAssembly SIMD, `blosc-simd.ts`): a block's
 * shuffled bytes are decoded into `input(size)`, then `run` returns the unshuffled block (a view valid until
 * the next call), or undefined for a type size it does not handle.
 */
export interface BlockUnshuffler {
  input(size: number): Uint8Array;
  run(size: number, typesize: number): Uint8Array | undefined;
}

let simd: BlockUnshuffler | undefined;
let simdLoader: (() => BlockUnshuffler | undefined) | undefined;

/**
 * Install (or remove) the block unshuffler decoding uses on this thread; a function is called once, when the
 * first shuffled frame is decoded (so processes that decode nothing never load it).
 */
export function setBlockUnshuffler(u: BlockUnshuffler | (() => BlockUnshuffler | undefined) | undefined): void {
  simd = typeof u === 'function' ? undefined : u;
  simdLoader = typeof u === 'function' ? u : undefined;
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
  if (shuffle && simdLoader) {
    simd = simdLoader();
    simdLoader = undefined;
  }
  const fast = shuffle && simd && (typesize === 8 || typesize === 4 || typesize === 2) ? simd : undefined;
  const tmp = shuffle ? (fast ? fast.input(blocksize) : scratch(blocksize)) : undefined;
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
    if (tmp) {
      const done = fast?.run(bsize, typesize);
      if (done) out.set(done, b * blocksize);
      else unshuffle(tmp, out, b * blocksize, bsize, typesize);
    }
  }
  return out;
}

/**
 * Source text of a standalone copy of {@link decodeBloscFrame} (and what it calls), for worker threads that
 * cannot import this module (e.g. when it runs from TypeScript sources). Defines `decodeBloscFrame(src, into?)`.
 */
export function bloscDecoderSource(): string {
  const parts: unknown[] = [CorruptFrame, scratch, lz4Block, unshuffleWords, unshuffle, decodeBloscFrame];
  return [
    `const MAX_SPLITS = ${MAX_SPLITS};`,
    `const MIN_BUFFERSIZE = ${MIN_BUFFERSIZE};`,
    'let scratchBuf = new Uint8Array(0);',
    'let simd = undefined;',
    'let simdLoader = undefined;',
    ...parts.map(String),
  ].join('\n');
}

/**
 * Decodes a whole Blosc frame elsewhere (worker threads, Node only); returns undefined when it declines (busy,
 * unavailable), resolves to undefined for frames it does not handle (the caller then decodes them itself).
 */
export type FrameOffload = (frame: Uint8Array, nbytes: number) => Promise<Uint8Array | undefined> | undefined;

let offload: FrameOffload | undefined;

/** Install (or remove) the decoder that big frames are handed to (see `decode-workers.ts`). */
export function setFrameOffload(f: FrameOffload | undefined): void {
  offload = f;
}

/** Frames at least this big are worth a trip to a worker thread. */
const OFFLOAD_MIN = 1 << 20;

/**
 * Decodes a whole Blosc frame into `into` (exactly the frame's decoded size) and throws on a bad frame: zld's
 * native module in Node (c-blosc, every codec and filter of Blosc 1.x; see `blosc-native-node.ts`).
 */
export type NativeFrameDecoder = (frame: Uint8Array, into: Uint8Array) => void;

const nativeDecoder = new LazySlot<NativeFrameDecoder>();

/**
 * Install (or remove, with undefined) the native frame decoder; `load` is called once, when the first frame is
 * decoded, and may return undefined (not built here): frames then decode in TypeScript as before.
 */
export function setNativeFrameDecoder(load: (() => NativeFrameDecoder | undefined) | undefined): void {
  nativeDecoder.set(load);
}

/**
 * Decode a frame into `into` (or a new array): natively when zld's native module is installed, else on a
 * worker thread when one is free and the frame is big, else here; undefined when the frame needs the wasm
 * decoder.
 */
export async function decodeBloscFrameAsync(src: Uint8Array, into?: Uint8Array): Promise<Uint8Array | undefined> {
  const direct = src.length >= 16 ? nativeDecoder.get() : undefined;
  if (direct) {
    const dv = new DataView(src.buffer, src.byteOffset, 16);
    const cbytes = dv.getUint32(12, true);
    if (cbytes !== src.length) throw new CorruptFrame(`Blosc header says ${cbytes} bytes, the chunk has ${src.length}`);
    const out = into ?? new Uint8Array(dv.getUint32(4, true));
    direct(src, out);
    return out;
  }
  if (offload && src.length >= 16) {
    const nbytes = new DataView(src.buffer, src.byteOffset, 16).getUint32(4, true);
    const job = nbytes >= OFFLOAD_MIN && (!into || into.length === nbytes) ? offload(src, nbytes) : undefined;
    const done = job && (await job);
    if (done) {
      if (!into) return done;
      into.set(done);
      return into;
    }
  }
  return decodeBloscFrame(src, into);
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
    const ours = await decodeBloscFrameAsync(data);
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
