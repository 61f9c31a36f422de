/** What we write (arrays v2/v3, .npy files) zarr-python and numpy read back identically. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import { MemoryStore } from '../../core/src/store/memory.js';
import { writeArray, writeGroup, type ArraySpec, type CompressorSpec, type WritableDtype } from '../../core/src/zarr/write.js';
import { readArray } from '../../core/src/zarr/array.js';
import { openHierarchy } from '../../core/src/zarr/hierarchy.js';
import { saveNpy, encodeNpyHeader } from '../../core/src/zarr/npy.js';
import { ensureFixtures, numpyLoad, pythonDigests, pythonJson, pythonRead } from '../helpers/fixtures.js';

const dirs: string[] = [];
async function scratch(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-w-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

/** Deterministic values for element index i of a dtype (covering negatives, big magnitudes, fractions). */
function valueAt(dtype: WritableDtype, i: number): number | bigint | boolean {
  switch (dtype) {
    case 'float64': return Math.sin(i) * 1e6 + i / 7;
    case 'float32': return Math.fround(Math.cos(i) * 1000);
    case 'int8': return ((i * 37) % 256) - 128;
    case 'uint8': return (i * 37) % 256;
    case 'int16': return ((i * 7919) % 65536) - 32768;
    case 'uint16': return (i * 7919) % 65536;
    case 'int32': return (i * 2654435761) % 2 ** 31 - 2 ** 30;
    case 'uint32': return (i * 2654435761) % 2 ** 32;
    case 'int64': return BigInt(i) * 1234567890123n - 9000000000000000000n;
    case 'uint64': return BigInt(i) * 98765432109876n + 2n ** 63n;
    case 'bool': return i % 3 === 0;
  }
}

const CTOR = { float64: Float64Array, float32: Float32Array, int8: Int8Array, uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array, int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array, uint64: BigUint64Array, bool: Uint8Array } as const;

/** The expected C-order bytes of the whole array written by `fillFor`. */
function expectedBytes(spec: ArraySpec): Buffer {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const Ctor = CTOR[spec.dtype];
  const out = new (Ctor as unknown as new (n: number) => { [i: number]: unknown; buffer: ArrayBuffer })(n);
  for (let i = 0; i < n; i++) {
    const v = valueAt(spec.dtype, i);
    out[i] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
  }
  return Buffer.from(out.buffer);
}

