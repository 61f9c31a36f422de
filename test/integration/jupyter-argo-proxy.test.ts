/**
 * The zld Jupyter server extension's Argo proxy (`jupyterlab-ext/python/zld_jupyterlab`) in a real
 * jupyter-server 1.23 (Debian), in front of the test Argo server: core's ArgoClient goes through
 * `<base>zld/argo/` exactly as the JupyterLab front end does (Jupyter token, no Argo token in the client).
 * Checks the streams arrive piece by piece, errors keep Argo's status and message, the token never leaks,
 * XSRF is enforced and no other host can be reached.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoClient, ArgoConnection, type WorkflowWatchEvent } from '../../core/src/index.js';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { demoSeeds } from '../argo-server/fixtures.js';
import { caughtZldError } from '../helpers/errors.js';
import { startJupyterServer, type JupyterServerHandle } from '../helpers/jupyter-server.js';
import { repoRoot } from '../helpers/paths.js';
import { freePort } from '../helpers/s3rver.js';

const EXTENSION_ARGS = ['--ServerApp.jpserver_extensions', 'zld_jupyterlab=True', '--ServerApp.log_level=DEBUG'];
const PYTHONPATH = path.join(repoRoot, 'jupyterlab-ext', 'python');
const ARGO_TOKEN = 'zld-proxy-secret-token-5b1e0c7d9a';
const USER_TOKEN = 'zld-typed-in-token-a8f2c6e4d0';
const EXPIRED = 'zld-expired-token-3c9d1e7f20';

const slowEcho = (name: string, steps: number) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: ${name}-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
${Array.from({ length: steps }, (_, i) => `        - - name: step${i}\n            template: say\n            arguments: {parameters: [{name: n, value: "${i}"}]}`).join('\n')}
    - name: say
      inputs: {parameters: [{name: n}]}
      container: {image: busybox, command: [echo], args: ["line {{inputs.parameters.n}}"]}
`;

/** Everything the proxy sent back, to look for tokens in. */
const seen: string[] = [];

