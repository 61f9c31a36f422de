/**
 * Argo Workflows in the real extension host, against the test Argo server the vitest side started
 * (`ARGO_SERVER`, `ARGO_SECURE=false`, `ARGO_NAMESPACE` in the environment; the token in `ZLD_TEST_ARGO_TOKEN`,
 * stored through "Set Argo Token" into SecretStorage).
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ZldApi } from '../../src/extension.js';
import type { Workflow } from '../../src/core.js';
import type { WorkflowsElement } from '../../src/argo/workflows-tree.js';
import { SAMPLE1, closeAllEditors, findNode, openCatPlus, waitFor, workspaceDir, zld } from '../helpers.js';

const TOKEN = process.env.ZLD_TEST_ARGO_TOKEN ?? '';
const EXPIRED = process.env.ZLD_TEST_ARGO_EXPIRED ?? '';

function manifest(name: string, steps: string[][], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: `${name}-` },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', steps: steps.map((group, i) => group.map((text, j) => ({ name: `s${i}-${j}`, template: 'say', arguments: { parameters: [{ name: 'text', value: text }] } }))) },
        { name: 'say', inputs: { parameters: [{ name: 'text' }] }, container: { image: 'busybox:1.36', command: ['sh', '-c'], args: ['echo {{inputs.parameters.text}}'] } },
      ],
      ...extra,
    },
  });
}

const HELLO_YAML = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-vscode-
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: busybox:1.36
        command: [echo]
        args: ["hello from vscode"]
`;

async function file(name: string, text: string): Promise<vscode.Uri> {
  const f = path.join(workspaceDir(), 'workflows', name);
  await fs.mkdir(path.dirname(f), { recursive: true });
  await fs.writeFile(f, text);
  return vscode.Uri.file(f);
}

async function phaseOf(api: ZldApi, name: string, phases: string[], timeoutMs = 30_000): Promise<Workflow> {
  return waitFor(`${name} to reach ${phases.join('/')}`, () => {
    const wf = api.workflowsTree.workflow(name);
    return wf && phases.includes(wf.status?.phase ?? '') ? wf : undefined;
  }, timeoutMs);
}

function itemOf(api: ZldApi, name: string): vscode.TreeItem {
  return api.workflowsTree.getTreeItem(api.workflowsTree.element(name));
}

async function argoConfig(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('zld.argo').update(key, value, vscode.ConfigurationTarget.Global);
}

suite('Argo Workflows', () => {
  let api: ZldApi;

  suiteSetup(async () => {
    assert.ok(process.env.ARGO_SERVER && TOKEN, 'the vitest side passes ARGO_SERVER and ZLD_TEST_ARGO_TOKEN');
    api = await zld();
    assert.equal(await vscode.commands.executeCommand('zld.argo.setToken', TOKEN), true);
    await vscode.commands.executeCommand('zld.argo.refresh');
  });
  teardown(closeAllEditors);

  test('the Workflows view sits in the Zarr container and lists the namespace', async () => {
    assert.equal(api.workflowsView.title, 'Workflows');
    await api.workflowsTree.ensureStarted();
    assert.equal(api.workflowsView.description, 'namespace argo');
    const roots = api.workflowsTree.getChildren();
    // no workflows yet: one row says so and names the namespace
    assert.ok(roots.every((r) => r.t === 'workflow') || (roots[0]?.t === 'message' && /namespace argo/.test(roots[0].text)), JSON.stringify(roots));
  });

  test('Submit Workflow on a YAML file: the view shows it at once and follows it live to Succeeded, with its nodes', async () => {
    const uri = await file('hello.yaml', HELLO_YAML);
    const phases: string[] = [];
    const sub = api.workflowsTree.onEvent((wf) => {
      if (wf.metadata?.name?.startsWith('hello-vscode-')) phases.push(wf.status?.phase ?? '');
    });
    try {
      const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit', uri);
      const name = wf?.metadata?.name ?? '';
      assert.match(name, /^hello-vscode-/);
      assert.ok(api.workflowsTree.names().includes(name), 'listed before any watch event');
      const done = await phaseOf(api, name, ['Succeeded']);
      // the watch carried the changes: Running came before Succeeded
      assert.ok(phases.includes('Running') && phases.at(-1) === 'Succeeded', phases.join(' -> '));
      const item = itemOf(api, name);
      assert.match(String(item.description), /^Succeeded · \d+s · 1\/1$/);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass-filled');
      assert.equal(item.contextValue, 'argoWorkflow.Succeeded');
      assert.equal(done.status?.progress, '1/1');
      const roots = api.workflowsTree.getChildren();
      assert.equal(roots[0]?.t === 'workflow' ? roots[0].name : undefined, name, 'newest first');
    } finally {
      sub.dispose();
    }
  });

  test('Submit Workflow takes the active YAML editor, unsaved text included', async () => {
    const uri = await file('edited.yaml', HELLO_YAML);
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((e) => e.replace(new vscode.Range(0, 0, editor.document.lineCount, 0), HELLO_YAML.replace('hello-vscode-', 'edited-').replace('hello from vscode', 'edited text')));
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit');
    assert.match(wf?.metadata?.name ?? '', /^edited-/);
  });

  test('Logs stream the pods\' output into an output channel per workflow', async () => {
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit', await file('logs.yaml', HELLO_YAML));
    const name = wf!.metadata!.name!;
    // follow from the start: the stream ends when the workflow does
    const stream = await vscode.commands.executeCommand<{ channelName: string; done: Promise<void> }>('zld.argo.logs', api.workflowsTree.element(name));
    assert.equal(stream?.channelName, `Argo: ${name}`);
    await stream!.done;
    const lines = api.workflowLogs.lines(name);
    assert.ok(lines.some((l) => l === `${name}: hello from vscode`), lines.join('\n'));
    // a one-pod workflow shows its pod under it; the pod row has its own Logs
    const [pod] = api.workflowsTree.getChildren(api.workflowsTree.element(name));
    assert.ok(pod?.t === 'node' && pod.row.type === 'Pod' && pod.row.podName === name, JSON.stringify(pod));
    assert.equal(api.workflowsTree.getTreeItem(pod).contextValue, 'argoNode.Pod');
    const podStream = await vscode.commands.executeCommand<{ done: Promise<void> }>('zld.argo.logs', pod, { follow: false });
    await podStream!.done;
    assert.deepEqual(api.workflowLogs.lines(name).filter((l) => l.endsWith('hello from vscode')), [`${name}: hello from vscode`]);
  });

  test('Submit from Template with parameters; Show Workflow opens it as YAML', async () => {
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submitTemplate', { kind: 'wftmpl', name: 'hello', parameters: { message: 'from the palette' } });
    const name = wf!.metadata!.name!;
    assert.match(name, /^hello-/);
    await phaseOf(api, name, ['Succeeded']);
    const shown = await vscode.commands.executeCommand<Workflow>('zld.argo.get', name);
    assert.equal(shown?.metadata?.name, name);
    const doc = await waitFor('the workflow document', () => vscode.window.activeTextEditor?.document);
    assert.equal(doc.uri.scheme, 'zld-argo');
    assert.match(doc.getText(), /phase: Succeeded/);
    assert.match(doc.getText(), /from the palette/);
  });

  test('a missing template parameter is refused with the server\'s message', async () => {
    const r = await vscode.commands.executeCommand('zld.argo.submitTemplate', { kind: 'WorkflowTemplate', name: 'hello', parameters: {} });
    assert.equal(r, undefined);
    assert.match(api.errors.lastMessage ?? '', /cannot submit WorkflowTemplate "hello".*400.*message/);
  });

  test('a failed workflow: Retry runs it again, Resubmit makes a new one; the node row names the failure', async () => {
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit', await file('fails.json', manifest('fails', [['one'], ['boom; exit 3']])));
    const name = wf!.metadata!.name!;
    await phaseOf(api, name, ['Failed']);
    assert.equal(itemOf(api, name).contextValue, 'argoWorkflow.Failed');
    const flat = (el: WorkflowsElement): WorkflowsElement[] => [el, ...api.workflowsTree.getChildren(el).flatMap(flat)];
    const rows = flat(api.workflowsTree.element(name));
    // step groups [0], [1] under the workflow, the pods under them
    assert.deepEqual(api.workflowsTree.getChildren(api.workflowsTree.element(name)).map((e) => (e.t === 'node' ? e.row.type : e.t)), ['StepGroup', 'StepGroup']);
    const failedPod = rows.find((e) => e.t === 'node' && e.row.type === 'Pod' && e.row.phase === 'Failed');
    assert.ok(failedPod && failedPod.t === 'node', 'a failed pod row');
    assert.match(String(api.workflowsTree.getTreeItem(failedPod).description), /Failed · Error \(exit code 3\)/);

    const retried = await vscode.commands.executeCommand<Workflow>('zld.argo.retry', name);
    assert.equal(retried?.metadata?.name, name);
    assert.equal(retried?.status?.phase, 'Running');
    await phaseOf(api, name, ['Failed']);
    const again = await vscode.commands.executeCommand<Workflow>('zld.argo.resubmit', api.workflowsTree.element(name));
    assert.notEqual(again?.metadata?.name, name);
    assert.ok(api.workflowsTree.names().includes(again!.metadata!.name!));
  });

  test('Suspend, Resume, Stop and Delete a long workflow; the view follows each step', async () => {
    const steps = Array.from({ length: 40 }, (_, i) => [`step ${i}`]);
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit', await file('long.json', manifest('long', steps)));
    const name = wf!.metadata!.name!;
    await phaseOf(api, name, ['Running']);
    await vscode.commands.executeCommand('zld.argo.suspend', name);
    await waitFor('the Suspended row', () => itemOf(api, name).contextValue === 'argoWorkflow.Suspended' || undefined);
    assert.equal((itemOf(api, name).iconPath as vscode.ThemeIcon).id, 'debug-pause');
    await vscode.commands.executeCommand('zld.argo.resume', name);
    await waitFor('the Running row', () => itemOf(api, name).contextValue === 'argoWorkflow.Running' || undefined);
    await vscode.commands.executeCommand('zld.argo.stop', name);
    const stopped = await phaseOf(api, name, ['Failed']);
    assert.match(stopped.status?.message ?? '', /Stopped with strategy 'Stop'/);
    assert.equal(await vscode.commands.executeCommand('zld.argo.delete', name, { confirm: false }), true);
    await waitFor('the row to go', () => !api.workflowsTree.names().includes(name) || undefined);
  });

  test('a dropped watch reconnects: the view and Watch Workflow still see the workflow finish', async () => {
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit', await file('drop.json', manifest('drop', Array.from({ length: 8 }, (_, i) => [`d${i}`]))));
    const name = wf!.metadata!.name!;
    const watched = vscode.commands.executeCommand<Workflow>('zld.argo.watch', name);
    await phaseOf(api, name, ['Running']);
    const before = api.workflowsTree.watchConnections;
    const r = await fetch(`${process.env.ZLD_TEST_ARGO_CONTROL}/drop-streams`);
    assert.ok(((await r.json()) as { dropped: number }).dropped >= 2, 'the view\'s watch and the command\'s were cut');
    await phaseOf(api, name, ['Succeeded']);
    assert.ok(api.workflowsTree.watchConnections > before, 'the view reconnected');
    assert.equal((await watched)?.status?.phase, 'Succeeded');
  });

  test('Terminate ends a running workflow at once', async () => {
    const wf = await vscode.commands.executeCommand<Workflow>('zld.argo.submit', await file('long2.json', manifest('long2', Array.from({ length: 40 }, (_, i) => [`t${i}`]))));
    const name = wf!.metadata!.name!;
    await phaseOf(api, name, ['Running']);
    await vscode.commands.executeCommand('zld.argo.terminate', name);
    const done = await phaseOf(api, name, ['Failed']);
    assert.match(done.status?.message ?? '', /Terminate/);
    // deleted elsewhere (argo CLI, another user): the watch's DELETED event removes the row
    await (await api.argo.client()).delete(name);
    await waitFor('the DELETED event to remove the row', () => !api.workflowsTree.names().includes(name) || undefined);
  });

  test('invalid YAML: the message gives line and column, and the editor shows the place', async () => {
    const uri = await file('broken.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: x-\nspec:\n  entrypoint: main\n');
    const r = await vscode.commands.executeCommand('zld.argo.submit', uri);
    assert.equal(r, undefined);
    const m = /broken\.yaml: invalid YAML at line (\d+), column (\d+)/.exec(api.errors.lastMessage ?? '');
    assert.ok(m, api.errors.lastMessage);
    const editor = await waitFor('the manifest editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === uri.fsPath ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.active.line, Number(m[1]) - 1);
  });

  test('Lint says a manifest is valid, or shows the server\'s message', async () => {
    const ok = await vscode.commands.executeCommand<{ kind?: string }>('zld.argo.lint', await file('lint-ok.yaml', HELLO_YAML));
    assert.equal(ok?.kind, 'Workflow');
    const bad = await vscode.commands.executeCommand('zld.argo.lint', await file('lint-bad.yaml', HELLO_YAML.replace('entrypoint: main', 'entrypoint: nowhere')));
    assert.equal(bad, undefined);
    assert.match(api.errors.lastMessage ?? '', /cannot lint Workflow "hello-vscode-": 400 .*nowhere/);
  });

  test('Run Consolidate on Argo (store row) and Retrieve on Argo (URI) submit zld\'s pipelines prefilled', async () => {
    const store = await openCatPlus(api);
    const cons = await vscode.commands.executeCommand<Workflow>('zld.argo.runConsolidate', store, { store: 's3://lab/cat-plus.zarr' });
    const params = (w?: Workflow) => Object.fromEntries((w?.spec?.arguments?.parameters ?? []).map((p) => [p.name, p.value]));
    assert.deepEqual(params(cons), { store: 's3://lab/cat-plus.zarr', key: '.all_metadata' });
    await phaseOf(api, cons!.metadata!.name!, ['Succeeded']);
    const sample1 = await findNode(api, '/myBatch/mySamplePrep/sample1');
    const ret = await vscode.commands.executeCommand<Workflow>('zld.argo.retrieve', sample1, { store: 's3://lab/cat-plus.zarr', output: 's3://lab/out/sample1.npy' });
    assert.deepEqual(params(ret), { uri: SAMPLE1, store: 's3://lab/cat-plus.zarr', output: 's3://lab/out/sample1.npy' });
    // right-click hasDataset in the Metadata view: the dataset URI names no node, so the workflow retrieves sample1
    await api.metadataTree.show({ entry: sample1.entry, storeUrl: sample1.storeUrl, node: sample1.node });
    const [nodeRow] = await api.metadataTree.getChildren();
    const hasDataset = (await api.metadataTree.getChildren(nodeRow)).find((r) => r.t === 'predicate' && r.predicate.endsWith('/hasDataset'));
    assert.ok(hasDataset, 'the hasDataset row');
    const viaLink = await vscode.commands.executeCommand<Workflow>('zld.argo.retrieve', hasDataset, { store: 's3://lab/cat-plus.zarr', output: 's3://lab/out/s1.npy' });
    assert.equal(params(viaLink).uri, SAMPLE1);
    // the same work again: memoized, the step comes from the cache
    const again = await vscode.commands.executeCommand<Workflow>('zld.argo.runConsolidate', store, { store: 's3://lab/cat-plus.zarr' });
    const done = await phaseOf(api, again!.metadata!.name!, ['Succeeded']);
    assert.ok(Object.values(done.status?.nodes ?? {}).some((n) => n.memoizationStatus?.hit), 'memoized');
  });

  test('an expired token: 401 with the server\'s message and "Set Argo Token"; the view says it cannot list', async () => {
    await vscode.commands.executeCommand('zld.argo.setToken', EXPIRED);
    try {
      await waitFor('the view to say it cannot list', () => {
        const [first] = api.workflowsTree.getChildren();
        return (first?.t === 'message' && first.text === 'Cannot list workflows' && /401 token not valid/.test(first.detail ?? '')) || undefined;
      });
      const r = await vscode.commands.executeCommand('zld.argo.submit', await file('h401.yaml', HELLO_YAML));
      assert.equal(r, undefined);
      assert.match(api.errors.lastMessage ?? '', /cannot create workflow .*: 401 token not valid/);
      assert.equal(api.errors.lastActions[0], 'Set Argo Token');
      assert.ok(!(api.errors.lastMessage ?? '').includes(EXPIRED), 'the token is not in the message');
    } finally {
      await vscode.commands.executeCommand('zld.argo.setToken', TOKEN);
    }
  });

  test('a namespace the token may not use: 403 naming it; settings override the environment', async () => {
    await argoConfig('namespace', 'forbidden');
    try {
      const r = await vscode.commands.executeCommand('zld.argo.submit', await file('h403.yaml', HELLO_YAML));
      assert.equal(r, undefined);
      assert.match(api.errors.lastMessage ?? '', /403 .*forbidden.*the token may not use namespace "forbidden"/);
      assert.equal(api.errors.lastActions[0], 'Open Argo Settings');
    } finally {
      await argoConfig('namespace', undefined);
    }
    const client = await api.argo.client();
    assert.equal(client.connection.namespace, 'argo');
  });

  test('plain http to a remote host warns (the token would travel unencrypted); the warning goes to the log too', async () => {
    await argoConfig('server', 'http://argo.lab.invalid:2746');
    try {
      const client = await api.argo.client();
      assert.equal(client.connection.baseUrl, 'http://argo.lab.invalid:2746/');
      assert.match(client.connection.warnings.join('\n'), /plain http, unencrypted/);
      assert.ok(!client.connection.warnings.join('\n').includes(TOKEN));
    } finally {
      await argoConfig('server', undefined);
    }
    assert.equal((await api.argo.client()).connection.baseUrl, `http://${process.env.ARGO_SERVER}/`);
  });

  test('without a stored token the environment\'s ARGO_TOKEN is used', async () => {
    await vscode.commands.executeCommand('zld.argo.clearToken');
    const saved = process.env.ARGO_TOKEN;
    process.env.ARGO_TOKEN = `Bearer ${TOKEN}`;
    try {
      const client = await api.argo.client();
      assert.equal(client.connection.tokenSource, 'ARGO_TOKEN');
      assert.ok((await client.version()).version);
    } finally {
      if (saved === undefined) delete process.env.ARGO_TOKEN;
      else process.env.ARGO_TOKEN = saved;
      await vscode.commands.executeCommand('zld.argo.setToken', TOKEN);
    }
    assert.equal((await api.argo.client()).connection.tokenSource, 'settings');
  });

  test('the token is in no settings file and no log', async () => {
    api.log.info(`Argo connection: ${(await api.argo.client()).connection.describe()}`);
    await new Promise((r) => setTimeout(r, 1500)); // log files are written asynchronously
    const userDir = path.resolve(api.context.globalStorageUri.fsPath, '..', '..');
    const files = [path.join(userDir, 'settings.json'), path.join(workspaceDir(), '.vscode', 'settings.json')];
    const logsRoot = path.resolve(api.context.logUri.fsPath, '..', '..', '..');
    const walk = async (dir: string): Promise<string[]> => {
      const out: string[] = [];
      for (const e of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...(await walk(p)));
        else out.push(p);
      }
      return out;
    };
    const logs = await walk(logsRoot);
    const zarrLog = logs.find((f) => /Zarr\.log$/.test(f));
    assert.ok(zarrLog, `the Zarr log file is among ${logs.length} files under ${logsRoot}`);
    assert.match(await fs.readFile(zarrLog, 'utf8'), /Argo Server: http:\/\/127\.0\.0\.1:\d+\/ \(plain http\) namespace argo, token from settings/);
    for (const f of [...files, ...logs]) {
      const text = await fs.readFile(f, 'utf8').catch(() => '');
      assert.ok(!text.includes(TOKEN), `${f} holds the token`);
      assert.ok(!EXPIRED || !text.includes(EXPIRED), `${f} holds the expired token`);
    }
  });
});
