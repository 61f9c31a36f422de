/**
 * Reading the whole v2 interop matrix (test/fixtures/make_fixtures.py) and comparing every array with what
 * zarr-python read (expected.json): shared by the read tests of each decoding path (TypeScript, WebAssembly
 * SIMD, native c-blosc).
 *
 * @example
 * ```ts
 * await expectMatrixAsZarrPython();
 * ```
 */
import { expect } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import { openHierarchy } from '../../core/src/zarr/hierarchy.js';
import { readArray } from '../../core/src/zarr/array.js';
import { ensureFixtures, expectedMatrix, fromJsonNumber } from './fixtures.js';

function plain(data: ArrayLike<unknown>, dtype: string): unknown[] {
  return Array.from(data as ArrayLike<unknown>, (x) => (dtype === 'bool' ? Boolean(x) : typeof x === 'bigint' ? x.toString() : x));
}

function expectedValues(values: unknown[], dtype: string): unknown[] {
  return values.map((v) => {
    if (dtype === '<i8' || dtype === '<u8') return v; // written as strings by make_fixtures.py
    return fromJsonNumber(v as never);
  });
}

/** Every array of matrix.zarr read as zarr-python reads it. */
export async function expectMatrixAsZarrPython(): Promise<void> {
  const fx = await ensureFixtures();
  const exp = await expectedMatrix();
  const h = await openHierarchy(await FileStore.open(fx.matrix));
  const paths = Object.keys(exp.arrays);
  expect(paths.length).toBeGreaterThan(30);
  for (const p of paths) {
    const e = exp.arrays[p]!;
    const node = await h.array(p);
    expect(node.shape, p).toEqual(e.shape);
    expect(node.rawDtype, p).toBe(e.dtype);
    expect(node.order, p).toBe(e.order);
    const r = await readArray(h, p);
    expect(r.shape, p).toEqual(e.shape);
    expect(plain(r.data as ArrayLike<unknown>, r.dtype), p).toEqual(expectedValues(e.values, e.dtype));
  }
}
