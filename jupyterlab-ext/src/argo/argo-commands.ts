/**
 * The Argo palette commands: submit (the open YAML/JSON file, lint first), submit from a template, list
 * (show the panel), get, logs, watch, retry, resubmit, stop, terminate, suspend, resume, delete (asks
 * first), lint, set token, clear token, refresh. A command without a `name` argument acts on the workflow selected in
 * the Workflows panel, else asks for one.
 *
 * @example
 * ```ts
 * addArgoCommands({ app, session, model, panel, fileBrowser });
 * await app.commands.execute('zld:argo-stop', { name: 'hello-x2c9' });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { InputDialog, MainAreaWidget, Notification } from '@jupyterlab/apputils';
import type { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ArgoCommandIDs } from './command-ids.js';
import { isFinishedPhase, parseManifest, workflowNodes, ZldError, type ArgoClient, type Workflow } from './core.js';
import { askToken, confirm, showDetails } from './dialogs.js';
import { guarded, withProgress } from './guard.js';
import { WorkflowLogView } from './log-view.js';
import { MANIFEST_FILE, manifestFrom, selectedManifestPath } from './manifest-source.js';
import type { ArgoSession } from './session.js';
import { askTemplateParameters, pickTemplate } from './templates.js';
import type { WorkflowsModel } from './workflows-model.js';
import type { WorkflowsPanel } from './workflows-panel.js';

export interface ArgoCommandDeps {
  app: JupyterFrontEnd;
  session: ArgoSession;
  model: WorkflowsModel;
  panel: WorkflowsPanel;
  fileBrowser: IDefaultFileBrowser | null;
}

type Args = { name?: string; path?: string; kind?: string; template?: string; parameters?: string };

/** `a=1, b=2` (palette arguments, forms) -> `['a=1', 'b=2']`. */
function parameterList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((p) => p.trim()).filter(Boolean);
}

/** Show the panel with a workflow selected (after submitting it). */
export function announce(deps: ArgoCommandDeps, wf: Workflow, what: string): Workflow {
  deps.model.upsert(wf);
  deps.app.shell.activateById(deps.panel.id);
  deps.panel.select(wf.metadata?.name);
  Notification.success(`Submitted ${what} as workflow ${wf.metadata?.name ?? ''}`, { autoClose: 5000 });
  return wf;
}

async function workflowName(deps: ArgoCommandDeps, args: Args, verb: string): Promise<string | undefined> {
  if (args.name) return args.name;
  if (deps.panel.selected) return deps.panel.selected;
  const names = deps.model.workflows.map((w) => w.metadata?.name ?? '').filter(Boolean);
  if (!names.length) throw new ZldError('BadInput', `no workflow to ${verb}: there are none in namespace "${deps.model.namespace || (await deps.session.namespace())}"`);
  const pick = await InputDialog.getItem({ title: `${verb[0]!.toUpperCase()}${verb.slice(1)} which workflow?`, items: names });
  return pick.button.accept ? (pick.value ?? undefined) : undefined;
}

function openLogs(deps: ArgoCommandDeps, client: ArgoClient, name: string): WorkflowLogView {
  const { shell } = deps.app;
  for (const w of shell.widgets('main')) {
    const content = (w as MainAreaWidget).content;
    if (content instanceof WorkflowLogView && content.workflow === name) {
      content.start();
      shell.activateById(w.id);
      return content;
    }
  }
  const view = new WorkflowLogView(
    name,
    (signal, filter) => client.logs(name, { follow: true, signal, ...filter }),
    async () => workflowNodes(await client.get(name)).flatMap((n) => (n.podName ? [{ podName: n.podName, label: n.displayName }] : [])),
  );
  const widget = new MainAreaWidget({ content: view });
  widget.id = `zld-argo-log-area-${name}`;
  widget.title.label = `Logs: ${name}`;
  widget.title.closable = true;
  shell.add(widget, 'main', { mode: 'split-bottom' });
  shell.activateById(widget.id);
  return view;
}

