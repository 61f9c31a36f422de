/**
 * Commands on the list of stores: Open Store… (a folder, `s3://` or `http(s)://`), Open as Zarr Store (Explorer
 * context menu on `.zarr` folders), Refresh, Remove, and the S3 credentials kept in SecretStorage.
 *
 * @example
 * ```ts
 * context.subscriptions.push(...registerStoreCommands(services));
 * await vscode.commands.executeCommand('zld.openStore', '/data/cat.zarr');
 * ```
 */
import * as vscode from 'vscode';
import type { Services } from '../services.js';
import type { StoreEntry } from '../stores/store-registry.js';
import type { StoresElement } from '../views/stores-tree.js';

const BROWSE = '$(folder-opened) Browse for a folder…';

async function askLocation(): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick();
  qp.title = 'Open Zarr Store';
  qp.placeholder = 's3://bucket/path.zarr, https://host/path.zarr or a folder path';
  qp.items = [{ label: BROWSE }];
  qp.onDidChangeValue((v) => {
    qp.items = v.trim() ? [{ label: v.trim(), description: 'open this location' }, { label: BROWSE }] : [{ label: BROWSE }];
  });
  const picked = await new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => resolve(qp.selectedItems[0]?.label ?? (qp.value.trim() || undefined)));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (picked !== BROWSE) return picked;
  const folder = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Open as Zarr Store' });
  return folder?.[0]?.fsPath;
}

/** Add the store, open it (reporting failures with Retry) and show it in the Stores view. */
export async function openAndShow(s: Services, location: string): Promise<StoreEntry | undefined> {
  const entry = s.registry.add(location);
  const opened = await s.errors.guard(`open store ${entry.label}`, () => s.registry.get(entry.location), { retry: true });
  if (!opened) return entry;
  const el = s.storesTree.storeElement(entry);
  try {
    await s.storesView.reveal(el, { select: true, focus: false, expand: true });
  } catch {
    // the view is not visible (e.g. collapsed side bar): the store is still added
  }
  return entry;
}

export function registerStoreCommands(s: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('zld.openStore', async (location?: string) => {
      const loc = typeof location === 'string' ? location : await askLocation();
      return loc ? openAndShow(s, loc) : undefined;
    }),
    vscode.commands.registerCommand('zld.openFolderAsStore', async (uri?: vscode.Uri) => {
      const target = uri ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false }))?.[0];
      if (!target) return undefined;
      await vscode.commands.executeCommand('workbench.view.extension.zarr');
      return openAndShow(s, target.fsPath);
    }),
    vscode.commands.registerCommand('zld.refreshStores', (el?: StoresElement) => {
      s.registry.refresh(el && el.type === 'store' ? el.entry.location : undefined);
      if (!el) s.storesTree.refresh();
    }),
    vscode.commands.registerCommand('zld.removeStore', async (el?: StoresElement | string) => {
      let location = typeof el === 'string' ? el : el?.entry.location;
      if (!location) {
        const pick = await vscode.window.showQuickPick(
          s.registry.entries().map((e) => ({ label: e.label, description: e.source, location: e.location })),
          { title: 'Remove Zarr Store' },
        );
        location = pick?.location;
      }
      if (!location) return;
      if (s.metadataTree.current()?.entry.location === location) await s.metadataTree.show(undefined);
      await s.registry.remove(location);
    }),
    vscode.commands.registerCommand('zld.setS3Credentials', async () => {
      if (await s.credentials.prompt()) {
        s.log.info('S3 credentials stored in secret storage');
        void vscode.window.showInformationMessage('Zarr: S3 credentials saved in secret storage.');
      }
    }),
    vscode.commands.registerCommand('zld.clearS3Credentials', async () => {
      await s.credentials.clear();
      s.log.info('S3 credentials removed from secret storage');
    }),
  ];
}
