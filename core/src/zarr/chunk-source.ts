/**
 * Decoded chunks of one array, through zarrita's codec pipeline (v2 and v3, sharding included), with our
 * errors: a chunk that does not decode is `BadChunk` naming its key; an unknown codec is `UnknownCodec`
 * naming the codec. Metadata the hierarchy already holds (consolidated) is served without a request.
 *
 * @example
 * ```ts
 * const src = await openChunkSource(hierarchy, '/a/b');
 * const { bytes, stride } = await src.chunk([0, 0]);
 * ```
 */
import * as zarr from 'zarrita';
import { ZldError, isZldError, throwIfAborted } from '../errors.js';
import { LazySlot } from '../lazy-slot.js';
import type { AbsolutePath, GetOptions, RangeQuery, ReadableStore } from '../store/types.js';
import type { Hierarchy } from './hierarchy.js';
import { encodeJson } from './json.js';
import { itemSize } from './metadata.js';
import { FastBlosc, decodeBloscFrameAsync } from './blosc-decode.js';
import { giveFrameBuffer, takeFrameBuffer } from './frame-buffers.js';

// our Blosc codec (TypeScript LZ4 path, wasm fallback) for every zarrita read in this process
zarr.registry.set('blosc', async () => FastBlosc as never);
zarr.registry.set('numcodecs.blosc', async () => FastBlosc as never);
import type { ArrayNode } from './model.js';

export interface DecodedChunk {
  /** Fixed-size types: the chunk's raw little-endian bytes. */
  bytes?: Uint8Array;
  /** Variable-size types (strings, objects): the values. */
  values?: unknown[];
  shape: number[];
  stride: number[];
}

export interface ChunkSource {
  node: ArrayNode;
  /** Chunk shape zarrita reads by (inner chunks for sharded arrays). */
  chunks: number[];
  /** Bytes per element for fixed-size types, undefined for strings/objects. */
  itemsize?: number;
  chunk(coords: number[], signal?: AbortSignal): Promise<DecodedChunk>;
  /**
   * Fast path for C-order arrays whose only codec is Blosc (with LZ4): decode chunk `coords` straight into
   * `into` (the whole chunk, C order). False when the chunk is missing or the frame needs the general path.
   */
  decodeInto?(coords: number[], into: Uint8Array, signal?: AbortSignal): Promise<boolean>;
  /**
   * {@link decodeInto} for many whole chunks at once, in few trips off the JavaScript thread (local stores with
   * zld's native module): which of them were found; `onDone(n)` after each wave of `n` chunks.
   */
  decodeAllInto?(items: { coords: number[]; into: Uint8Array }[], signal?: AbortSignal, onDone?: (n: number) => void): Promise<boolean[]>;
  /** Store key of the object holding chunk `coords` (the shard for sharded arrays). */
  keyOf(coords: number[]): string;
}

/** A store that can read an object into a buffer the caller lends (`FileStore.getInto`). */
interface LendingStore {
  getInto(key: AbsolutePath, borrow: (size: number) => Uint8Array, opts?: GetOptions): Promise<Uint8Array | undefined>;
}

/** A local store whose chunk files a native reader can open itself (`FileStore`). */
interface LocalFiles {
  readonly root: string;
  localPath(key: AbsolutePath): string;
  outsideError(key: string, real: string): ZldError;
  readError(e: unknown, key: string): ZldError;
}

function localFiles(store: ReadableStore): LocalFiles | undefined {
  const s = store as Partial<LocalFiles>;
  return typeof s.root === 'string' && typeof s.localPath === 'function' && typeof s.outsideError === 'function' ? (s as LocalFiles) : undefined;
}

/**
 * Reads local Blosc chunk files and decodes them off the JavaScript thread (zld's native module in Node,
 * `blosc-native-node.ts`). `decode` resolves the decoded size, or -1 when the file is missing; it rejects with
 * an error whose `code` is ZLD_OUTSIDE (the file resolves outside `root`; message: its real path),
 * ZLD_TRUNCATED, ZLD_BAD_FRAME or an errno name. `decodeMany` does a batch one file after the other in one
 * job (one result per file; a failure also carries the `index` of its file); `lanes` such jobs run at once.
 */
