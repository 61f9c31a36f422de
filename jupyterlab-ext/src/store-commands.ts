/**
 * Palette and context-menu verbs over the panel that VS Code has too: Check Consolidated Metadata and Show
 * Consolidated Metadata (the store section's check and raw JSON view, for the selected or named store),
 * Search Metadata… (the panel's search box) and Reveal Node (`{store, path}`, or a dialog).
 *
 * @example
 * ```ts
 * addStoreCommands(app, { panel, notifyError });
 * await app.commands.execute('zld:reveal-node', { store: 'catplus.zarr', path: '/myBatch/mySamplePrep/sample1' });
 * await app.commands.execute('zld:search', { text: 'sample' });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, InputDialog, Notification, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import { CommandIDs } from './command-ids.js';
import { ZldError, normalizePath } from './core.js';
import { el } from './dom.js';
import type { OpenedStore } from './model.js';
import type { ZarrPanel } from './panel.js';
import { consolidatedLabel, type CheckVerdict } from './store-section.js';

export interface StoreCommandDeps {
  panel: ZarrPanel;
  notifyError: (e: unknown) => void;
}

type Args = { url?: string; store?: string; storeUrl?: string; path?: string; text?: string };

/** The store a command acts on: named, else the selected one, else the only one, else the user picks. */
async function pickStore(panel: ZarrPanel, url: string | undefined, title: string): Promise<OpenedStore | undefined> {
  const named = url ?? panel.contextStore();
  if (named) {
    const opened = panel.model.get(named);
    if (!opened) throw new ZldError('NotFound', `store ${named} is not open in the Zarr panel`);
    return opened;
  }
  const stores = panel.model.stores;
  if (stores.length === 0) throw new ZldError('BadInput', 'no store is open in the Zarr panel: open one first');
  if (stores.length === 1) return stores[0];
  const r = await InputDialog.getItem({ title, label: 'Store', items: stores.map((s) => s.spec.url) });
  return r.button.accept && r.value ? panel.model.get(r.value) : undefined;
}

async function checkStore(app: JupyterFrontEnd, panel: ZarrPanel, url: string | undefined): Promise<void> {
  const opened = await pickStore(panel, url, 'Check the consolidated metadata of');
  if (!opened) return;
  app.shell.activateById(panel.id);
  const key = consolidatedLabel(opened);
  if (!key) {
    await panel.revealAndCheck(opened.spec.url, {});
    Notification.info(`${opened.spec.url} has no consolidated metadata: its tree is read by listing.`, { autoClose: 6000 });
    return;
  }
  const verdict = await new Promise<CheckVerdict>((resolve, reject) => {
    const timer = setTimeout(() => reject(new ZldError('Timeout', `checking the consolidated metadata of ${opened.spec.url} took over 2 minutes`)), 120_000);
    void panel.revealAndCheck(opened.spec.url, { check: true, onChecked: (v) => (clearTimeout(timer), resolve(v)) }).catch(reject);
  });
  const what = `Consolidated metadata (${key}) of ${opened.spec.url}`;
  if (verdict.stale === undefined) throw new ZldError('Network', `cannot check the consolidated metadata of ${opened.spec.url}: ${verdict.text}`);
  if (verdict.stale) Notification.warning(`${what} is ${verdict.text}`, { autoClose: 10000 });
  else Notification.success(`${what} is up to date.`, { autoClose: 5000 });
}

async function showConsolidated(app: JupyterFrontEnd, panel: ZarrPanel, url: string | undefined): Promise<void> {
  const opened = await pickStore(panel, url, 'Show the consolidated metadata of');
  if (!opened) return;
  if (!consolidatedLabel(opened)) throw new ZldError('NotFound', `${opened.spec.url} has no consolidated metadata to show`);
  app.shell.activateById(panel.id);
  await panel.revealAndCheck(opened.spec.url, { openRaw: true });
}

