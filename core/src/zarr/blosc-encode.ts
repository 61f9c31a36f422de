/**
 * A Blosc (1.x frame format) encoder that honours the element size, so byte-shuffled chunks of 8-byte types
 * compress as zarr-python's do. The wasm Blosc build in `numcodecs` always shuffles with a type size of 4;
 * here we shuffle ourselves and compress each block with the wasm LZ4 or Zstd codec (split into one stream per
 * byte position as c-blosc does), then frame the blocks as c-blosc reads them. Other compressors and bit-shuffle
 * go through the wasm Blosc build, whose frames decode correctly too (they only compress less).
 *
 * @example
 * ```ts
 * const frame = await encodeBlosc(new Uint8Array(f64.buffer), { cname: 'lz4', clevel: 5, shuffle: 1, typesize: 8 });
 * ```
 */

export interface BloscEncodeOptions {
  cname: string;
  clevel: number;
  /** 0 none, 1 byte shuffle, 2 bit shuffle. */
  shuffle: 0 | 1 | 2;
  typesize: number;
}

const HEADER = 16;
const MIN_BUFFERSIZE = 128;
const MAX_SPLITS = 16;
const L1 = 32 * 1024;
const LEVEL_FACTOR = [0.25, 0.5, 1, 2, 4, 4, 8, 8, 8, 8];

/** c-blosc 1.x's block size choice (so our frames compress like zarr-python's). */
function blockSize(nbytes: number, clevel: number, typesize: number, splittable: boolean): number {
  let bs = L1 * LEVEL_FACTOR[Math.max(0, Math.min(9, clevel))]!;
  if (splittable) {
    bs = Math.min(bs, 1 << 18) * typesize;
    bs = Math.min(1 << 20, Math.max(1 << 16, bs));
  }
  bs = Math.min(nbytes, bs);
  return Math.max(typesize, bs - (bs % typesize));
}
const FLAG_SHUFFLE = 0x1;
const FLAG_MEMCPYED = 0x2;
const FLAG_DONT_SPLIT = 0x10;
const CODES: Record<string, number> = { blosclz: 0, lz4: 1, lz4hc: 1, snappy: 2, zlib: 3, zstd: 4 };

/** Byte-shuffle one block like c-blosc: element bytes regrouped by position; a tail shorter than an element stays. */
function shuffleBlock(src: Uint8Array, dst: Uint8Array, typesize: number): void {
  const n = Math.floor(src.length / typesize);
  for (let j = 0; j < typesize; j++) {
    const base = j * n;
    for (let i = 0; i < n; i++) dst[base + i] = src[i * typesize + j]!;
  }
  dst.set(src.subarray(n * typesize), n * typesize);
}

function header(flags: number, typesize: number, nbytes: number, blocksize: number, cbytes: number): Uint8Array {
  const h = new Uint8Array(HEADER);
  const dv = new DataView(h.buffer);
  h[0] = 2; // format version
  h[1] = 1; // compressor format version
  h[2] = flags;
  h[3] = typesize;
  dv.setUint32(4, nbytes, true);
  dv.setUint32(8, blocksize, true);
  dv.setUint32(12, cbytes, true);
  return h;
}

function memcpyed(data: Uint8Array, code: number, typesize: number): Uint8Array {
  const out = new Uint8Array(HEADER + data.length);
  out.set(header(FLAG_MEMCPYED | FLAG_DONT_SPLIT | (code << 5), typesize, data.length, data.length, out.length));
  out.set(data, HEADER);
  return out;
}

/** Encode `data` as one Blosc frame. */
export async function encodeBlosc(data: Uint8Array, opts: BloscEncodeOptions): Promise<Uint8Array> {
  const typesize = Math.max(1, Math.min(255, opts.typesize));
  const code = CODES[opts.cname];
  if ((opts.cname !== 'lz4' && opts.cname !== 'zstd') || opts.shuffle === 2 || code === undefined) {
    const { default: Blosc } = await import('numcodecs/blosc');
    return Blosc.fromConfig({ cname: opts.cname, clevel: opts.clevel, shuffle: opts.shuffle, blocksize: 0 }).encode(data);
  }
  if (data.length < MIN_BUFFERSIZE || opts.clevel === 0) return memcpyed(data, code, typesize);
  const shuffle = opts.shuffle === 1 && typesize > 1;
  const blocksize = blockSize(data.length, opts.clevel, typesize, shuffle && typesize <= MAX_SPLITS);
  const nblocks = Math.ceil(data.length / blocksize);
  // the wasm codecs are loaded on first use (they are large), not when this module is imported
  const codec =
    opts.cname === 'lz4'
      ? (await import('numcodecs/lz4')).default.fromConfig({ acceleration: 1 })
      : (await import('numcodecs/zstd')).default.fromConfig({ level: opts.clevel });
  const tmp = new Uint8Array(blocksize);
  const streams: Uint8Array[] = [];
  const blockStreams: number[] = [];
  let size = HEADER + 4 * nblocks;
  for (let b = 0; b < nblocks; b++) {
    const src = data.subarray(b * blocksize, Math.min(data.length, (b + 1) * blocksize));
    let block = src;
    if (shuffle) {
      shuffleBlock(src, tmp, typesize);
      block = tmp.subarray(0, src.length);
    }
    // like c-blosc, shuffled full blocks are split into one stream per byte position
    const split = shuffle && typesize <= MAX_SPLITS && blocksize / typesize >= MIN_BUFFERSIZE && src.length === blocksize;
    const nsplits = split ? typesize : 1;
    const neblock = block.length / nsplits;
    for (let j = 0; j < nsplits; j++) {
      const part = block.subarray(j * neblock, (j + 1) * neblock);
      let c = await codec.encode(part.slice());
      if (opts.cname === 'lz4') c = c.subarray(4); // numcodecs' LZ4 prefixes the uncompressed size
      // a stream that does not shrink is stored as is, which the decoder recognises by its size
      const body = c.length >= part.length ? part.slice() : c;
      const framed = new Uint8Array(4 + body.length);
      new DataView(framed.buffer).setInt32(0, body.length, true);
      framed.set(body, 4);
      streams.push(framed);
      size += framed.length;
    }
    blockStreams.push(nsplits);
  }
  if (size >= data.length + HEADER) return memcpyed(data, code, typesize);
  const out = new Uint8Array(size);
  // split frames leave the "don't split" flag off, like c-blosc; unshuffled ones set it (one stream per block)
  const flags = (shuffle ? FLAG_SHUFFLE : FLAG_DONT_SPLIT) | (code << 5);
  out.set(header(flags, typesize, data.length, blocksize, size));
  const dv = new DataView(out.buffer);
  let pos = HEADER + 4 * nblocks;
  let s = 0;
  blockStreams.forEach((count, b) => {
    dv.setInt32(HEADER + 4 * b, pos, true);
    for (let j = 0; j < count; j++, s++) {
      out.set(streams[s]!, pos);
      pos += streams[s]!.length;
    }
  });
  return out;
}
