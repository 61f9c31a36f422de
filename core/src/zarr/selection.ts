/**
 * Selections (numpy-like basic indexing) and how they cut through a chunk grid.
 *
 * A selection is a string such as `"0:10, :"`, `"5"`, `"::2, 3"` or a list whose items are an index, a
 * `[start, stop, step?]` range or `null` (everything). Missing trailing dimensions mean everything; negative
 * indexes count from the end; steps must be positive.
 *
 * @example
 * ```ts
 * const sel = parseSelection('0:10, :', [9000, 1000]); // [{ start: 0, step: 1, count: 10, drop: false }, ...]
 * for (const task of chunkTasks(sel, [900, 1000])) console.log(task.coords);
 * ```
 */
import { ZldError } from '../errors.js';

export type SelectionItem = number | [start: number | null, stop: number | null, step?: number | null] | null;
export type SelectionInput = string | SelectionItem[];

export interface DimSelection {
  start: number;
  step: number;
  /** Number of selected indexes. */
  count: number;
  /** An integer index: the dimension disappears from the result. */
  drop: boolean;
}

function badSel(sel: unknown, why: string): ZldError {
  return new ZldError('BadInput', `bad slice ${JSON.stringify(sel)}: ${why}`);
}

function parseInt0(s: string, sel: unknown): number | null {
  const t = s.trim();
  if (t === '') return null;
  if (!/^[+-]?\d+$/.test(t)) throw badSel(sel, `"${t}" is not an integer`);
  return Number(t);
}

/** Parse a selection against an array shape. */
export function parseSelection(input: SelectionInput | undefined, shape: number[]): DimSelection[] {
  let items: SelectionItem[];
  if (input === undefined || (typeof input === 'string' && input.trim() === '')) items = [];
  else if (typeof input === 'string') {
    items = input.split(',').map((part) => {
      const p = part.trim();
      if (p === ':' || p === '...') return null;
      if (!p.includes(':')) {
        const i = parseInt0(p, input);
        if (i === null) throw badSel(input, 'empty index');
        return i;
      }
      const bits = p.split(':');
      if (bits.length > 3) throw badSel(input, `"${p}" has too many colons`);
      return [parseInt0(bits[0]!, input), parseInt0(bits[1]!, input), bits[2] !== undefined ? parseInt0(bits[2], input) : null];
    });
  } else items = input;
  if (items.length > shape.length) throw badSel(input, `${items.length} dimensions given, the array has ${shape.length}`);
  return shape.map((n, d) => {
    const it = items[d] ?? null;
    if (it === null) return { start: 0, step: 1, count: n, drop: false };
    if (typeof it === 'number') {
      if (!Number.isInteger(it)) throw badSel(input, `index ${it} is not an integer`);
      const i = it < 0 ? it + n : it;
      if (i < 0 || i >= n) throw badSel(input, `index ${it} is out of bounds for dimension ${d} of size ${n}`);
      return { start: i, step: 1, count: 1, drop: true };
    }
    const [a, b, c] = it;
    const step = c ?? 1;
    if (!Number.isInteger(step) || step <= 0) throw badSel(input, `step ${step} must be a positive integer`);
    const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
    const start = a == null ? 0 : clamp(a);
    const stop = b == null ? n : clamp(b);
    const count = stop > start ? Math.ceil((stop - start) / step) : 0;
    return { start, step, count, drop: false };
  });
}

/** Shape of the result of a selection (dropped dimensions removed). */
export function selectionShape(sel: DimSelection[]): number[] {
  return sel.filter((s) => !s.drop).map((s) => s.count);
}

/** One dimension's share of a chunk: which outputs come from which chunk-local indexes. */
export interface DimPiece {
  chunk: number;
  outStart: number;
  localStart: number;
  count: number;
}

/** The chunks a selection touches in one dimension, in order. */
export function dimPieces(s: DimSelection, chunk: number): DimPiece[] {
  const out: DimPiece[] = [];
  if (s.count === 0) return out;
  const last = s.start + (s.count - 1) * s.step;
  const c0 = Math.floor(s.start / chunk);
  const c1 = Math.floor(last / chunk);
  for (let c = c0; c <= c1; c++) {
    const lo = Math.max(0, Math.ceil((c * chunk - s.start) / s.step));
    const hi = Math.min(s.count, Math.floor(((c + 1) * chunk - 1 - s.start) / s.step) + 1);
    if (hi <= lo) continue;
    out.push({ chunk: c, outStart: lo, localStart: s.start + lo * s.step - c * chunk, count: hi - lo });
  }
  return out;
}

export interface ChunkTask {
  coords: number[];
  pieces: DimPiece[];
  /** Number of selected elements in this chunk. */
  size: number;
}

/** Every chunk a selection touches, in C order of the chunk grid. */
export function chunkTasks(sel: DimSelection[], chunks: number[]): ChunkTask[] {
  const per = sel.map((s, d) => dimPieces(s, chunks[d]!));
  const tasks: ChunkTask[] = [];
  if (per.some((p) => p.length === 0)) return tasks;
  const idx = per.map(() => 0);
  for (;;) {
    const pieces = per.map((p, d) => p[idx[d]!]!);
    tasks.push({ coords: pieces.map((p) => p.chunk), pieces, size: pieces.reduce((a, p) => a * p.count, 1) });
    let d = per.length - 1;
    while (d >= 0 && ++idx[d]! >= per[d]!.length) idx[d--] = 0;
    if (d < 0) break;
  }
  return tasks;
}

/**
 * Visit the innermost runs of a chunk task: `fn(srcOffset, dstOffset, n, srcStep)` in elements, where the
 * source is the decoded chunk (strides `srcStride`) and the destination an output with C strides `dstStride`
 * (0 for dropped dimensions).
 */
export function forEachRun(
  task: ChunkTask,
  sel: DimSelection[],
  srcStride: number[],
  dstStride: number[],
  fn: (src: number, dst: number, n: number, srcStep: number) => void,
): void {
  const nd = sel.length;
  if (nd === 0) {
    fn(0, 0, 1, 1);
    return;
  }
  const last = nd - 1;
  const lp = task.pieces[last]!;
  const srcStep = srcStride[last]! * sel[last]!.step;
  const idx = new Array<number>(last).fill(0);
  for (;;) {
    let src = lp.localStart * srcStride[last]!;
    let dst = lp.outStart * dstStride[last]!;
    for (let d = 0; d < last; d++) {
      const p = task.pieces[d]!;
      src += (p.localStart + idx[d]! * sel[d]!.step) * srcStride[d]!;
      dst += (p.outStart + idx[d]!) * dstStride[d]!;
    }
    fn(src, dst, lp.count, srcStep);
    let d = last - 1;
    while (d >= 0 && ++idx[d]! >= task.pieces[d]!.count) idx[d--] = 0;
    if (d < 0) break;
  }
}

/** C-order strides of the selection's output, with 0 for dropped dimensions. */
export function outputStrides(sel: DimSelection[]): number[] {
  const strides = new Array<number>(sel.length).fill(0);
  let acc = 1;
  for (let d = sel.length - 1; d >= 0; d--) {
    if (sel[d]!.drop) continue;
    strides[d] = acc;
    acc *= sel[d]!.count;
  }
  return strides;
}
