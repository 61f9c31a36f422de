/**
 * Reading array values: a whole array or a selection into memory ({@link readArray}), or streamed chunk by
 * chunk for statistics ({@link arrayStats}) and files ({@link streamSelection}, used by `saveNpy`), never
 * holding more than a row of chunks.
 *
 * @example
 * ```ts
 * const { data, shape } = await readArray(store, '/myBatch/mySamplePrep/sample1/sample1Dataset', { slice: '0:10, :' });
 * const stats = await arrayStats(store, '/myBatch/mySamplePrep/sample1/sample1Dataset', { onProgress: console.log });
 * ```
 */
import { ZldError, throwIfAborted } from '../errors.js';
import { mapLimit, throttleProgress, type TaskOptions } from '../progress.js';
import type { ReadableStore } from '../store/types.js';
import { openChunkSource, float16Value, type ChunkSource, type DecodedChunk } from './chunk-source.js';
import { Hierarchy, openHierarchy } from './hierarchy.js';
import { allocateResult } from './result-buffer.js';
import {
  chunkTasks,
  forEachRun,
  outputStrides,
  parseSelection,
  selectionShape,
  type ChunkTask,
  type DimSelection,
  type SelectionInput,
} from './selection.js';

export type NumericData =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigUint64Array;

export interface ArrayData {
  /** Values in C order. `bool` arrays: a Uint8Array of 0/1; `float16`: a Float32Array; strings: string[]. */
  data: NumericData | unknown[];
  shape: number[];
  /** Canonical data type of the array (`float64`, `bool`, ...). */
  dtype: string;
  /** Layout of `data` (always C). */
  order: 'C';
}

export interface ReadOptions extends TaskOptions {
  slice?: SelectionInput;
  /** Chunks decoded at once (default 4). */
  concurrency?: number;
  /** Consolidated metadata key when `source` is a store (see `openHierarchy`). */
  consolidated?: string | false;
}

/** A hierarchy, opening one when given a store. */
export async function asHierarchy(source: ReadableStore | Hierarchy, opts: { signal?: AbortSignal; consolidated?: string | false } = {}): Promise<Hierarchy> {
  return source instanceof Hierarchy ? source : openHierarchy(source, { signal: opts.signal, consolidated: opts.consolidated });
}

const CTORS: Record<string, new (b: ArrayBuffer, o: number, n: number) => NumericData> = {
  float64: Float64Array,
  float32: Float32Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  int64: BigInt64Array,
  uint8: Uint8Array,
  uint16: Uint16Array,
  uint32: Uint32Array,
  uint64: BigUint64Array,
  bool: Uint8Array,
  float16: Uint16Array,
};

/** A typed view of raw bytes for a dtype (copied when misaligned). */
export function typedView(dtype: string, bytes: Uint8Array, itemsize: number): NumericData {
  const Ctor = CTORS[dtype];
  if (!Ctor) throw new ZldError('Unsupported', `no typed array for data type ${dtype}`);
  const b = bytes.byteOffset % itemsize === 0 ? bytes : bytes.slice();
  return new Ctor(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength / itemsize);
}

/** Copy the selected part of one decoded chunk into an output (bytes or values). */
export function copyChunk(
  chunk: DecodedChunk,
  task: ChunkTask,
  sel: DimSelection[],
  dstStride: number[],
  itemsize: number | undefined,
  dst: { bytes?: Uint8Array; values?: unknown[] },
  dstBase = 0,
): void {
  if (itemsize !== undefined && chunk.bytes && dst.bytes) {
    const src = chunk.bytes;
    const out = dst.bytes;
    const k = itemsize;
    forEachRun(task, sel, chunk.stride, dstStride, (s, d, n, step) => {
      const o = (d - dstBase) * k;
      if (step === 1) out.set(src.subarray(s * k, (s + n) * k), o);
      else for (let i = 0; i < n; i++) for (let b = 0; b < k; b++) out[o + i * k + b] = src[(s + i * step) * k + b]!;
    });
    return;
  }
  const src = chunk.values!;
  const out = dst.values!;
  forEachRun(task, sel, chunk.stride, dstStride, (s, d, n, step) => {
    for (let i = 0; i < n; i++) out[d - dstBase + i] = src[s + i * step];
  });
}

