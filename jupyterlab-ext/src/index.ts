/**
 * `@zld/jupyterlab-ext`: the zld side panel for JupyterLab 4 (plugin glue: settings, commands, palette,
 * context menus, the file browser's "Open as Zarr store"; widgets live in `panel.ts`).
 *
 * @example
 * ```ts
 * // loaded by JupyterLab as a prebuilt extension from `labextensions/@zld/jupyterlab-ext`
 * await app.commands.execute('zld:open-store', { url: 'data/cat.zarr' });
 * ```
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDefaultFileBrowser } from '@jupyterlab/filebrowser';
import { INotebookTracker } from '@jupyterlab/notebook';
import type { Kernel } from '@jupyterlab/services';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { CommandIDs } from './command-ids.js';
import { addCommands, notifyError } from './commands.js';
import { ZldError, type Flavour } from './core.js';
import { ExplorerModel, type StoreSpec } from './model.js';
import { ZarrPanel } from './panel.js';
import { S3CredentialStore } from './s3-credentials.js';
import { addCredentialCommands, askS3Credentials } from './s3-credentials-dialog.js';
import { addSaveNpyCommand, leadsToArray, SAVE_NPY_MENU } from './save-npy.js';
import { addSignIn } from './s3-sign-in.js';
import { addStoreCommands } from './store-commands.js';
import { PathExt } from '@jupyterlab/coreutils';
import { storeOpener, type S3EndpointSetting } from './store-opener.js';
import { IZarrExplorer } from './tokens.js';
import { argoPlugin } from './argo/plugin.js';

export { CommandIDs } from './command-ids.js';
export { IZarrExplorer } from './tokens.js';
export { ContentsStore } from './contents-store.js';

const PLUGIN_ID = '@zld/jupyterlab-ext:plugin';

interface ZldSettings {
  stores: StoreSpec[];
  codeFlavour: Flavour;
  s3Endpoints: S3EndpointSetting[];
  datasetPredicates: string[];
}

const DEFAULTS: ZldSettings = { stores: [], codeFlavour: 'zarr', s3Endpoints: [], datasetPredicates: [] };

async function activate(
  app: JupyterFrontEnd,
  tracker: INotebookTracker,
  registry: ISettingRegistry | null,
  palette: ICommandPalette | null,
  fileBrowser: IDefaultFileBrowser | null,
): Promise<IZarrExplorer> {
  const services = app.serviceManager;
  let settings: ISettingRegistry.ISettings | undefined;
  const current = (): ZldSettings => ({ ...DEFAULTS, ...((settings?.composite ?? {}) as Partial<ZldSettings>) });

  let dataKernel: Kernel.IKernelConnection | undefined;
  const kernel = async () => {
    if (dataKernel && !dataKernel.isDisposed && dataKernel.status !== 'dead') {
      // the kernel may have been shut down elsewhere (running panel, REST): ask the server
      await services.kernels.refreshRunning();
      const id = dataKernel.id;
      if ([...services.kernels.running()].some((k) => k.id === id)) return dataKernel;
      dataKernel.dispose();
    }
    await services.kernelspecs.ready;
    const name = services.kernelspecs.specs?.default;
    if (!name) throw new ZldError('Unsupported', 'no kernel is available on this Jupyter server: s3:// stores are read through a kernel');
    dataKernel = await services.kernels.startNew({ name });
    return dataKernel;
  };

  // keys for direct browser S3 reads: this page's memory only
  const credentials = new S3CredentialStore(askS3Credentials);
  const model = new ExplorerModel(storeOpener({ contents: services.contents, kernel, s3Endpoints: () => current().s3Endpoints, credentials }));
  const remember = async (spec: StoreSpec) => {
    if (!settings) return;
    const stores = current().stores.filter((s) => s.url !== spec.url);
    await settings.set('stores', [...stores, spec] as never);
  };
  const openStore = async (spec: StoreSpec) => {
    const opened = await model.open(spec);
    await remember(spec).catch(notifyError);
    return opened;
  };
  const forgetStore = async (url: string) => {
    model.remove(url);
    if (settings) await settings.set('stores', current().stores.filter((s) => s.url !== url) as never);
  };

  const panel = new ZarrPanel(model, {
    addStore: async (url) => void (await openStore({ url })),
    consolidate: (url) => app.commands.execute(CommandIDs.consolidate, { url }) as Promise<void>,
    retrieve: (ref, uri) => app.commands.execute(CommandIDs.insertCell, { storeUrl: ref.storeUrl, path: ref.path, uri: uri ?? '' }) as Promise<void>,
    signIn: (url) => void app.commands.execute(CommandIDs.signInStore, { url }),
  });
  app.shell.add(panel, 'left', { rank: 600, type: 'Zarr' });

  addCommands(app, { panel, tracker, flavour: () => current().codeFlavour, openStore, forgetStore });
  addCredentialCommands(app, credentials, {
    endpoints: () => current().s3Endpoints,
    context: () => {
      const url = panel.contextStore();
      const opened = url ? model.get(url) : undefined;
      const waiting = url ? model.failed.find((f) => f.spec.url === url)?.needsCredentials : undefined;
      if (url && waiting) return { endpoint: waiting, storeUrl: url };
      return opened?.via === 'browser' && opened.storeOptions?.endpoint ? { endpoint: opened.storeOptions.endpoint, storeUrl: opened.spec.url } : undefined;
    },
    notifyError,
  });
  addSaveNpyCommand(app, {
    panel,
    contents: services.contents,
    // next to the open notebook, else in the file browser's folder
    defaultDir: () => (tracker.currentWidget ? PathExt.dirname(tracker.currentWidget.context.path) : (fileBrowser?.model.path ?? '')),
    notifyError,
  });
  addStoreCommands(app, { panel, notifyError });
  addSignIn(app, { panel, credentials, notifyError });
  app.commands.addCommand(CommandIDs.openFolderAsStore, {
    label: 'Open as Zarr Store',
    isVisible: () => fileBrowser?.selectedItems().next()?.value?.type === 'directory',
    execute: async () => {
      const item = fileBrowser?.selectedItems().next()?.value;
      if (!item) return;
      app.shell.activateById(panel.id);
      await openStore({ url: item.path }).catch(notifyError);
    },
  });

  for (const selector of ['.zld-ZarrPanel .zld-Tree-row', '.zld-ZarrPanel .zld-Details .zld-Link']) {
    [CommandIDs.insertCell, CommandIDs.insertAndRun, CommandIDs.copyCode, CommandIDs.copyUri, CommandIDs.copyPath].forEach((command, i) =>
      app.contextMenu.addItem({ command, selector, rank: i + 1 }),
    );
    app.contextMenu.addItem({ command: SAVE_NPY_MENU, selector, rank: 8 });
  }
  for (const [i, command] of [CommandIDs.showConsolidated, CommandIDs.checkConsolidated].entries()) {
    app.contextMenu.addItem({ command, selector: '.zld-ZarrPanel .zld-Tree-row[aria-level="1"]', rank: 18 + i });
  }
  app.contextMenu.addItem({ command: CommandIDs.signInStore, selector: '.zld-ZarrPanel .zld-Tree-row[aria-level="1"]', rank: 17 });
  for (const [i, command] of [CommandIDs.consolidate, CommandIDs.refreshStore, CommandIDs.removeStore, CommandIDs.forgetS3Credentials].entries()) {
    app.contextMenu.addItem({ command, selector: '.zld-ZarrPanel .zld-Tree-row[aria-level="1"]', rank: 20 + i });
  }
  app.contextMenu.addItem({ command: CommandIDs.openFolderAsStore, selector: '.jp-DirListing-item[data-isdir="true"]', rank: 3 });
  for (const command of [
    CommandIDs.openStore,
    CommandIDs.lookupUri,
    CommandIDs.search,
    CommandIDs.revealNode,
    CommandIDs.insertCell,
    CommandIDs.insertAndRun,
    CommandIDs.saveNpy,
    CommandIDs.checkConsolidated,
    CommandIDs.showConsolidated,
    CommandIDs.consolidate,
    CommandIDs.showPanel,
    CommandIDs.setS3Credentials,
    CommandIDs.forgetS3Credentials,
  ]) {
    palette?.addItem({ command, category: 'Zarr' });
  }

  if (registry) {
    try {
      settings = await registry.load(PLUGIN_ID);
      model.datasetPredicates = current().datasetPredicates;
      settings.changed.connect(() => (model.datasetPredicates = current().datasetPredicates));
      // quiet: a remembered store that needs S3 keys waits for the user's "Sign in…" instead of a dialog at load
      for (const spec of current().stores) void model.open(spec, { quiet: true }).catch(() => undefined);
    } catch (e) {
      console.warn(`zld: settings unavailable: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { model, openStore, lookup: (uri) => panel.lookup(uri), leadsToArray: (ref) => leadsToArray(model, ref) };
}

const plugin: JupyterFrontEndPlugin<IZarrExplorer> = {
  id: PLUGIN_ID,
  description: 'The Zarr side panel: stores, tree, details, linked data, retrieve.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry, ICommandPalette, IDefaultFileBrowser],
  provides: IZarrExplorer,
  activate,
};

export default [plugin, argoPlugin];
