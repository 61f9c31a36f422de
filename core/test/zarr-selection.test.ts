/** Selections: parsing like numpy basic indexing, and chunk tasks that cover each selected element exactly once. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkTasks, forEachRun, outputStrides, parseSelection, selectionShape } from '../src/zarr/selection.js';
import { isZldError } from '../src/errors.js';

describe('parseSelection', () => {
  it('parses strings and lists like numpy', () => {
    expect(selectionShape(parseSelection('0:10, :', [9000, 1000]))).toEqual([10, 1000]);
    expect(selectionShape(parseSelection('5', [9000, 1000]))).toEqual([1000]);
    expect(selectionShape(parseSelection('-3:, ::7', [10, 20]))).toEqual([3, 3]);
    expect(selectionShape(parseSelection([null, [2, null, 2]], [4, 9]))).toEqual([4, 4]);
    expect(selectionShape(parseSelection(undefined, []))).toEqual([]);
    expect(parseSelection('-1', [5])[0]).toEqual({ start: 4, step: 1, count: 1, drop: true });
    expect(parseSelection('7:2', [10])[0]!.count).toBe(0);
  });

  it('refuses bad slices with BadInput', () => {
    for (const bad of ['1:2:0', '::-1', '10', 'x', '1,2,3', '1:2:3:4']) {
      let err: unknown;
      try {
        parseSelection(bad, [10, 10]);
      } catch (e) {
        err = e;
      }
      expect(isZldError(err, 'BadInput'), bad).toBe(true);
    }
  });

  it('chunk tasks cover every selected element exactly once, at its output position', () => {
    const dim = fc.record({ n: fc.integer({ min: 1, max: 12 }), c: fc.integer({ min: 1, max: 5 }), a: fc.integer({ min: -14, max: 14 }), b: fc.integer({ min: -14, max: 14 }), s: fc.integer({ min: 1, max: 4 }), idx: fc.boolean() });
    fc.assert(
      fc.property(fc.array(dim, { minLength: 1, maxLength: 3 }), (dims) => {
        const shape = dims.map((d) => d.n);
        const chunks = dims.map((d) => d.c);
        const items = dims.map((d) => (d.idx ? ((d.a % d.n) + d.n) % d.n : ([d.a, d.b, d.s] as [number, number, number])));
        const sel = parseSelection(items, shape);
        const outShape = selectionShape(sel);
        const total = outShape.reduce((x, y) => x * y, 1);
        const seen = new Array<number>(total).fill(0);
        const dstStride = outputStrides(sel);
        for (const t of chunkTasks(sel, chunks)) {
          const srcStride = chunks.map((_, d) => chunks.slice(d + 1).reduce((x, y) => x * y, 1));
          forEachRun(t, sel, srcStride, dstStride, (s, dst, n, step) => {
            for (let i = 0; i < n; i++) {
              // decode the source element's chunk-local coordinates back to the array index and check it
              let rem = s + i * step;
              const global = srcStride.map((st, d) => {
                const local = Math.floor(rem / st);
                rem %= st;
                return t.coords[d]! * chunks[d]! + local;
              });
              let o = 0;
              for (let d = 0; d < sel.length; d++) {
                const k = (global[d]! - sel[d]!.start) / sel[d]!.step;
                expect(Number.isInteger(k) && k >= 0 && k < sel[d]!.count).toBe(true);
                o += k * dstStride[d]!;
              }
              expect(o).toBe(dst + (dstStride[sel.length - 1]! ? i * dstStride[sel.length - 1]! : 0));
              seen[o]!++;
            }
          });
        }
        expect(seen.every((x) => x === 1)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
