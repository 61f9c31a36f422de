import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HttpStore } from '../src/store/http.js';
import { startScriptedServer, startStaticServer, type TestServer } from '../../test/helpers/http-server.js';
import { storeContract, caughtZldError, seedFolder } from './store-contract.js';


storeContract(
  'HttpStore',
  async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-http-'));
    const srv = await startStaticServer(dir);
    return {
      store: new HttpStore(`${srv.url}/`),
      seed: (f) => seedFolder(dir, f),
      cleanup: async () => {
        await srv.stop();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  },
  { list: false, write: false },
);


describe('HttpStore against failing servers', () => {
  let dir: string;
  const servers: TestServer[] = [];
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-http-bad-'));
    await seedFolder(dir, { '/cat.zarr/.zgroup': new TextEncoder().encode('{}') });
  });
  afterEach(async () => {
    while (servers.length) await servers.pop()!.stop();
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });
  const start = async (opts: Parameters<typeof startStaticServer>[1]) => {
    const s = await startStaticServer(dir, opts);
    servers.push(s);
    return s;
  };

  it('reads under a base path given without trailing slash, URL-encoding key segments', async () => {
    const srv = await start({});
    const store = new HttpStore(`${srv.url}/cat.zarr`);
    expect(store.url).toBe(`${srv.url}/cat.zarr`);
    expect(new TextDecoder().decode(await store.get('/.zgroup'))).toBe('{}');
    expect(await store.get('/a b/é#?.json')).toBeUndefined();
    expect(srv.requests.at(-1)!.url).toBe('/cat.zarr/a%20b/%C3%A9%23%3F.json');
  });

  it('maps 404 to undefined', async () => {
    const srv = await start({ status: 404 });
    expect(await new HttpStore(srv.url).get('/.zgroup')).toBeUndefined();
  });

  it.each([401, 403])('maps %i to AccessDenied naming the URL, without the credentials in it', async (status) => {
    const srv = await start({ status });
    const url = `http://alice:hunter2@127.0.0.1:${srv.port}/cat.zarr?token=abc123`;
    const e = await caughtZldError(new HttpStore(url).get('/.zgroup'));
    expect(e.code).toBe('AccessDenied');
    expect(e.status).toBe(status);
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.message).toContain(`127.0.0.1:${srv.port}/cat.zarr/.zgroup`);
    for (const secret of ['hunter2', 'alice', 'abc123']) expect(e.message).not.toContain(secret);
    // credentials from the URL were sent as Basic auth
    expect(srv.requests[0]!.headers.authorization).toBe(`Basic ${btoa('alice:hunter2')}`);
  });

  it('maps 500 to Network naming URL and status', async () => {
    const srv = await start({ status: 500 });
    const e = await caughtZldError(new HttpStore(srv.url).get('/.zgroup'));
    expect(e.code).toBe('Network');
    expect(e.message).toContain('HTTP 500');
    expect(e.message).toContain(`${srv.url}/.zgroup`);
  });

  it('maps other statuses to Remote', async () => {
    const srv = await start({ status: 418 });
    const e = await caughtZldError(new HttpStore(srv.url).getRange('/.zgroup', { offset: 0, length: 1 }));
    expect(e.code).toBe('Remote');
    expect(e.message).toContain('HTTP 418');
  });

  it('times out on a server that hangs, naming the key', async () => {
    const srv = await start({ hang: true });
    const t0 = Date.now();
    const e = await caughtZldError(new HttpStore(srv.url, { timeoutMs: 300 }).get('/cat.zarr/.zgroup'));
    expect(e.code).toBe('Timeout');
    expect(e.message).toContain('/cat.zarr/.zgroup');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('cancels a hanging request when the caller aborts', async () => {
    const srv = await start({ hang: true });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 100);
    const e = await caughtZldError(new HttpStore(srv.url, { timeoutMs: 10_000 }).get('/k', { signal: ctl.signal }));
    expect(e.code).toBe('Aborted');
  });

  it('reports an unreachable server as Network', async () => {
    const srv = await start({});
    const url = srv.url;
    await servers.pop()!.stop();
    const e = await caughtZldError(new HttpStore(url).get('/k'));
    expect(e.code).toBe('Network');
    expect(e.message).toContain(url);
  });

  it('slices ranges itself when the server ignores Range', async () => {
    const srv = await startScriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': 10 });
      res.end('0123456789');
    });
    servers.push(srv);
    const store = new HttpStore(srv.url);
    expect(new TextDecoder().decode(await store.getRange('/k', { offset: 3, length: 2 }))).toBe('34');
    expect(new TextDecoder().decode(await store.getRange('/k', { suffixLength: 3 }))).toBe('789');
    expect(srv.requests.map((r) => r.headers.range)).toEqual(['bytes=3-4', 'bytes=-3']);
  });

  it('sends the injected headers and uses the injected fetch', async () => {
    const srv = await start({});
    const seen: string[] = [];
    const store = new HttpStore(`${srv.url}/cat.zarr/`, {
      headers: { authorization: 'Bearer t0ken' },
      fetch: (input, init) => {
        seen.push(String(input));
        return fetch(input, init);
      },
    });
    expect(await store.get('/.zgroup')).toBeDefined();
    expect(seen).toEqual([`${srv.url}/cat.zarr/.zgroup`]);
    expect(srv.requests[0]!.headers.authorization).toBe('Bearer t0ken');
  });

  it('refuses non-http URLs', () => {
    expect(() => new HttpStore('ftp://example.org/x')).toThrow(/http\(s\) URL/);
  });
});
