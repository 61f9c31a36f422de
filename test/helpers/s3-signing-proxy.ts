/**
 * A recording reverse proxy on 127.0.0.1 in front of s3rver (which checks no signatures): it refuses unsigned
 * requests with 403 AccessDenied and requests signed with another key id with 403 InvalidAccessKeyId (both
 * with CORS headers, as S3 answers a browser), passes CORS preflights through, and forwards requests signed
 * with SigV4 for `keyId` to s3rver without their Authorization header (s3rver knows only its own keys).
 *
 * @example
 * ```ts
 * const proxy = await startSigningProxy(s3.endpoint, 'zld-browser-key');
 * // settings: { endpoint: proxy.url, browser: true }
 * expect(proxy.requests.some((r) => r.authorization?.includes('Credential=zld-browser-key/'))).toBe(true);
 * ```
 */
import http from 'node:http';
import type net from 'node:net';

export interface ProxiedRequest {
  method: string;
  url: string;
  /** The Authorization header as received (undefined for unsigned requests). */
  authorization?: string;
  securityToken?: string;
  /** What the proxy answered itself (403), or `forwarded`. */
  outcome: 'forwarded' | 'unsigned' | 'wrong-key';
}

export interface SigningProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: ProxiedRequest[];
  stop(): Promise<void>;
}

function refuse(req: http.IncomingMessage, res: http.ServerResponse, code: string): void {
  const origin = req.headers.origin;
  res.writeHead(403, {
    'Content-Type': 'application/xml',
    ...(origin ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': 'ETag, Content-Range', Vary: 'Origin' } : {}),
  });
  res.end(req.method === 'HEAD' ? undefined : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>refused by the test proxy</Message></Error>`);
}

export async function startSigningProxy(target: string, keyId: string): Promise<SigningProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const authorization = req.headers.authorization;
    const securityToken = req.headers['x-amz-security-token'] as string | undefined;
    const record = (outcome: ProxiedRequest['outcome']) => requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorization, securityToken, outcome });
    if (req.method !== 'OPTIONS') {
      if (!authorization?.startsWith('AWS4-HMAC-SHA256 Credential=')) {
        record('unsigned');
        req.resume();
        return refuse(req, res, 'AccessDenied');
      }
      if (!authorization.startsWith(`AWS4-HMAC-SHA256 Credential=${keyId}/`)) {
        record('wrong-key');
        req.resume();
        return refuse(req, res, 'InvalidAccessKeyId');
      }
      record('forwarded');
    }
    const headers = { ...req.headers, host: upstream.host };
    delete headers.authorization;
    delete headers['x-amz-security-token'];
    const out = http.request({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
