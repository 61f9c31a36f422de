import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as browser from '../src/index.js';
import * as node from '../src/node.js';
import { FileStore } from '../src/store/file.js';
import { HttpStore } from '../src/store/http.js';
import { S3Store } from '../src/store/s3.js';
import { isWritable } from '../src/store/types.js';
import { caughtZldError } from './store-contract.js';


describe('openStore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-open-'));
    await fs.writeFile(path.join(dir, '.zgroup'), '{}');
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('is exported under one name from both entry points, the Node one adding local folders', () => {
    expect(typeof browser.openStore).toBe('function');
    expect(node.openStore).not.toBe(browser.openStore);
  });

  it('opens s3:// as an S3Store with the given options', async () => {
    const creds = { accessKeyId: 'AK', secretAccessKey: 'SK' };
    const store = await browser.openStore('s3://data/cat.zarr', { s3: { endpoint: 'http://127.0.0.1:9', credentials: creds, maxAttempts: 1 } });
    expect(store).toBeInstanceOf(S3Store);
    expect(store.url).toBe('s3://data/cat.zarr?endpoint=http://127.0.0.1:9');
    expect(isWritable(store)).toBe(true);
    const e = await caughtZldError(store.list!('/'));
    expect(e.code).toBe('Network');
    expect(e.message).toContain('http://127.0.0.1:9');
  });

  it('reports missing credentials (empty default chain) as AccessDenied with a hint', async () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'no-credentials');
    process.env.AWS_CONFIG_FILE = path.join(dir, 'no-config');
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    try {
      const store = await browser.openStore('s3://data/cat.zarr', { s3: { endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } });
      const e = await caughtZldError(store.get('/.zgroup'));
      expect(e.code).toBe('AccessDenied');
      expect(e.message).toContain('no AWS credentials found for s3://data/cat.zarr/.zgroup');
    } finally {
      process.env = saved;
    }
  });

  it('opens S3 read-only on request', async () => {
    const store = (await node.openStore('s3://data/cat.zarr', { readOnly: true, s3: { endpoint: 'http://127.0.0.1:9' } })) as S3Store;
    expect((await caughtZldError(store.set('/x', new Uint8Array([1])))).code).toBe('Unsupported');
  });

  it('opens http(s):// as a read-only HttpStore', async () => {
    const store = await browser.openStore('https://example.org/data/cat.zarr/', { http: { timeoutMs: 5 } });
    expect(store).toBeInstanceOf(HttpStore);
    expect(store.url).toBe('https://example.org/data/cat.zarr');
    expect(isWritable(store)).toBe(false);
  });

  it('opens local paths and file:// URLs in Node', async () => {
    for (const loc of [dir, pathToFileURL(dir).href, path.relative(process.cwd(), dir)]) {
      const store = await node.openStore(loc);
      expect(store).toBeInstanceOf(FileStore);
      expect(new TextDecoder().decode(await store.get('/.zgroup'))).toBe('{}');
    }
    const ro = (await node.openStore(dir, { readOnly: true })) as FileStore;
    expect((await caughtZldError(ro.set('/x', new Uint8Array([1])))).code).toBe('Unsupported');
  });

  it('reports a missing local folder as NotFound naming it', async () => {
    const e = await caughtZldError(node.openStore(path.join(dir, 'nope.zarr')));
    expect(e.code).toBe('NotFound');
    expect(e.message).toContain('nope.zarr');
  });

  it('refuses local paths in the browser build with BadInput', async () => {
    const e = await caughtZldError(browser.openStore('/data/cat.zarr'));
    expect(e.code).toBe('BadInput');
    expect(e.message).toContain('/data/cat.zarr');
  });

  it.each(['ftp://example.org/cat.zarr', 'gs://bucket/cat.zarr', 'ftp://user:pw@example.org/x'])('refuses unknown scheme %s naming the location', async (loc) => {
    for (const open of [browser.openStore, node.openStore]) {
      const e = await caughtZldError(open(loc));
      expect(e.code).toBe('BadInput');
      expect(e.message).toContain('unknown scheme');
      expect(e.message).not.toContain('pw@');
    }
  });

  it('opens for writing: S3 and folders (created on request), refusing HTTP as Unsupported', async () => {
    const created = path.join(dir, 'made', 'new.zarr');
    const out = await node.openWritableStore(created, { create: true });
    await out.set('/.zgroup', new TextEncoder().encode('{}'));
    expect(await fs.readFile(path.join(created, '.zgroup'), 'utf8')).toBe('{}');
    expect(await browser.openWritableStore('s3://data/x', { s3: { endpoint: 'http://127.0.0.1:9' } })).toBeInstanceOf(S3Store);
    for (const open of [browser.openWritableStore, node.openWritableStore]) {
      const e = await caughtZldError(open('https://example.org/cat.zarr'));
      expect(e.code).toBe('Unsupported');
      expect(e.message).toContain('https://example.org/cat.zarr');
    }
  });

  it('refuses malformed S3 URLs', async () => {
    expect((await caughtZldError(node.openStore('s3://'))).code).toBe('BadInput');
    expect((await caughtZldError(node.openStore('s3://ab!/x'))).code).toBe('BadInput');
  });
});

describe('s3OptionsFromEnv', () => {
  it('reads endpoint, region and keys, with path-style for custom endpoints', () => {
    const opts = browser.s3OptionsFromEnv({
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000',
      AWS_ENDPOINT_URL: 'http://ignored:1',
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK',
      AWS_SESSION_TOKEN: 'ST',
    });
    expect(opts).toEqual({
      endpoint: 'http://127.0.0.1:9000',
      forcePathStyle: true,
      region: 'eu-central-1',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' },
    });
  });

  it('prefers ZLD_S3_ENDPOINT, falls back to AWS_ENDPOINT_URL and AWS_DEFAULT_REGION', () => {
    expect(browser.s3OptionsFromEnv({ ZLD_S3_ENDPOINT: 'http://a:1', AWS_ENDPOINT_URL_S3: 'http://b:2' }).endpoint).toBe('http://a:1');
    const o = browser.s3OptionsFromEnv({ AWS_ENDPOINT_URL: 'http://c:3', AWS_DEFAULT_REGION: 'us-west-2', ZLD_S3_FORCE_PATH_STYLE: 'false' });
    expect(o).toEqual({ endpoint: 'http://c:3', forcePathStyle: false, region: 'us-west-2' });
  });

  it('leaves credentials to the SDK chain when no keys are set, and goes anonymous on request', () => {
    expect(browser.s3OptionsFromEnv({})).toEqual({});
    expect(browser.s3OptionsFromEnv({ ZLD_S3_ANONYMOUS: '1', AWS_ACCESS_KEY_ID: 'AK', AWS_SECRET_ACCESS_KEY: 'SK' })).toEqual({ anonymous: true });
  });
});