export function addArgoCommands(deps: ArgoCommandDeps): void {
  const { app, session, model, panel } = deps;
  const { commands } = app;

  const onWorkflow = (id: string, label: string, verb: string, act: (client: ArgoClient, name: string, wf: Workflow | undefined, args: Args) => Promise<unknown>) =>
    commands.addCommand(id, {
      label,
      caption: `${label} (the selected workflow, or pick one)`,
      execute: async (a) => {
        const args = a as Args;
        await guarded(session, `${verb} workflow`, async () => {
          const name = await workflowName(deps, args, verb);
          if (!name) return;
          const client = await session.client();
          const result = await act(client, name, model.get(name), args);
          if (result && typeof result === 'object' && 'metadata' in (result as object)) model.upsert(result as Workflow);
        });
      },
    });

  onWorkflow(ArgoCommandIDs.get, 'Argo: Get Workflow', 'get', async (client, name) => showDetails(await client.get(name)));
  onWorkflow(ArgoCommandIDs.logs, 'Argo: Show Workflow Logs', 'read the logs of', async (client, name) => openLogs(deps, client, name));
  onWorkflow(ArgoCommandIDs.watch, 'Argo: Watch Workflow', 'watch', async (client, name) => {
    app.shell.activateById(panel.id);
    panel.select(name);
    const id = Notification.emit(`Watching ${name}…`, 'in-progress', { autoClose: false });
    try {
      let last: Workflow | undefined;
      for await (const ev of client.watchWorkflow(name)) {
        if (!ev.object) continue;
        last = ev.object;
        model.upsert(last);
        Notification.update({ id, message: `${name}: ${last.status?.phase ?? 'Pending'} ${last.status?.progress ?? ''}` });
      }
      const phase = last?.status?.phase ?? 'deleted';
      Notification.update({ id, message: `${name}: ${phase}`, type: phase === 'Succeeded' ? 'success' : isFinishedPhase(phase) ? 'error' : 'info', autoClose: 5000 });
    } catch (e) {
      Notification.dismiss(id);
      throw e;
    }
  });
  onWorkflow(ArgoCommandIDs.retry, 'Argo: Retry Workflow', 'retry', (client, name, _wf, args) => client.retry(name, { parameters: parameterList(args.parameters) }));
  onWorkflow(ArgoCommandIDs.resubmit, 'Argo: Resubmit Workflow', 'resubmit', async (client, name, wf) => {
    const failed = wf?.status?.phase === 'Failed' || wf?.status?.phase === 'Error';
    const again = await client.resubmit(name, { memoized: failed });
    return announce(deps, again, `a resubmission of ${name}${failed ? ' (memoized: succeeded steps are reused)' : ''}`);
  });
  onWorkflow(ArgoCommandIDs.stop, 'Argo: Stop Workflow', 'stop', (client, name) => client.stop(name));
  onWorkflow(ArgoCommandIDs.terminate, 'Argo: Terminate Workflow', 'terminate', (client, name) => client.terminate(name));
  onWorkflow(ArgoCommandIDs.suspend, 'Argo: Suspend Workflow', 'suspend', (client, name) => client.suspend(name));
  onWorkflow(ArgoCommandIDs.resume, 'Argo: Resume Workflow', 'resume', (client, name) => client.resume(name));
  onWorkflow(ArgoCommandIDs.del, 'Argo: Delete Workflow', 'delete', async (client, name) => {
    if (!(await confirm('Delete workflow?', `Delete workflow ${name} and its record in namespace ${client.connection.namespace}? This cannot be undone.`, 'Delete', true))) return;
    await client.delete(name);
    model.remove(name);
  });

  commands.addCommand(ArgoCommandIDs.submit, {
    label: 'Argo: Submit Workflow',
    caption: 'Lint, then submit the open (or selected) YAML/JSON workflow manifest',
    execute: async (a) => {
      const args = a as Args;
      await guarded(session, 'submit the workflow', async () => {
        const m = await manifestFrom(app, deps.fileBrowser, args);
        parseManifest(m.text, m.source); // YAML errors with line and column, before anything is sent
        const client = await session.client();
        const wf = await withProgress(`Submitting ${m.source}…`, async (signal) => {
          await client.lint(m.text, { source: m.source, signal });
          return client.create(m.text, { source: m.source, signal });
        });
        announce(deps, wf, m.source);
      });
    },
  });
  commands.addCommand(ArgoCommandIDs.lint, {
    label: 'Argo: Lint Workflow',
    caption: 'Check the open (or selected) manifest on the Argo Server without creating it',
    execute: async (a) => {
      await guarded(session, 'lint the workflow', async () => {
        const m = await manifestFrom(app, deps.fileBrowser, a as Args);
        parseManifest(m.text, m.source);
        const linted = await (await session.client()).lint(m.text, { source: m.source });
        Notification.success(`${m.source} is a valid ${String((linted as { kind?: string }).kind ?? 'Workflow')}`, { autoClose: 5000 });
      });
    },
  });
  commands.addCommand(ArgoCommandIDs.submitTemplate, {
    label: 'Argo: Submit From Template',
    caption: 'Submit a workflow from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, with parameters',
    execute: async (a) => {
      const args = a as Args;
      await guarded(session, 'submit from a template', async () => {
        const client = await session.client();
        if (args.template) {
          const kind = args.kind || 'WorkflowTemplate';
          announce(deps, await client.submit(kind, args.template, { parameters: parameterList(args.parameters) }), `${kind} ${args.template}`);
          return;
        }
        const picked = await pickTemplate(client);
        if (!picked) return;
        const parameters = await askTemplateParameters(picked);
        if (!parameters) return;
        announce(deps, await client.submit(picked.kind, picked.name, { parameters }), `${picked.kind} ${picked.name}`);
      });
    },
  });
  commands.addCommand(ArgoCommandIDs.list, {
    label: 'Argo: Show Workflows',
    caption: 'The Workflows panel: the namespace\'s workflows, live',
    execute: () => {
      app.shell.activateById(panel.id);
      model.start();
    },
  });
  commands.addCommand(ArgoCommandIDs.refresh, {
    label: 'Argo: Refresh Workflows',
    execute: () => {
      session.reload();
    },
  });
  commands.addCommand(ArgoCommandIDs.setToken, {
    label: 'Argo: Set Token…',
    caption: 'Use a token for the Argo Server (kept in memory only, never in the settings)',
    execute: async () => {
      const token = await askToken(
        session.hasUserToken ? 'A token entered earlier is in use.' : 'The Jupyter server adds its own token (ARGO_TOKEN or the pod service account) unless you enter one here.',
      );
      if (token) session.setToken(token);
    },
  });
  commands.addCommand(ArgoCommandIDs.clearToken, {
    label: 'Argo: Clear Token',
    caption: 'Forget the token entered in this page; calls use the Jupyter server’s own token again',
    execute: () => {
      const had = session.hasUserToken;
      session.setToken(undefined);
      Notification.info(had ? 'Cleared the Argo token entered in this page: calls use the Jupyter server’s token again.' : 'No Argo token was entered in this page.', { autoClose: 5000 });
    },
  });
  // the editor's context menu: only on a YAML/JSON document
  commands.addCommand(`${ArgoCommandIDs.submit}-editor`, {
    label: 'Submit Workflow to Argo',
    isVisible: () => MANIFEST_FILE.test((app.shell.currentWidget as unknown as { context?: { path?: string } } | null)?.context?.path ?? ''),
    execute: () => commands.execute(ArgoCommandIDs.submit, {}),
  });
  // the file browser: right-click a .yaml/.yml/.json file -> Submit Workflow
  commands.addCommand(`${ArgoCommandIDs.submit}-file`, {
    label: 'Submit Workflow to Argo',
    isVisible: () => Boolean(selectedManifestPath(deps.fileBrowser)),
    execute: () => commands.execute(ArgoCommandIDs.submit, { path: selectedManifestPath(deps.fileBrowser) ?? '' }),
  });
}
