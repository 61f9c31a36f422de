/**
 * The test Argo server itself, over raw HTTP: it checks requests the way the real server does (query types,
 * bodies against swagger.json, manifests against schema.json) and answers errors, streams and documents in
 * the real shapes, valid against swagger.json. `npm run argo:server` prints the environment to use.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { loadContract } from '../argo-server/contract.js';
import { demoSeeds, helloSpec } from '../argo-server/fixtures.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('test Argo server', () => {
  let argo: ArgoServerHandle;
  const call = (p: string, init: RequestInit & { token?: string | null } = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? argo.token}`;
    return fetch(`${argo.url}${p}`, { ...init, headers });
  };
  const json = async (p: string, init?: Parameters<typeof call>[1]) => {
    const res = await call(p, init);
    return { status: res.status, body: await res.json() };
  };
  const errorSchema = (body: unknown) => loadContract().checkResponse(loadContract().match('GET', '/api/v1/version')!, 500, body);

  beforeAll(async () => {
    argo = await startArgoServer({ tickMs: 10, keepAliveMs: 30, ...demoSeeds() });
  });
  afterAll(async () => {
    await argo?.close();
  });

  it('rejects bad query values and bodies with 400 and grpc-gateway error bodies', async () => {
    const cases: [string, RequestInit, string][] = [
      ['/api/v1/workflows/argo?listOptions.limit=ten', {}, 'type mismatch, parameter: listOptions.limit, error: strconv.ParseInt: parsing "ten": invalid syntax'],
      ['/api/v1/workflows/argo/x/log?logOptions.follow=yes', {}, 'type mismatch, parameter: logOptions.follow, error: strconv.ParseBool: parsing "yes": invalid syntax'],
      ['/api/v1/workflows/argo', { method: 'POST', body: '{"workflow": ' }, 'invalid character in request body'],
      ['/api/v1/workflows/argo', { method: 'POST', body: '{"serverDryRun": "yes"}' }, 'json: cannot unmarshal into Go struct field WorkflowCreateRequest.serverDryRun of type boolean'],
      ['/api/v1/workflows/argo', { method: 'POST', body: '{}' }, 'workflow body not specified'],
      ['/api/v1/workflows/argo', { method: 'POST', body: JSON.stringify({ workflow: { kind: 'Workflow', metadata: {} } }) }, 'spec is required'],
      ['/api/v1/workflows/argo', { method: 'POST', body: JSON.stringify({ workflow: { apiVersion: 'v2', metadata: { name: 'a' }, spec: helloSpec('x') } }) }, 'workflow.apiVersion must be "argoproj.io/v1alpha1"'],
      ['/api/v1/workflows/argo', { method: 'POST', body: JSON.stringify({ workflow: { metadata: {}, spec: helloSpec('x') } }) }, 'name or generateName is required'],
      ['/api/v1/workflows/argo/submit', { method: 'POST', body: JSON.stringify({ resourceKind: 'Pod', resourceName: 'x' }) }, "Resource kind 'Pod' is not supported for submitting"],
      ['/api/v1/workflows/argo?listOptions.labelSelector=a%20in%20b', {}, "unable to parse requirement: found 'a in b'"],
    ];
    for (const [p, init, message] of cases) {
      const r = await json(p, init);
      expect(r.status, p).toBe(400);
      expect(r.body.code).toBe(3);
      expect(r.body.message).toContain(message);
      expect(errorSchema(r.body)).toEqual([]);
    }
  });

  it('accepts what the real server accepts: unknown query keys, numeric parameter values, an empty body', async () => {
    expect((await json('/api/v1/workflows/argo?unknown=1&listOptions.limit=1')).status).toBe(200);
    const spec = helloSpec();
    spec.suspend = true; // stays Running-able but never finishes before the suspend call
    spec.arguments.parameters[0].value = 42;
    const created = await json('/api/v1/workflows/argo', { method: 'POST', body: JSON.stringify({ workflow: { metadata: { generateName: 'n-' }, spec } }) });
    expect(created.status).toBe(200);
    const suspended = await json(`/api/v1/workflows/argo/${created.body.metadata.name}/suspend`, { method: 'PUT', body: '' });
    expect(suspended.status).toBe(200);
    expect(suspended.body.spec.suspend).toBe(true);
  });

  it('answers 401, 403, 404 and 409 as Argo does', async () => {
    const unauth = await json('/api/v1/workflows/argo', { token: null });
    expect(unauth).toEqual({ status: 401, body: { code: 16, message: 'token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/' } });
    expect((await json('/api/v1/workflows/argo', { token: 'wrong' })).status).toBe(401);
    const forbidden = await json('/api/v1/workflow-templates/kube-system');
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({
      code: 7,
      message: 'workflowtemplates.argoproj.io is forbidden: User "system:serviceaccount:argo:zld" cannot list resource "workflowtemplates" in API group "argoproj.io" in the namespace "kube-system"',
    });
    expect(await json('/api/v1/workflow-templates/argo/missing')).toEqual({ status: 404, body: { code: 5, message: 'workflowtemplates.argoproj.io "missing" not found' } });
    const tmpl = { metadata: { name: 'hello' }, spec: helloSpec() };
    expect(await json('/api/v1/workflow-templates/argo', { method: 'POST', body: JSON.stringify({ template: tmpl }) })).toEqual({
      status: 409,
      body: { code: 6, message: 'workflowtemplates.argoproj.io "hello" already exists' },
    });
    expect((await json('/api/v1/sensors/argo')).status).toBe(501);
  });

  it('streams watch events as SSE with the trailing space and keep-alives, and as NDJSON otherwise', async () => {
    const created = await json('/api/v1/workflows/argo/submit', { method: 'POST', body: JSON.stringify({ resourceKind: 'WorkflowTemplate', resourceName: 'hello', submitOptions: { parameters: ['message=wire'] } }) });
    const name = created.body.metadata.name as string;
    const read = async (accept: string) => {
      const ctl = new AbortController();
      const res = await call(`/api/v1/workflow-events/argo?listOptions.fieldSelector=metadata.name=${name}`, { headers: { Accept: accept }, signal: ctl.signal });
      const reader = res.body!.getReader();
      let text = '';
      const deadline = Date.now() + 5000;
      // a node can succeed while its workflow still runs: wait for the workflow's own phase
      const workflowSucceeded = () =>
        text
          .split('\n')
          .map((l) => l.replace(/^data: /, '').trim())
          .filter((l) => l.startsWith('{'))
          .some((l) => {
            try {
              return JSON.parse(l).result?.object?.status?.phase === 'Succeeded';
            } catch {
              return false; // a message cut in the middle: the rest comes with the next read
            }
          });
      while (!workflowSucceeded() || (accept.includes('event-stream') && !/^:$/m.test(text))) {
        if (Date.now() > deadline) break;
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      ctl.abort();
      return { type: res.headers.get('content-type'), text };
    };
    const sse = await read('text/event-stream');
    expect(sse.type).toBe('text/event-stream');
    const messages = sse.text.split('\n\n').filter((m) => m.startsWith('data: '));
    expect(messages.length).toBeGreaterThan(1);
    for (const m of messages) {
      expect(m).toMatch(/^data: \{"result":\{"type":"(ADDED|MODIFIED)","object":\{.*\}\}\} $/s);
    }
    expect(sse.text).toMatch(/^:$/m);
    const nd = await read('application/json');
    expect(nd.type).toBe('application/json');
    const lines = nd.text.trim().split('\n');
    for (const l of lines) expect(Object.keys(JSON.parse(l))).toEqual(['result']);
    expect(lines.map((l) => JSON.parse(l).result.object.status.phase)).toContain('Succeeded');
  });

  it('serves logs of a finished workflow and ends the stream', async () => {
    const [wf] = (await json('/api/v1/workflows/argo?listOptions.labelSelector=workflows.argoproj.io/phase=Succeeded')).body.items;
    const res = await call(`/api/v1/workflows/argo/${wf.metadata.name}/log?logOptions.container=main&grep=wire`);
    const text = await res.text();
    expect(text.trim().split('\n').map((l) => JSON.parse(l).result.content)).toEqual(['wire']);
  });

  it('answered everything within swagger.json', () => {
    expect(argo.responseErrors).toEqual([]);
    expect(argo.requests.length).toBeGreaterThan(15);
  });

  it('npm run argo:server prints the environment to use and serves on it', async () => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'test/argo-server/main.ts', '--tick-ms', '20'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output: ${out}`)), 30_000);
        child.stdout.on('data', (b: Buffer) => {
          out += b.toString();
          if (out.includes('Ctrl-C')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const env = Object.fromEntries([...out.matchAll(/^export (\w+)='?([^'\n]*)'?$/gm)].map((m) => [m[1], m[2]]));
      expect(Object.keys(env).sort()).toEqual(['ARGO_NAMESPACE', 'ARGO_SECURE', 'ARGO_SERVER', 'ARGO_TOKEN']);
      expect(env.ARGO_SERVER).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(env.ARGO_SECURE).toBe('false');
      const res = await fetch(`http://${env.ARGO_SERVER}/api/v1/workflow-templates/argo`, { headers: { Authorization: env.ARGO_TOKEN! } });
      expect((await res.json()).items.map((t: { metadata: { name: string } }) => t.metadata.name)).toEqual(['hello']);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
