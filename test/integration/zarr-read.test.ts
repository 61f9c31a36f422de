/** Every value we read from the interop matrix equals zarr-python's read (expected.json), and the v3 reference store opens and reads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import { readArray } from '../../core/src/zarr/array.js';
import { keptFrameBuffers } from '../../core/src/zarr/frame-buffers.js';
import { setBlockUnshuffler } from '../../core/src/zarr/blosc-decode.js';
import { buildSimdUnshuffle } from '../helpers/blosc-simd.js';
import { ensureFixtures, pythonRead } from '../helpers/fixtures.js';
import { expectMatrixAsZarrPython } from '../helpers/matrix.js';

describe('reading the v2 interop matrix', () => {
  it('reads every array of matrix.zarr exactly as zarr-python does', async () => {
    await expectMatrixAsZarrPython();
  });

  it('int64 extremes survive exactly (compared as bytes with zarr-python)', async () => {
    const fx = await ensureFixtures();
    for (const p of ['/dtypes/i8', '/dtypes/u8', '/nested/child one/grandchild/leaf']) {
      const ref = await pythonRead(fx.matrix, p);
      const r = await readArray(await FileStore.open(fx.matrix), p);
      const d = r.data as BigInt64Array;
      expect(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(ref.bytes), p).toBe(true);
    }
  });

  it('reads slices like numpy basic indexing', async () => {
    const fx = await ensureFixtures();
    const store = await FileStore.open(fx.matrix);
    const cases: [string, string][] = [
      ['/compressors/zlib_f8', '3:17, 5'],
      ['/compressors/blosc_zstd_i4', '::3, 2:29:4'],
      ['/layout/F_slash', '1, :, 1:3'],
      ['/layout/C_dot', '-2:, -3, :'],
      ['/special/missing_i4', '4:11, 4:11'],
      ['/special/nan_f8', '2:9:2'],
      ['/special/scalar_f8', ''],
    ];
    for (const [p, slice] of cases) {
      const ref = await pythonRead(fx.matrix, p, { slice });
      const r = await readArray(store, p, { slice });
      expect(r.shape, `${p}[${slice}]`).toEqual(ref.shape);
      const d = r.data as Float64Array;
      expect(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(ref.bytes), `${p}[${slice}]`).toBe(true);
    }
  });

  it('reads a Cat+ array (9000x1000 f8, blosc lz4) identical to zarr-python', async () => {
    const fx = await ensureFixtures();
    const p = '/myBatch/mySamplePrep/sample1/sample1Dataset';
    const ref = await pythonRead(fx.catPlus, p);
    const r = await readArray(await FileStore.open(fx.catPlus), p);
    expect(r.shape).toEqual([9000, 1000]);
    const d = r.data as Float64Array;
    expect(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(ref.bytes)).toBe(true);
  });

  it('reads the Cat+ array right when reads share the reused chunk buffers (two at once, then again)', async () => {
    const fx = await ensureFixtures();
    const p = '/myBatch/mySamplePrep/sample1/sample1Dataset';
    const ref = await pythonRead(fx.catPlus, p);
    const store = await FileStore.open(fx.catPlus);
    const reads = await Promise.all([readArray(store, p), readArray(store, p, { concurrency: 2 })]);
    reads.push(await readArray(store, p, { slice: '0:9000' }));
    for (const r of reads) {
      const d = r.data as Float64Array;
      expect(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(ref.bytes)).toBe(true);
    }
    expect(keptFrameBuffers()).toBeGreaterThan(0);
    expect(keptFrameBuffers()).toBeLessThanOrEqual(4);
  });
});

describe('reading with the WebAssembly SIMD unshuffle', () => {
  const used = new Set<number>(); // type sizes the SIMD module unshuffled
  beforeAll(async () => {
    const simd = await buildSimdUnshuffle();
    setBlockUnshuffler({
      input: (size) => simd.input(size),
      run: (size, typesize) => {
        const r = simd.run(size, typesize);
        if (r) used.add(typesize);
        return r;
      },
    });
  });
  afterAll(() => setBlockUnshuffler(undefined));

  it('reads every array of matrix.zarr exactly as zarr-python does', async () => {
    await expectMatrixAsZarrPython();
    expect([...used]).toEqual(expect.arrayContaining([4, 8])); // type size 2: the numcodecs frames in zarr-blosc.test.ts
  });

  it('reads the Cat+ array (9000x1000 f8, blosc lz4) identical to zarr-python', async () => {
    const fx = await ensureFixtures();
    const p = '/myBatch/mySamplePrep/sample1/sample1Dataset';
    const ref = await pythonRead(fx.catPlus, p);
    const d = (await readArray(await FileStore.open(fx.catPlus), p)).data as Float64Array;
    expect(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(ref.bytes)).toBe(true);
  });
});
