/**
 * numpy's `.npy` format (version 1.0), browser-safe: {@link encodeNpyHeader} builds the header and
 * {@link streamNpy} hands an array (or a selection) to a sink as consecutive `.npy` bytes (the header, then
 * one row of chunks at a time), so any host can write them where it likes: a file (Node's `saveNpy`), a
 * chunked upload through the Jupyter Contents API, a `Blob`.
 *
 * @example
 * ```ts
 * const npy = await planNpy(store, '/myBatch/mySamplePrep/sample1/sample1Dataset');
 * const parts: Uint8Array[] = [];
 * await streamNpy(npy, (bytes) => void parts.push(bytes), { onProgress: (p) => console.log(p.done, p.total) });
 * // new Blob(parts) is a file numpy.load reads: shape npy.shape, dtype npy.descr, npy.bytes long
 * ```
 */
import { ZldError } from '../errors.js';
import type { TaskOptions } from '../progress.js';
import type { ReadableStore } from '../store/types.js';
import { asHierarchy, planSelection, streamSelection, type SelectionPlan } from './array.js';
import type { Hierarchy } from './hierarchy.js';
import type { SelectionInput } from './selection.js';

const DESCR: Record<string, string> = {
  bool: '|b1',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  float16: '<f2',
  float32: '<f4',
  float64: '<f8',
};

/** numpy's type string for a canonical dtype (`float64` -> `<f8`); undefined when .npy cannot hold it here. */
export function npyDescr(dtype: string): string | undefined {
  return DESCR[dtype];
}

/** A version 1.0 header: magic, version, length, the dict padded so the data starts at a multiple of 64. */
export function encodeNpyHeader(descr: string, shape: number[], fortranOrder = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  if (dict.length > 0xffff) throw new ZldError('BadInput', `array shape ${shapeText} is too large for a .npy 1.0 header`);
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY 1.0
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

export interface PlanNpyOptions {
  slice?: SelectionInput;
  consolidated?: string | false;
  signal?: AbortSignal;
}

/** An array (or selection) ready to stream as `.npy`: what it will be before any chunk is read. */
export interface NpyPlan {
  /** The array's path in its store. */
  path: string;
  /** Shape of the result (the selection's). */
  shape: number[];
  /** Canonical dtype (`float64`). */
  dtype: string;
  /** numpy's type string (`<f8`). */
  descr: string;
  header: Uint8Array;
  /** Length of the whole `.npy` file, header included. */
  bytes: number;
  selection: SelectionPlan;
}

/** Plan a `.npy` encoding of an array; throws `Unsupported` (naming the array and store) for a dtype `.npy` cannot hold here. */
export async function planNpy(source: ReadableStore | Hierarchy, arrayPath: string, opts: PlanNpyOptions = {}): Promise<NpyPlan> {
  const h = await asHierarchy(source, opts);
  const selection = await planSelection(h, arrayPath, opts.slice, opts.signal);
  const { node, itemsize } = selection.source;
  const descr = npyDescr(node.dtype);
  if (!descr || itemsize === undefined) {
    throw new ZldError('Unsupported', `cannot save array ${node.path} of store ${h.store.url} as .npy: data type ${node.dtype} is not supported`);
  }
  const header = encodeNpyHeader(descr, selection.shape);
  const bytes = header.length + selection.shape.reduce((a, b) => a * b, 1) * itemsize;
  return { path: node.path, shape: selection.shape, dtype: node.dtype, descr, header, bytes, selection };
}

/**
 * Hand the `.npy` bytes of a plan to `onBytes`, in order: the header, then each row of chunks (C order).
 * Each block is a fresh buffer. Progress counts chunks; the signal cancels between reads.
 */
export async function streamNpy(
  plan: NpyPlan,
  onBytes: (bytes: Uint8Array) => Promise<void> | void,
  opts: TaskOptions & { concurrency?: number } = {},
): Promise<void> {
  await onBytes(plan.header);
  await streamSelection(plan.selection, onBytes, opts);
}
