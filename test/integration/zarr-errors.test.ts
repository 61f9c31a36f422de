/** Bad input, one test each: the error code and a message naming the store, key and position or codec. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import { isZldError, type ZldError } from '../../core/src/errors.js';
import { openHierarchy } from '../../core/src/zarr/hierarchy.js';
import { readArray, arrayStats } from '../../core/src/zarr/array.js';
import { writeConsolidated } from '../../core/src/zarr/consolidated.js';
import { saveNpy } from '../../core/src/zarr/npy.js';
import { ZARR_V3_REFERENCE, ensureFixtures } from '../helpers/fixtures.js';
import { caughtZldError } from '../helpers/errors.js';

const dirs: string[] = [];
async function copyOf(src: string): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-e-'));
  dirs.push(d);
  const dst = path.join(d, 'store.zarr');
  await fs.cp(src, dst, { recursive: true });
  return dst;
}
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});


async function walkAll(dir: string) {
  const h = await openHierarchy(await FileStore.open(dir));
  for await (const _ of h.walk());
}

describe('bad input', () => {
  it('missing store: NotFound naming the path', async () => {
    const e = await caughtZldError(FileStore.open('/nonexistent/zld/store.zarr'));
    expect(e.code).toBe('NotFound');
    expect(e.message).toContain('/nonexistent/zld/store.zarr');
  });

  it('empty folder: NotFound; a folder of other files: NotZarr', async () => {
    const d = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-e-'));
    dirs.push(d);
    expect((await caughtZldError(openHierarchy(await FileStore.open(d)))).code).toBe('NotFound');
    await fs.writeFile(path.join(d, 'README.txt'), 'not zarr');
    const e = await caughtZldError(openHierarchy(await FileStore.open(d)));
    expect(e.code).toBe('NotZarr');
    expect(e.message).toContain(d);
  });

  it('malformed .zarray: BadMetadata naming key and position', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.matrix);
    await fs.writeFile(path.join(dir, 'dtypes/f8/.zarray'), '{\n  "shape": [7, 11],\n  "chunks": [3 4]\n}');
    const e = await caughtZldError(walkAll(dir));
    expect(e.code).toBe('BadMetadata');
    expect(e.message).toContain('/dtypes/f8/.zarray');
    expect(e.message).toMatch(/position 37 \(line 3, column 16\)/);
    expect(e.message).toContain(dir);
  });

  it('malformed .zattrs: BadMetadata naming key and position', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.matrix);
    await fs.writeFile(path.join(dir, 'nested/.zattrs'), '{"level": 1,}');
    const e = await caughtZldError(walkAll(dir));
    expect(e.code).toBe('BadMetadata');
    expect(e.message).toContain('/nested/.zattrs');
    expect(e.message).toMatch(/position 12/);
  });

  it('malformed zarr.json (v3): BadMetadata naming key and position', async () => {
    const dir = await copyOf(ZARR_V3_REFERENCE);
    await fs.writeFile(path.join(dir, '1d.contiguous.i4/zarr.json'), '{"shape": [4], "data_type": int32}');
    const e = await caughtZldError(walkAll(dir));
    expect(e.code).toBe('BadMetadata');
    expect(e.message).toContain('/1d.contiguous.i4/zarr.json');
    expect(e.message).toMatch(/position 28/);
  });

  it('malformed consolidated metadata: BadMetadata naming the key', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.catPlus);
    await fs.writeFile(path.join(dir, '.all_metadata'), '{"metadata": {".zgroup": {"zarr_format": 2}');
    const e = await caughtZldError(openHierarchy(await FileStore.open(dir), { consolidated: '.all_metadata' }));
    expect(e.code).toBe('BadMetadata');
    expect(e.message).toContain('/.all_metadata');
    expect(e.message).toMatch(/position \d+/);
  });

  it('a malformed entry inside a zarr-python consolidated document: BadMetadata with the position in the document', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.catPlus);
    const f = path.join(dir, '.all_metadata');
    const text = await fs.readFile(f, 'utf8');
    const at = text.indexOf('"Test Batch"');
    await fs.writeFile(f, `${text.slice(0, at)}Test Batch"${text.slice(at + '"Test Batch"'.length)}`);
    const h = await openHierarchy(await FileStore.open(dir), { consolidated: '.all_metadata' });
    const e = await caughtZldError(h.node('/myBatch'));
    expect(e.code).toBe('BadMetadata');
    expect(e.message).toContain('/.all_metadata');
    expect(e.message).toContain(`position ${at}`);
  });

  it('unknown codec: UnknownCodec naming it', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.matrix);
    const f = path.join(dir, 'compressors/zlib_i4/.zarray');
    const meta = JSON.parse(await fs.readFile(f, 'utf8'));
    meta.compressor = { id: 'zld-imaginary', level: 3 };
    await fs.writeFile(f, JSON.stringify(meta));
    const e = await caughtZldError(readArray(await FileStore.open(dir), '/compressors/zlib_i4'));
    expect(e.code).toBe('UnknownCodec');
    expect(e.message).toContain('zld-imaginary');
    expect(e.message).toContain('/compressors/zlib_i4');
  });

  it('truncated chunk: BadChunk naming the chunk key, for blosc and for uncompressed chunks', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.matrix);
    for (const [arr, chunk] of [['compressors/blosc_lz4_f8', '1.1'], ['compressors/none_i4', '0.1']]) {
      const f = path.join(dir, arr!, chunk!);
      const bytes = await fs.readFile(f);
      await fs.writeFile(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const e = await caughtZldError(readArray(await FileStore.open(dir), `/${arr}`));
      expect(e.code, arr).toBe('BadChunk');
      expect(e.message).toContain(`/${arr}/${chunk}`);
      const s = await caughtZldError(arrayStats(await FileStore.open(dir), `/${arr}`));
      expect(s.code).toBe('BadChunk');
    }
  });

  it('truncated chunk on the direct decode path (whole chunk rows): BadChunk naming the key', async () => {
    const fx = await ensureFixtures();
    const d = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-e-'));
    dirs.push(d);
    await fs.writeFile(path.join(d, '.zgroup'), '{"zarr_format": 2}');
    await fs.cp(path.join(fx.catPlus, 'myBatch/mySamplePrep/sample1/sample1Dataset'), path.join(d, 'a'), { recursive: true });
    const f = path.join(d, 'a/3.0');
    await fs.writeFile(f, (await fs.readFile(f)).subarray(0, 5000));
    const e = await caughtZldError(readArray(await FileStore.open(d), '/a'));
    expect(e.code).toBe('BadChunk');
    expect(e.message).toContain('/a/3.0');
  });

  it('a failing save writes no file; a failing consolidate writes no document', async () => {
    const fx = await ensureFixtures();
    const dir = await copyOf(fx.matrix);
    const f = path.join(dir, 'compressors/blosc_lz4_f8/0.0');
    await fs.writeFile(f, (await fs.readFile(f)).subarray(0, 20));
    const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-e-'));
    dirs.push(outDir);
    await expect(saveNpy(await FileStore.open(dir), '/compressors/blosc_lz4_f8', path.join(outDir, 'x.npy'))).rejects.toMatchObject({ code: 'BadChunk' });
    expect(await fs.readdir(outDir)).toEqual([]);

    await fs.writeFile(path.join(dir, 'layout/.zattrs'), '{oops');
    const e = await caughtZldError(writeConsolidated(await FileStore.open(dir), {}));
    expect(e.code).toBe('BadMetadata');
    expect(e.message).toContain('/layout/.zattrs');
    await expect(fs.stat(path.join(dir, '.zmetadata'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('bad slices: BadInput naming the slice', async () => {
    const fx = await ensureFixtures();
    const store = await FileStore.open(fx.matrix);
    for (const slice of ['0:2, 0:2, 0:2', '99', '::-1', 'a:b']) {
      const e = await caughtZldError(readArray(store, '/dtypes/f8', { slice }));
      expect(e.code, slice).toBe('BadInput');
      expect(e.message).toContain(JSON.stringify(slice));
    }
  });

  it('a path that is not there or is a group', async () => {
    const fx = await ensureFixtures();
    const store = await FileStore.open(fx.matrix);
    expect((await caughtZldError(readArray(store, '/nope'))).code).toBe('NotFound');
    expect((await caughtZldError(readArray(store, '/dtypes'))).code).toBe('BadInput');
  });
});
