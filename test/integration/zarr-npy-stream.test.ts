/**
 * The browser-safe `.npy` encoder (`core/src/zarr/npy-encode.ts`): what `streamNpy` hands out, written to a
 * file, is what numpy loads and equals zarr-python's read; the plan knows the file length up front; the
 * module bundles for the browser; cancelling stops it with `Aborted`.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { FileStore } from '../../core/src/store/file.js';
import { MemoryStore } from '../../core/src/store/memory.js';
import type { AbsolutePath } from '../../core/src/store/types.js';
import { planNpy, streamNpy } from '../../core/src/zarr/npy-encode.js';
import { ensureFixtures, numpyLoad, pythonRead } from '../helpers/fixtures.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function encodeToFile(plan: Awaited<ReturnType<typeof planNpy>>, opts: Parameters<typeof streamNpy>[2] = {}): Promise<{ file: string; blocks: number }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-npy-'));
  dirs.push(dir);
  const parts: Uint8Array[] = [];
  await streamNpy(plan, (b) => void parts.push(b), opts);
  const file = path.join(dir, 'a.npy');
  await fs.writeFile(file, Buffer.concat(parts));
  return { file, blocks: parts.length };
}

describe('streamNpy (browser-safe .npy encoder)', () => {
  it('numpy loads the Cat+ array it streams, equal to zarr-python; the plan knows the length', async () => {
    const fx = await ensureFixtures();
    const p = '/myBatch/mySamplePrep/sample1/sample1Dataset';
    const plan = await planNpy(await FileStore.open(fx.catPlus), p);
    expect(plan).toMatchObject({ path: p, shape: [9000, 1000], dtype: 'float64', descr: '<f8', bytes: plan.header.length + 9000 * 1000 * 8 });
    let reports = 0;
    const { file, blocks } = await encodeToFile(plan, { onProgress: () => reports++ });
    expect(blocks).toBeGreaterThan(2); // the header, then rows of chunks
    expect(reports).toBeGreaterThan(0);
    expect((await fs.stat(file)).size).toBe(plan.bytes);
    const [loaded, ref] = [await numpyLoad(file), await pythonRead(fx.catPlus, p)];
    expect(loaded.shape).toEqual([9000, 1000]);
    expect(loaded.dtype).toBe('<f8');
    expect(loaded.bytes.equals(ref.bytes)).toBe(true);
  });

  it('a strided selection of a Fortran-ordered matrix fixture array', async () => {
    const fx = await ensureFixtures();
    const plan = await planNpy(await FileStore.open(fx.matrix), '/layout/F_slash', { slice: '::2, 1:, 2' });
    const { file } = await encodeToFile(plan);
    const [a, b] = [await numpyLoad(file), await pythonRead(fx.matrix, '/layout/F_slash', { slice: '::2, 1:, 2' })];
    expect(a.shape).toEqual(b.shape);
    expect(a.bytes.equals(b.bytes)).toBe(true);

  });

  it('refuses a data type .npy cannot hold, naming the array and the store', async () => {
    const store = new MemoryStore();
    const put = (key: string, v: unknown) => store.set(key as AbsolutePath, new TextEncoder().encode(JSON.stringify(v)));
    await put('/.zgroup', { zarr_format: 2 });
    await put('/text/.zarray', { zarr_format: 2, shape: [4], chunks: [2], dtype: '|S5', compressor: null, fill_value: '', order: 'C', filters: null });
    await expect(planNpy(store, '/text')).rejects.toMatchObject({ code: 'Unsupported', message: expect.stringMatching(new RegExp(`array /text of store ${store.url}.*not supported`)) });
  });

  it('cancelling stops the stream with Aborted', async () => {
    const fx = await ensureFixtures();
    const plan = await planNpy(await FileStore.open(fx.catPlus), '/myBatch/mySamplePrep/sample2/sample2Dataset');
    const ctl = new AbortController();
    let seen = 0;
    await expect(streamNpy(plan, (b) => void (seen += b.length), { signal: ctl.signal, onProgress: () => ctl.abort() })).rejects.toMatchObject({ code: 'Aborted' });
    expect(seen).toBeLessThan(plan.bytes);
  });

  it('bundles for platform=browser without Node built-ins', async () => {
    const entry = fileURLToPath(new URL('../../core/src/zarr/npy-encode.ts', import.meta.url));
    const r = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, outdir: 'out', logLevel: 'silent', metafile: true });
    const inputs = Object.keys(r.metafile!.inputs);
    expect(inputs.some((i) => i.endsWith('zarr/npy-encode.ts'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:') || i.endsWith('zarr/npy.ts') || i.includes('local-metadata'))).toEqual([]);
  }, 60_000);
});
