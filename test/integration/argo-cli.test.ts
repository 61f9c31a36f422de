/**
 * `zld argo ...` end to end against the test Argo server on loopback: the CLI as a user runs it
 * (in-process `main`, real HTTP), its human and `--json` output, exit codes, and that the token never
 * appears in anything it prints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { main } from '../../core/src/cli/main.js';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { demoSeeds } from '../argo-server/fixtures.js';
import { loadContract } from '../argo-server/contract.js';

const TOKEN = 'zld-cli-secret-token-5b1e0c';

const HELLO = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: cli-hello-
spec:
  entrypoint: main
  arguments:
    parameters: [{name: code, value: "0"}]
  templates:
    - name: main
      container:
        image: busybox:1.36
        command: [sh, -c]
        args: ["echo hello from the cli; exit {{workflow.parameters.code}}"]
`;

describe('zld argo CLI against the test Argo server', () => {
  let argo: ArgoServerHandle;
  let dir: string;
  const outputs: string[] = [];

  async function zld(args: string[], env: Record<string, string> = argo.env) {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTTY: false, env, cwd: dir });
    outputs.push(stdout, stderr);
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    argo = await startArgoServer({ tickMs: 15, tokens: { [TOKEN]: { namespaces: ['argo'], subject: 'zld' } }, expiredTokens: ['old-token-123456'], ...demoSeeds() });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-argo-cli-'));
    await fs.writeFile(path.join(dir, 'hello.yaml'), HELLO);
    const steps = Array.from({ length: 40 }, (_, i) => `        - [{name: s${i}, template: say}]\n`).join('');
    await fs.writeFile(path.join(dir, 'slow.yaml'), `metadata: {generateName: slow-}\nspec:\n  entrypoint: main\n  templates:\n    - name: main\n      steps:\n${steps}    - {name: say, container: {image: busybox, command: [echo], args: [tick]}}\n`);
    await fs.writeFile(path.join(dir, 'broken.yaml'), 'metadata:\n  generateName: x-\nspec:\n  entrypoint: main\n   templates: []\n');
    await fs.writeFile(path.join(dir, 'rejected.yaml'), HELLO.replace('entrypoint: main', 'entrypoint: nowhere'));
    await fs.mkdir(path.join(dir, 'cat.zarr'));
    await fs.writeFile(path.join(dir, 'cat.zarr', '.zgroup'), '{"zarr_format":2}');
    await fs.writeFile(path.join(dir, 'cat.zarr', '.zattrs'), '{"title":"cat"}');
  });
  afterAll(async () => {
    await argo?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('submit FILE --watch follows the workflow to Succeeded; get, logs and list show it', async () => {
    const r = await zld(['argo', 'submit', 'hello.yaml', '--watch']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const name = /submitted (cli-hello-\w+)/.exec(r.stdout)![1]!;
    expect(r.stdout).toMatch(new RegExp(`${name}  Running`));
    expect(r.stdout.trim().split('\n').pop()).toMatch(new RegExp(`^${name}  Succeeded  1/1  \\d+s`));

    const get = await zld(['argo', 'get', name]);
    expect(get.stdout).toContain(`${name}  Succeeded`);
    expect(get.stdout).toMatch(/\[Pod\] Succeeded/);
    const logs = await zld(['argo', 'logs', name]);
    expect(logs.stdout).toMatch(new RegExp(`^${name}: .*starting busybox`, 'm')); // a one-container workflow's pod is named after it
    expect(logs.stdout).toContain('echo hello from the cli; exit 0');
    const list = await zld(['argo', 'list', '--json']);
    const items = JSON.parse(list.stdout).items as { name: string; phase: string }[];
    expect(items.find((i) => i.name === name)?.phase).toBe('Succeeded');
  });

  it('submit --template with -p, --json, and watch NAME; missing parameters exit 1 with the server message', async () => {
    const r = await zld(['argo', 'submit', '--template', 'hello', '-p', 'message=hi there', '--json']);
    expect(r.code).toBe(0);
    const wf = JSON.parse(r.stdout);
    expect(wf.spec.arguments.parameters).toEqual([{ name: 'message', value: 'hi there' }]);
    const w = await zld(['argo', 'watch', wf.metadata.name, '--json']);
    expect(w.code).toBe(0);
    const lines = w.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[lines.length - 1]).toMatchObject({ name: wf.metadata.name, phase: 'Succeeded' });
    const follow = await zld(['argo', 'logs', wf.metadata.name, '--follow', '--grep', 'hi']);
    expect(follow.stdout).toMatch(/: hi there$/m);

    const missing = await zld(['argo', 'submit', '--template', 'hello']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('400 spec.arguments.message.value is required');
    const unknown = await zld(['argo', 'submit', '--template', 'nope', '--kind', 'clusterworkflowtemplate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('404 clusterworkflowtemplates.argoproj.io "nope" not found');
    const badKind = await zld(['argo', 'submit', '--template', 'hello', '--kind', 'pod']);
    expect(badKind.code).toBe(1);
    expect(badKind.stderr).toContain('--kind pod');
  });

  it('a failing workflow: submit --watch exits 1; retry -p fixes it; resubmit --memoized; stop/terminate/delete', async () => {
    const r = await zld(['argo', 'submit', 'hello.yaml', '-p', 'code=4', '--watch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/workflow "cli-hello-\w+" Failed/);
    const name = /submitted (cli-hello-\w+)/.exec(r.stdout)![1]!;
    expect((await zld(['argo', 'logs', name])).stdout).toContain('exit code 4');

    const memo = await zld(['argo', 'resubmit', name, '--memoized', '-p', 'code=0']);
    expect(memo.code).toBe(0);
    expect(memo.stdout).toMatch(new RegExp(`^resubmitted ${name} as ${name}-\\w+`));
    const retry = await zld(['argo', 'retry', name, '-p', 'code=0']);
    expect(retry.stdout).toBe(`retried ${name}\n`);
    expect((await zld(['argo', 'watch', name])).code).toBe(0);

    const again = await zld(['argo', 'submit', 'slow.yaml', '--json']);
    const second = JSON.parse(again.stdout).metadata.name as string;
    expect((await zld(['argo', 'stop', second, '--message', 'enough'])).stdout).toBe(`stopped ${second}\n`);
    const stopped = await zld(['argo', 'watch', second]);
    expect(stopped.code).toBe(1);
    const third = JSON.parse((await zld(['argo', 'submit', 'slow.yaml', '--json'])).stdout).metadata.name as string;
    expect((await zld(['argo', 'suspend', third])).code).toBe(0);
    expect((await zld(['argo', 'resume', third])).code).toBe(0);
    expect((await zld(['argo', 'terminate', third])).code).toBe(0);
    expect((await zld(['argo', 'delete', third, '--json'])).stdout).toBe(`{"name":"${third}","deleted":true}\n`);
    const gone = await zld(['argo', 'get', third]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`404 workflows.argoproj.io "${third}" not found`);
  });

  it('lint: ok, invalid YAML with line and column, and a manifest Argo rejects', async () => {
    expect((await zld(['argo', 'lint', 'hello.yaml'])).stdout).toBe('hello.yaml: no linting errors found\n');
    const broken = await zld(['argo', 'lint', 'broken.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.yaml: invalid YAML at line 4, column 15: Nested mappings are not allowed');
    const rejected = await zld(['argo', 'lint', 'rejected.yaml']);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toContain("400 spec.entrypoint template 'nowhere' undefined");
    const nofile = await zld(['argo', 'submit', 'missing.yaml']);
    expect(nofile.stderr).toContain('missing.yaml: cannot read the manifest (ENOENT)');
  });

  it('pipeline --dry-run prints a YAML workflow; submitting the same work twice reuses the memoized result', async () => {
    const dry = await zld(['argo', 'pipeline', 'consolidate', 'cat.zarr', '--key', '.zmetadata', '--endpoint', 'http://minio.argo:9000', '--dry-run']);
    expect(dry.code).toBe(0);
    const wf = parse(dry.stdout);
    expect(wf.kind).toBe('Workflow');
    expect(wf.spec.arguments.parameters[0]).toEqual({ name: 'store', value: 'cat.zarr' });
    const key = wf.spec.templates[1].memoize.key as string;

    const first = await zld(['argo', 'pipeline', 'consolidate', 'cat.zarr', '--endpoint', 'http://minio.argo:9000', '--watch']);
    expect(first.code).toBe(0);
    const second = await zld(['argo', 'pipeline', 'consolidate', 'cat.zarr', '--endpoint', 'http://minio.argo:9000', '--watch', '--json']);
    expect(second.code).toBe(0);
    const secondName = JSON.parse(second.stdout.trim().split('\n').pop()!).name as string;
    const got = JSON.parse((await zld(['argo', 'get', secondName, '--json'])).stdout);
    const pod = Object.values(got.status.nodes as Record<string, { type: string; memoizationStatus?: { hit: boolean; key: string } }>).find((n) => n.type === 'Pod')!;
    expect(pod.memoizationStatus).toMatchObject({ hit: true, key });
    expect((await zld(['argo', 'get', secondName])).stdout).toContain('(memoized)');

    // the store's metadata changed: a new key, so the step runs again
    await fs.writeFile(path.join(dir, 'cat.zarr', '.zattrs'), '{"title":"dog"}');
    const third = await zld(['argo', 'pipeline', 'consolidate', 'cat.zarr', '--endpoint', 'http://minio.argo:9000', '--dry-run', '--json']);
    expect(JSON.parse(third.stdout).spec.templates[1].memoize.key).not.toBe(key);

    const unreadable = await zld(['argo', 'pipeline', 'retrieve', 'http://x/s1', '--store', 'no-such.zarr', '--output', 's3://b/k.npy', '--dry-run']);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toContain('pass --metadata-hash');
    const retrieve = await zld(['argo', 'pipeline', 'retrieve', 'http://x/s1', '--store', 's3://lab/cat.zarr', '--output', 's3://lab/s1.npy', '--metadata-hash', 'f'.repeat(64), '--dry-run', '--json']);
    const retrieveWf = JSON.parse(retrieve.stdout);
    expect(retrieveWf.spec.arguments.parameters).toEqual([
      { name: 'uri', value: 'http://x/s1' },
      { name: 'store', value: 's3://lab/cat.zarr' },
      { name: 'output', value: 's3://lab/s1.npy' },
    ]);
    for (const manifest of [wf, retrieveWf]) expect(loadContract().checkManifest('Workflow', manifest)).toEqual([]);
    const fake = await zld(['argo', 'pipeline', 'fake', '--jsonld', 'https://example.org/data.jsonld', '--levels', 'Batch,Sample', '--data-level', 'Sample', '--prefix', 'http://x/', '--out', 's3://b/s.zarr', '--dry-run']);
    expect(parse(fake.stdout).spec.templates[1].inputs.artifacts[0].http.url).toBe('https://example.org/data.jsonld');
  });

  it('an expired token exits 1 with guidance; a forbidden namespace names it; nothing prints the token', async () => {
    const expired = await zld(['argo', 'list'], { ...argo.env, ARGO_TOKEN: 'Bearer old-token-123456' });
    expect(expired.code).toBe(1);
    expect(expired.stderr).toContain('401 token not valid');
    expect(expired.stderr).toContain('set ARGO_TOKEN');
    expect(expired.stderr).not.toContain('old-token-123456');
    const forbidden = await zld(['argo', 'list', '-n', 'prod']);
    expect(forbidden.code).toBe(1);
    expect(forbidden.stderr).toContain('the token may not use namespace "prod"');
    const plain = await zld(['argo', 'list'], { ...argo.env, ARGO_SERVER: 'argo.example.org:2746' });
    expect(plain.stderr).toContain('warning: ARGO_SECURE=false');
    for (const text of outputs) expect(text).not.toContain(TOKEN);
    expect(argo.responseErrors).toEqual([]);
  });

  it('lists the argo commands in --help', async () => {
    const help = await zld(['--help']);
    for (const verb of ['submit', 'list', 'get', 'watch', 'logs', 'retry', 'resubmit', 'suspend', 'resume', 'stop', 'terminate', 'delete', 'lint', 'pipeline']) {
      expect(help.stdout).toContain(`zld argo ${verb} `);
    }
  });
});
