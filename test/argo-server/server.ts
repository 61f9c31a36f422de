/**
 * A test Argo Server on 127.0.0.1 that serves the real API contract (Argo Workflows v4.1.2 swagger.json):
 * requests are validated as grpc-gateway does (400 `{"code":3,"message":...}`), manifests against
 * schema.json and Argo's own checks, tokens are checked (401), namespaces the token may not use are
 * refused (403), and every answer is checked against swagger.json (`responseErrors`).
 *
 * @example
 * ```ts
 * const argo = await startArgoServer({ tickMs: 20 });
 * const env = argo.env; // { ARGO_SERVER: '127.0.0.1:PORT', ARGO_TOKEN: 'Bearer ...', ARGO_SECURE: 'false', ARGO_NAMESPACE: 'argo' }
 * // ... run the client against it ...
 * expect(argo.responseErrors).toEqual([]);
 * await argo.close();
 * ```
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { loadContract, type Route } from './contract.js';
import { Engine } from './engine.js';
import { ArgoError } from './errors.js';
import { handlers } from './handlers.js';
import { openStream, serveLogs, serveWatch } from './streams.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TokenGrant {
  /** Namespaces the token may use, or `'*'` for all. */
  namespaces: string[] | '*';
  /** Service account name shown in 403 messages. */
  subject?: string;
}

export interface ArgoServerOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Accepted tokens (without `Bearer `). Default: one random token allowed in `namespace`. */
  tokens?: Record<string, TokenGrant>;
  /** Tokens that were valid once: answered with 401 like any unknown token. */
  expiredTokens?: string[];
  /** Default namespace (default `argo`). */
  namespace?: string;
  /** Simulation step (default 100 ms). */
  tickMs?: number;
  /** SSE keep-alive interval (default 15 s, as the real server). */
  keepAliveMs?: number;
  /** On a watch that resumes from a resourceVersion, also resend this many earlier events (tests de-duplication). */
  watchReplay?: number;
  /** Serve the API under this path prefix (what ARGO_BASE_HREF points at behind a proxy), e.g. `/argo/`. */
  baseHref?: string;
  /** Serve https with this key and certificate (PEM) instead of plain http. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  workflowTemplates?: Json[];
  clusterWorkflowTemplates?: Json[];
  cronWorkflows?: Json[];
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status?: number;
}

export interface ArgoServerHandle {
  url: string;
  port: number;
  /** The first configured token (without `Bearer `). */
  token: string;
  namespace: string;
  /** What a shell or a client needs: ARGO_SERVER, ARGO_TOKEN, ARGO_SECURE (false unless `tls`), ARGO_NAMESPACE. */
  env: Record<string, string>;
  engine: Engine;
  requests: RecordedRequest[];
  /** Answers that did not validate against swagger.json (should stay empty). */
  responseErrors: string[];
  /** Cut every open stream (watch, logs) as a dropped connection would; returns how many. */
  dropStreams(): number;
  close(): Promise<void>;
}

const VERBS: [RegExp, string][] = [
  [/_List/, 'list'],
  [/_Get|Logs$/, 'get'],
  [/_Watch/, 'watch'],
  [/_(Create|Submit)/, 'create'],
  [/_Delete/, 'delete'],
  [/_Lint/, 'create'],
];