export interface ChunkFileDecoder {
  decode(root: string, file: string, into: Uint8Array): Promise<number>;
  decodeMany(root: string, files: string[], intos: Uint8Array[]): Promise<number[]>;
  lanes: number;
}

const fileDecoder = new LazySlot<ChunkFileDecoder>();

/** Install (or remove) the chunk file decoder; `load` runs once, with the first chunk read from a local store. */
export function setChunkFileDecoder(load: (() => ChunkFileDecoder | undefined) | undefined): void {
  fileDecoder.set(load);
}

/** Our error for a failure of the native chunk file decoder. */
function chunkFileError(e: unknown, local: LocalFiles, key: AbsolutePath, node: ArrayNode, url: string): ZldError {
  const { code, message } = e as { code?: string; message?: string };
  if (code === 'ZLD_OUTSIDE') return local.outsideError(key, message ?? '');
  if (code === 'ZLD_TRUNCATED') {
    return new ZldError('BadChunk', `chunk ${key} of array ${node.path} in store ${url} is truncated or corrupt: ${message}`, { detail: { key } });
  }
  if (code === 'ZLD_BAD_FRAME') {
    return new ZldError('BadChunk', `chunk ${key} of array ${node.path} in store ${url} does not decode: ${message}`, { cause: e, detail: { key } });
  }
  return local.readError(e, key);
}

/**
 * A Blosc frame's header gives its total size: a shorter object is a truncated chunk (the wasm decoder would
 * read past its end instead of failing).
 */
function checkBloscFrame(bytes: Uint8Array, key: string, node: ArrayNode, url: string): void {
  const size = bytes.length >= 16 ? new DataView(bytes.buffer, bytes.byteOffset, 16).getUint32(12, true) : -1;
  if (size !== bytes.length) {
    throw new ZldError(
      'BadChunk',
      `chunk ${key} of array ${node.path} in store ${url} is truncated or corrupt: ${bytes.length} bytes, its Blosc header says ${size < 0 ? 'at least 16' : size}`,
      { detail: { key } },
    );
  }
}

/** A view of the store that answers metadata keys from the hierarchy's documents (or `overrides`). */
function metadataServing(store: ReadableStore, h: Hierarchy, overrides: Map<string, Record<string, unknown>>, node: ArrayNode) {
  const blosc = !node.shardShape && node.codecs.length > 0 && node.codecs[node.codecs.length - 1]!.name === 'blosc';
  return {
    url: store.url,
    async get(key: AbsolutePath, opts?: GetOptions) {
      const d = overrides.get(key) ?? h.metadataDoc(key);
      if (d) return encodeJson(d);
      if (key.endsWith('/.zattrs')) return undefined; // attributes are not needed to read values
      const bytes = await store.get(key, opts);
      if (bytes && blosc && !key.endsWith('/.zarray') && !key.endsWith('/zarr.json')) checkBloscFrame(bytes, key, node, store.url);
      return bytes;
    },
    ...(store.getRange
      ? { getRange: (key: AbsolutePath, range: RangeQuery, opts?: GetOptions) => store.getRange!(key, range, opts) }
      : {}),
  };
}

function codecError(e: unknown, node: ArrayNode, url: string): ZldError | undefined {
  const err = e as { name?: string; codec?: string; message?: string };
  if (err?.name === 'UnknownCodecError') {
    return new ZldError('UnknownCodec', `array ${node.path} in store ${url} uses codec "${err.codec}", which zld cannot decode`, {
      cause: e,
      detail: { codec: err.codec },
    });
  }
  return undefined;
}

