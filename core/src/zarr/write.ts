/**
 * Writing Zarr groups and arrays (v2, read by zarr-python 2.13; v3, read by zarrita and zarr-python 3) chunk by
 * chunk from a fill function, with correct Blosc framing for every element size (see `blosc-encode.ts`).
 * An array's metadata is written after its chunks, so a reader never sees an array whose chunks are still
 * being written.
 *
 * @example
 * ```ts
 * await writeGroup(store, '/', { title: 'demo' }, { format: 2 });
 * await writeArray(store, '/data', { shape: [100, 100], chunks: [50, 50], dtype: 'float64' },
 *   (coords, shape) => new Float64Array(shape[0] * shape[1]).fill(coords[0]), { format: 2 });
 * ```
 */
import { ZldError, throwIfAborted } from '../errors.js';
import { mapLimit, throttleProgress, type TaskOptions } from '../progress.js';
import { joinKey, normalizePath, type AbsolutePath, type WritableStore } from '../store/types.js';
import { encodeBlosc } from './blosc-encode.js';
import { encodeJson } from './json.js';
import { itemSize } from './metadata.js';
import type { ZarrFormat } from './model.js';

export type WritableDtype = 'float64' | 'float32' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'bool';

export type CompressorSpec =
  | { id: 'blosc'; cname: 'lz4' | 'zstd'; clevel?: number; shuffle?: 0 | 1 | 2 }
  | { id: 'zlib' | 'gzip'; level?: number }
  | null;

export interface ArraySpec {
  shape: number[];
  chunks: number[];
  dtype: WritableDtype;
  /** Default: Blosc lz4, level 5, byte shuffle (zarr-python's default). `null`: uncompressed. */
  compressor?: CompressorSpec;
  fillValue?: number | boolean | null;
  attributes?: Record<string, unknown>;
  /** v2 only (v3 always uses `c/0/1` keys). Default `.`. */
  dimensionSeparator?: '.' | '/';
  dimensionNames?: string[];
}

export type ChunkData = ArrayLike<number> | ArrayLike<bigint> | ArrayLike<boolean> | Uint8Array;

export interface WriteOptions extends TaskOptions {
  format: ZarrFormat;
  /** Chunks encoded and written at once (default 8). */
  concurrency?: number;
}

const V2_TYPES: Record<WritableDtype, string> = {
  float64: '<f8', float32: '<f4', int8: '|i1', int16: '<i2', int32: '<i4', int64: '<i8',
  uint8: '|u1', uint16: '<u2', uint32: '<u4', uint64: '<u8', bool: '|b1',
};

const ZARR_JSON = 'zarr.json';

function metaKey(path: AbsolutePath, name: string): AbsolutePath {
  return joinKey(path, name);
}

/** Write a group's metadata (v2 `.zgroup` + `.zattrs` when there are attributes; v3 `zarr.json`). */
export async function writeGroup(
  store: WritableStore,
  path: string,
  attributes: Record<string, unknown> = {},
  opts: { format: ZarrFormat; signal?: AbortSignal },
): Promise<void> {
  const p = normalizePath(path);
  if (opts.format === 3) {
    await store.set(metaKey(p, ZARR_JSON), encodeJson({ zarr_format: 3, node_type: 'group', attributes }, { sortKeys: false }), opts);
    return;
  }
  await store.set(metaKey(p, '.zgroup'), encodeJson({ zarr_format: 2 }), opts);
  if (Object.keys(attributes).length) await store.set(metaKey(p, '.zattrs'), encodeJson(attributes), opts);
}

function checkSpec(spec: ArraySpec, path: string): void {
  const bad = (why: string) => new ZldError('BadInput', `cannot write array ${path}: ${why}`);
  if (!(spec.dtype in V2_TYPES)) throw bad(`unsupported data type ${JSON.stringify(spec.dtype)}`);
  if (spec.shape.length !== spec.chunks.length) throw bad(`shape has ${spec.shape.length} dimensions, chunks ${spec.chunks.length}`);
  if (!spec.shape.every((n) => Number.isInteger(n) && n >= 0)) throw bad(`bad shape ${JSON.stringify(spec.shape)}`);
  if (!spec.chunks.every((n) => Number.isInteger(n) && n > 0)) throw bad(`bad chunks ${JSON.stringify(spec.chunks)}`);
}

