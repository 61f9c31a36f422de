/**
 * The Workflows view: the workflows of the configured namespace (newest first) with a status icon, phase,
 * duration and progress, kept live by a watch on `/api/v1/workflow-events` that reconnects (core's watch
 * resumes from the last resourceVersion; when it gives up, the view lists again and watches anew). A
 * workflow's children are its nodes (steps, DAG tasks, pods). All text is plain text.
 *
 * `contextValue`s: `argoWorkflow.<phase>` (menus offer the verbs that fit the phase) and `argoNode.<type>`
 * (`argoNode.Pod` offers Logs of that pod).
 *
 * @example
 * ```ts
 * const tree = new WorkflowsTreeProvider(argoService, log);
 * const view = vscode.window.createTreeView('zld.workflows', { treeDataProvider: tree });
 * tree.start();                     // list + watch while the view exists
 * tree.workflow('hello-x2c9');      // latest state seen
 * ```
 */
import * as vscode from 'vscode';
import type { Workflow, WorkflowNodeRow } from '../core.js';
import { core } from '../lazy-core.js';
import type { ArgoService } from './argo-connection.js';

export type WorkflowsElement =
  | { t: 'workflow'; name: string }
  | { t: 'node'; workflow: string; row: WorkflowNodeRow; children: WorkflowNodeRow[][] }
  | { t: 'message'; text: string; detail?: string };

/** A workflow nobody has seen yet (summaries of it say Unknown). */
export const EMPTY: Workflow = { metadata: {}, spec: {} } as Workflow;

const ICONS: Record<string, [string, string | undefined]> = {
  Succeeded: ['pass-filled', 'testing.iconPassed'],
  Failed: ['error', 'testing.iconFailed'],
  Error: ['error', 'testing.iconErrored'],
  Running: ['sync~spin', 'charts.blue'],
  Pending: ['clock', undefined],
  Skipped: ['debug-step-over', undefined],
  Omitted: ['debug-step-over', undefined],
};

export function phaseIcon(phase: string, suspended = false): vscode.ThemeIcon {
  if (suspended && phase === 'Running') return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('charts.yellow'));
  const [id, color] = ICONS[phase] ?? ['circle-outline', undefined];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function isSuspended(wf: Workflow): boolean {
  return Boolean(wf.spec?.suspend) || Object.values(wf.status?.nodes ?? {}).some((n) => n.type === 'Suspend' && n.phase === 'Running');
}

/** Rows of `workflowNodes` (display order with depth) into the children of each row. */
function childrenOf(rows: WorkflowNodeRow[], start: number): WorkflowNodeRow[][] {
  const depth = rows[start]!.depth;
  const out: WorkflowNodeRow[][] = [];
  for (let i = start + 1; i < rows.length && rows[i]!.depth > depth; i++) {
    if (rows[i]!.depth !== depth + 1) continue;
    let j = i + 1;
    while (j < rows.length && rows[j]!.depth > depth + 1) j++;
    out.push(rows.slice(i, j));
  }
  return out;
}

