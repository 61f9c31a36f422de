/**
 * From Zarr metadata documents (v2 `.zarray`/`.zgroup`/`.zattrs`, v3 `zarr.json`) to the shared node model.
 * Documents that are JSON but not valid Zarr metadata are `BadMetadata` naming the store and key.
 *
 * @example
 * ```ts
 * const node = arrayNodeV2('/a', zarrayDoc, attrs, { storeUrl: store.url, key: '/a/.zarray' });
 * ```
 */
import { ZldError } from '../errors.js';
import type { AbsolutePath } from '../store/types.js';
import type { ArrayNode, CodecInfo, GroupNode, ZarrNode } from './model.js';

export interface DocSource {
  storeUrl: string;
  key: string;
}

function bad(src: DocSource, why: string): ZldError {
  return new ZldError('BadMetadata', `invalid Zarr metadata in ${src.key} of store ${src.storeUrl}: ${why}`, {
    detail: { key: src.key },
  });
}

function intList(v: unknown, what: string, src: DocSource): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x >= 0)) throw bad(src, `"${what}" must be a list of non-negative integers`);
  return v as number[];
}

function nameOf(path: AbsolutePath): string {
  return path === '/' ? '' : path.slice(path.lastIndexOf('/') + 1);
}

const V2_KINDS: Record<string, string> = { f: 'float', i: 'int', u: 'uint', c: 'complex' };

/** Canonical name and item size of a v2 numpy type string (`<f8` -> float64, 8). */
export function v2Dtype(raw: string): { dtype: string; itemsize?: number; endian?: 'little' | 'big' } {
  const m = /^([<>|=]?)([a-zA-Z])(\d*)(.*)$/.exec(raw);
  if (!m) return { dtype: raw };
  const [, e, kind, size, rest] = m;
  const n = size ? Number(size) : 0;
  const endian = e === '>' ? 'big' : e === '<' ? 'little' : undefined;
  if (kind === 'b' && n === 1) return { dtype: 'bool', itemsize: 1 };
  if (kind! in V2_KINDS && n > 0 && !rest) return { dtype: `${V2_KINDS[kind!]}${n * 8}`, itemsize: n, endian };
  if (kind === 'U') return { dtype: 'string', itemsize: n * 4 };
  if (kind === 'S') return { dtype: 'bytes', itemsize: n };
  if (kind === 'O') return { dtype: 'object' };
  return { dtype: raw, itemsize: n || undefined };
}

/** Bytes per element of a canonical fixed-size type (`float64` -> 8, `bool` -> 1); undefined otherwise. */
export function itemSize(dtype: string): number | undefined {
  return V3_SIZES[dtype];
}

const V3_SIZES: Record<string, number> = {
  bool: 1, int8: 1, uint8: 1, int16: 2, uint16: 2, float16: 2, int32: 4, uint32: 4, float32: 4,
  int64: 8, uint64: 8, float64: 8, complex64: 8, complex128: 16,
};

function product(xs: number[]): number {
  return xs.reduce((a, b) => a * b, 1);
}

function gridCount(shape: number[], chunks: number[]): number {
  return shape.reduce((acc, s, i) => acc * Math.ceil(s / Math.max(1, chunks[i] ?? 1)), 1);
}

function codecInfo(c: unknown, role: CodecInfo['role'], src: DocSource): CodecInfo {
  if (c === null || typeof c !== 'object') throw bad(src, `codec ${JSON.stringify(c)} is not an object`);
  const o = c as Record<string, unknown>;
  if (role === 'codec') {
    if (typeof o.name !== 'string') throw bad(src, 'a codec has no "name"');
    return { name: o.name, configuration: (o.configuration as Record<string, unknown>) ?? {}, role };
  }
  if (typeof o.id !== 'string') throw bad(src, `${role} has no "id"`);
  const { id, ...configuration } = o;
  return { name: id as string, configuration, role };
}

export function groupNode(path: AbsolutePath, zarrFormat: 2 | 3, attributes: Record<string, unknown>): GroupNode {
  return { kind: 'group', path, name: nameOf(path), zarrFormat, attributes };
}

/** A v2 array node from its `.zarray` document and attributes. */
export function arrayNodeV2(path: AbsolutePath, doc: Record<string, unknown>, attributes: Record<string, unknown>, src: DocSource): ArrayNode {
  const shape = intList(doc.shape, 'shape', src);
  const chunks = intList(doc.chunks, 'chunks', src);
  if (chunks.length !== shape.length) throw bad(src, `"chunks" has ${chunks.length} dimensions, "shape" ${shape.length}`);
  const rawDtype = typeof doc.dtype === 'string' ? doc.dtype : JSON.stringify(doc.dtype);
  if (doc.dtype === undefined) throw bad(src, 'no "dtype"');
  const { dtype, itemsize } = typeof doc.dtype === 'string' ? v2Dtype(doc.dtype) : { dtype: 'structured', itemsize: undefined };
  const filters = doc.filters == null ? [] : Array.isArray(doc.filters) ? doc.filters : [];
  const codecs: CodecInfo[] = filters.map((f) => codecInfo(f, 'filter', src));
  if (doc.compressor != null) codecs.push(codecInfo(doc.compressor, 'compressor', src));
  const order = doc.order === 'F' ? 'F' : 'C';
  const dims = attributes._ARRAY_DIMENSIONS;
  return {
    kind: 'array',
    path,
    name: nameOf(path),
    zarrFormat: 2,
    attributes,
    shape,
    dtype,
    rawDtype,
    chunks,
    codecs,
    fillValue: doc.fill_value ?? null,
    order,
    dimensionNames: Array.isArray(dims) ? (dims as (string | null)[]) : undefined,
    dimensionSeparator: doc.dimension_separator === '/' ? '/' : '.',
    nbytes: itemsize !== undefined ? product(shape) * itemsize : undefined,
    chunkCount: gridCount(shape, chunks),
  };
}