function fillJson(v: number | boolean | null | undefined, dtype: WritableDtype): unknown {
  if (v === undefined) return dtype === 'bool' ? false : 0;
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  return v;
}

function compressorOf(spec: ArraySpec): CompressorSpec {
  return spec.compressor === undefined ? { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1 } : spec.compressor;
}

function v2Metadata(spec: ArraySpec): Record<string, unknown> {
  const c = compressorOf(spec);
  const compressor =
    c === null
      ? null
      : c.id === 'blosc'
        ? { blocksize: 0, clevel: c.clevel ?? 5, cname: c.cname, id: 'blosc', shuffle: c.shuffle ?? 1 }
        : { id: c.id, level: c.level ?? (c.id === 'zlib' ? 1 : 5) };
  const meta: Record<string, unknown> = {
    chunks: spec.chunks,
    compressor,
    dtype: V2_TYPES[spec.dtype],
    fill_value: fillJson(spec.fillValue, spec.dtype),
    filters: null,
    order: 'C',
    shape: spec.shape,
    zarr_format: 2,
  };
  if (spec.dimensionSeparator === '/') meta.dimension_separator = '/';
  return meta;
}

function v3Metadata(spec: ArraySpec): Record<string, unknown> {
  const c = compressorOf(spec);
  const codecs: unknown[] = [{ name: 'bytes', configuration: { endian: 'little' } }];
  if (c?.id === 'blosc') {
    codecs.push({
      name: 'blosc',
      configuration: {
        cname: c.cname,
        clevel: c.clevel ?? 5,
        shuffle: ['noshuffle', 'shuffle', 'bitshuffle'][c.shuffle ?? 1],
        typesize: itemSize(spec.dtype),
        blocksize: 0,
      },
    });
  } else if (c) {
    // v3 has gzip as a core codec; zlib data is written as gzip there
    codecs.push({ name: 'gzip', configuration: { level: c.level ?? 5 } });
  }
  const meta: Record<string, unknown> = {
    zarr_format: 3,
    node_type: 'array',
    shape: spec.shape,
    data_type: spec.dtype,
    chunk_grid: { name: 'regular', configuration: { chunk_shape: spec.chunks } },
    chunk_key_encoding: { name: 'default', configuration: { separator: '/' } },
    fill_value: fillJson(spec.fillValue, spec.dtype),
    codecs,
    attributes: spec.attributes ?? {},
  };
  if (spec.dimensionNames) meta.dimension_names = spec.dimensionNames;
  return meta;
}

async function compressStream(data: Uint8Array, format: 'deflate' | 'gzip'): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream(format));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The raw little-endian bytes of one chunk's values. */
function chunkBytes(values: ChunkData, dtype: WritableDtype, expected: number, where: string): Uint8Array {
  if (values.length !== expected) {
    throw new ZldError('BadInput', `fill function returned ${values.length} values for ${where}, expected ${expected} (the full chunk shape)`);
  }
  const k = itemSize(dtype)!;
  const v = values as { buffer?: ArrayBufferLike; byteOffset?: number; byteLength?: number; BYTES_PER_ELEMENT?: number };
  if (v.buffer && v.BYTES_PER_ELEMENT === k && (dtype !== 'bool' || values instanceof Uint8Array)) {
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  // convert (plain arrays, other typed arrays)
  const out = new Uint8Array(expected * k);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < expected; i++) {
    const x = (values as ArrayLike<unknown>)[i];
    switch (dtype) {
      case 'float64': dv.setFloat64(i * 8, Number(x), true); break;
      case 'float32': dv.setFloat32(i * 4, Number(x), true); break;
      case 'int8': dv.setInt8(i, Number(x)); break;
      case 'uint8': dv.setUint8(i, Number(x)); break;
      case 'bool': dv.setUint8(i, x ? 1 : 0); break;
      case 'int16': dv.setInt16(i * 2, Number(x), true); break;
      case 'uint16': dv.setUint16(i * 2, Number(x), true); break;
      case 'int32': dv.setInt32(i * 4, Number(x), true); break;
      case 'uint32': dv.setUint32(i * 4, Number(x), true); break;
      case 'int64': dv.setBigInt64(i * 8, BigInt(x as number), true); break;
      case 'uint64': dv.setBigUint64(i * 8, BigInt(x as number), true); break;
    }
  }
  return out;
}