/** Store (a list of the open ones) and path, for Reveal Node without arguments. */
class RevealBody extends Widget implements Dialog.IBodyWidget<{ store: string; path: string }> {
  private readonly store: HTMLSelectElement;
  private readonly path: HTMLInputElement;
  constructor(stores: string[], current: string | undefined) {
    super();
    this.addClass('zld-RevealForm');
    this.store = el('select', { cls: 'jp-mod-styled zld-DialogInput', attrs: { name: 'store', 'aria-label': 'Store' } });
    for (const s of stores) this.store.appendChild(el('option', { text: s, attrs: { value: s } }));
    if (current && stores.includes(current)) this.store.value = current;
    this.path = el('input', { cls: 'jp-mod-styled zld-DialogInput', attrs: { name: 'path', type: 'text', placeholder: '/group/array', 'aria-label': 'Path in the store' } });
    this.node.append(
      el('label', { cls: 'zld-DialogField' }, el('span', { text: 'Store' }), this.store),
      el('label', { cls: 'zld-DialogField' }, el('span', { text: 'Path in the store' }), this.path),
    );
  }
  getValue(): { store: string; path: string } {
    return { store: this.store.value, path: this.path.value.trim() };
  }
  protected override onAfterAttach(): void {
    this.path.focus();
  }
}

async function revealNode(app: JupyterFrontEnd, panel: ZarrPanel, args: Args): Promise<void> {
  let store = args.store ?? args.storeUrl;
  let path = args.path;
  if (!store || path === undefined) {
    const stores = panel.model.stores.map((s) => s.spec.url);
    if (stores.length === 0) throw new ZldError('BadInput', 'no store is open in the Zarr panel: open one first');
    const r = await showDialog({ title: 'Reveal a node', body: new RevealBody(stores, store ?? panel.contextStore()), buttons: [Dialog.cancelButton(), Dialog.okButton({ label: 'Reveal' })] });
    if (!r.button.accept || !r.value) return;
    ({ store, path } = r.value);
  }
  if (!panel.model.get(store)) throw new ZldError('NotFound', `store ${store} is not open in the Zarr panel`);
  const abs = normalizePath(path || '/');
  app.shell.activateById(panel.id);
  if (!(await panel.tree.reveal({ storeUrl: store, path: abs }))) throw new ZldError('NotFound', `there is no node ${abs} in store ${store}`);
  panel.setStatus(`${abs} in ${store}`);
}

export function addStoreCommands(app: JupyterFrontEnd, deps: StoreCommandDeps): void {
  const { panel } = deps;
  const guarded = (fn: (args: Args) => Promise<void>) => async (a: unknown) => {
    try {
      await fn(a as Args);
    } catch (e) {
      deps.notifyError(e);
    } finally {
      panel.clearContext();
    }
  };
  app.commands.addCommand(CommandIDs.checkConsolidated, {
    label: 'Zarr: Check Consolidated Metadata',
    caption: 'Compare the consolidated metadata with the metadata stored under it',
    execute: guarded((a) => checkStore(app, panel, a.url ?? a.store)),
  });
  app.commands.addCommand(CommandIDs.showConsolidated, {
    label: 'Zarr: Show Consolidated Metadata',
    caption: 'The raw consolidated JSON of the store, with a search box',
    execute: guarded((a) => showConsolidated(app, panel, a.url ?? a.store)),
  });
  app.commands.addCommand(CommandIDs.search, {
    label: 'Zarr: Search Metadata…',
    caption: 'Search the names, types and values of the open stores',
    execute: guarded(async (a) => {
      app.shell.activateById(panel.id);
      panel.focusSearch(a.text);
    }),
  });
  app.commands.addCommand(CommandIDs.revealNode, {
    label: 'Zarr: Reveal Node…',
    caption: 'Select a node of an open store by its path',
    execute: guarded((a) => revealNode(app, panel, a)),
  });
}