function transposeIsF(codecs: unknown[]): boolean {
  for (const c of codecs) {
    const o = c as { name?: string; configuration?: { order?: unknown } };
    if (o?.name !== 'transpose') continue;
    const ord = o.configuration?.order;
    if (ord === 'F') return true;
    if (Array.isArray(ord) && ord.length > 1 && ord.every((x, i) => x === ord.length - 1 - i)) return true;
  }
  return false;
}

/** A v3 node (group or array) from its `zarr.json` document. */
export function nodeV3(path: AbsolutePath, doc: Record<string, unknown>, src: DocSource): ZarrNode {
  if (doc.zarr_format !== 3) throw bad(src, `"zarr_format" is ${JSON.stringify(doc.zarr_format)}, expected 3`);
  const attributes = (doc.attributes && typeof doc.attributes === 'object' ? doc.attributes : {}) as Record<string, unknown>;
  if (doc.node_type === 'group') return groupNode(path, 3, attributes);
  if (doc.node_type !== 'array') throw bad(src, `"node_type" is ${JSON.stringify(doc.node_type)}`);
  const shape = intList(doc.shape, 'shape', src);
  const grid = doc.chunk_grid as { name?: string; configuration?: { chunk_shape?: unknown } } | undefined;
  if (!grid || grid.name !== 'regular') throw bad(src, `unsupported chunk grid ${JSON.stringify(grid?.name)}`);
  const gridShape = intList(grid.configuration?.chunk_shape, 'chunk_grid.configuration.chunk_shape', src);
  if (gridShape.length !== shape.length) throw bad(src, `chunk shape has ${gridShape.length} dimensions, shape ${shape.length}`);
  if (!Array.isArray(doc.codecs)) throw bad(src, '"codecs" must be a list');
  const codecs = doc.codecs.map((c) => codecInfo(c, 'codec', src));
  const sharding = codecs.find((c) => c.name === 'sharding_indexed');
  let chunks = gridShape;
  let shardShape: number[] | undefined;
  let order: 'C' | 'F' = transposeIsF(doc.codecs) ? 'F' : 'C';
  if (sharding) {
    shardShape = gridShape;
    chunks = intList(sharding.configuration?.chunk_shape, 'sharding_indexed chunk_shape', src);
    const inner = sharding.configuration?.codecs;
    if (Array.isArray(inner) && transposeIsF(inner)) order = 'F';
  }
  const rawDtype = typeof doc.data_type === 'string' ? doc.data_type : JSON.stringify(doc.data_type);
  const dtype = typeof doc.data_type === 'string' ? doc.data_type : String((doc.data_type as { name?: unknown })?.name ?? rawDtype);
  const itemsize = V3_SIZES[dtype];
  const enc = doc.chunk_key_encoding as { name?: string; configuration?: { separator?: string } } | undefined;
  const sep = enc?.configuration?.separator ?? (enc?.name === 'v2' ? '.' : '/');
  return {
    kind: 'array',
    path,
    name: nameOf(path),
    zarrFormat: 3,
    attributes,
    shape,
    dtype,
    rawDtype,
    chunks,
    shardShape,
    codecs,
    fillValue: doc.fill_value ?? null,
    order,
    dimensionNames: Array.isArray(doc.dimension_names) ? (doc.dimension_names as (string | null)[]) : undefined,
    dimensionSeparator: sep === '.' ? '.' : '/',
    chunkKeyEncoding: enc?.name === 'v2' ? 'v2' : 'default',
    nbytes: itemsize !== undefined ? product(shape) * itemsize : undefined,
    chunkCount: gridCount(shape, gridShape),
  };
}

/** Attributes document check (`.zattrs` must be an object). */
export function asAttributes(doc: unknown, src: DocSource): Record<string, unknown> {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw bad(src, 'attributes must be a JSON object');
  return doc as Record<string, unknown>;
}

/** `.zgroup` check. */
export function checkZgroup(doc: Record<string, unknown>, src: DocSource): void {
  if (doc.zarr_format !== 2) throw bad(src, `"zarr_format" is ${JSON.stringify(doc.zarr_format)}, expected 2`);
}

/** `.zarray` check. */
export function checkZarray(doc: Record<string, unknown>, src: DocSource): void {
  if (doc.zarr_format !== 2) throw bad(src, `"zarr_format" is ${JSON.stringify(doc.zarr_format)}, expected 2`);
}