/** Fill a chunk with valueAt(global C index) so the whole array is predictable. */
function fillFor(spec: ArraySpec) {
  return (coords: number[], chunkShape: number[]) => {
    const size = chunkShape.reduce((a, b) => a * b, 1);
    const Ctor = CTOR[spec.dtype];
    const out = new (Ctor as unknown as new (n: number) => { [i: number]: unknown; length: number })(size);
    const idx = chunkShape.map(() => 0);
    for (let k = 0; k < size; k++) {
      let g = 0;
      let inside = true;
      for (let d = 0; d < chunkShape.length; d++) {
        const x = coords[d]! * spec.chunks[d]! + idx[d]!;
        if (x >= spec.shape[d]!) inside = false;
        g = g * spec.shape[d]! + x;
      }
      const big = spec.dtype === 'int64' || spec.dtype === 'uint64';
      const v = inside ? valueAt(spec.dtype, g) : big ? 0n : 0;
      out[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v;
      for (let d = chunkShape.length - 1; d >= 0 && ++idx[d]! >= chunkShape[d]!; d--) idx[d] = 0;
    }
    return out as unknown as ArrayLike<number>;
  };
}

const COMPRESSORS: CompressorSpec[] = [
  { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1 },
  { id: 'blosc', cname: 'zstd', clevel: 3, shuffle: 2 },
  { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 0 },
  { id: 'zlib', level: 1 },
  { id: 'gzip', level: 5 },
  null,
];
const DTYPES: WritableDtype[] = ['float64', 'float32', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'bool'];

describe('writeArray', () => {
  it('v2 arrays of every dtype and compressor read back in zarr-python exactly', async () => {
    const dir = await scratch();
    const store = await FileStore.open(dir);
    await writeGroup(store, '/', { made: 'by zld' }, { format: 2 });
    const written: { p: string; spec: ArraySpec }[] = [];
    let n = 0;
    for (const dtype of DTYPES) {
      for (const compressor of COMPRESSORS) {
        const spec: ArraySpec = { shape: [37, 300], chunks: [10, 128], dtype, compressor, dimensionSeparator: n % 2 ? '/' : '.', attributes: { n } };
        const p = `/a${n++}`;
        await writeArray(store, p, spec, fillFor(spec), { format: 2 });
        written.push({ p, spec });
      }
    }
    const refs = await pythonDigests(dir, written.map((w) => w.p));
    for (const { p, spec } of written) {
      expect(refs[p]!.shape, p).toEqual(spec.shape);
      expect(refs[p]!.sha256, `${p} ${spec.dtype} ${JSON.stringify(spec.compressor)}`).toBe(createHash('sha256').update(expectedBytes(spec)).digest('hex'));
    }
    const attrs = await pythonJson<Record<string, unknown>>(
      `import sys, json, zarr; g = zarr.open_group(sys.argv[1], mode='r'); print(json.dumps({'root': dict(g.attrs), 'a3': dict(g['a3'].attrs), 'comp': g['a0'].compressor.get_config()}))`,
      [dir],
    );
    expect(attrs).toEqual({ root: { made: 'by zld' }, a3: { n: 3 }, comp: { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1, blocksize: 0 } });
  });

  it('blosc chunks of 8-byte types are byte-shuffled with the right type size (they compress like zarr-python)', async () => {
    const dir = await scratch();
    const store = await FileStore.open(dir);
    const spec: ArraySpec = { shape: [200000], chunks: [100000], dtype: 'float64', compressor: { id: 'blosc', cname: 'lz4', clevel: 5, shuffle: 1 } };
    await writeArray(store, '/', spec, (c, s) => Float64Array.from({ length: s[0]! }, (_, i) => Math.round(Math.sin((c[0]! * s[0]! + i) / 1000) * 1000) / 8), { format: 2 });
    const info = await pythonJson<{ typesize: number; ours: number; theirs: number; equal: boolean }>(
      `import sys, json, zarr, numcodecs, numpy as np
a = zarr.open_array(sys.argv[1], mode='r')
raw = open(sys.argv[1] + '/0', 'rb').read()
nbytes, cbytes, blocksize = numcodecs.blosc.cbuffer_sizes(raw)
typesize, _, _ = numcodecs.blosc.cbuffer_metainfo(raw)
theirs = len(numcodecs.Blosc('lz4', 5, 1).encode(np.ascontiguousarray(a[:100000])))
print(json.dumps({'typesize': typesize, 'ours': cbytes, 'theirs': theirs, 'equal': bool((a[:] == np.round(np.sin(np.arange(200000) / 1000) * 1000) / 8).all())}))`,
      [dir],
    );
    expect(info.typesize).toBe(8);
    expect(info.equal).toBe(true);
    // same frame layout (8 byte planes per block); the wasm LZ4 build compresses the noisiest plane a bit less
    expect(info.ours).toBeLessThan(info.theirs * 1.35);
    expect(info.ours).toBeLessThan(0.7 * 800000);
  });

  it('v3 arrays read back through zarrita (our reader) and open as a hierarchy', async () => {
    const store = new MemoryStore();
    await writeGroup(store, '/', { v: 3 }, { format: 3 });
    await writeGroup(store, '/g', {}, { format: 3 });
    let n = 0;
    for (const dtype of DTYPES) {
      for (const compressor of COMPRESSORS) {
        const spec: ArraySpec = { shape: [9, 7, 5], chunks: [4, 4, 2], dtype, compressor, dimensionNames: ['x', 'y', 'z'] };
        const p = `/g/a${n++}`;
        await writeArray(store, p, spec, fillFor(spec), { format: 3 });
        const r = await readArray(store, p);
        const d = r.data as Uint8Array;
        expect(Buffer.from(d.buffer, d.byteOffset, d.byteLength).equals(expectedBytes(spec)), `${p} ${dtype}`).toBe(true);
      }
    }
    const h = await openHierarchy(store);
    expect(h.format).toBe(3);
    expect((await h.children('/g')).length).toBe(n);
    expect((await h.array('/g/a0')).dimensionNames).toEqual(['x', 'y', 'z']);
  });

  it('refuses a fill function returning the wrong number of values, and writes no metadata then', async () => {
    const store = new MemoryStore();
    await expect(
      writeArray(store, '/x', { shape: [10], chunks: [4], dtype: 'int32' }, () => new Int32Array(3), { format: 2 }),
    ).rejects.toMatchObject({ code: 'BadInput' });
    expect(store.map.has('/x/.zarray')).toBe(false);
  });
});

describe('saveNpy', () => {
  it('numpy loads what we save: Cat+ array, slices, every matrix dtype', async () => {
    const fx = await ensureFixtures();
    const dir = await scratch();
    const cat = await FileStore.open(fx.catPlus);
    const p = '/myBatch/mySamplePrep/sample1/sample1Dataset';
    const out = path.join(dir, 'sample1.npy');
    let reports = 0;
    const r = await saveNpy(cat, p, out, { onProgress: () => reports++ });
    expect(r.shape).toEqual([9000, 1000]);
    expect(reports).toBeGreaterThan(0);
    const [loaded, ref] = [await numpyLoad(out), await pythonRead(fx.catPlus, p)];
    expect(loaded.shape).toEqual([9000, 1000]);
    expect(loaded.dtype).toBe('<f8');
    expect(loaded.bytes.equals(ref.bytes)).toBe(true);
    const matrix = await FileStore.open(fx.matrix);
    for (const [ap, slice] of [['/dtypes/bool', ''], ['/dtypes/i1', '2:5'], ['/dtypes/u8', ':, 3'], ['/layout/F_slash', '::2, 1:, 2'], ['/special/scalar_f8', ''], ['/special/nan_f8', '']] as const) {
      const f = path.join(dir, `${ap.replaceAll('/', '_')}.npy`);
      await saveNpy(matrix, ap, f, { slice });
      const [a, b] = [await numpyLoad(f), await pythonRead(fx.matrix, ap, { slice })];
      expect(a.shape, ap).toEqual(b.shape);
      expect(a.dtype, ap).toBe(b.dtype);
      expect(a.bytes.equals(b.bytes), ap).toBe(true);
    }
    expect((await fs.readdir(dir)).filter((n) => n.startsWith('.zld-tmp'))).toEqual([]);
  });

  it('header is numpy 1.0 with the data at a multiple of 64 bytes', () => {
    const h = encodeNpyHeader('<f8', [9000, 1000]);
    expect(h.length % 64).toBe(0);
    expect(Buffer.from(h.subarray(1, 6)).toString()).toBe('NUMPY');
    expect(Buffer.from(h).toString('latin1')).toContain("'shape': (9000, 1000)");
    expect(Buffer.from(encodeNpyHeader('|b1', [5])).toString('latin1')).toContain("'shape': (5,)");
  });

  it('a cancelled save leaves no file', async () => {
    const fx = await ensureFixtures();
    const dir = await scratch();
    const ctl = new AbortController();
    const out = path.join(dir, 'x.npy');
    const p = saveNpy(await FileStore.open(fx.catPlus), '/myBatch/mySamplePrep/sample2/sample2Dataset', out, {
      signal: ctl.signal,
      onProgress: () => ctl.abort(),
    });
    await expect(p).rejects.toMatchObject({ code: 'Aborted' });
    expect(await fs.readdir(dir)).toEqual([]);
  });
});
