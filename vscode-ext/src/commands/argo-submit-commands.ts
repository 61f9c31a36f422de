/**
 * Commands that create workflows or check manifests (category "Zarr"): Submit Workflow (the active YAML/JSON
 * editor, a file from the Explorer or the editor title, or a picked file), Submit from Template… (WorkflowTemplate,
 * ClusterWorkflowTemplate or CronWorkflow, asking for each parameter with its default), Lint, and zld's own
 * pipelines: "Run Consolidate on Argo" on a store, "Retrieve on Argo" on a node or URI, prefilled from what was
 * right-clicked. A new workflow shows at once in the Workflows view, selected.
 *
 * @example
 * ```ts
 * await vscode.commands.executeCommand('zld.argo.submit', vscode.Uri.file('/ws/hello.yaml'));
 * await vscode.commands.executeCommand('zld.argo.submitTemplate', { kind: 'WorkflowTemplate', name: 'hello', parameters: { message: 'hi' } });
 * ```
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ArgoClient, PipelineOptions, Workflow } from '../core.js';
import { core } from '../lazy-core.js';
import { argoSettings } from '../argo/argo-connection.js';
import type { Services } from '../services.js';
import { s3Settings } from '../settings.js';
import { targetFromArgument } from '../stores/targets.js';
import { uriOf, type MetadataElement } from '../views/metadata-tree.js';
import type { StoresElement } from '../views/stores-tree.js';

interface Manifest {
  text: string;
  source: string;
  /** The document or file it came from (to show where invalid YAML is). */
  uri?: vscode.Uri;
}

/** The manifest to submit or lint: a file URI, else the active YAML/JSON editor, else a picked file. */
async function manifestFrom(arg: unknown): Promise<Manifest | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
  if (!uri) {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && (['yaml', 'json', 'jsonc'].includes(doc.languageId) || /\.(ya?ml|json)$/i.test(doc.fileName))) {
      return { text: doc.getText(), source: doc.isUntitled ? 'untitled manifest' : path.basename(doc.fileName), uri: doc.uri };
    }
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Workflow manifests': ['yaml', 'yml', 'json'] }, openLabel: 'Submit' });
    uri = picked?.[0];
  }
  if (!uri) return undefined;
  // an open editor's unsaved text wins over the file on disk
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
  const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return { text, source: path.basename(uri.path), uri };
}

/** Run `fn` on a manifest; invalid YAML puts the cursor where the parser stopped, then the error is shown. */
async function withManifest<T>(m: Manifest, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    const d = (e as { detail?: { line?: unknown; column?: unknown } }).detail;
    if (m.uri && typeof d?.line === 'number') {
      const pos = new vscode.Position(Math.max(0, d.line - 1), Math.max(0, (typeof d.column === 'number' ? d.column : 1) - 1));
      await vscode.window.showTextDocument(m.uri, { selection: new vscode.Range(pos, pos), preview: true }).then(undefined, () => undefined);
    }
    throw e;
  }
}

/** Show a created workflow in the Workflows view and say so. */
async function announce(s: Services, wf: Workflow, what: string): Promise<Workflow> {
  const name = wf.metadata?.name ?? '';
  s.workflowsTree.upsert(wf);
  s.log.info(`Argo: ${what}: workflow ${name} submitted`);
  try {
    await vscode.commands.executeCommand('zld.workflows.focus');
    await s.workflowsView.reveal(s.workflowsTree.element(name), { select: true, focus: false });
  } catch {
    // the view is hidden: the workflow is still submitted
  }
  void vscode.window.showInformationMessage(`Zarr: workflow ${name} submitted.`, 'Show Logs', 'Watch').then((a) => {
    if (a === 'Show Logs') void vscode.commands.executeCommand('zld.argo.logs', name);
    else if (a === 'Watch') void vscode.commands.executeCommand('zld.argo.watch', name);
  });
  return wf;
}

const KINDS = [
  { label: 'WorkflowTemplate', path: (ns: string) => ['api/v1/workflow-templates', ns] },
  { label: 'ClusterWorkflowTemplate', path: () => ['api/v1/cluster-workflow-templates'] },
  { label: 'CronWorkflow', path: (ns: string) => ['api/v1/cron-workflows', ns] },
] as const;

