/**
 * The Argo client against the test Argo server over HTTP on loopback: every verb, both stream formats,
 * and the bad inputs users hit (invalid YAML, rejected manifests, unknown template, missing parameters,
 * expired token, forbidden namespace, dropped streams). Every server answer is checked against swagger.json.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgoClient, argoConnectionFromEnv, isZldError, podNameOf, type WorkflowWatchEvent, type ZldError } from '../../core/src/index.js';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { demoSeeds, helloSpec } from '../argo-server/fixtures.js';
import { caughtZldError } from '../helpers/errors.js';

const echoWorkflow = (text: string, extra: Record<string, unknown> = {}) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: echo-
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: text
        value: "${text}"
  templates:
    - name: main
      steps:
        - - name: first
            template: say
        - - name: second
            template: say
    - name: say
      container:
        image: busybox:1.36
        command: [echo]
        args: ["{{workflow.parameters.text}}"]
${Object.keys(extra).length ? `# ${JSON.stringify(extra)}\n` : ''}`;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}


describe('ArgoClient against the test Argo server', () => {
  let argo: ArgoServerHandle;
  let client: ArgoClient;
  const expired = 'expired-token-0123456789abcdef';
  const secretToken = 'zld-secret-token-for-tests-7f3a9c';

  beforeAll(async () => {
    argo = await startArgoServer({
      tickMs: 15,
      keepAliveMs: 40,
      tokens: { [secretToken]: { namespaces: ['argo'], subject: 'zld' } },
      expiredTokens: [expired],
      ...demoSeeds('argo'),
    });
    client = new ArgoClient(argoConnectionFromEnv(argo.env));
  });
  afterAll(async () => {
    await argo?.close();
  });

  const finish = async (name: string) => {
    const events = await collect(client.watchWorkflow(name));
    return events[events.length - 1]!.object!;
  };

  it('creates from YAML, watches over SSE to Succeeded with nodes and pods, and gets it', async () => {
    const wf = await client.create(echoWorkflow('hello'), { source: 'echo.yaml' });
    expect(wf.metadata.name).toMatch(/^echo-/);
    const events = await collect(client.watchWorkflow(wf.metadata.name!, { resourceVersion: wf.metadata.resourceVersion }));
    const phases = events.map((e) => e.object?.status?.phase ?? '(new)');
    expect(phases[phases.length - 1]).toBe('Succeeded');
    expect(phases).toContain('Running');
    const pending = phases.indexOf('Pending');
    const running = phases.indexOf('Running');
    expect(pending === -1 || pending < running).toBe(true);
    const got = await client.get(wf.metadata.name!);
    const pods = Object.values(got.status!.nodes!).filter((n) => n.type === 'Pod');
    expect(pods).toHaveLength(2);
    expect(pods.every((n) => n.phase === 'Succeeded')).toBe(true);
    expect(got.status?.progress).toBe('2/2');
  });

  it('creates from a JSON manifest and watches over NDJSON', async () => {
    const json = JSON.stringify({
      metadata: { generateName: 'json-' },
      spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'busybox', command: ['echo'], args: ['from json'] } }] },
    });
    const wf = await client.create(json);
    const events = await collect(client.watchWorkflow(wf.metadata.name!, { format: 'ndjson' }));
    expect(events[events.length - 1]!.object!.status!.phase).toBe('Succeeded');
    const lines = await collect(client.logs(wf.metadata.name!, { format: 'ndjson' }));
    expect(lines.map((l) => l.content)).toContain('from json');
  });

  it('submits from a WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow with parameters', async () => {
    const a = await client.submit('WorkflowTemplate', 'hello', { parameters: { message: 'from the template' } });
    expect(a.metadata.labels?.['workflows.argoproj.io/workflow-template']).toBe('hello');
    const b = await client.submit('clusterworkflowtemplate', 'hello-cluster', { parameters: ['message=override'] });
    const c = await client.submit('cronworkflow', 'nightly');
    for (const [wf, text] of [[a, 'from the template'], [b, 'override'], [c, 'nightly run']] as const) {
      expect((await finish(wf.metadata.name!)).status?.phase).toBe('Succeeded');
      const lines = await collect(client.logs(wf.metadata.name!));
      expect(lines.map((l) => l.content)).toContain(text);
    }
  });

  it('creates a WorkflowTemplate, reads it back and submits from it; a second create conflicts', async () => {
    const t = await client.createWorkflowTemplate({ metadata: { name: 'made-here' }, spec: helloSpec() });
    expect(t.metadata.uid).toBeTruthy();
    expect((await client.getWorkflowTemplate('made-here')).spec.entrypoint).toBe('main');
    const wf = await client.submit('WorkflowTemplate', 'made-here', { parameters: { message: 'made here' }, labels: { team: 'lab' } });
    expect(wf.metadata.labels?.team).toBe('lab');
    expect((await finish(wf.metadata.name!)).status?.phase).toBe('Succeeded');
    const again = await caughtZldError(client.createWorkflowTemplate({ metadata: { name: 'made-here' }, spec: helloSpec() }));
    expect(again.code).toBe('Conflict');
    expect((await caughtZldError(client.getWorkflowTemplate('nope'))).code).toBe('NotFound');
  });

  it('lists with label selectors, phases and pagination', async () => {
    const all = await collect(client.listAll());
    expect(all.length).toBeGreaterThanOrEqual(5);
    const page1 = await client.list({ limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.continue).toBeTruthy();
    const page2 = await client.list({ limit: 2, continue: page1.continue });
    expect(page2.items.map((w) => w.metadata.name)).not.toContain(page1.items[0]!.metadata.name);
    const paged = await collect(client.listAll({ limit: 2 }));
    expect(paged.map((w) => w.metadata.name).sort()).toEqual(all.map((w) => w.metadata.name).sort());
    const fromTemplate = await client.list({ labelSelector: 'workflows.argoproj.io/workflow-template=hello' });
    expect(fromTemplate.items.length).toBeGreaterThanOrEqual(1);
    expect(fromTemplate.items.every((w) => w.metadata.labels?.['workflows.argoproj.io/workflow-template'] === 'hello')).toBe(true);
    const succeeded = await client.list({ phases: ['Succeeded'] });
    expect(succeeded.items.length).toBeGreaterThanOrEqual(1);
    expect(succeeded.items.every((w) => w.status?.phase === 'Succeeded')).toBe(true);
    expect((await client.list({ phases: ['Error'] })).items).toEqual([]);
  });

  it('reads logs per pod, with tail and grep, and follows them while the workflow runs', async () => {
    const wf = await client.create(echoWorkflow('follow me'));
    const followed = await collect(client.logs(wf.metadata.name!, { follow: true }));
    expect(followed.filter((l) => l.content === 'follow me')).toHaveLength(2);
    const done = await client.get(wf.metadata.name!);
    const pod = Object.values(done.status!.nodes!).find((n) => n.type === 'Pod')!;
    const podName = podNameOf(done, pod);
    expect(podName).toMatch(new RegExp(`^${wf.metadata.name}-say-\\d+$`));
    const one = await collect(client.logs(wf.metadata.name!, { podName }));
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((l) => l.podName === podName)).toBe(true);
    expect(await collect(client.logs(wf.metadata.name!, { tailLines: 1 }))).toHaveLength(1);
    const grepped = await collect(client.logs(wf.metadata.name!, { grep: 'follow' }));
    expect(grepped.map((l) => l.content)).toEqual(['follow me', 'follow me']);
    expect(await collect(client.logs(wf.metadata.name!, { container: 'wait' }))).toEqual([]);
  });

  it('resubmits: plain for any workflow, memoized only for a failed one (with new parameters)', async () => {
    const failing = echoWorkflow('ok')
      .replace('command: [echo]', 'command: [sh, -c]')
      .replace('args: ["{{workflow.parameters.text}}"]', 'args: ["exit {{workflow.parameters.code}}"]')
      .replace('parameters:\n      - name: text', 'parameters:\n      - name: code\n        value: "3"\n      - name: text');
    const wf = await client.create(failing);
    expect((await finish(wf.metadata.name!)).status?.phase).toBe('Failed');
    const again = await client.resubmit(wf.metadata.name!, { memoized: true, parameters: { code: '0' } });
    expect(again.metadata.name).not.toBe(wf.metadata.name);
    expect(again.metadata.labels?.['workflows.argoproj.io/resubmitted-from-workflow']).toBe(wf.metadata.name);
    expect((await finish(again.metadata.name!)).status?.phase).toBe('Succeeded');
    const plain = await client.resubmit(again.metadata.name!);
    expect((await finish(plain.metadata.name!)).status?.phase).toBe('Succeeded');
    const refused = await caughtZldError(client.resubmit(again.metadata.name!, { memoized: true }));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('400 workflow must be Failed/Error to resubmit in memoized mode');
  });

  it('retry re-runs the failed nodes only', async () => {
    const mixed = `metadata: {generateName: mixed-}
spec:
  entrypoint: main
  arguments: {parameters: [{name: code, value: "2"}]}
  templates:
    - name: main
      steps:
        - [{name: good, template: good}]
        - [{name: bad, template: bad}]
    - {name: good, container: {image: busybox, command: [echo], args: [fine]}}
    - {name: bad, container: {image: busybox, command: [sh, -c], args: ["exit {{workflow.parameters.code}}"]}}
`;
    const wf = await client.create(mixed);
    const failed = await finish(wf.metadata.name!);
    expect(failed.status?.phase).toBe('Failed');
    const goodBefore = Object.values(failed.status!.nodes!).find((n) => n.displayName === 'good')!;
    await client.retry(wf.metadata.name!);
    const after = await finish(wf.metadata.name!);
    expect(after.status?.phase).toBe('Failed'); // code is still 2
    await client.retry(wf.metadata.name!, { parameters: { code: '0' } });
    const ok = await finish(wf.metadata.name!);
    expect(ok.status?.phase).toBe('Succeeded');
    expect(after.status?.progress).toBe('1/2'); // the kept pod counts once, as Argo reports it
    expect(ok.status?.progress).toBe('2/2');
    const goodAfter = Object.values(ok.status!.nodes!).find((n) => n.displayName === 'good')!;
    expect(goodAfter.startedAt).toBe(goodBefore.startedAt);
  });

  it('suspends, resumes, stops, terminates and deletes', async () => {
    // 40 sequential steps: long enough to act on it while it runs, even on a busy machine
    const slow = echoWorkflow('slow').replace(/      steps:\n[\s\S]*?    - name: say/, `      steps:\n${Array.from({ length: 40 }, (_, i) => `        - - name: s${i}\n            template: say\n`).join('')}    - name: say`);
    const a = await client.create(slow);
    await client.suspend(a.metadata.name!);
    const suspended = await client.get(a.metadata.name!);
    expect(suspended.spec.suspend).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect((await client.get(a.metadata.name!)).status?.phase).not.toBe('Succeeded');
    const running = await caughtZldError(client.retry(a.metadata.name!));
    expect(running).toMatchObject({ code: 'Remote', status: 400 });
    expect(running.message).toContain('400 workflow must be Failed/Error to retry');
    await client.resume(a.metadata.name!);
    expect((await finish(a.metadata.name!)).status?.phase).toBe('Succeeded');

    const b = await client.create(slow);
    await client.stop(b.metadata.name!, { message: 'enough' });
    const stopped = await finish(b.metadata.name!);
    expect(stopped.status?.phase).toBe('Failed');
    expect(stopped.spec.shutdown).toBe('Stop');

    const c = await client.create(slow);
    await client.terminate(c.metadata.name!);
    const terminated = await finish(c.metadata.name!);
    expect(terminated.spec.shutdown).toBe('Terminate');
    expect(terminated.status?.message).toContain('Terminate');
    const again = await caughtZldError(client.terminate(c.metadata.name!));
    expect(again.message).toMatch(/^cannot terminate workflow ".*": 400 cannot shutdown a completed workflow/);

    await client.delete(c.metadata.name!);
    const gone = await caughtZldError(client.get(c.metadata.name!));
    expect(gone.code).toBe('NotFound');
    expect(gone.message).toContain(`404 workflows.argoproj.io "${c.metadata.name}" not found`);
  });

  it('lints: a valid manifest passes, a rejected one shows the server message', async () => {
    const ok = await client.lint(echoWorkflow('lint'));
    expect(ok.spec.entrypoint).toBe('main');
    const bad = await caughtZldError(client.lint(echoWorkflow('x').replace('entrypoint: main', 'entrypoint: mian')));
    expect(bad.code).toBe('Remote');
    expect(bad.status).toBe(400);
    expect(bad.message).toContain("400 spec.entrypoint template 'mian' undefined");
    const template = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: t}
spec:
  entrypoint: main
  arguments: {parameters: [{name: store}]}
  templates: [{name: main, container: {image: busybox}}]
`;
    expect((await client.lint(template)).metadata.name).toBe('t');
    const cron = { apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'c' }, spec: { schedules: ['0 * * * *'], workflowSpec: { entrypoint: 'x', templates: [] } } };
    const badCron = await caughtZldError(client.lint(cron));
    expect(badCron.message).toBe('cannot lint CronWorkflow "c": 400 spec.entrypoint template \'x\' undefined');
    const cluster = await caughtZldError(client.lint(template.replace('kind: WorkflowTemplate', 'kind: ClusterWorkflowTemplate').replace('entrypoint: main', 'entrypoint: nope')));
    expect(cluster.message).toContain("400 spec.entrypoint template 'nope' undefined");
    expect((await caughtZldError(client.lint('kind: Pod\nmetadata: {name: p}\n'))).code).toBe('BadInput');
  });

  it('bad input: invalid YAML names line and column, before anything is sent', async () => {
    const before = argo.requests.length;
    const e = await caughtZldError(client.create('metadata:\n  name: x\nspec: [1, 2\n', { source: 'broken.yaml' }));
    expect(e.code).toBe('BadInput');
    expect(e.message).toMatch(/^broken\.yaml: invalid YAML at line \d+, column \d+/);
    expect(argo.requests.length).toBe(before);
  });

  it('bad input: a manifest Argo rejects shows the server message (schema and semantics)', async () => {
    const typeError = await caughtZldError(client.create({ metadata: { generateName: 'x-' }, spec: { entrypoint: 'main', templates: { main: {} } } }));
    expect(typeError.status).toBe(400);
    expect(typeError.message).toContain('400 json: cannot unmarshal');
    expect(typeError.message).toContain('spec.templates');
    const noImage = await caughtZldError(client.create({ metadata: { generateName: 'x-' }, spec: { entrypoint: 'main', templates: [{ name: 'main', container: { command: ['echo'] } }] } }));
    expect(noImage.message).toContain('image is required');
    const noType = await caughtZldError(client.create({ metadata: { generateName: 'x-' }, spec: { entrypoint: 'main', templates: [{ name: 'main' }] } }));
    expect(noType.message).toContain('templates.main template type unspecified');
  });

  it('bad input: unknown template (404) and missing parameters (400)', async () => {
    const unknown = await caughtZldError(client.submit('WorkflowTemplate', 'no-such-template'));
    expect(unknown.code).toBe('NotFound');
    expect(unknown.message).toBe('cannot submit WorkflowTemplate "no-such-template" in namespace "argo": 404 workflowtemplates.argoproj.io "no-such-template" not found');
    const missing = await caughtZldError(client.submit('WorkflowTemplate', 'hello'));
    expect(missing.status).toBe(400);
    expect(missing.message).toContain('400 spec.arguments.message.value is required');
    const malformed = await caughtZldError(client.submit('WorkflowTemplate', 'hello', { parameters: ['message'] }));
    expect(malformed.code).toBe('BadInput');
    const conflict = await client.create(echoWorkflow('x').replace('generateName: echo-', 'name: fixed-name'));
    const dup = await caughtZldError(client.create(echoWorkflow('x').replace('generateName: echo-', 'name: fixed-name')));
    expect(dup.code).toBe('Conflict');
    expect(dup.message).toContain(`409 workflows.argoproj.io "${conflict.metadata.name}" already exists`);
  });

  it('bad input: an expired token gets 401 with guidance, and the token is never in the message', async () => {
    const old = new ArgoClient(argoConnectionFromEnv({ ...argo.env, ARGO_TOKEN: expired }));
    const e = await caughtZldError(old.list());
    expect(e.code).toBe('AccessDenied');
    expect(e.status).toBe(401);
    expect(e.message).toContain('401 token not valid');
    expect(e.message).toContain('ARGO_TOKEN');
    expect(e.message).not.toContain(expired);
    const none = new ArgoClient(argoConnectionFromEnv({ ARGO_SERVER: argo.env.ARGO_SERVER!, ARGO_SECURE: 'false' }));
    expect((await caughtZldError(none.version())).status).toBe(401);
  });

  it('bad input: a namespace the token may not use gets 403 naming it', async () => {
    const calls = [() => client.list({ namespace: 'prod' }), () => client.create(echoWorkflow('x'), { namespace: 'prod' }), () => collect(client.watch({ namespace: 'prod' }))];
    for (const call of calls) {
      const e = await caughtZldError(call());
      expect(e.code).toBe('AccessDenied');
      expect(e.status).toBe(403);
      expect(e.message).toContain('namespace "prod"');
      expect(e.message).toContain('the token may not use namespace "prod"');
      expect(e.message).not.toContain(secretToken);
    }
  });

  it('a watch that drops mid-stream reconnects with the resourceVersion and yields no event twice', async () => {
    const replaying = await startArgoServer({ tickMs: 25, watchReplay: 3, tokens: { [secretToken]: { namespaces: ['argo'] } } });
    try {
      const c = new ArgoClient(argoConnectionFromEnv(replaying.env));
      const wf = await c.create(echoWorkflow('drop'));
      const events: WorkflowWatchEvent[] = [];
      const reconnects: (string | undefined)[] = [];
      let dropped = 0;
      const from = wf.metadata.resourceVersion!;
      const watch = c.watchWorkflow(wf.metadata.name!, { resourceVersion: from, reconnectDelayMs: 10, onReconnect: (r) => reconnects.push(r.resourceVersion) });
      for await (const ev of watch) {
        events.push(ev);
        if (dropped < 2 && events.length % 2 === 1) dropped += replaying.dropStreams();
      }
      expect(dropped).toBe(2);
      expect(reconnects).toHaveLength(2);
      const watchRequests = replaying.requests.filter((r) => r.path.startsWith('/api/v1/workflow-events/'));
      expect(watchRequests).toHaveLength(3);
      expect(watchRequests[0]!.query['listOptions.resourceVersion']).toBe(from);
      expect(watchRequests.slice(1).map((r) => r.query['listOptions.resourceVersion'])).toEqual(reconnects);
      const versions = events.map((e) => e.object!.metadata.resourceVersion);
      expect(new Set(versions).size).toBe(versions.length);
      expect(versions.map(Number)).toEqual([...versions.map(Number)].sort((a, b) => a - b));
      expect(events[events.length - 1]!.object!.status!.phase).toBe('Succeeded');
      // every state change of the workflow arrived exactly once
      const server = replaying.engine.events.filter((e) => e.object.metadata.name === wf.metadata.name && e.rv > Number(from)).map((e) => String(e.rv));
      expect(versions).toEqual(server);
      expect(replaying.responseErrors).toEqual([]);
    } finally {
      await replaying.close();
    }
  });

  it('a watch from an expired resourceVersion restarts from the current state (410 in the stream)', async () => {
    const wf = await client.create(echoWorkflow('expired rv'));
    const reasons: string[] = [];
    const events = await collect(client.watchWorkflow(wf.metadata.name!, { resourceVersion: '5', reconnectDelayMs: 5, onReconnect: (r) => reasons.push(r.reason) }));
    expect(reasons[0]).toContain('410');
    expect(events[events.length - 1]!.object!.status!.phase).toBe('Succeeded');
  });

  it('receives SSE keep-alives and stops on abort', async () => {
    const ctl = new AbortController();
    let keepAlives = 0;
    const watching = collect(client.watch({ signal: ctl.signal, onKeepAlive: () => (++keepAlives >= 2 ? ctl.abort() : undefined) }));
    const e = await caughtZldError(watching);
    expect(e.code).toBe('Aborted');
    expect(keepAlives).toBeGreaterThanOrEqual(2);
  });

  it('answers with the server version, and every answer matched swagger.json', async () => {
    const v = await client.version();
    expect(v.version).toBe('v4.1.2');
    expect(argo.responseErrors).toEqual([]);
    const statuses = new Set(argo.requests.map((r) => r.status));
    for (const s of [200, 400, 401, 403, 404, 409]) expect(statuses).toContain(s);
  });

  it('works behind a proxy path (ARGO_BASE_HREF)', async () => {
    const proxied = await startArgoServer({ tickMs: 15, baseHref: '/argo/', tokens: { [secretToken]: { namespaces: ['argo'] } } });
    try {
      const c = new ArgoClient(argoConnectionFromEnv(proxied.env));
      expect(c.connection.baseUrl).toBe(`${proxied.url}/argo/`);
      const wf = await c.create(echoWorkflow('behind a proxy'));
      const events = await collect(c.watchWorkflow(wf.metadata.name!));
      expect(events[events.length - 1]!.object!.status!.phase).toBe('Succeeded');
      expect(proxied.requests.every((r) => r.path.startsWith('/argo/api/v1/'))).toBe(true);
      const direct = await fetch(`${proxied.url}/api/v1/version`, { headers: { Authorization: `Bearer ${secretToken}` } });
      expect(direct.status).toBe(404);
    } finally {
      await proxied.close();
    }
  });

  it('a server that is down is a Network error naming it', async () => {
    const down = new ArgoClient(argoConnectionFromEnv({ ARGO_SERVER: '127.0.0.1:9', ARGO_SECURE: 'false', ARGO_TOKEN: secretToken }));
    const e = await caughtZldError(down.get('x'));
    expect(e.code).toBe('Network');
    expect(e.message).toContain('http://127.0.0.1:9/');
    expect(e.message).not.toContain(secretToken);
  });
});
