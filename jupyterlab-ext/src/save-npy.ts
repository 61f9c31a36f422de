/**
 * "Save Array as .npy…" (`zld:save-npy`): an array of a store the panel has open (any kind: server files,
 * kernel, browser S3/HTTP) read in the browser with core, encoded as `.npy` (core's browser-safe
 * `planNpy`/`streamNpy`) and written to a server path through the Contents API in pieces
 * ({@link ContentsUpload}), with a progress notification that can be cancelled and that turns into the
 * outcome (saved, cancelled, or the error naming the array and the path). An existing file is replaced only
 * after the user confirms (a folder never); a cancelled or failed save leaves no partial file. On a group or an
 * `@id`, the array it links to (as Retrieve resolves it) is saved.
 *
 * @example
 * ```ts
 * addSaveNpyCommand(app, { panel, contents: app.serviceManager.contents, defaultDir: () => '' });
 * await app.commands.execute('zld:save-npy', { storeUrl: 'catplus.zarr', path: '/myBatch/mySamplePrep/sample1/sample1Dataset' });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, InputDialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';
import { CommandIDs } from './command-ids.js';
import { ContentsUpload, serverEntry } from './contents-upload.js';
import { ZldError, isZldError, planNpy, streamNpy, type ArrayNode } from './core.js';
import { formatBytes } from './dom.js';
import { messageOf, type ExplorerModel, type NodeRef, type OpenedStore } from './model.js';
import type { ContextTarget, ZarrPanel } from './panel.js';

export interface SaveNpyDeps {
  panel: ZarrPanel;
  contents: Contents.IManager;
  /** The server folder a new file goes to by default (the open notebook's, else the file browser's). */
  defaultDir: () => string;
  /** Report an error (the extension's one place for it). */
  notifyError: (e: unknown) => void;
}

type Args = { storeUrl?: string; path?: string; uri?: string; file?: string };

function sameNode(a: NodeRef, b: NodeRef | undefined): boolean {
  return b !== undefined && a.storeUrl === b.storeUrl && a.path === b.path;
}

/**
 * Whether the context menu's target is an array, or names (by its `@id`) a node that resolves to one in the
 * linked index (as the URI box and Retrieve resolve it). Synchronous, so it reads the index already built; for a
 * store not indexed yet the answer is unknown and the item is offered (the command then says when it is no array).
 */
export function npyTargetVisible(panel: ZarrPanel): boolean {
  const t = panel.contextTarget();
  if (!t) return false;
  const row = panel.tree.contextRow ?? panel.tree.selectedRow;
  if (row && sameNode(t, row) && row.node?.kind === 'array') return true;
  if (!t.uri) return false;
  return leadsToArray(panel.model, { storeUrl: t.storeUrl, uri: t.uri });
}

/**
 * Whether a node (`storeUrl` + `path`) or an `@id` (`uri`) is an array or leads to one, from the linked index
 * already built (synchronous, for menus); `true` when the store is not indexed yet (unknown).
 */
export function leadsToArray(model: ExplorerModel, ref: { storeUrl?: string; path?: string; uri?: string }): boolean {
  let uri = ref.uri;
  if (ref.storeUrl) {
    if (!model.index.storeUrls().includes(ref.storeUrl)) return true;
    if (ref.path) {
      const node = model.index.node(ref.storeUrl, ref.path);
      if (node?.kind === 'array') return true;
      uri ??= node?.ids[0];
    }
  }
  if (!uri) return false;
  return model.reveal(uri).arrays.length > 0;
}

/** The array to save: the node itself when it is one, else the first array its `@id` resolves to. */
async function resolveArray(panel: ZarrPanel, args: Args): Promise<{ opened: OpenedStore; node: ArrayNode }> {
  const ref: ContextTarget | undefined = args.storeUrl && args.path ? { storeUrl: args.storeUrl, path: args.path as ContextTarget['path'], uri: args.uri } : panel.contextTarget();
  if (!ref) throw new ZldError('BadInput', 'select an array in the Zarr panel first');
  const candidates: NodeRef[] = [ref, ...(ref.uri ? panel.model.reveal(ref.uri).targets : [])];
  for (const c of candidates) {
    const opened = panel.model.get(c.storeUrl);
    const node = await opened?.hierarchy.node(c.path);
    if (opened && node?.kind === 'array') return { opened, node };
  }
  throw new ZldError('BadInput', `${ref.path} in ${ref.storeUrl} is not an array and links to none: pick an array to save as .npy`);
}

