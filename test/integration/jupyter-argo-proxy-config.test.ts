/**
 * How the zld Jupyter server extension finds Argo, as the argo CLI does: the pod's service-account token and
 * namespace files (read on every request, so a rotated token is used at once), ARGO_BASE_HREF, ARGO_TOKEN
 * without `Bearer `, https with a self-signed certificate (refused unless ARGO_INSECURE_SKIP_VERIFY=true),
 * and a malformed ARGO_SERVER. Real jupyter-server 1.23 in front of the test Argo server.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoClient, ArgoConnection } from '../../core/src/index.js';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { demoSeeds } from '../argo-server/fixtures.js';
import { caughtZldError } from '../helpers/errors.js';
import { startJupyterServer, type JupyterServerHandle } from '../helpers/jupyter-server.js';
import { repoRoot } from '../helpers/paths.js';

const PYTHONPATH = path.join(repoRoot, 'jupyterlab-ext', 'python');
const ARGS = ['--ServerApp.jpserver_extensions=zld_jupyterlab=True'];
const SA_TOKEN = 'zld-service-account-token-19f0a2';
const ROTATED = 'zld-rotated-service-account-token-6b3c';

function through(jupyter: JupyterServerHandle, namespace = 'argo'): ArgoClient {
  return new ArgoClient(new ArgoConnection({ baseUrl: `${jupyter.baseUrl}zld/argo/`, namespace }), {
    fetch: (url, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `token ${jupyter.token}`);
      return fetch(url, { ...init, headers });
    },
  });
}

async function config(jupyter: JupyterServerHandle): Promise<Record<string, unknown>> {
  const res = await fetch(`${jupyter.baseUrl}zld/argo/config`, { headers: { Authorization: `token ${jupyter.token}` } });
  return (await res.json()) as Record<string, unknown>;
}

describe('the Jupyter Argo proxy configured like the argo CLI', () => {
  let dir: string;
  let argo: ArgoServerHandle;
  let tls: ArgoServerHandle;
  const servers: JupyterServerHandle[] = [];
  const jupyter = async (env: Record<string, string>, basePath?: string) => {
    const j = await startJupyterServer({ env: { PYTHONPATH, ARGO_TOKEN: '', ARGO_NAMESPACE: '', ARGO_BASE_HREF: '', ...env }, args: ARGS, basePath });
    servers.push(j);
    return j;
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-argo-proxy-cfg-'));
    argo = await startArgoServer({
      tickMs: 20,
      baseHref: '/argo/',
      namespace: 'lab',
      tokens: { [SA_TOKEN]: { namespaces: ['lab'] }, [ROTATED]: { namespaces: ['lab'] } },
      ...demoSeeds('lab'),
    });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    tls = await startArgoServer({ tickMs: 20, tls: { key: await fs.readFile(path.join(dir, 'key.pem')), cert: await fs.readFile(path.join(dir, 'cert.pem')) }, ...demoSeeds() });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await argo?.close();
    await tls?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('uses the service-account token and namespace files under ARGO_BASE_HREF, reading the token on every request', async () => {
    const sa = path.join(dir, 'serviceaccount');
    await fs.mkdir(sa);
    await fs.writeFile(path.join(sa, 'token'), `${SA_TOKEN}\n`);
    await fs.writeFile(path.join(sa, 'namespace'), 'lab\n');
    const j = await jupyter({ ARGO_SERVER: `127.0.0.1:${argo.port}`, ARGO_SECURE: 'false', ARGO_BASE_HREF: 'argo', ZLD_ARGO_SERVICE_ACCOUNT_DIR: sa });
    expect(await config(j)).toMatchObject({ configured: true, server: `http://127.0.0.1:${argo.port}/argo`, namespace: 'lab', tokenSource: 'service-account' });
    const client = through(j, 'lab');
    const wf = await client.submit('WorkflowTemplate', 'hello', { parameters: { message: 'from the pod' } });
    expect(argo.requests.some((r) => r.path === '/argo/api/v1/workflows/lab/submit' && r.status === 200)).toBe(true);
    // the kubelet rotates projected tokens: the next request uses the new file content
    await fs.writeFile(path.join(sa, 'token'), ROTATED);
    expect((await client.get(wf.metadata.name!)).metadata.name).toBe(wf.metadata.name);
    await fs.writeFile(path.join(sa, 'token'), 'revoked-token-000');
    const refused = await caughtZldError(client.list());
    expect(refused.status).toBe(401);
    expect(j.log()).not.toContain(SA_TOKEN);
    expect(j.log()).not.toContain(ROTATED);
  }, 60_000);

  it('accepts ARGO_TOKEN without "Bearer "', async () => {
    const j = await jupyter({ ARGO_SERVER: `127.0.0.1:${argo.port}`, ARGO_SECURE: 'false', ARGO_BASE_HREF: '/argo/', ARGO_NAMESPACE: 'lab', ARGO_TOKEN: SA_TOKEN });
    expect(await config(j)).toMatchObject({ tokenSource: 'env', namespace: 'lab' });
    await through(j, 'lab').list();
    // accepted: the test server answers 401 to a token it does not know
    expect(argo.requests.at(-1)).toMatchObject({ method: 'GET', path: '/argo/api/v1/workflows/lab', status: 200 });
  }, 60_000);

  it('refuses a self-signed certificate unless ARGO_INSECURE_SKIP_VERIFY=true, then streams over https', async () => {
    const checked = await jupyter({ ...tls.env });
    const e = await caughtZldError(through(checked).list());
    expect(e.status).toBe(502);
    expect(e.message).toMatch(new RegExp(`cannot reach the Argo Server at https://127\\.0\\.0\\.1:${tls.port}: .*(CERTIFICATE|certificate)`));
    const skipping = await jupyter({ ...tls.env, ARGO_INSECURE_SKIP_VERIFY: 'true' });
    const cfg = await config(skipping);
    expect(cfg.warnings).toEqual([`ARGO_INSECURE_SKIP_VERIFY=true: the TLS certificate of 127.0.0.1:${tls.port} is not checked`]);
    const client = through(skipping);
    const wf = await client.submit('WorkflowTemplate', 'hello', { parameters: { message: 'over tls' } });
    const events = [];
    for await (const ev of client.watchWorkflow(wf.metadata.name!)) events.push(ev);
    expect(events.at(-1)?.object?.status?.phase).toBe('Succeeded');
  }, 60_000);

  it('serves under a JupyterHub base URL (/user/NAME/), streams included', async () => {
    const j = await jupyter({ ARGO_SERVER: `127.0.0.1:${argo.port}`, ARGO_SECURE: 'false', ARGO_BASE_HREF: 'argo', ARGO_NAMESPACE: 'lab', ARGO_TOKEN: SA_TOKEN }, '/user/alice/');
    expect(j.baseUrl).toMatch(/\/user\/alice\/$/);
    expect(await config(j)).toMatchObject({ configured: true, namespace: 'lab' });
    const client = through(j, 'lab');
    const wf = await client.submit('WorkflowTemplate', 'hello', { parameters: { message: 'hub' } });
    const events = [];
    for await (const ev of client.watchWorkflow(wf.metadata.name!)) events.push(ev);
    expect(events.at(-1)?.object?.status?.phase).toBe('Succeeded');
    const logs = [];
    for await (const l of client.logs(wf.metadata.name!)) logs.push(l.content);
    expect(logs).toContain('hub');
    // nothing outside the base URL
    const outside = await fetch(`${new URL(j.baseUrl).origin}/zld/argo/config`, { headers: { Authorization: `token ${j.token}` } });
    expect(outside.status).toBe(404);
  }, 60_000);

  it('names the variable when ARGO_SERVER is malformed', async () => {
    const j = await jupyter({ ARGO_SERVER: 'argo.lab:notaport' });
    const e = await caughtZldError(through(j).list());
    expect(e.status).toBe(503);
    expect(e.message).toContain('ARGO_SERVER=argo.lab:notaport is not host:port');
  }, 60_000);
});
