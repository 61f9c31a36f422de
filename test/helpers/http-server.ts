/**
 * Small HTTP servers on 127.0.0.1 (free port) for store tests:
 * - {@link startStaticServer}: serves a folder read-only with `Range` support, like a static web host
 *   or an object store's public HTTP face; can instead hang or answer every request with one status.
 * - {@link startScriptedServer}: answers each request with a handler (S3-shaped XML errors, 503 then
 *   success, connection resets), recording what it received.
 *
 * @example
 * ```ts
 * const srv = await startStaticServer('/tmp/cat.zarr');
 * const store = new HttpStore(`${srv.url}/`);
 * await srv.stop();
 * ```
 */
import http from 'node:http';
import type net from 'node:net';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** Requests seen so far (method, decoded path, headers). */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  stop(): Promise<void>;
}

export type ScriptedHandler = (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void | Promise<void>;

/** A server whose answers come from `handler` (called with the 0-based request number). */
export async function startScriptedServer(handler: ScriptedHandler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const index = requests.length;
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    // drain bodies so PUTs complete
    req.resume();
    Promise.resolve(handler(req, res, index)).catch((e) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(e));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answer with an S3-style XML error document. */
export function s3Error(res: http.ServerResponse, status: number, code: string, message = code): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>test</RequestId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export interface StaticServerOptions {
  /** Accept connections but never answer. */
  hang?: boolean;
  /** Answer every request with this status (and an empty body). */
  status?: number;
}

/** Serve `dir` read-only: GET/HEAD, `Range: bytes=a-b | a- | -n`, 404 for missing files and folders. */
export async function startStaticServer(dir: string, opts: StaticServerOptions = {}): Promise<TestServer> {
  const root = await fs.realpath(dir);
  return startScriptedServer(async (req, res) => {
    if (opts.hang) return; // never answer
    if (opts.status !== undefined) {
      res.writeHead(opts.status, { 'content-length': 0 });
      res.end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    const file = path.join(root, ...rel.split('/').filter(Boolean));
    let data: Buffer;
    try {
      const real = await fs.realpath(file);
      if (real !== root && !real.startsWith(root + path.sep)) throw new Error('outside');
      data = await fs.readFile(real);
    } catch {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
      return;
    }
    const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
    if (!range) {
      res.writeHead(200, { 'content-length': data.length, 'accept-ranges': 'bytes' });
      res.end(req.method === 'HEAD' ? undefined : data);
      return;
    }
    let start: number;
    let end: number;
    if (range[1] === '') {
      start = Math.max(0, data.length - Number(range[2]));
      end = data.length - 1;
    } else {
      start = Number(range[1]);
      end = range[2] === '' ? data.length - 1 : Math.min(Number(range[2]), data.length - 1);
    }
    if (start >= data.length || end < start) {
      res.writeHead(416, { 'content-range': `bytes */${data.length}`, 'content-length': 0 });
      res.end();
      return;
    }
    const part = data.subarray(start, end + 1);
    res.writeHead(206, { 'content-length': part.length, 'content-range': `bytes ${start}-${end}/${data.length}` });
    res.end(req.method === 'HEAD' ? undefined : part);
  });
}
