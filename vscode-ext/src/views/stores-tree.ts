/**
 * The Stores view: one root per store, then its groups and arrays, loaded lazily.
 *
 * @example
 * ```ts
 * const tree = new StoresTreeProvider(registry);
 * vscode.window.createTreeView('zld.stores', { treeDataProvider: tree });
 * ```
 */
import * as vscode from 'vscode';
import type { StoreEntry, StoreRegistry } from '../stores/store-registry.js';

export type StoresElement = { kind: 'store'; entry: StoreEntry };

export class StoresTreeProvider implements vscode.TreeDataProvider<StoresElement> {
  private readonly changed = new vscode.EventEmitter<StoresElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly registry: StoreRegistry) {
    registry.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(element?: StoresElement): StoresElement[] {
    if (!element) return this.registry.entries().map((entry) => ({ kind: 'store', entry }));
    return [];
  }

  getTreeItem(element: StoresElement): vscode.TreeItem {
    const item = new vscode.TreeItem(element.entry.url, vscode.TreeItemCollapsibleState.Collapsed);
    item.contextValue = `zarrStore.${element.entry.source}`;
    item.iconPath = new vscode.ThemeIcon('database');
    return item;
  }
}