/** Encode one chunk's bytes with the array's compressor. */
export async function encodeChunk(bytes: Uint8Array, compressor: CompressorSpec, typesize: number): Promise<Uint8Array> {
  if (compressor === null) return bytes;
  if (compressor.id === 'blosc') {
    return encodeBlosc(bytes, { cname: compressor.cname, clevel: compressor.clevel ?? 5, shuffle: compressor.shuffle ?? 1, typesize });
  }
  return compressStream(bytes, compressor.id === 'zlib' ? 'deflate' : 'gzip');
}

/**
 * Write an array: every chunk of the grid from `fill(chunkCoords, chunkShape)` (the full chunk shape, C order;
 * values past the array's edge are ignored by readers), then the metadata.
 */
export async function writeArray(
  store: WritableStore,
  path: string,
  spec: ArraySpec,
  fill: (chunkCoords: number[], chunkShape: number[]) => ChunkData | Promise<ChunkData>,
  opts: WriteOptions,
): Promise<{ path: AbsolutePath; chunks: number }> {
  const p = normalizePath(path);
  checkSpec(spec, p);
  const grid = spec.shape.map((n, i) => Math.ceil(n / spec.chunks[i]!));
  const total = grid.reduce((a, b) => a * b, 1);
  const perChunk = spec.chunks.reduce((a, b) => a * b, 1);
  const declared = compressorOf(spec);
  // v3 has no zlib codec: such arrays are written (and declared) as gzip
  const compressor: CompressorSpec = opts.format === 3 && declared?.id === 'zlib' ? { id: 'gzip', level: declared.level } : declared;
  const typesize = itemSize(spec.dtype)!;
  const sep = opts.format === 3 ? '/' : (spec.dimensionSeparator ?? '.');
  const base = p === '/' ? '' : p;
  const keyOf = (coords: number[]): AbsolutePath =>
    (opts.format === 3
      ? `${base}/c${coords.length ? '/' : ''}${coords.join('/')}`
      : `${base}/${coords.length ? coords.join(sep) : '0'}`) as AbsolutePath;
  const progress = throttleProgress(opts.onProgress);
  const indexes = Array.from({ length: total }, (_, i) => i);
  let done = 0;
  await mapLimit(
    indexes,
    opts.concurrency ?? 8,
    async (i) => {
      throwIfAborted(opts.signal, `writing ${p}`);
      const coords = new Array<number>(grid.length);
      for (let d = grid.length - 1, r = i; d >= 0; d--) {
        coords[d] = r % grid[d]!;
        r = Math.floor(r / grid[d]!);
      }
      const key = keyOf(coords);
      const bytes = chunkBytes(await fill(coords, spec.chunks), spec.dtype, perChunk, `chunk ${key}`);
      await store.set(key, await encodeChunk(bytes, compressor, typesize), opts);
      done++;
      progress?.({ done, total, unit: 'chunks', message: key });
    },
    opts.signal,
  );
  progress?.({ done, total, unit: 'chunks' }, true);
  if (opts.format === 3) {
    await store.set(metaKey(p, ZARR_JSON), encodeJson(v3Metadata(spec), { sortKeys: false }), opts);
  } else {
    if (spec.attributes && Object.keys(spec.attributes).length) await store.set(metaKey(p, '.zattrs'), encodeJson(spec.attributes), opts);
    await store.set(metaKey(p, '.zarray'), encodeJson(v2Metadata(spec)), opts);
  }
  return { path: p, chunks: total };
}

