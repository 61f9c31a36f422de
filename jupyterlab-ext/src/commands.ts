/**
 * The zld commands (palette, context menus): open/remove/refresh a store, look up a URI, Retrieve (insert a
 * code cell, insert and run, copy code/URI/path), check and consolidate consolidated metadata. Errors are
 * shown in one place, {@link notifyError}.
 *
 * @example
 * ```ts
 * addCommands(app, { panel, tracker, settings, flavour: () => 'zarr' });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Clipboard, Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { isWritable, readConsolidated, writeConsolidated, ZldError, type Flavour } from './core.js';
import { messageOf, type OpenedStore, type StoreSpec } from './model.js';
import type { ContextTarget, ZarrPanel } from './panel.js';
import { codeFor, insertCell, type RetrieveTarget } from './retrieve.js';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from './command-ids.js';

export interface CommandDeps {
  panel: ZarrPanel;
  tracker: INotebookTracker;
  flavour: () => Flavour;
  /** Open a store and remember it in the settings. */
  openStore: (spec: StoreSpec) => Promise<OpenedStore>;
  forgetStore: (url: string) => Promise<void>;
}

export function notifyError(e: unknown): void {
  Notification.error(messageOf(e), { autoClose: 8000 });
}

type Args = { storeUrl?: string; path?: string; uri?: string; url?: string };

function targetRef(panel: ZarrPanel, args: Args): ContextTarget | undefined {
  if (args.storeUrl && args.path) return { storeUrl: args.storeUrl, path: args.path as ContextTarget['path'], uri: args.uri };
  return panel.contextTarget();
}

async function resolveTarget(panel: ZarrPanel, args: Args): Promise<RetrieveTarget> {
  const ref = targetRef(panel, args);
  if (!ref) throw new ZldError('BadInput', 'select a group or an array in the Zarr panel first');
  const opened = panel.model.get(ref.storeUrl);
  const node = await opened?.hierarchy.node(ref.path);
  if (!opened || !node) throw new ZldError('NotFound', `no node ${ref.path} in store ${ref.storeUrl}`);
  return { opened, node, uri: ref.uri };
}

async function notebookForInsert(app: JupyterFrontEnd, tracker: INotebookTracker): Promise<NotebookPanel | undefined> {
  let nb = tracker.currentWidget;
  if (!nb) {
    const answer = await showDialog({
      title: 'No notebook is open',
      body: 'Create a new notebook and insert the load code into it?',
      buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Create notebook' })],
    });
    if (!answer.button.accept) return undefined;
    const specs = app.serviceManager.kernelspecs;
    await specs.ready;
    nb = (await app.commands.execute('notebook:create-new', { kernelName: specs.specs?.default ?? '' })) as NotebookPanel;
    await nb.context.ready;
    await nb.sessionContext.ready;
  }
  app.shell.activateById(nb.id);
  return nb;
}

async function retrieve(app: JupyterFrontEnd, deps: CommandDeps, args: Args, run: boolean): Promise<void> {
  const t = await resolveTarget(deps.panel, args);
  const nb = await notebookForInsert(app, deps.tracker);
  if (!nb) return;
  const { code, fallback, unsupported } = await codeFor(t, nb, deps.flavour());
  if (unsupported) {
    // Python code in a notebook of another language would only fail: hand it over instead of inserting it
    Clipboard.copyToSystem(code.source);
    Notification.warning(unsupported, { autoClose: 10000 });
    return;
  }
  const kernel = nb.sessionContext.session?.kernel;
  const dead = !kernel || kernel.status === 'dead';
  await insertCell(nb, code.source, { run: run && !dead });
  if (dead) Notification.warning(`The notebook has no running kernel: the ${code.language} load code was inserted but not run.`, { autoClose: 8000 });
  else if (fallback) Notification.warning(`zld has no code generator for this kernel's language: Python load code was inserted.`, { autoClose: 8000 });
}

async function consolidate(deps: CommandDeps, url: string | undefined): Promise<void> {
  const storeUrl = url ?? deps.panel.contextTarget()?.storeUrl;
  const opened = storeUrl ? deps.panel.model.get(storeUrl) : undefined;
  if (!opened) throw new ZldError('BadInput', 'select a store in the Zarr panel first');
  const store = opened.store;
  if (!isWritable(store)) throw new ZldError('Unsupported', `store ${opened.spec.url} is read-only here (${opened.via}): it cannot be consolidated from JupyterLab`);
  const format = opened.hierarchy.format;
  const key = opened.consolidatedKey ?? '.zmetadata';
  const existing = await readConsolidated(store, { key, format });
  if (existing) {
    const answer = await showDialog({
      title: 'Overwrite consolidated metadata?',
      body: `Rewrite ${existing.key} of ${opened.spec.url} from the store's current metadata?`,
      buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Overwrite' })],
    });
    if (!answer.button.accept) return;
  }
  const r = await writeConsolidated(store, { key, format, overwrite: true });
  Notification.success(r.written ? `Wrote ${r.key} (${r.entries} entries) in ${opened.spec.url}` : `${r.key} of ${opened.spec.url} was already up to date`, { autoClose: 5000 });
  deps.panel.tree.forget(opened.spec.url);
  const fresh = await deps.panel.model.refresh(opened.spec.url);
  await deps.panel.revealAndCheck(fresh.spec.url);
}

