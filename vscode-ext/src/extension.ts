/**
 * The zld VS Code extension: a thin `activate()` that wires core's stores, hierarchy and linked-data index
 * onto VS Code's views, commands, menus and notebooks. Every disposable goes into `context.subscriptions`.
 *
 * @example
 * ```ts
 * const api = await vscode.extensions.getExtension<ZldApi>('zld.zld-vscode')!.activate();
 * await api.stores.open('/data/cat.zarr');
 * ```
 */
import * as vscode from 'vscode';
import { StoreRegistry } from './stores/store-registry.js';
import { StoresTreeProvider } from './views/stores-tree.js';

/** What `activate()` returns: the extension's parts, for other extensions and the integration tests. */
export interface ZldApi {
  stores: StoreRegistry;
  storesTree: StoresTreeProvider;
  log: vscode.LogOutputChannel;
}

export function activate(context: vscode.ExtensionContext): ZldApi {
  const log = vscode.window.createOutputChannel('Zarr', { log: true });
  const stores = new StoreRegistry(log);
  const storesTree = new StoresTreeProvider(stores);
  const storesView = vscode.window.createTreeView('zld.stores', { treeDataProvider: storesTree, showCollapseAll: true });
  context.subscriptions.push(
    log,
    stores,
    storesView,
    vscode.commands.registerCommand('zld.openStore', async (url?: string) => {
      const target = url ?? (await vscode.window.showInputBox({ title: 'Open Zarr Store', prompt: 's3://…, https://… or a folder path' }));
      if (target) await stores.open(target);
    }),
    vscode.commands.registerCommand('zld.refreshStores', () => storesTree.refresh()),
  );
  return { stores, storesTree, log };
}

export function deactivate(): void {}