export class WorkflowsTreeProvider implements vscode.TreeDataProvider<WorkflowsElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<WorkflowsElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly workflows = new Map<string, Workflow>();
  private readonly elements = new Map<string, Extract<WorkflowsElement, { t: 'workflow' }>>();
  private status: { text: string; detail?: string } | undefined;
  private controller: AbortController | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private readonly listeners = new Set<(wf: Workflow, type: string) => void>();
  private readonly subscription: vscode.Disposable;
  /** Resolves when the current list (and watch start) is done: for tests and Refresh. */
  ready: Promise<void> = Promise.resolve();
  /** Told the namespace each time the list is (re)loaded (the view shows it as its description). */
  onNamespace: ((namespace: string) => void) | undefined;
  /** Number of times the watch was (re)connected. */
  watchConnections = 0;

  constructor(
    private readonly argo: ArgoService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = argo.onDidChange(() => this.start());
  }

  /** List the workflows and watch them; restarts when called again (Refresh, settings changed). */
  start(): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.ready = this.run(controller.signal);
    this.ticker ??= setInterval(() => {
      // durations of running workflows move on
      if ([...this.workflows.values()].some((w) => w.status?.phase === 'Running')) this.changed.fire(undefined);
    }, 1000);
    return this.ready;
  }

  /** Start listing and watching unless already started; resolves when the list is in. */
  ensureStarted(): Promise<void> {
    return this.controller ? this.ready : this.start();
  }

  private async run(signal: AbortSignal): Promise<void> {
    const configured = this.argo.configured();
    void vscode.commands.executeCommand('setContext', 'zld.argo.configured', configured);
    if (!configured) {
      // the view's welcome text explains what to set
      this.workflows.clear();
      this.setStatus(undefined);
      return;
    }
    let resourceVersion: string | undefined;
    try {
      const client = await this.argo.client();
      this.onNamespace?.(client.connection.namespace);
      this.workflows.clear();
      for (let cont: string | undefined, first = true; first || cont; first = false) {
        const page = await client.list({ signal, limit: 200, continue: cont });
        for (const wf of page.items) this.workflows.set(wf.metadata?.name ?? '', wf);
        resourceVersion ??= page.resourceVersion;
        cont = page.continue;
      }
      this.setStatus(this.workflows.size ? undefined : { text: `No workflows in namespace ${client.connection.namespace}` });
    } catch (e) {
      if (signal.aborted) return;
      this.failed(e);
      return;
    }
    void this.watch(signal, resourceVersion);
  }

  private async watch(signal: AbortSignal, resourceVersion: string | undefined): Promise<void> {
    while (!signal.aborted) {
      try {
        const client = await this.argo.client();
        this.watchConnections++;
        const events = client.watch({
          signal,
          resourceVersion,
          onReconnect: (r) => {
            this.watchConnections++;
            this.log.info(`Argo watch reconnecting (attempt ${r.attempt}): ${r.reason}`);
          },
        });
        for await (const ev of events) {
          const wf = ev.object;
          const name = wf?.metadata?.name;
          if (!wf || !name) continue;
          if (wf.metadata?.resourceVersion) resourceVersion = wf.metadata.resourceVersion;
          if (ev.type === 'DELETED') {
            this.workflows.delete(name);
            this.elements.delete(name);
          } else {
            this.workflows.set(name, wf);
          }
          if (this.status && this.workflows.size) this.status = undefined;
          for (const l of this.listeners) l(wf, ev.type ?? '');
          this.changed.fire(undefined);
        }
      } catch (e) {
        if (signal.aborted) return;
        const z = e as { code?: string; status?: number };
        if (z.status === 401 || z.status === 403) return this.failed(e);
        this.log.warn(`Argo watch stopped (${(e as Error).message}); watching again in 2 s`);
        resourceVersion = undefined;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  private failed(e: unknown): void {
    const message = (e as Error)?.message ?? String(e);
    this.log.error(`Workflows view: ${message}`);
    this.workflows.clear();
    this.setStatus({ text: 'Cannot list workflows', detail: message });
  }

  private setStatus(s: { text: string; detail?: string } | undefined): void {
    this.status = s;
    this.changed.fire(undefined);
  }

  /** Call `fn` on every watch event (tests, the Watch command). */
  onEvent(fn: (wf: Workflow, type: string) => void): vscode.Disposable {
    this.listeners.add(fn);
    return new vscode.Disposable(() => this.listeners.delete(fn));
  }

  /** The latest state seen of a workflow. */
  workflow(name: string): Workflow | undefined {
    return this.workflows.get(name);
  }

  names(): string[] {
    return [...this.workflows.keys()];
  }

  /** Take a workflow the server just returned (create, retry...) before its watch event arrives. */
  upsert(wf: Workflow): void {
    const name = wf.metadata?.name;
    if (!name) return;
    const known = this.workflows.get(name);
    const rv = (w?: Workflow) => Number(w?.metadata?.resourceVersion ?? NaN);
    if (known && rv(known) >= rv(wf)) return;
    this.workflows.set(name, wf);
    this.status = undefined;
    this.changed.fire(undefined);
  }

  /** Drop a workflow the server deleted (before, or without, its DELETED event). */
  remove(name: string): void {
    if (!this.workflows.delete(name)) return;
    this.elements.delete(name);
    this.changed.fire(undefined);
  }

  element(name: string): WorkflowsElement {
    let el = this.elements.get(name);
    if (!el) {
      el = { t: 'workflow', name };
      this.elements.set(name, el);
    }
    return el;
  }

  getChildren(el?: WorkflowsElement): WorkflowsElement[] {
    if (!el) {
      if (this.status) return [{ t: 'message', ...this.status }];
      const created = (w: Workflow) => w.metadata?.creationTimestamp ?? '';
      return [...this.workflows.values()]
        .sort((a, b) => created(b).localeCompare(created(a)) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
        .map((w) => this.element(w.metadata?.name ?? ''));
    }
    if (el.t === 'workflow') {
      const wf = this.workflows.get(el.name);
      if (!wf) return [];
      const rows = core().workflowNodes(wf);
      if (!rows.length) return [];
      // a one-pod workflow: its root node is the pod
      if (rows.length === 1) return [{ t: 'node', workflow: el.name, row: rows[0]!, children: [] }];
      return childrenOf(rows, 0).map((group) => ({ t: 'node', workflow: el.name, row: group[0]!, children: childrenOf(group, 0) }));
    }
    if (el.t === 'node') return el.children.map((group) => ({ t: 'node', workflow: el.workflow, row: group[0]!, children: childrenOf(group, 0) }));
    return [];
  }

  getTreeItem(el: WorkflowsElement): vscode.TreeItem {
    if (el.t === 'message') {
      const item = new vscode.TreeItem(el.text);
      item.description = el.detail;
      item.tooltip = el.detail;
      item.iconPath = new vscode.ThemeIcon('info');
      item.contextValue = 'argoMessage';
      return item;
    }
    if (el.t === 'node') {
      const r = el.row;
      const item = new vscode.TreeItem(r.displayName, el.children.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.id = `${el.workflow}/${r.id}`;
      item.description = `${r.phase}${r.memoized ? ' · memoized' : ''}${r.message ? ` · ${r.message}` : ''}`;
      item.tooltip = `${r.name}\n${r.type} · ${r.phase}${r.podName ? `\npod ${r.podName}` : ''}${r.message ? `\n${r.message}` : ''}`;
      item.iconPath = r.memoized ? new vscode.ThemeIcon('archive', new vscode.ThemeColor('testing.iconPassed')) : phaseIcon(r.phase);
      item.contextValue = `argoNode.${r.type}`;
      return item;
    }
    const wf = this.workflows.get(el.name);
    const s = core().workflowSummary(wf ?? EMPTY);
    const suspended = wf ? isSuspended(wf) : false;
    const item = new vscode.TreeItem(el.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `wf/${el.name}`;
    const duration = core().formatDuration(s.durationSeconds);
    item.description = [suspended && s.phase === 'Running' ? 'Suspended' : s.phase, duration, s.progress].filter((x) => x && x !== '-').join(' · ');
    item.tooltip = new vscode.MarkdownString();
    item.tooltip.appendText(`${el.name} (namespace ${s.namespace})\n\nphase ${s.phase}, duration ${duration}, progress ${s.progress || '-'}`);
    if (s.startedAt) item.tooltip.appendText(`\n\nstarted ${s.startedAt}${s.finishedAt ? `, finished ${s.finishedAt}` : ''}`);
    if (s.message) item.tooltip.appendText(`\n\n${s.message}`);
    item.iconPath = phaseIcon(s.phase, suspended);
    item.contextValue = `argoWorkflow.${suspended && s.phase === 'Running' ? 'Suspended' : s.phase}`;
    return item;
  }

  dispose(): void {
    this.controller?.abort();
    if (this.ticker) clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
