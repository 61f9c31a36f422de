/**
 * The `@zld/jupyterlab-ext:argo` plugin: Argo Workflows in JupyterLab. A Workflows panel in the right side
 * bar (live), palette commands for every verb (category "Argo Workflows"), "Submit Workflow to Argo" on
 * YAML/JSON files (editor and file browser context menus), "Run Consolidate on Argo" / "Retrieve on Argo" on
 * the Zarr panel's stores, nodes and `@id` links. All requests go through the Jupyter server's Argo proxy
 * (the `zld_jupyterlab` server extension); settings hold no token.
 *
 * @example
 * ```ts
 * await app.commands.execute('zld:argo-submit', { path: 'flows/hello.yaml' });
 * await app.commands.execute('zld:argo-list');
 * ```
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IZarrExplorer } from '../tokens.js';
import { addArgoCommands } from './argo-commands.js';
import { ArgoCommandIDs } from './command-ids.js';
import { askToken } from './dialogs.js';
import { tokenRefused } from './guard.js';
import { addPipelineCommands, type ArgoPipelineSettings } from './pipeline-commands.js';
import { ArgoSession } from './session.js';
import { WorkflowsModel } from './workflows-model.js';
import { WorkflowsPanel } from './workflows-panel.js';

export const ARGO_PLUGIN_ID = '@zld/jupyterlab-ext:argo';

interface ArgoSettings extends ArgoPipelineSettings {
  namespace?: string;
}

const ROW = '.zld-ArgoPanel .zld-ArgoRow';

async function activate(
  app: JupyterFrontEnd,
  registry: ISettingRegistry | null,
  palette: ICommandPalette | null,
  fileBrowser: IDefaultFileBrowser | null,
  explorer: IZarrExplorer | null,
): Promise<void> {
  let settings: ISettingRegistry.ISettings | undefined;
  const current = (): ArgoSettings => (settings?.composite ?? {}) as ArgoSettings;
  const session = new ArgoSession(() => current().namespace);
  const model = new WorkflowsModel(session);
  const panel = new WorkflowsPanel(model, session, (command, args) => app.commands.execute(command, args));
  app.shell.add(panel, 'right', { rank: 700, type: 'Argo Workflows' });

  // the list goes live when the panel is first shown (no requests, no dialogs for users who never open it)
  let asking = false;
  const startWhenShown = () => {
    if (panel.isVisible) model.start();
  };
  app.shell.currentChanged?.connect(startWhenShown);
  app.restored.then(startWhenShown).catch(() => undefined);
  const observer = new MutationObserver(startWhenShown);
  observer.observe(panel.node, { attributes: true, attributeFilter: ['class'] });
  model.failed.connect(async (_, e) => {
    if (asking || !panel.isVisible || (e as { status?: number }).status !== 401) return;
    asking = true;
    try {
      const token = await askToken(tokenRefused(session, e));
      if (token) session.setToken(token);
    } finally {
      asking = false;
    }
  });

  const deps = { app, session, model, panel, fileBrowser };
  addArgoCommands(deps);
  if (explorer) addPipelineCommands(deps, explorer, () => current());

  const rowCommands = [
    ArgoCommandIDs.logs,
    ArgoCommandIDs.get,
    ArgoCommandIDs.watch,
    ArgoCommandIDs.stop,
    ArgoCommandIDs.terminate,
    ArgoCommandIDs.suspend,
    ArgoCommandIDs.resume,
    ArgoCommandIDs.retry,
    ArgoCommandIDs.resubmit,
    ArgoCommandIDs.del,
  ];
  rowCommands.forEach((command, i) => app.contextMenu.addItem({ command, selector: ROW, rank: i + 1 }));
  app.contextMenu.addItem({ command: `${ArgoCommandIDs.submit}-editor`, selector: '.jp-FileEditor', rank: 50 });
  app.contextMenu.addItem({ command: `${ArgoCommandIDs.submit}-file`, selector: '.jp-DirListing-item[data-isdir="false"]', rank: 4 });
  if (explorer) {
    app.contextMenu.addItem({ command: ArgoCommandIDs.runConsolidate, selector: '.zld-ZarrPanel .zld-Tree-row[aria-level="1"]', rank: 30 });
    for (const selector of ['.zld-ZarrPanel .zld-Tree-row', '.zld-ZarrPanel .zld-Details .zld-Link']) {
      app.contextMenu.addItem({ command: ArgoCommandIDs.retrieve, selector, rank: 10 });
    }
  }
  for (const command of [
    ArgoCommandIDs.submit,
    ArgoCommandIDs.submitTemplate,
    ArgoCommandIDs.list,
    ...rowCommands,
    ArgoCommandIDs.lint,
    ArgoCommandIDs.setToken,
    ArgoCommandIDs.clearToken,
    ArgoCommandIDs.refresh,
    ...(explorer ? [ArgoCommandIDs.runConsolidate, ArgoCommandIDs.retrieve] : []),
  ]) {
    palette?.addItem({ command, category: 'Argo Workflows' });
  }

  if (registry) {
    try {
      settings = await registry.load(ARGO_PLUGIN_ID);
      let namespace = current().namespace;
      settings.changed.connect(() => {
        if (current().namespace !== namespace) {
          namespace = current().namespace;
          model.refresh();
        }
      });
    } catch (e) {
      console.warn(`zld: Argo settings unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export const argoPlugin: JupyterFrontEndPlugin<void> = {
  id: ARGO_PLUGIN_ID,
  description: 'Argo Workflows: the Workflows panel, submit, logs and control, zld pipelines on Argo.',
  autoStart: true,
  optional: [ISettingRegistry, ICommandPalette, IDefaultFileBrowser, IZarrExplorer],
  activate,
};