function bytesOf(data: unknown): Uint8Array {
  const d = data as { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

export async function openChunkSource(h: Hierarchy, path: string, signal?: AbortSignal): Promise<ChunkSource> {
  const node = await h.array(path, { signal });
  const url = h.store.url;
  const overrides = new Map<string, Record<string, unknown>>();
  if (node.dtype === 'float16') {
    // JavaScript has no float16 arrays here: read the same bytes as uint16, keep them raw
    const key = `${node.path === '/' ? '' : node.path}/${node.zarrFormat === 3 ? 'zarr.json' : '.zarray'}` as AbsolutePath;
    const doc = h.metadataDoc(key) ?? JSON.parse(new TextDecoder().decode((await h.store.get(key, { signal }))!));
    const fill = float16Bits(doc.fill_value);
    overrides.set(key, node.zarrFormat === 3
      ? { ...doc, data_type: 'uint16', fill_value: fill }
      : { ...doc, dtype: String(doc.dtype).replace('f2', 'u2'), fill_value: fill });
  }
  const loc = new zarr.Location(metadataServing(h.store, h, overrides, node), node.path);
  let arr: zarr.Array<zarr.DataType, ReturnType<typeof metadataServing>>;
  try {
    arr = node.zarrFormat === 3 ? await zarr.open.v3(loc, { kind: 'array', signal }) : await zarr.open.v2(loc, { kind: 'array', attrs: false, signal });
  } catch (e) {
    if (isZldError(e)) throw e;
    throw codecError(e, node, url) ?? new ZldError('BadMetadata', `cannot open array ${node.path} in store ${url}: ${(e as Error).message}`, { cause: e });
  }
  const chunks = arr.chunks;
  const itemsize = itemSize(node.dtype);
  const expected = chunks.reduce((a, b) => a * b, 1);
  const keyOf = (coords: number[]): string => {
    const outer = node.shardShape ? coords.map((c, i) => Math.floor((c * chunks[i]!) / node.shardShape![i]!)) : coords;
    const sep = node.dimensionSeparator;
    const base = node.path === '/' ? '' : node.path;
    if (node.zarrFormat === 3 && node.chunkKeyEncoding !== 'v2') return `${base}/c${outer.length ? sep : ''}${outer.join(sep)}`;
    return `${base}/${outer.length ? outer.join(sep) : '0'}`;
  };
  const bloscOnly =
    !node.shardShape &&
    node.order === 'C' &&
    itemsize !== undefined &&
    node.dtype !== 'float16' &&
    (node.zarrFormat === 2
      ? node.codecs.length === 1 && node.codecs[0]!.name === 'blosc' && !/^>/.test(node.rawDtype)
      : node.codecs.length === 2 &&
        node.codecs[0]!.name === 'bytes' &&
        (node.codecs[0]!.configuration?.endian ?? 'little') === 'little' &&
        node.codecs[1]!.name === 'blosc');
  const lending = typeof (h.store as Partial<LendingStore>).getInto === 'function' ? (h.store as unknown as LendingStore) : undefined;
  const local = localFiles(h.store);
  const decodeInto = async (coords: number[], into: Uint8Array, sig?: AbortSignal): Promise<boolean> => {
    const key = keyOf(coords) as AbsolutePath;
    const files = local && fileDecoder.get();
    if (files) {
      // read and decoded on a thread-pool thread: several chunks at once, the JavaScript thread free meanwhile
      throwIfAborted(sig, `reading ${key} in ${url}`);
      let n: number;
      try {
        n = await files.decode(local.root, local.localPath(key), into);
      } catch (e) {
        throw chunkFileError(e, local, key, node, url);
      }
      return n >= 0;
    }
    // a local store reads the frame into a reused buffer (given back once decoded)
    let lent: Uint8Array | undefined;
    const bytes = lending
      ? await lending.getInto(key, (size) => (lent = takeFrameBuffer(size)), { signal: sig })
      : await h.store.get(key, { signal: sig });
    try {
      if (!bytes) return false;
      checkBloscFrame(bytes, key, node, url);
      return (await decodeBloscFrameAsync(bytes, into)) !== undefined;
    } catch (e) {
      if (isZldError(e)) throw e;
      throw new ZldError('BadChunk', `chunk ${key} of array ${node.path} in store ${url} does not decode: ${(e as Error).message}`, {
        cause: e,
        detail: { key },
      });
    } finally {
      if (lent) giveFrameBuffer(lent);
    }
  };
  /** Many whole chunks at once: in waves of batches, one batch per lane (see ChunkFileDecoder). */
  const decodeAllInto = async (items: { coords: number[]; into: Uint8Array }[], sig?: AbortSignal, onDone?: (n: number) => void): Promise<boolean[]> => {
    const files = fileDecoder.get()!;
    const found = new Array<boolean>(items.length).fill(false);
    const lanes = Math.max(1, files.lanes);
    const wave = lanes * 8; // cancellation and progress between waves
    for (let w = 0; w < items.length; w += wave) {
      throwIfAborted(sig, `reading ${node.path} in ${url}`);
      const jobs: Promise<void>[] = [];
      for (let l = 0; l < lanes; l++) {
        const idx: number[] = [];
        for (let i = w + l; i < Math.min(w + wave, items.length); i += lanes) idx.push(i);
        if (!idx.length) continue;
        const keys = idx.map((i) => keyOf(items[i]!.coords) as AbsolutePath);
        jobs.push(
          files.decodeMany(local!.root, keys.map((k) => local!.localPath(k)), idx.map((i) => items[i]!.into)).then(
            (r) => r.forEach((n, j) => (found[idx[j]!] = n >= 0)),
            (e: { index?: number }) => {
              throw chunkFileError(e, local!, keys[e.index ?? 0]!, node, url);
            },
          ),
        );
      }
      // every job of the wave ends before the first error is reported: none still writes into the result
      const settled = await Promise.allSettled(jobs);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      onDone?.(Math.min(w + wave, items.length) - w);
    }
    return found;
  };
  return {
    node,
    chunks,
    itemsize,
    keyOf,
    ...(bloscOnly ? { decodeInto } : {}),
    ...(bloscOnly && local && fileDecoder.get() ? { decodeAllInto } : {}),
    async chunk(coords, sig) {
      if (bloscOnly && local && fileDecoder.get()) {
        // natively, chunks only partly selected are decoded whole too (then copied from); in TypeScript they
        // go through zarrita, which also decodes what our TypeScript decoder leaves to the wasm build
        const bytes = new Uint8Array(expected * itemsize!);
        if (await decodeInto(coords, bytes, sig)) return { bytes, shape: [...chunks], stride: cStrides(chunks) };
      }
      let c: zarr.Chunk<zarr.DataType>;
      try {
        c = await arr.getChunk(coords, { signal: sig });
      } catch (e) {
        if (isZldError(e)) throw e;
        if ((e as Error)?.name === 'AbortError') throw new ZldError('Aborted', `reading ${keyOf(coords)} was cancelled`, { cause: e });
        throw (
          codecError(e, node, url) ??
          new ZldError('BadChunk', `chunk ${keyOf(coords)} of array ${node.path} in store ${url} does not decode: ${(e as Error).message}`, {
            cause: e,
            detail: { key: keyOf(coords) },
          })
        );
      }
      const data = c.data as unknown;
      const length = (data as { length: number }).length;
      if (length !== expected) {
        throw new ZldError(
          'BadChunk',
          `chunk ${keyOf(coords)} of array ${node.path} in store ${url} is truncated: ${length} values decoded, ${expected} expected`,
          { detail: { key: keyOf(coords) } },
        );
      }
      if (itemsize !== undefined) return { bytes: bytesOf(data), shape: c.shape, stride: c.stride };
      const values = Array.isArray(data) ? data : Array.from(data as Iterable<unknown>);
      return { values, shape: c.shape, stride: c.stride };
    },
  };
}

/** Element strides of a C-order array of this shape. */
function cStrides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    out[i] = step;
    step *= shape[i]!;
  }
  return out;
}

/** IEEE half-precision bits of a JSON fill value (number, "NaN", "Infinity", "-Infinity", hex string). */
function float16Bits(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string' && v.startsWith('0x')) return Number.parseInt(v, 16);
  const x = v === 'NaN' ? Number.NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v);
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a === Infinity || a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -24) return sign;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  const e = Math.floor(Math.log2(a));
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return m === 1024 ? sign | ((e + 16) << 10) : sign | ((e + 15) << 10) | m;
}

/** A half-precision value from its bits. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}