interface TemplateLike {
  metadata?: { name?: string };
  spec?: { arguments?: { parameters?: { name: string; value?: unknown; default?: unknown; enum?: unknown[]; description?: string }[] }; workflowSpec?: TemplateLike['spec'] };
}

async function listTemplates(client: ArgoClient, kind: (typeof KINDS)[number]): Promise<TemplateLike[]> {
  const ns = client.connection.namespace;
  const res = await client.transport.json<{ items?: TemplateLike[] | null }>('GET', kind.path(ns), { what: `list ${kind.label}s in namespace "${ns}"`, namespace: ns });
  return res.items ?? [];
}

async function askParameters(t: TemplateLike): Promise<Record<string, string> | undefined> {
  const params = (t.spec?.arguments ?? t.spec?.workflowSpec?.arguments)?.parameters ?? [];
  const out: Record<string, string> = {};
  for (const p of params) {
    const preset = p.value ?? p.default;
    let value: string | undefined;
    if (Array.isArray(p.enum) && p.enum.length) {
      value = (await vscode.window.showQuickPick(p.enum.map(String), { title: `Parameter ${p.name}`, placeHolder: p.description }))?.toString();
    } else {
      value = await vscode.window.showInputBox({ title: `Parameter ${p.name}`, prompt: p.description, value: preset === undefined ? '' : String(preset), ignoreFocusOut: true });
    }
    if (value === undefined) return undefined;
    out[p.name] = value;
  }
  return out;
}

/** Pipeline options from the settings: image, credentials secret, S3 endpoint and region. */
function pipelineOptions(): PipelineOptions {
  const a = argoSettings();
  const s3 = s3Settings();
  return {
    ...(a.image ? { image: a.image } : {}),
    ...(a.credentialsSecret ? { credentialsSecret: { name: a.credentialsSecret } } : {}),
    ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
    ...(s3.region ? { region: s3.region } : {}),
  };
}

