/**
 * S3Store against a real S3 server (s3rver on 127.0.0.1): the shared store contract, pagination,
 * full listings, missing buckets; and against scripted loopback servers answering S3-shaped errors
 * (403, 503 SlowDown, connection resets, hangs) for retries, timeouts and error texts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { S3Store, type S3StoreOptions } from '../../core/src/store/s3.js';
import { countKeys } from '../../core/src/store/walk.js';
import { storeContract, caughtZldError } from '../../core/test/store-contract.js';
import { startS3rver, type S3rverHandle } from '../helpers/s3rver.js';
import { s3Error, startScriptedServer, type TestServer } from '../helpers/http-server.js';

const CREDS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const SECRET = { accessKeyId: 'ZLDTESTACCESSKEYID01', secretAccessKey: 'zld-test-secret-not-a-real-one/0123' };


describe('S3Store on s3rver', () => {
  let s3: S3rverHandle;
  let n = 0;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['zld-test', 'zld-root'] });
  });
  afterAll(async () => {
    await s3?.stop();
  });
  const storeAt = (prefix: string, opts: S3StoreOptions = {}) =>
    S3Store.fromUrl(`s3://zld-test/${prefix}`, { endpoint: s3.endpoint, credentials: CREDS, ...opts });

  storeContract(
    'S3Store (s3rver)',
    async () => {
      const prefix = `contract-${++n}/cat.zarr`;
      const store = storeAt(prefix);
      return {
        store,
        seed: async (files) => {
          for (const [k, v] of Object.entries(files)) {
            await s3.client.send(new PutObjectCommand({ Bucket: 'zld-test', Key: `${prefix}${k}`, Body: v }));
          }
        },
        cleanup: async () => undefined,
      };
    },
    // s3rver omits folders whose objects are all deeper; checked below against a scripted server
    { list: true, write: true, implicitFolders: false },
  );

  it('names bucket, prefix and endpoint in its url, never credentials', () => {
    const store = storeAt('a/b', { credentials: SECRET });
    expect(store.url).toBe(`s3://zld-test/a/b?endpoint=${s3.endpoint}`);
    expect(S3Store.fromUrl(store.url, { credentials: CREDS }).endpoint).toBe(s3.endpoint);
    expect(() => S3Store.fromUrl('s3://key:secret@bucket/x')).toThrow(/must not carry credentials/);
  });

  it('pages through listings (list and listAll), with small pages', async () => {
    const store = storeAt('paged', { pageSize: 7 });
    const names = Array.from({ length: 40 }, (_, i) => `c.${i}`);
    await Promise.all(names.map((name) => s3.client.send(new PutObjectCommand({ Bucket: 'zld-test', Key: `paged/arr/${name}`, Body: 'x' }))));
    await store.set('/.zgroup', new TextEncoder().encode('{}'));
    await store.set('/arr/.zarray', new TextEncoder().encode('{}'));
    const listing = await store.list('/arr/');
    expect(listing).toEqual({ keys: ['.zarray', ...names].sort(), prefixes: [] });
    const all: string[] = [];
    for await (const k of store.listAll('/')) all.push(k);
    expect(all.length).toBe(42);
    expect(all).toContain('/arr/c.39');
    expect(all).toContain('/.zgroup');
    const below: string[] = [];
    for await (const k of store.listAll('/arr')) below.push(k);
    expect(below.length).toBe(41);
    expect(await countKeys(store, '/arr/')).toBe(41);
  });

  it('stops a full listing when aborted', async () => {
    const store = storeAt('paged', { pageSize: 5 });
    const ctl = new AbortController();
    const seen: string[] = [];
    const e = await caughtZldError(
      (async () => {
        for await (const k of store.listAll('/', { signal: ctl.signal })) {
          seen.push(k);
          if (seen.length === 3) ctl.abort();
        }
      })(),
    );
    expect(e.code).toBe('Aborted');
    expect(seen.length).toBe(5);
  });

  it('reports a missing bucket as NotFound naming it, and writes nothing', async () => {
    const store = S3Store.fromUrl('s3://no-such-bucket/cat.zarr', { endpoint: s3.endpoint, credentials: CREDS });
    for (const call of [() => store.get('/.zgroup'), () => store.list('/'), () => store.set('/.zgroup', new Uint8Array([1]))]) {
      const e = await caughtZldError(call());
      expect(e.code).toBe('NotFound');
      expect(e.message).toContain('bucket no-such-bucket does not exist');
    }
    await expect(s3.client.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))).rejects.toThrow();
  });

  it('works at the bucket root (no prefix)', async () => {
    const store = S3Store.fromUrl('s3://zld-root', { endpoint: s3.endpoint, credentials: CREDS });
    expect(store.prefix).toBe('');
    await store.set('/.zgroup', new TextEncoder().encode('{}'));
    await store.set('/g/.zgroup', new TextEncoder().encode('{}'));
    expect(await store.list('/')).toEqual({ keys: ['.zgroup'], prefixes: ['g'] });
    const all: string[] = [];
    for await (const k of store.listAll()) all.push(k);
    expect(all.sort()).toEqual(['/.zgroup', '/g/.zgroup']);
    expect(new TextDecoder().decode(await store.getRange('/g/.zgroup', { suffixLength: 1 }))).toBe('}');
  });

  it('refuses writes when read-only', async () => {
    const e = await caughtZldError(storeAt('ro', { readOnly: true }).set('/x', new Uint8Array([1])));
    expect(e.code).toBe('Unsupported');
    expect(await storeAt('ro').get('/x')).toBeUndefined();
  });

  it('reports an unreachable endpoint as Network naming it', async () => {
    const other = await startS3rver();
    const endpoint = other.endpoint;
    await other.stop();
    const e = await caughtZldError(S3Store.fromUrl('s3://zld-test/x', { endpoint, credentials: CREDS, maxAttempts: 2 }).get('/k'));
    expect(e.code).toBe('Network');
    expect(e.message).toContain(endpoint);
  });
});

describe('S3Store against scripted S3-shaped servers', () => {
  const servers: TestServer[] = [];
  afterEach(async () => {
    while (servers.length) await servers.pop()!.stop();
  });
  const serve = async (handler: Parameters<typeof startScriptedServer>[0]) => {
    const s = await startScriptedServer(handler);
    servers.push(s);
    return s;
  };
  const at = (srv: TestServer, opts: S3StoreOptions = {}) =>
    S3Store.fromUrl('s3://bkt/cat.zarr', { endpoint: srv.url, credentials: SECRET, ...opts });
  const ok = (res: import('node:http').ServerResponse, body: string) => {
    res.writeHead(200, { 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  it('maps 403 AccessDenied to AccessDenied naming the object, without credentials or server text', async () => {
    const srv = await serve((_req, res) => s3Error(res, 403, 'AccessDenied', `Access Denied for ${SECRET.accessKeyId}`));
    for (const call of [() => at(srv).get('/.zgroup'), () => at(srv).list('/'), () => at(srv).set('/.zgroup', new Uint8Array([1]))]) {
      const e = await caughtZldError(call());
      expect(e.code).toBe('AccessDenied');
      expect(e.status).toBe(403);
      expect(e.message).toContain('access denied (HTTP 403');
      expect(e.message).toContain('s3://bkt/cat.zarr/');
      expect(e.message).not.toContain(SECRET.accessKeyId);
      expect(e.message).not.toContain(SECRET.secretAccessKey);
      // the cause keeps code and status only: no signed request, no server text
      const cause = JSON.stringify(e.cause, Object.getOwnPropertyNames(e.cause as object));
      expect(cause).not.toContain(SECRET.accessKeyId);
      expect(cause).toContain('AccessDenied');
    }
    // a HEAD (suffix range) has no error body: still AccessDenied
    expect((await caughtZldError(at(srv).getRange('/x', { suffixLength: 2 }))).code).toBe('AccessDenied');
  });

  it('retries 503 SlowDown with backoff, then succeeds', async () => {
    const srv = await serve((_req, res, i) => (i < 2 ? s3Error(res, 503, 'SlowDown', 'Please reduce your request rate.') : ok(res, 'abc')));
    expect(new TextDecoder().decode(await at(srv).get('/k'))).toBe('abc');
    expect(srv.requests.length).toBe(3);
  });

  it('retries a connection reset, then succeeds', async () => {
    const srv = await serve((req, res, i) => (i === 0 ? void req.socket.destroy() : ok(res, 'abc')));
    expect(new TextDecoder().decode(await at(srv).get('/k'))).toBe('abc');
    expect(srv.requests.length).toBe(2);
  });

  it('retries a body cut off after the headers, then returns the whole object', async () => {
    const srv = await serve((req, res, i) => {
      res.writeHead(200, { 'content-length': 10 });
      if (i > 0) return void res.end('0123456789');
      res.write('012');
      setTimeout(() => req.socket.destroy(), 20);
    });
    expect(new TextDecoder().decode(await at(srv).get('/k'))).toBe('0123456789');
    expect(srv.requests.length).toBe(2);
  });

  it('gives up after maxAttempts on a lasting 503, naming status and code', async () => {
    const srv = await serve((_req, res) => s3Error(res, 503, 'SlowDown'));
    const e = await caughtZldError(at(srv, { maxAttempts: 2, fastGet: false }).get('/k'));
    expect(e.code).toBe('Network');
    expect(e.message).toContain('HTTP 503 SlowDown');
    expect(e.message).toContain('s3://bkt/cat.zarr/k');
    expect(`${e.message} ${String(e.cause)}`).not.toContain(SECRET.accessKeyId);
    expect(srv.requests.length).toBe(2);
    // with the light GET (the default for a custom endpoint), its one try comes first: then the SDK's attempts
    const light = await serve((_req, res) => s3Error(res, 503, 'SlowDown'));
    const e2 = await caughtZldError(at(light, { maxAttempts: 2 }).get('/k'));
    expect(e2.message).toContain('HTTP 503 SlowDown');
    expect(light.requests.length).toBe(3);
  });

  it('times out on a server that hangs, naming the key', async () => {
    const srv = await serve(() => undefined);
    const t0 = Date.now();
    const e = await caughtZldError(at(srv, { timeoutMs: 300 }).get('/group/.zarray'));
    expect(e.code).toBe('Timeout');
    expect(e.message).toContain('s3://bkt/cat.zarr/group/.zarray');
    expect(`${e.message} ${String(e.cause)}`).not.toContain(SECRET.accessKeyId);
    expect(Date.now() - t0).toBeLessThan(5000);
    // and nothing is written when a PUT times out
    expect((await caughtZldError(at(srv, { timeoutMs: 300 }).set('/x', new Uint8Array([1])))).code).toBe('Timeout');
  });

  it('sends no Authorization header when anonymous', async () => {
    const srv = await serve((_req, res) => ok(res, '{}'));
    await S3Store.fromUrl('s3://bkt/pub', { endpoint: srv.url, anonymous: true }).get('/.zgroup');
    expect(srv.requests[0]!.headers.authorization).toBeUndefined();
    await at(srv).get('/.zgroup');
    expect(srv.requests[1]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('maps paginated delimiter listings, including folders whose objects all sit deeper', async () => {
    const page = (body: string, next?: string) =>
      `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>bkt</Name>` +
      `<Prefix>cat.zarr/</Prefix><Delimiter>/</Delimiter><MaxKeys>1000</MaxKeys>` +
      `<IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${next ? `<NextContinuationToken>${next}</NextContinuationToken>` : ''}${body}</ListBucketResult>`;
    const srv = await serve((req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      res.setHeader('content-type', 'application/xml');
      if (!q.get('continuation-token')) {
        ok(res, page('<Contents><Key>cat.zarr/.zgroup</Key><Size>2</Size></Contents><CommonPrefixes><Prefix>cat.zarr/deep/</Prefix></CommonPrefixes>', 'tok 1'));
      } else {
        ok(res, page('<Contents><Key>cat.zarr/.zattrs</Key><Size>2</Size></Contents><CommonPrefixes><Prefix>cat.zarr/a b/</Prefix></CommonPrefixes>'));
      }
    });
    expect(await at(srv).list('/')).toEqual({ keys: ['.zattrs', '.zgroup'], prefixes: ['a b', 'deep'] });
    const qs = srv.requests.map((r) => new URL(r.url, 'http://x').searchParams);
    expect(qs.map((q) => [q.get('list-type'), q.get('prefix'), q.get('delimiter'), q.get('continuation-token')])).toEqual([
      ['2', 'cat.zarr/', '/', null],
      ['2', 'cat.zarr/', '/', 'tok 1'],
    ]);
  });

  it('keeps at most maxConcurrency requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const srv = await serve(async (_req, res) => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight--;
      ok(res, 'x');
    });
    const store = at(srv, { maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => store.get(`/c/${i}`)));
    expect(peak).toBe(3);
    expect(srv.requests.length).toBe(12);
  });
});
