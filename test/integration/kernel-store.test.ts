/**
 * The kernel data path against a real ipykernel (Debian python3-ipykernel) started by Debian's
 * jupyter-server and reached with `@jupyterlab/services` from Node: the Cat+ store read through the
 * kernel from disk and from s3rver (boto3 in the kernel, credentials only in the kernel's environment),
 * compared byte for byte with the files; and the bad cases (kernel dying mid-read, no boto3, timeouts,
 * unsafe keys, missing packages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isZldError, type AbsolutePath } from '@zld/core';
import {
  KernelStore,
  PYTHON_HELPER,
  executorForKernel,
  findMissingPackages,
  generateLoadCode,
  pyStr,
  withMissingPackagesNote,
  type KernelExecutor,
} from '@zld/kernel-bridge';
import * as zarr from 'zarrita';
import { ensureFixtures, pythonJson } from '../helpers/fixtures.js';
import { startJupyterServer, type JupyterServerHandle } from '../helpers/jupyter-server.js';
import { startKernel, type KernelHandle } from '../helpers/jupyter-kernel.js';
import { startS3rver, s3rverEnv, type S3rverHandle } from '../helpers/s3rver.js';
import { startStaticServer } from '../helpers/http-server.js';

const SAMPLE1 = 'myBatch/mySamplePrep/sample1/sample1Dataset';
const CHUNK = `/${SAMPLE1}/0.0` as AbsolutePath;

/** An executor that counts round trips and remembers what it sent. */
function counting(inner: KernelExecutor): KernelExecutor & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    interrupt: inner.interrupt,
    execute(code, opts) {
      sent.push(code);
      return inner.execute(code, opts);
    },
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('KernelStore through a real ipykernel', () => {
  let catPlus: string;
  let s3: S3rverHandle;
  let jupyter: JupyterServerHandle;
  let k: KernelHandle;
  let scratch: string;
  const kernels: KernelHandle[] = [];

  beforeAll(async () => {
    catPlus = (await ensureFixtures()).catPlus;
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-kstore-'));
    // a small copy of Cat+ for S3: every metadata file and the first chunk of sample1Dataset
    const small = path.join(scratch, 'small.zarr');
    for (const rel of ['.zgroup', '.all_metadata', 'myBatch/.zgroup', 'myBatch/.zattrs', `${SAMPLE1}/.zarray`, `${SAMPLE1}/0.0`]) {
      await fs.mkdir(path.dirname(path.join(small, rel)), { recursive: true });
      await fs.copyFile(path.join(catPlus, rel), path.join(small, rel));
    }
    s3 = await startS3rver({ buckets: ['data'] });
    await s3.uploadDir(small, 'data', 'cat.zarr');
    // credentials only in the server's (so the kernels') environment, never in what we send
    jupyter = await startJupyterServer({ rootDir: scratch, env: s3rverEnv(s3) });
    k = await startKernel(jupyter);
    kernels.push(k);
  });
  afterAll(async () => {
    for (const h of kernels) await h.dispose().catch(() => undefined);
    await jupyter?.stop();
    await s3?.stop();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  it('reads a store on disk: listing, consolidated metadata in one round trip, a chunk, ranges; bytes equal the files', async () => {
    const exec = counting(executorForKernel(k.kernel));
    const store = new KernelStore(exec, catPlus);
    const root = await store.list('/');
    expect(root.keys).toEqual(['.all_metadata', '.zgroup']);
    expect(root.prefixes).toEqual(['myBatch']);
    expect(exec.sent[0]).toContain('def _zld_bridge_v1_make');

    const before = exec.sent.length;
    const [meta, zgroup, zmetadata] = await store.getMany(['/.all_metadata', '/.zgroup', '/.zmetadata']);
    expect(exec.sent.length - before).toBe(1);
    expect(exec.sent[exec.sent.length - 1]).not.toContain('def _zld_bridge_v1_make'); // sent once per session
    expect(Buffer.from(meta!).equals(await fs.readFile(path.join(catPlus, '.all_metadata')))).toBe(true);
    expect(Buffer.from(zgroup!).equals(await fs.readFile(path.join(catPlus, '.zgroup')))).toBe(true);
    expect(zmetadata).toBeUndefined();

    const file = await fs.readFile(path.join(catPlus, CHUNK));
    const chunk = await store.get(CHUNK);
    expect(chunk!.length).toBe(file.length);
    expect(Buffer.from(chunk!).equals(file)).toBe(true);
    expect(Buffer.from((await store.getRange(CHUNK, { offset: 1000, length: 64 }))!).equals(file.subarray(1000, 1064))).toBe(true);
    expect(Buffer.from((await store.getRange(CHUNK, { suffixLength: 100 }))!).equals(file.subarray(file.length - 100))).toBe(true);
    expect(await store.get('/no/such/key')).toBeUndefined();
    // gets made together go in one round trip
    const n = exec.sent.length;
    const [a, b, c] = await Promise.all([store.get('/.zgroup'), store.get('/myBatch/.zgroup'), store.get('/.zgroup')]);
    expect(exec.sent.length - n).toBe(1);
    expect(Buffer.from(a!).equals(Buffer.from(c!))).toBe(true);
    expect(Buffer.from(b!).equals(await fs.readFile(path.join(catPlus, 'myBatch/.zgroup')))).toBe(true);
    const ctl = new AbortController();
    const cancelled = rejection(store.get(CHUNK, { signal: ctl.signal }));
    ctl.abort();
    expect(isZldError(await cancelled, 'Aborted')).toBe(true);
    expect(await store.list('/myBatch/mySamplePrep/sample1/')).toEqual({ keys: ['.zattrs', '.zgroup'], prefixes: ['sample1Dataset', 'sampleChemical1'] });
  });

  it('serves zarrita: the Cat+ array opens through the kernel (consolidated .all_metadata) and decodes to numpy values', async () => {
    const exec = counting(executorForKernel(k.kernel));
    const store = await zarr.withConsolidatedMetadata(new KernelStore(exec, catPlus), { format: 'v2', metadataKey: '.all_metadata' });
    const arr = await zarr.open(new zarr.Location(store, `/${SAMPLE1}`), { kind: 'array' });
    expect(arr.shape).toEqual([9000, 1000]);
    const got = await zarr.get(arr, [zarr.slice(898, 902), zarr.slice(0, 3)]);
    const want = await pythonJson<number[]>(
      'import json, numpy as np\nnp.random.seed(1000)\nprint(json.dumps(np.random.rand(9000, 1000)[898:902, 0:3].ravel().tolist()))',
    );
    expect(Array.from(got.data as Float64Array)).toEqual(want);
  });

  it('reads the store from s3rver with boto3 in the kernel; no credential is sent', async () => {
    const exec = counting(executorForKernel(k.kernel));
    const store = new KernelStore(exec, 's3://data/cat.zarr', { storeOptions: { endpoint: s3.endpoint, region: 'us-east-1' } });
    expect(await store.list('/')).toEqual({ keys: ['.all_metadata', '.zgroup'], prefixes: ['myBatch'] });
    const [meta, missing] = await store.getMany(['/.all_metadata', '/.zmetadata']);
    expect(Buffer.from(meta!).equals(await fs.readFile(path.join(catPlus, '.all_metadata')))).toBe(true);
    expect(missing).toBeUndefined();
    const file = await fs.readFile(path.join(catPlus, CHUNK));
    expect(Buffer.from((await store.get(CHUNK))!).equals(file)).toBe(true);
    expect(Buffer.from((await store.getRange(CHUNK, { offset: 5, length: 10 }))!).equals(file.subarray(5, 15))).toBe(true);
    expect(Buffer.from((await store.getRange(CHUNK, { suffixLength: 7 }))!).equals(file.subarray(file.length - 7))).toBe(true);
    expect(exec.sent.some((c) => c.includes('S3RVER'))).toBe(false);
  });

  it('reads an http:// store with urllib in the kernel (ranges too); listing is Unsupported', async () => {
    const srv = await startStaticServer(catPlus);
    try {
      const store = new KernelStore(executorForKernel(k.kernel), `${srv.url}/`);
      const file = await fs.readFile(path.join(catPlus, CHUNK));
      expect(Buffer.from((await store.get(CHUNK))!).equals(file)).toBe(true);
      expect(Buffer.from((await store.getRange(CHUNK, { offset: 3, length: 5 }))!).equals(file.subarray(3, 8))).toBe(true);
      expect(await store.get('/nothing/here')).toBeUndefined();
      const e = await rejection(store.list('/'));
      expect(isZldError(e, 'Unsupported'), String(e)).toBe(true);
    } finally {
      await srv.stop();
    }
  });

  it('refuses unsafe keys on both sides: in TypeScript, and in the Python helper', async () => {
    const store = new KernelStore(executorForKernel(k.kernel), catPlus);
    const e = await rejection(store.get('/myBatch/../../etc/passwd' as AbsolutePath));
    expect(isZldError(e, 'BadInput')).toBe(true);
    // bypass the TypeScript check: the helper refuses too
    const req = JSON.stringify({ store: { url: catPlus, options: {} }, op: 'get', keys: ['/myBatch/../../../etc/passwd'] });
    const reply = await executorForKernel(k.kernel).execute(`${PYTHON_HELPER}\n_zld_bridge_v1.run(${pyStr(req)})`);
    const payload = reply.outputs.find((o) => o.data?.['application/vnd.zld.bytes+json'])?.data?.['application/vnd.zld.bytes+json'];
    expect(payload).toMatchObject({ ok: false, code: 'BadInput' });
    expect((payload as { message: string }).message).toContain('".." segment');
  });

  it('sends the helper again after a kernel restart', async () => {
    const h = await startKernel(jupyter);
    kernels.push(h);
    const exec = counting(executorForKernel(h.kernel));
    const store = new KernelStore(exec, catPlus);
    await store.get('/.zgroup');
    await h.kernel.restart();
    await h.kernel.info;
    expect(Buffer.from((await store.get('/.zgroup'))!).toString()).toContain('zarr_format');
    expect(exec.sent.filter((c) => c.includes('def _zld_bridge_v1_make'))).toHaveLength(2);
  });

  it('names boto3 when the kernel lacks it (import blocked in that kernel)', async () => {
    const h = await startKernel(jupyter);
    kernels.push(h);
    const exec = executorForKernel(h.kernel);
    expect((await exec.execute("import sys\nsys.modules['boto3'] = None")).status).toBe('ok');
    const store = new KernelStore(exec, 's3://data/cat.zarr', { storeOptions: { endpoint: s3.endpoint } });
    const e = await rejection(store.get('/.zgroup'));
    expect(isZldError(e, 'Unsupported')).toBe(true);
    expect((e as Error).message).toMatch(/boto3 is not installed in the kernel.*s3:\/\/data\/cat\.zarr/);
  });

  it('times out a read that does not finish, interrupts the kernel, and reads again afterwards', async () => {
    const dir = path.join(scratch, 'slow.zarr');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, '.zgroup'), '{"zarr_format":2}');
    execFileSync('mkfifo', [path.join(dir, 'blocked')]); // open() blocks until a writer comes: a read that hangs
    const store = new KernelStore(executorForKernel(k.kernel), dir, { timeoutMs: 1500 });
    const t0 = Date.now();
    const e = await rejection(store.get('/blocked'));
    expect(isZldError(e, 'Timeout')).toBe(true);
    expect((e as Error).message).toContain('/blocked');
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(Buffer.from((await store.get('/.zgroup'))!).toString()).toBe('{"zarr_format":2}');
  });

  async function blockedStore(h: KernelHandle, name: string): Promise<KernelStore> {
    const dir = path.join(scratch, name);
    await fs.mkdir(dir, { recursive: true });
    execFileSync('mkfifo', [path.join(dir, 'blocked')]); // open() blocks until a writer comes
    return new KernelStore(executorForKernel(h.kernel), dir, { timeoutMs: 30_000 });
  }

  it('fails with Network when the kernel process dies during a read', async () => {
    const h = await startKernel(jupyter);
    kernels.push(h);
    const pidReply = await executorForKernel(h.kernel).execute('import os\nprint(os.getpid())');
    const pid = Number(pidReply.outputs.map((o) => o.text ?? '').join('').trim());
    expect(pid).toBeGreaterThan(1);
    const store = await blockedStore(h, 'dying.zarr');
    const reading = rejection(store.get('/blocked'));
    await new Promise((r) => setTimeout(r, 1000));
    process.kill(pid, 'SIGKILL'); // the kernel this test started
    const e = await reading;
    expect(isZldError(e, 'Network'), String(e)).toBe(true);
    expect((e as Error).message).toMatch(/\/blocked/);
  });

  it('fails with Remote or Network when the kernel is shut down during a read, and at once afterwards', async () => {
    const h = await startKernel(jupyter);
    kernels.push(h);
    const store = await blockedStore(h, 'shutdown.zarr');
    const reading = rejection(store.get('/blocked'));
    await new Promise((r) => setTimeout(r, 1000));
    await h.kernel.shutdown();
    const e = await reading;
    expect(isZldError(e, 'Remote') || isZldError(e, 'Network'), String(e)).toBe(true);
    expect((e as Error).message).toMatch(/\/blocked/);
    const again = await rejection(store.get('/.zgroup'));
    expect(isZldError(again, 'Network'), String(again)).toBe(true);
  });

  it('finds packages a cell needs that the kernel lacks, and notes them in the cell', async () => {
    const exec = executorForKernel(k.kernel);
    const local = generateLoadCode({ storeUrl: catPlus, path: SAMPLE1, kind: 'array', zarrFormat: 2 }, { language: 'python', flavour: 'dask' });
    expect(await findMissingPackages(exec, local)).toEqual([]);
    expect((await exec.execute("import sys\nsys.modules['dask'] = None")).status).toBe('ok');
    expect(await findMissingPackages(exec, local)).toEqual(['dask']);
    const remote = generateLoadCode({ storeUrl: 's3://data/cat.zarr', path: SAMPLE1, kind: 'array', zarrFormat: 2 }, { language: 'python' });
    const missing = await findMissingPackages(exec, remote);
    expect(missing).toEqual(['s3fs']); // Debian has no python3-s3fs
    const cell = withMissingPackagesNote(remote, missing);
    expect(cell.source.split('\n')[2]).toBe('# Missing in this kernel: s3fs (install before running this cell)');
  });
});
