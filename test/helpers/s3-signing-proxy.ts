/**
 * A recording reverse proxy on 127.0.0.1 in front of s3rver (which checks no signatures): it refuses unsigned
 * requests with 403 AccessDenied, requests signed with another key id with 403 InvalidAccessKeyId and
 * requests whose SigV4 signature is not the one computed here from the secret with 403 SignatureDoesNotMatch
 * (all with CORS headers, as S3 answers a browser), passes CORS preflights through, and forwards the requests
 * it verified to s3rver without their Authorization header (s3rver knows only its own keys).
 *
 * @example
 * ```ts
 * const proxy = await startSigningProxy(s3.endpoint, { accessKeyId: 'zld-browser-key', secretAccessKey: 'zld-secret' });
 * // settings: { endpoint: proxy.url, browser: true }
 * expect(proxy.requests.some((r) => r.authorization?.includes('Credential=zld-browser-key/'))).toBe(true);
 * ```
 */
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

export interface ProxiedRequest {
  method: string;
  url: string;
  /** The Authorization header as received (undefined for unsigned requests). */
  authorization?: string;
  securityToken?: string;
  /** What the proxy answered itself (403), or `forwarded` (the signature was verified). */
  outcome: 'forwarded' | 'unsigned' | 'wrong-key' | 'bad-signature';
}

/** `Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex` */
const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

const rfc3986 = (v: string) => encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();

/** Whether a request carries the SigV4 header signature this secret gives (header signing, as the SDK does for S3). */
function signatureMatches(req: http.IncomingMessage, m: RegExpExecArray, secret: string): boolean {
  const [, , date, region, service, signedHeaders, signature] = m as unknown as string[];
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const [pathPart = '/', query = ''] = (req.url ?? '/').split('?');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((x) => rfc3986(decodeURIComponent(x ?? ''))))
    .map(([k, v = '']) => `${k}=${v}`)
    .sort()
    .join('&');
  const headers = signedHeaders!.split(';').map((h) => `${h}:${String(req.headers[h] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payload = String(req.headers['x-amz-content-sha256'] ?? 'UNSIGNED-PAYLOAD');
  const canonical = [req.method, pathPart, canonicalQuery, headers, signedHeaders, payload].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  return hmac(key, toSign).toString('hex') === signature;
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

export async function startSigningProxy(target: string, keys: { accessKeyId: string; secretAccessKey: string }): Promise<SigningProxy> {
  const upstream = new URL(target);
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const authorization = req.headers.authorization;
    const securityToken = req.headers['x-amz-security-token'] as string | undefined;
    const record = (outcome: ProxiedRequest['outcome']) => requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', authorization, securityToken, outcome });
    if (req.method !== 'OPTIONS') {
      const m = AUTH.exec(authorization ?? '');
      const refused = !m ? (['unsigned', 'AccessDenied'] as const) : m[1] !== keys.accessKeyId ? (['wrong-key', 'InvalidAccessKeyId'] as const) : undefined;
      const bad = !refused && !signatureMatches(req, m!, keys.secretAccessKey);
      if (refused || bad) {
        const [outcome, code] = refused ?? (['bad-signature', 'SignatureDoesNotMatch'] as const);
        record(outcome);
        req.resume();
        return refuse(req, res, code);
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