function resourceOf(route: Route): string {
  const svc = route.operationId.split('_')[0]!;
  if (/Logs$/.test(route.operationId)) return 'pods/log';
  return `${svc.replace(/Service$/, '').toLowerCase()}s`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startArgoServer(opts: ArgoServerOptions = {}): Promise<ArgoServerHandle> {
  const contract = loadContract();
  const namespace = opts.namespace ?? 'argo';
  const tokens = opts.tokens ?? { [`zld-test-${randomBytes(12).toString('hex')}`]: { namespaces: [namespace], subject: 'zld' } };
  const expired = new Set(opts.expiredTokens ?? []);
  const engine = new Engine({ tickMs: opts.tickMs });
  const seed = (list: Json[] | undefined, target: Map<string, Json>, kind: string) => {
    const cluster = kind === 'ClusterWorkflowTemplate';
    for (const o of list ?? []) {
      const errors = contract.checkManifest(kind, o);
      if (errors.length) throw new Error(`seed ${kind} ${o.metadata?.name}: ${errors[0]!.instancePath} ${errors[0]!.message}`);
      const obj = engine.stampNew(structuredClone(o), cluster ? undefined : (o.metadata?.namespace ?? namespace));
      target.set(cluster ? obj.metadata.name : `${obj.metadata.namespace}/${obj.metadata.name}`, obj);
    }
  };
  seed(opts.workflowTemplates, engine.templates, 'WorkflowTemplate');
  seed(opts.clusterWorkflowTemplates, engine.clusterTemplates, 'ClusterWorkflowTemplate');
  seed(opts.cronWorkflows, engine.cronWorkflows, 'CronWorkflow');
  const requests: RecordedRequest[] = [];
  const responseErrors: string[] = [];
  const streams = new Set<ServerResponse>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, route?: Route) => {
    if (route) responseErrors.push(...contract.checkResponse(route, status, body));
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const authorize = (req: IncomingMessage, route: Route): void => {
    const header = String(req.headers.authorization ?? '');
    const token = header.replace(/^Bearer\s+/i, '');
    const grant = tokens[token];
    if (!header || !grant || expired.has(token)) throw ArgoError.unauthenticated();
    const ns = route.params.namespace;
    if (ns && grant.namespaces !== '*' && !grant.namespaces.includes(ns)) {
      const verb = VERBS.find(([re]) => re.test(route.operationId))?.[1] ?? 'update';
      throw ArgoError.forbidden(
        `${resourceOf(route)}.argoproj.io is forbidden: User "system:serviceaccount:${namespace}:${grant.subject ?? 'default'}" cannot ${verb} resource "${resourceOf(route)}" in API group "argoproj.io" in the namespace "${ns}"`,
      );
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams) };
    const prefix = opts.baseHref ? `/${opts.baseHref.replace(/^\/+|\/+$/g, '')}` : '';
    if (prefix && (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) url.pathname = url.pathname.slice(prefix.length) || '/';
    else if (prefix) url.pathname = '/not-under-base-href';
    requests.push(rec);
    const raw = await readBody(req);
    const route = contract.match(rec.method, url.pathname);
    try {
      if (!route) {
        rec.status = 404;
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('404 page not found\n');
        return;
      }
      authorize(req, route);
      contract.checkPath(route);
      const query = contract.parseQuery(route, url.searchParams);
      const body = contract.parseBody(route, raw);
      if (route.operationId === 'WorkflowService_WatchWorkflows' || /Service_(Pod|Workflow)Logs$/.test(route.operationId)) {
        const isWatch = route.operationId === 'WorkflowService_WatchWorkflows';
        if (!isWatch && !engine.workflows.has(`${route.params.namespace}/${route.params.name}`)) {
          throw ArgoError.notFound(`workflows.argoproj.io "${route.params.name}" not found`);
        }
        rec.status = 200;
        const out = openStream(req, res, {
          keepAliveMs: opts.keepAliveMs ?? 15_000,
          onMessage: (m) => responseErrors.push(...contract.checkResponse(route, 200, m)),
          track: (r) => (streams.add(r), () => streams.delete(r)),
        });
        if (isWatch) serveWatch(engine, route.params.namespace!, query, out, opts.watchReplay ?? 0);
        else serveLogs(engine, route.params, query, out);
        return;
      }
      const handler = handlers[route.operationId];
      if (!handler) throw new ArgoError(12, `${route.operationId} is not implemented by the zld test Argo server`);
      const answer = handler({ params: route.params, query, body, engine, contract, version: 'v4.1.2' });
      rec.status = 200;
      sendJson(res, 200, answer, route);
    } catch (e) {
      const err = e instanceof ArgoError ? e : new ArgoError(13, String((e as Error)?.message ?? e));
      rec.status = err.status;
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(res, err.status, err.body(), route);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => void handle(req, res);
  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  engine.start();
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  const token = Object.keys(tokens)[0]!;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    port,
    token,
    namespace,
    env: {
      ARGO_SERVER: `${host}:${port}`,
      ARGO_TOKEN: `Bearer ${token}`,
      ARGO_SECURE: opts.tls ? 'true' : 'false',
      ARGO_NAMESPACE: namespace,
      ...(opts.baseHref ? { ARGO_BASE_HREF: opts.baseHref } : {}),
    },
    engine,
    requests,
    responseErrors,
    dropStreams() {
      const n = streams.size;
      for (const r of [...streams]) r.socket?.destroy();
      return n;
    },
    async close() {
      engine.stop();
      for (const r of [...streams]) r.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