/**
 * Whether a chunk task is a contiguous slab of the output that equals the whole decoded chunk: every
 * dimension but the first spans the array and the chunk exactly, the first takes whole chunk rows, no steps.
 */
function wholeChunkRows(t: ChunkTask, sel: DimSelection[], chunks: number[], shape: number[]): boolean {
  if (sel.length === 0 || sel[0]!.drop) return false;
  for (let d = 0; d < sel.length; d++) {
    const p = t.pieces[d]!;
    if (sel[d]!.step !== 1 || sel[d]!.drop || p.localStart !== 0 || p.count !== chunks[d]) return false;
    if (d > 0 && (chunks[d] !== shape[d] || sel[d]!.count !== shape[d])) return false;
  }
  return true;
}

export interface SelectionPlan {
  source: ChunkSource;
  sel: DimSelection[];
  shape: number[];
  tasks: ChunkTask[];
}

export async function planSelection(h: Hierarchy, path: string, slice: SelectionInput | undefined, signal?: AbortSignal): Promise<SelectionPlan> {
  const source = await openChunkSource(h, path, signal);
  const sel = parseSelection(slice, source.node.shape);
  return { source, sel, shape: selectionShape(sel), tasks: chunkTasks(sel, source.chunks) };
}

/**
 * Stream a selection as C-order bytes, one row of chunks (along the first dimension) at a time:
 * `onBlock(bytes)` receives consecutive pieces of the result. Fixed-size types only.
 */
export async function streamSelection(
  plan: SelectionPlan,
  onBlock: (bytes: Uint8Array) => Promise<void> | void,
  opts: TaskOptions & { concurrency?: number; into?: Uint8Array } = {},
): Promise<void> {
  const { source, sel, tasks } = plan;
  const k = source.itemsize;
  if (k === undefined) throw new ZldError('Unsupported', `array ${source.node.path} has data type ${source.node.dtype}, which has no fixed size`);
  const dstStride = outputStrides(sel);
  const progress = throttleProgress(opts.onProgress);
  let done = 0;
  // group the tasks by their chunk index along the first dimension
  const groups: ChunkTask[][] = [];
  for (const t of tasks) {
    const last = groups[groups.length - 1];
    if (last && sel.length > 0 && last[0]!.coords[0] === t.coords[0]) last.push(t);
    else groups.push([t]);
  }
  const runGroup = async (group: ChunkTask[], concurrency: number) => {
    throwIfAborted(opts.signal, `reading ${source.node.path}`);
    const first = group[0]!;
    const rows = sel.length === 0 || sel[0]!.drop ? 1 : first.pieces[0]!.count;
    const rowElems = sel.length === 0 ? 1 : dstStride[0] || group.reduce((a, t) => a + t.size, 0);
    const base = sel.length === 0 ? 0 : first.pieces[0]!.outStart * dstStride[0]!;
    // reading into one buffer: copy straight to the final place
    const out = opts.into ? opts.into.subarray(base * k, (base + rows * rowElems) * k) : new Uint8Array(rows * rowElems * k);
    await mapLimit(
      group,
      concurrency,
      async (t) => {
        const direct = source.decodeInto && wholeChunkRows(t, sel, source.chunks, source.node.shape);
        const start = direct ? t.pieces[0]!.outStart * dstStride[0]! - base : 0;
        const into = direct ? out.subarray(start * k, (start + t.size) * k) : undefined;
        if (!into || !(await source.decodeInto!(t.coords, into, opts.signal))) {
          const c = await source.chunk(t.coords, opts.signal);
          copyChunk(c, t, sel, dstStride, k, { bytes: out }, base);
        }
        done++;
        progress?.({ done, total: tasks.length, unit: 'chunks', message: source.keyOf(t.coords) });
      },
      opts.signal,
    );
    return out;
  };
  const concurrency = opts.concurrency ?? 4;
  if (opts.into) {
    let rest = groups;
    if (source.decodeAllInto) {
      // whole chunks straight into the result, in a few trips off the JavaScript thread; the others after
      const into = opts.into;
      const direct = tasks.filter((t) => wholeChunkRows(t, sel, source.chunks, source.node.shape));
      const at = (t: ChunkTask) => t.pieces[0]!.outStart * dstStride[0]! * k;
      const found = await source.decodeAllInto(
        direct.map((t) => ({ coords: t.coords, into: into.subarray(at(t), at(t) + t.size * k) })),
        opts.signal,
        (n) => {
          done += n;
          progress?.({ done, total: tasks.length, unit: 'chunks' });
        },
      );
      const decoded = new Set(direct.filter((_, i) => found[i]));
      done -= direct.length - decoded.size; // those not found are counted when read below
      rest = groups.map((g) => g.filter((t) => !decoded.has(t))).filter((g) => g.length > 0);
    }
    // every chunk has its own place in the result: all of them in flight at once, reads overlapping decodes
    await mapLimit(rest, concurrency, (g) => runGroup(g, 1), opts.signal);
    await onBlock(opts.into);
  } else {
    for (const group of groups) await onBlock(await runGroup(group, concurrency));
  }
  progress?.({ done, total: tasks.length, unit: 'chunks' }, true);
}