async function askFile(node: ArrayNode, dir: string): Promise<string | undefined> {
  const name = `${node.name || 'array'}.npy`;
  const r = await InputDialog.getText({
    title: `Save ${node.path} as .npy`,
    label: 'Path on the Jupyter server',
    text: PathExt.join(dir, name),
    okLabel: 'Save',
  });
  const file = r.button.accept ? r.value?.trim().replace(/^\/+/, '') : undefined;
  return file ? file : undefined;
}

async function confirmOverwrite(file: string): Promise<boolean> {
  const r = await showDialog({
    title: 'Replace the existing file?',
    body: `${file} already exists on the Jupyter server. Replace it with the saved array?`,
    buttons: [Dialog.cancelButton(), Dialog.warnButton({ label: 'Replace' })],
  });
  return r.button.accept;
}

/** Stream the array into the upload, with a progress notification whose Cancel aborts it. */
async function upload(deps: SaveNpyDeps, opened: OpenedStore, node: ArrayNode, file: string, replace: boolean): Promise<void> {
  const ctl = new AbortController();
  const what = `array ${node.path} of ${opened.spec.url}`;
  const plan = await planNpy(opened.hierarchy, node.path, { signal: ctl.signal });
  const title = `Saving ${node.name} to ${file}`;
  const cancel = (e: Event) => {
    e.preventDefault(); // keep the toast: it says when the partial file is gone
    ctl.abort();
  };
  const actions = [{ label: 'Cancel', caption: `Stop saving ${file}`, callback: cancel }];
  const id = Notification.emit(`${title}…`, 'in-progress', { autoClose: false, progress: 0, actions });
  let shown = 0;
  const up = new ContentsUpload(deps.contents, file, {
    signal: ctl.signal,
    onSent: (n) => {
      if (Date.now() - shown < 200 && n < plan.bytes) return;
      shown = Date.now();
      Notification.update({ id, type: 'in-progress', message: `${title}: ${formatBytes(n)} of ${formatBytes(plan.bytes)}`, progress: n / plan.bytes, autoClose: false, actions });
    },
  });
  // the progress notification becomes the outcome (dismissing a toast right after updating it can leave it behind)
  const end = (type: 'success' | 'info' | 'error', message: string, autoClose: number) => Notification.update({ id, type, message, autoClose, actions: [], progress: undefined });
  try {
    await streamNpy(plan, (bytes) => up.write(bytes), { signal: ctl.signal });
    await up.finish({ replace });
  } catch (e) {
    await up.discard();
    if (ctl.signal.aborted || isZldError(e, 'Aborted')) {
      end('info', `Cancelled: ${file} was not ${replace ? 'replaced' : 'written'}.`, 5000);
      return;
    }
    const error = new ZldError(isZldError(e) ? e.code : 'Network', `cannot save ${what} to ${file}: ${messageOf(e)}`, { cause: e });
    end('error', error.message, 8000);
    return;
  }
  end('success', `Saved ${node.path} (${plan.shape.join(' × ')} ${plan.dtype}, ${formatBytes(plan.bytes)}) to ${file}`, 6000);
}

/** The context-menu twin of {@link CommandIDs.saveNpy}: shown only on an array, or on what links to one. */
export const SAVE_NPY_MENU = `${CommandIDs.saveNpy}-menu`;

export function addSaveNpyCommand(app: JupyterFrontEnd, deps: SaveNpyDeps): void {
  const { panel } = deps;
  const label = 'Zarr: Save Array as .npy…';
  app.commands.addCommand(CommandIDs.saveNpy, {
    label,
    caption: 'Write the selected array to a .npy file on the Jupyter server (numpy.load reads it)',
    execute: async (a) => {
      const args = a as Args;
      try {
        const { opened, node } = await resolveArray(panel, args);
        const file = args.file ?? (await askFile(node, deps.defaultDir()));
        if (!file) return;
        if (PathExt.basename(file) === '' || file.endsWith('/')) throw new ZldError('BadInput', `cannot save array ${node.path} to "${file}": name a file`);
        const existing = await serverEntry(deps.contents, file);
        if (existing?.type === 'directory') throw new ZldError('BadInput', `cannot save array ${node.path} to ${file}: it is a folder on the Jupyter server`);
        if (existing && !(await confirmOverwrite(file))) return;
        await upload(deps, opened, node, file, existing !== undefined);
      } catch (e) {
        deps.notifyError(e);
      } finally {
        panel.clearContext();
      }
    },
  });
  app.commands.addCommand(SAVE_NPY_MENU, {
    label: 'Save Array as .npy…',
    isVisible: () => npyTargetVisible(panel),
    execute: (a) => app.commands.execute(CommandIDs.saveNpy, a),
  });
}