export function addCommands(app: JupyterFrontEnd, deps: CommandDeps): void {
  const { commands } = app;
  const { panel } = deps;
  const guarded = (fn: (args: Args) => Promise<unknown>) => async (args: Args) => {
    try {
      await fn(args);
    } catch (e) {
      notifyError(e);
    } finally {
      panel.clearContext();
    }
  };
  const hasStore = () => panel.contextStore() !== undefined;

  commands.addCommand(CommandIDs.showPanel, { label: 'Show the Zarr panel', execute: () => app.shell.activateById(panel.id) });
  commands.addCommand(CommandIDs.openStore, {
    label: 'Zarr: Open Store…',
    caption: 'Open a Zarr store by server path, s3:// or https:// URL',
    execute: guarded(async (args) => {
      let url = args.url;
      if (!url) {
        const r = await showDialog({ title: 'Open a Zarr store', body: new StoreUrlBody(), buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Open' })] });
        if (!r.button.accept || !r.value) return;
        url = r.value;
      }
      app.shell.activateById(panel.id);
      await deps.openStore({ url });
    }),
  });
  commands.addCommand(CommandIDs.removeStore, {
    label: 'Zarr: Remove Store',
    isEnabled: hasStore,
    execute: guarded(async (args) => deps.forgetStore(args.url ?? panel.contextStore()!)),
  });
  commands.addCommand(CommandIDs.refreshStore, {
    label: 'Zarr: Refresh Store',
    isEnabled: hasStore,
    execute: guarded(async (args) => {
      const url = args.url ?? panel.contextStore()!;
      panel.setStatus(`Refreshing ${url}…`);
      panel.tree.forget(url);
      try {
        await panel.model.refresh(url);
      } catch (e) {
        panel.setStatus(messageOf(e), true);
        throw e;
      }
      panel.setStatus(`Refreshed ${url}`);
    }),
  });
  commands.addCommand(CommandIDs.lookupUri, {
    label: 'Zarr: Look Up URI…',
    execute: guarded(async (args) => {
      let uri = args.uri;
      if (!uri) {
        const r = await showDialog({ title: 'Look up a URI', body: new StoreUrlBody('http://…'), buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Look up' })] });
        if (!r.button.accept || !r.value) return;
        uri = r.value;
      }
      app.shell.activateById(panel.id);
      await panel.lookup(uri);
    }),
  });
  commands.addCommand(CommandIDs.insertCell, { label: 'Insert code cell', caption: 'Insert the load code below the active cell', execute: guarded((a) => retrieve(app, deps, a, false)) });
  commands.addCommand(CommandIDs.insertAndRun, { label: 'Insert and run', execute: guarded((a) => retrieve(app, deps, a, true)) });
  commands.addCommand(CommandIDs.copyCode, {
    label: 'Copy code',
    execute: guarded(async (a) => {
      const t = await resolveTarget(panel, a);
      const { code } = await codeFor(t, deps.tracker.currentWidget, deps.flavour());
      Clipboard.copyToSystem(code.source);
    }),
  });
  commands.addCommand(CommandIDs.copyUri, {
    label: 'Copy URI',
    isEnabled: () => panel.contextTarget()?.uri !== undefined,
    execute: guarded(async (a) => Clipboard.copyToSystem(targetRef(panel, a)?.uri ?? '')),
  });
  commands.addCommand(CommandIDs.copyPath, { label: 'Copy path', execute: guarded(async (a) => Clipboard.copyToSystem(targetRef(panel, a)?.path ?? '')) });
  commands.addCommand(CommandIDs.consolidate, { label: 'Zarr: Consolidate Metadata', execute: guarded((a) => consolidate(deps, a.url)) });
}

/** A one-field dialog body. */
class StoreUrlBody extends Widget implements Dialog.IBodyWidget<string> {
  private readonly input: HTMLInputElement;
  constructor(placeholder = 'data/store.zarr, s3://bucket/store.zarr or https://…') {
    super();
    this.input = document.createElement('input');
    this.input.className = 'jp-mod-styled zld-DialogInput';
    this.input.placeholder = placeholder;
    this.node.appendChild(this.input);
  }
  getValue(): string {
    return this.input.value.trim();
  }
  protected override onAfterAttach(): void {
    this.input.focus();
  }
}