/** Read an array (or a selection of it) into memory. */
export async function readArray(source: ReadableStore | Hierarchy, path: string, opts: ReadOptions = {}): Promise<ArrayData> {
  const h = await asHierarchy(source, opts);
  const plan = await planSelection(h, path, opts.slice, opts.signal);
  const { node, itemsize } = plan.source;
  const total = plan.shape.reduce((a, b) => a * b, 1);
  if (itemsize === undefined) {
    const values = new Array<unknown>(total);
    const dstStride = outputStrides(plan.sel);
    await mapLimit(
      plan.tasks,
      opts.concurrency ?? 4,
      async (t) => copyChunk(await plan.source.chunk(t.coords, opts.signal), t, plan.sel, dstStride, undefined, { values }),
      opts.signal,
    );
    return { data: values, shape: plan.shape, dtype: node.dtype, order: 'C' };
  }
  const bytes = allocateResult(total * itemsize);
  await streamSelection(plan, () => undefined, { ...opts, into: bytes });
  let data = typedView(node.dtype, bytes, itemsize);
  if (node.dtype === 'float16') data = Float32Array.from(data as Uint16Array, float16Value);
  return { data, shape: plan.shape, dtype: node.dtype, order: 'C' };
}

export interface ArrayStats {
  min: number | null;
  max: number | null;
  /** Mean of the values that are not NaN. */
  mean: number | null;
  /** Number of values (NaN included). */
  count: number;
  nanCount: number;
}

/** Min, max, mean and NaN count of an array (or selection), streamed chunk by chunk. */
export async function arrayStats(source: ReadableStore | Hierarchy, path: string, opts: ReadOptions = {}): Promise<ArrayStats> {
  const h = await asHierarchy(source, opts);
  const plan = await planSelection(h, path, opts.slice, opts.signal);
  const { node, itemsize } = plan.source;
  if (itemsize === undefined || !(node.dtype in CTORS)) {
    throw new ZldError('Unsupported', `statistics need a numeric array; ${node.path} in store ${h.store.url} has data type ${node.dtype}`);
  }
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  let nanCount = 0;
  const progress = throttleProgress(opts.onProgress);
  let done = 0;
  const zero = plan.sel.map(() => 0);
  const half = node.dtype === 'float16';
  await mapLimit(
    plan.tasks,
    opts.concurrency ?? 4,
    async (t) => {
      const c = await plan.source.chunk(t.coords, opts.signal);
      const v = typedView(node.dtype, c.bytes!, itemsize);
      forEachRun(t, plan.sel, c.stride, zero, (s, _d, n, step) => {
        for (let i = 0; i < n; i++) {
          const raw = v[s + i * step]!;
          const x = half ? float16Value(raw as number) : typeof raw === 'bigint' ? Number(raw) : (raw as number);
          if (x !== x) nanCount++;
          else {
            if (x < min) min = x;
            if (x > max) max = x;
            sum += x;
          }
        }
        count += n;
      });
      done++;
      progress?.({ done, total: plan.tasks.length, unit: 'chunks', message: plan.source.keyOf(t.coords) });
    },
    opts.signal,
  );
  progress?.({ done, total: plan.tasks.length, unit: 'chunks' }, true);
  const valid = count - nanCount;
  return { min: valid ? min : null, max: valid ? max : null, mean: valid ? sum / valid : null, count, nanCount };
}