/** The store URL as the cluster reads it: s3:// and http(s):// as they are; a local folder is asked for. */
async function clusterStoreUrl(url: string, given?: string): Promise<string | undefined> {
  if (given) return given;
  if (/^(s3|https?):\/\//i.test(url)) return url;
  return vscode.window.showInputBox({
    title: 'Store URL for the cluster',
    prompt: `${url} is on this machine; give the URL the workflow can read (s3://bucket/path.zarr)`,
    value: 's3://',
    ignoreFocusOut: true,
  });
}

/**
 * The URI the workflow's `zld retrieve` resolves: the one given, unless it is only the object of a link from the
 * Metadata view (`hasDataset` -> a dataset URI that names no node): then the linking node's URI, which resolves
 * to the dataset through the same link.
 */
async function clusterUri(s: Services, arg: unknown, uri: string | undefined): Promise<string | undefined> {
  const link = arg && typeof arg === 'object' && 't' in arg ? uriOf(arg as MetadataElement) : undefined;
  if (!uri || !link?.subject || link.uri !== uri) return uri;
  const r = core().resolveUri(await s.registry.index(), uri);
  return r.subject.length ? uri : link.subject;
}

export function registerArgoSubmitCommands(s: Services): vscode.Disposable[] {
  const guard = <T>(what: string, fn: () => Promise<T>) => s.errors.guard(what, fn, { retry: true });
  return [
    vscode.commands.registerCommand('zld.argo.submit', async (arg?: unknown) => {
      const m = await manifestFrom(arg);
      if (!m) return undefined;
      return guard(`submit ${m.source}`, async () => {
        const client = await s.argo.client();
        return announce(s, await withManifest(m, () => client.create(m.text, { source: m.source })), m.source);
      });
    }),
    vscode.commands.registerCommand('zld.argo.lint', async (arg?: unknown) => {
      const m = await manifestFrom(arg);
      if (!m) return undefined;
      return guard(`lint ${m.source}`, async () => {
        const client = await s.argo.client();
        const linted = await withManifest(m, () => client.lint(m.text, { source: m.source }));
        s.log.info(`Argo: ${m.source} is valid`);
        void vscode.window.showInformationMessage(`Zarr: ${m.source} is a valid ${String((linted as { kind?: string }).kind ?? 'Workflow')}.`);
        return linted;
      });
    }),
    vscode.commands.registerCommand(
      'zld.argo.submitTemplate',
      async (arg?: { kind?: string; name?: string; parameters?: Record<string, string> }) =>
        guard('submit from a template', async () => {
          const client = await s.argo.client();
          let kind = arg?.kind;
          let name = arg?.name;
          let parameters = arg?.parameters;
          if (!kind) kind = (await vscode.window.showQuickPick(KINDS.map((k) => ({ label: k.label })), { title: 'Submit from' }))?.label;
          if (!kind) return undefined;
          if (!name) {
            const k = KINDS.find((x) => x.label === core().parseSubmittableKind(kind!))!;
            const templates = await listTemplates(client, k);
            if (!templates.length) throw new (core().ZldError)('NotFound', `no ${k.label}s in namespace "${client.connection.namespace}"`);
            const pick = await vscode.window.showQuickPick(
              templates.map((t) => ({ label: t.metadata?.name ?? '', t })),
              { title: `Submit from ${k.label}` },
            );
            if (!pick) return undefined;
            name = pick.label;
            parameters ??= await askParameters(pick.t);
            if (!parameters) return undefined;
          }
          return announce(s, await client.submit(kind, name, { parameters }), `${kind} ${name}`);
        }),
    ),
    vscode.commands.registerCommand('zld.argo.runConsolidate', async (arg?: StoresElement | string, opts?: { store?: string; key?: string }) => {
      const location = typeof arg === 'string' ? arg : arg?.entry.location ?? (await vscode.window.showQuickPick(s.registry.entries().map((e) => ({ label: e.label, location: e.location })), { title: 'Run Consolidate on Argo' }))?.location;
      if (!location) return undefined;
      return guard(`run consolidate on Argo for ${location}`, async () => {
        const opened = await s.registry.get(location);
        const store = await clusterStoreUrl(opened.store.url, opts?.store);
        if (!store) return undefined;
        const storeMetadataHash = await core().hashStoreMetadata(opened.store);
        const key = opts?.key ?? opened.consolidatedKey ?? '.zmetadata';
        const wf = await core().consolidateWorkflow({ ...pipelineOptions(), store, key, storeMetadataHash });
        return announce(s, await (await s.argo.client()).create(wf, { source: `consolidate ${store}` }), `consolidate ${store}`);
      });
    }),
    vscode.commands.registerCommand('zld.argo.retrieve', async (arg?: unknown, opts?: { store?: string; output?: string }) => {
      return guard('retrieve on Argo', async () => {
        const target = await targetFromArgument(s, arg);
        if (!target) return undefined;
        const uri = await clusterUri(s, arg, target.uri ?? (typeof arg === 'string' ? arg : undefined));
        if (!uri) throw new (core().ZldError)('BadInput', `${target.node.path} has no @id to retrieve on Argo`);
        const store = await clusterStoreUrl(target.opened.store.url, opts?.store);
        if (!store) return undefined;
        const bucket = /^s3:\/\/([^/]+)/.exec(store)?.[1];
        const output =
          opts?.output ??
          (await vscode.window.showInputBox({
            title: `Retrieve ${core().localName(uri)} on Argo`,
            prompt: 'Where the workflow uploads the dataset (.npy)',
            value: bucket ? `s3://${bucket}/zld-out/${core().localName(uri)}.npy` : 's3://',
            ignoreFocusOut: true,
          }));
        if (!output) return undefined;
        const storeMetadataHash = await core().hashStoreMetadata(target.opened.store);
        const wf = await core().retrieveWorkflow({ ...pipelineOptions(), uri, store, output, storeMetadataHash });
        return announce(s, await (await s.argo.client()).create(wf, { source: `retrieve ${uri}` }), `retrieve ${uri}`);
      });
    }),
  ];
}
