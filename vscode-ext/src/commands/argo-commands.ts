/**
 * Palette and context-menu commands on Argo workflows (category "Zarr"): Get/Show, Watch, Logs, Retry,
 * Resubmit, Suspend, Resume, Stop, Terminate, Delete (asks first), Refresh, and the token kept in SecretStorage.
 * A command takes a row of the Workflows view, a workflow name, or nothing (then the selection, else a pick).
 * Failures go through the one error handler (401 offers "Set Argo Token").
 *
 * @example
 * ```ts
 * context.subscriptions.push(...registerArgoCommands(services));
 * await vscode.commands.executeCommand('zld.argo.stop', 'hello-x2c9');
 * ```
 */
import * as vscode from 'vscode';
import type { Workflow } from '../core.js';
import { core } from '../lazy-core.js';
import { workflowUri } from '../argo/workflow-document.js';
import { EMPTY, type WorkflowsElement } from '../argo/workflows-tree.js';
import type { Services } from '../services.js';

/** The workflow a command acts on: a row, a name, the selection, or the user's pick. */
async function workflowName(s: Services, arg: unknown, title: string): Promise<string | undefined> {
  if (typeof arg === 'string' && arg) return arg;
  const el = arg as WorkflowsElement | undefined;
  if (el?.t === 'workflow') return el.name;
  if (el?.t === 'node') return el.workflow;
  const sel = s.workflowsView.selection[0];
  if (sel?.t === 'workflow') return sel.name;
  if (sel?.t === 'node') return sel.workflow;
  await s.workflowsTree.ensureStarted();
  const names = s.workflowsTree.names();
  if (!names.length) throw new (core().ZldError)('NotFound', 'no workflows to pick from (submit one first, or check zld.argo.namespace)');
  const items = names.map((n) => {
    const sum = core().workflowSummary(s.workflowsTree.workflow(n) ?? EMPTY);
    return { label: n, description: `${sum.phase} · ${core().formatDuration(sum.durationSeconds)}` };
  });
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Workflow' }))?.label;
}

type Verb = 'retry' | 'resubmit' | 'suspend' | 'resume' | 'stop' | 'terminate';
const PAST: Record<Verb, string> = {
  retry: 'retried',
  resubmit: 'resubmitted as',
  suspend: 'suspended',
  resume: 'resumed',
  stop: 'stopping',
  terminate: 'terminating',
};

export function registerArgoCommands(s: Services): vscode.Disposable[] {
  const guard = <T>(what: string, fn: () => Promise<T>) => s.errors.guard(what, fn, { retry: true });

  const action = (verb: Verb) => async (arg?: unknown) => {
    const name = await workflowName(s, arg, `${verb[0]!.toUpperCase()}${verb.slice(1)} workflow`);
    if (!name) return undefined;
    return guard(`${verb} workflow ${name}`, async () => {
      const client = await s.argo.client();
      let wf: Workflow;
      if (verb === 'resubmit') {
        const phase = s.workflowsTree.workflow(name)?.status?.phase ?? (await client.get(name)).status?.phase;
        // memoized resubmission reuses what succeeded; the server allows it for Failed/Error workflows only
        wf = await client.resubmit(name, { memoized: phase === 'Failed' || phase === 'Error' });
      } else {
        wf = await client[verb](name);
      }
      s.workflowsTree.upsert(wf);
      const shown = verb === 'resubmit' ? `${name} ${PAST[verb]} ${wf.metadata?.name}` : `${name} ${PAST[verb]}`;
      s.log.info(`Argo: workflow ${shown}`);
      void vscode.window.showInformationMessage(`Zarr: workflow ${shown}.`);
      return wf;
    });
  };

  return [
    vscode.commands.registerCommand('zld.argo.refresh', () => s.workflowsTree.start()),
    vscode.commands.registerCommand('zld.argo.setToken', async (token?: string) => {
      const stored = typeof token === 'string' && token.trim() ? (await s.argo.setToken(token), true) : await s.argo.promptToken();
      if (stored) {
        s.log.info('Argo token stored in secret storage');
        void vscode.window.showInformationMessage('Zarr: Argo token saved in secret storage.');
      }
      return stored;
    }),
    vscode.commands.registerCommand('zld.argo.clearToken', async () => {
      await s.argo.clearToken();
      s.log.info('Argo token removed from secret storage');
    }),
    vscode.commands.registerCommand('zld.argo.get', async (arg?: unknown) => {
      const name = await workflowName(s, arg, 'Show workflow');
      if (!name) return undefined;
      return guard(`get workflow ${name}`, async () => {
        const client = await s.argo.client();
        const wf = await client.get(name);
        s.workflowsTree.upsert(wf);
        const uri = workflowUri(client.connection.namespace, name);
        s.workflowDocs.refresh(uri);
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.languages.setTextDocumentLanguage(doc, 'yaml').then(undefined, () => doc);
        await vscode.window.showTextDocument(doc, { preview: true });
        return wf;
      });
    }),
    vscode.commands.registerCommand('zld.argo.watch', async (arg?: unknown) => {
      const name = await workflowName(s, arg, 'Watch workflow');
      if (!name) return undefined;
      return guard(`watch workflow ${name}`, async () =>
        vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Workflow ${name}`, cancellable: true },
          async (progress, token) => {
            const controller = new AbortController();
            token.onCancellationRequested(() => controller.abort());
            const client = await s.argo.client();
            let last: Workflow | undefined;
            for await (const ev of client.watchWorkflow(name, { signal: controller.signal })) {
              if (!ev.object) continue;
              last = ev.object;
              s.workflowsTree.upsert(ev.object);
              const sum = core().workflowSummary(ev.object);
              progress.report({ message: `${ev.type === 'DELETED' ? 'deleted' : sum.phase} ${sum.progress}` });
            }
            const sum = core().workflowSummary(last ?? EMPTY);
            s.log.info(`Argo: workflow ${name} ${sum.phase}${sum.message ? `: ${sum.message}` : ''}`);
            return last;
          },
        ),
      );
    }),
    vscode.commands.registerCommand('zld.argo.logs', async (arg?: unknown, opts?: { follow?: boolean }) => {
      const name = await workflowName(s, arg, 'Workflow logs');
      if (!name) return undefined;
      const el = arg as WorkflowsElement | undefined;
      const podName = el?.t === 'node' ? el.row.podName : undefined;
      return s.workflowLogs.open(name, { podName, follow: opts?.follow ?? true });
    }),
    vscode.commands.registerCommand('zld.argo.retry', action('retry')),
    vscode.commands.registerCommand('zld.argo.resubmit', action('resubmit')),
    vscode.commands.registerCommand('zld.argo.suspend', action('suspend')),
    vscode.commands.registerCommand('zld.argo.resume', action('resume')),
    vscode.commands.registerCommand('zld.argo.stop', action('stop')),
    vscode.commands.registerCommand('zld.argo.terminate', action('terminate')),
    vscode.commands.registerCommand('zld.argo.delete', async (arg?: unknown, opts?: { confirm?: boolean }) => {
      const name = await workflowName(s, arg, 'Delete workflow');
      if (!name) return undefined;
      if (opts?.confirm !== false) {
        const ok = await vscode.window.showWarningMessage(`Delete workflow ${name}? Its pods and logs go with it.`, { modal: true }, 'Delete');
        if (ok !== 'Delete') return undefined;
      }
      return guard(`delete workflow ${name}`, async () => {
        await (await s.argo.client()).delete(name);
        s.workflowsTree.remove(name);
        s.workflowLogs.close(name);
        s.log.info(`Argo: workflow ${name} deleted`);
        return true;
      });
    }),
  ];
}