function clientThrough(jupyter: JupyterServerHandle, namespace: string, argoToken?: string): ArgoClient {
  const connection = new ArgoConnection({ baseUrl: `${jupyter.baseUrl}zld/argo/`, namespace });
  return new ArgoClient(connection, {
    async fetch(url, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `token ${jupyter.token}`);
      if (argoToken) headers.set('X-Zld-Argo-Token', argoToken);
      const res = await fetch(url, { ...init, headers });
      seen.push([...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n'));
      if (res.body && !(res.headers.get('content-type') ?? '').includes('event-stream') && !url.includes('/log')) {
        const text = await res.text();
        seen.push(text);
        return new Response(text, { status: res.status, headers: res.headers });
      }
      return res;
    },
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('Argo through the zld Jupyter server extension', () => {
  let argo: ArgoServerHandle;
  let jupyter: JupyterServerHandle;
  let client: ArgoClient;

  beforeAll(async () => {
    argo = await startArgoServer({
      tickMs: 120,
      keepAliveMs: 60_000,
      tokens: { [ARGO_TOKEN]: { namespaces: ['argo'], subject: 'zld' }, [USER_TOKEN]: { namespaces: ['argo'], subject: 'user' } },
      expiredTokens: [EXPIRED],
      ...demoSeeds('argo'),
    });
    // plain calls are cut after 3 s here (1 s failed a create on a loaded CI machine); watch and log streams must not be
    jupyter = await startJupyterServer({ env: { ...argo.env, ARGO_TOKEN: `Bearer ${ARGO_TOKEN}`, PYTHONPATH, ZLD_ARGO_PROXY_TIMEOUT: '3' }, args: EXTENSION_ARGS });
    client = clientThrough(jupyter, 'argo');
  }, 60_000);
  afterAll(async () => {
    await jupyter?.stop();
    await argo?.close();
  });

  const api = (p: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('Authorization')) headers.set('Authorization', `token ${jupyter.token}`);
    return fetch(`${jupyter.baseUrl}${p}`, { ...init, headers });
  };

  it('tells where Argo is, the namespace and where the token comes from, never the token', async () => {
    const res = await api('zld/argo/config');
    const text = await res.text();
    seen.push(text);
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ configured: true, server: `http://${argo.env.ARGO_SERVER}`, namespace: 'argo', tokenSource: 'env' });
    expect(text).not.toContain(ARGO_TOKEN);
  });

  it('creates, lists, gets, watches live, reads logs and deletes through the proxy', async () => {
    const wf = await client.create(slowEcho('proxied', 4), { source: 'proxied.yaml' });
    const name = wf.metadata.name!;
    expect(name).toMatch(/^proxied-/);
    expect((await client.list()).items.map((w) => w.metadata.name)).toContain(name);
    const arrivals: Array<{ at: number; phase: string }> = [];
    const t0 = Date.now();
    for await (const ev of client.watchWorkflow(name)) arrivals.push({ at: Date.now() - t0, phase: ev.object?.status?.phase ?? '(new)' });
    expect(arrivals.map((a) => a.phase)).toContain('Running');
    expect(arrivals[arrivals.length - 1]!.phase).toBe('Succeeded');
    // streamed as it happens: the first event came long before the last (4 steps x 120 ms ticks), not all at the end
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivals[arrivals.length - 1]!.at - arrivals[0]!.at).toBeGreaterThan(300);
    const got = await client.get(name);
    expect(got.status?.progress).toBe('4/4');
    const lines = await collect(client.logs(name));
    expect(lines.map((l) => l.content).filter((c) => c.startsWith('line ')).sort()).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
    const ndjson = await collect(client.logs(name, { format: 'ndjson', grep: 'line 2' }));
    expect(ndjson.map((l) => l.content)).toEqual(['line 2']);
    await client.delete(name);
    expect((await caughtZldError(client.get(name))).code).toBe('NotFound');
    expect(argo.responseErrors).toEqual([]);
  });

  it('follows logs while the workflow runs, and stops and terminates workflows', async () => {
    const wf = await client.create(slowEcho('followed', 3));
    const t0 = Date.now();
    const times: number[] = [];
    for await (const l of client.logs(wf.metadata.name!, { follow: true })) {
      if (/^line \d$/.test(l.content)) times.push(Date.now() - t0);
    }
    expect(times).toHaveLength(3);
    expect(times[2]! - times[0]!).toBeGreaterThan(150);
    const long = await client.create(slowEcho('stopped', 30));
    await client.stop(long.metadata.name!, { message: 'enough' });
    const stopped = (await collect(client.watchWorkflow(long.metadata.name!))).pop()!.object!;
    expect(stopped.spec?.shutdown).toBe('Stop');
    expect(['Failed', 'Succeeded']).toContain(stopped.status?.phase);
    const other = await client.create(slowEcho('terminated', 30));
    await client.terminate(other.metadata.name!);
    expect((await client.get(other.metadata.name!)).spec?.shutdown).toBe('Terminate');
  });

  it('keeps watch and log streams open past the timeout of plain calls', async () => {
    const wf = await client.create(slowEcho('long', 40)); // about 5 s at 120 ms per step
    const reconnects: string[] = [];
    const t0 = Date.now();
    const events = await collect(client.watchWorkflow(wf.metadata.name!, { onReconnect: (i) => reconnects.push(i.reason) }));
    expect(Date.now() - t0).toBeGreaterThan(3500);
    expect(events.at(-1)?.object?.status?.phase).toBe('Succeeded');
    expect(reconnects).toEqual([]);
    const followed = await collect(client.logs((await client.create(slowEcho('long-logs', 32))).metadata.name!, { follow: true }));
    expect(followed.filter((l) => l.content.startsWith('line ')).length).toBe(32);
  });

  it('closes the upstream stream when the browser goes away, even while the stream is idle', async () => {
    // a watch for a workflow that does not exist: nothing comes (keep-alives only every 60 s)
    const ctrl = new AbortController();
    const requestsBefore = argo.requests.length;
    const watching = (async () => {
      for await (const ev of client.watch({ signal: ctrl.signal, fieldSelector: 'metadata.name=nothing-here' })) throw new Error(`unexpected ${ev.type}`);
    })().catch((e: unknown) => e);
    for (let i = 0; i < 100 && !argo.requests.slice(requestsBefore).some((r) => r.path.includes('workflow-events')); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    ctrl.abort();
    expect(String(await watching)).toContain('cancelled');
    // the proxy saw the browser close and closed its connection to Argo: no stream is left open there
    await new Promise((r) => setTimeout(r, 500));
    expect(argo.dropStreams()).toBe(0);
  });

  it('passes 401 through with the token guidance when the typed-in token is wrong, and uses a good one', async () => {
    const wrong = clientThrough(jupyter, 'argo', EXPIRED);
    const e = await caughtZldError(wrong.list());
    expect(e.status).toBe(401);
    expect(e.code).toBe('AccessDenied');
    expect(e.message).toContain('token not valid');
    expect(e.message).toContain('did not accept the token');
    const typed = clientThrough(jupyter, 'argo', USER_TOKEN);
    const wf = await typed.submit('WorkflowTemplate', 'hello', { parameters: { message: 'typed' } });
    expect((await typed.get(wf.metadata.name!)).metadata.name).toBe(wf.metadata.name);
  });

  it('passes 403 through naming the namespace, and 404/409 with Argo\'s message', async () => {
    const e = await caughtZldError(client.list({ namespace: 'prod' }));
    expect(e.status).toBe(403);
    expect(e.message).toContain('namespace "prod"');
    const missing = await caughtZldError(client.get('no-such-workflow'));
    expect(missing.code).toBe('NotFound');
    expect(missing.message).toContain('workflows.argoproj.io "no-such-workflow" not found');
    const bad = await caughtZldError(client.create({ metadata: { name: 'twice' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox' } }] } }).then(() =>
      client.create({ metadata: { name: 'twice' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox' } }] } }),
    ));
    expect(bad.code).toBe('Conflict');
  });

  it('rejects non-GET requests without the Jupyter token or the XSRF token', async () => {
    const body = JSON.stringify({ namespace: 'argo', resourceKind: 'WorkflowTemplate', resourceName: 'hello', submitOptions: { parameters: ['message=x'] } });
    const before = argo.requests.length;
    const anonymous = await fetch(`${jupyter.baseUrl}zld/argo/api/v1/workflows/argo/submit`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    expect(anonymous.status).toBe(403);
    const anonymousGet = await fetch(`${jupyter.baseUrl}zld/argo/api/v1/workflows/argo`);
    expect(anonymousGet.status).toBe(403);
    // a logged-in browser (cookie) without the XSRF token: refused
    const login = await api('api/status');
    const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    expect(cookie).toContain('username-');
    const noXsrf = await fetch(`${jupyter.baseUrl}zld/argo/api/v1/workflows/argo/submit`, { method: 'POST', body, headers: { Cookie: cookie, 'Content-Type': 'application/json' } });
    expect(noXsrf.status).toBe(403);
    expect(argo.requests.length).toBe(before);
    // with the XSRF cookie and header, as JupyterLab's ServerConnection sends them: accepted
    const xsrf = 'zld-test-xsrf-2f6c';
    const ok = await fetch(`${jupyter.baseUrl}zld/argo/api/v1/workflows/argo/submit`, {
      method: 'POST',
      body,
      headers: { Cookie: `${cookie}; _xsrf=${xsrf}`, 'X-XSRFToken': xsrf, 'Content-Type': 'application/json' },
    });
    expect(ok.status).toBe(200);
  });

  it('reaches no host but ARGO_SERVER, whatever the path, query or headers say', async () => {
    const hits: string[] = [];
    const other = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url}`);
      res.end('other');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', () => r()));
    const port = (other.address() as AddressInfo).port;
    const elsewhere = `127.0.0.1:${port}`;
    const attempts = [
      `zld/argo/api/v1/..%2F..%2F..%2F`,
      `zld/argo/api/v1/%2e%2e/%2e%2e/x`,
      `zld/argo/api/v1//${elsewhere}/api/v1/workflows/argo`,
      `zld/argo/api/v1/http:%2F%2F${elsewhere}%2Fapi`,
      `zld/argo/api/v1/@${elsewhere}/x`,
      `zld/argo/api/v1/workflows/argo?url=http://${elsewhere}/&server=${elsewhere}`,
    ];
    const before = argo.requests.length;
    for (const p of attempts) {
      const res = await fetch(`${jupyter.baseUrl}${p}`, {
        headers: { Authorization: `token ${jupyter.token}`, 'X-Forwarded-Host': elsewhere, 'X-Argo-Server': elsewhere, Forwarded: `host=${elsewhere}` },
      });
      const text = await res.text();
      expect(text).not.toBe('other');
    }
    other.close();
    expect(hits).toEqual([]);
    // what did reach Argo stayed under /api/v1/
    for (const r of argo.requests.slice(before)) expect(r.path.startsWith('/api/v1/')).toBe(true);
  });

  it('never shows the server token or a typed-in token in answers, headers or the server log', async () => {
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    for (const secret of [ARGO_TOKEN, USER_TOKEN, EXPIRED]) {
      expect(all).not.toContain(secret);
      expect(jupyter.log()).not.toContain(secret);
    }
    expect(jupyter.log()).toContain('/zld/argo/api/v1/workflows/argo');
  });

  it('says clearly when ARGO_SERVER is not set or Argo cannot be reached', async () => {
    const bare = await startJupyterServer({ env: { PYTHONPATH, ARGO_SERVER: '', ARGO_TOKEN: '' }, args: EXTENSION_ARGS });
    const closedPort = await freePort();
    const dead = await startJupyterServer({ env: { PYTHONPATH, ARGO_SERVER: `127.0.0.1:${closedPort}`, ARGO_SECURE: 'false', ARGO_TOKEN: ARGO_TOKEN }, args: EXTENSION_ARGS });
    try {
      const cfg = await (await fetch(`${bare.baseUrl}zld/argo/config`, { headers: { Authorization: `token ${bare.token}` } })).json();
      expect(cfg).toMatchObject({ configured: false, server: null, tokenSource: 'none' });
      const none = await caughtZldError(clientThrough(bare, 'argo').list());
      expect(none.status).toBe(503);
      expect(none.message).toContain('no Argo Server is configured on the Jupyter server: set ARGO_SERVER');
      const down = await caughtZldError(clientThrough(dead, 'argo').list());
      expect(down.status).toBe(502);
      expect(down.message).toContain(`cannot reach the Argo Server at http://127.0.0.1:${closedPort}`);
      expect(down.message).not.toContain(ARGO_TOKEN);
      expect(dead.log()).not.toContain(ARGO_TOKEN);
    } finally {
      await bare.stop();
      await dead.stop();
    }
  }, 60_000);
});
