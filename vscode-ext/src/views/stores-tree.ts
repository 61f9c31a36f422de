/**
 * The Stores view: one root per store, then its groups and arrays, loaded lazily from core's hierarchy. Labels,
 * descriptions (shape, dtype, `@type`) and tooltips (path, `@id`) are plain text, so names and attributes from a
 * store can never become markup. `contextValue`s (`zarrStore.settings|session`, `zarrGroup`, `zarrArray`, with
 * `.linked` when the node has an `@id`) drive the menus.
 *
 * @example
 * ```ts
 * const tree = new StoresTreeProvider(registry, errors);
 * const view = vscode.window.createTreeView('zld.stores', { treeDataProvider: tree });
 * await tree.reveal(view, 'file:///data/cat.zarr', '/myBatch/sample1');
 * ```
 */
import * as vscode from 'vscode';
import type { ZarrNode } from '../core.js';
import { core } from '../lazy-core.js';
import type { ErrorReporter } from '../errors.js';
import type { StoreEntry, StoreRegistry } from '../stores/store-registry.js';
import { nodeDescription, nodeId, nodeTooltip } from './node-text.js';

export interface StoreElement {
  type: 'store';
  id: string;
  entry: StoreEntry;
}
export interface NodeElement {
  type: 'node';
  id: string;
  entry: StoreEntry;
  /** The store's URL as core names it (`file:///…`, `s3://…`). */
  storeUrl: string;
  node: ZarrNode;
}
export interface ErrorElement {
  type: 'error';
  id: string;
  entry: StoreEntry;
  message: string;
}
export type StoresElement = StoreElement | NodeElement | ErrorElement;

export class StoresTreeProvider implements vscode.TreeDataProvider<StoresElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<StoresElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Elements by id: `reveal` and `getParent` need the same objects the tree was given. */
  private readonly elements = new Map<string, StoresElement>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly registry: StoreRegistry,
    private readonly errors: ErrorReporter,
  ) {
    this.subscription = registry.onDidChange((location) => {
      const el = location ? this.elements.get(`store:${location}`) : undefined;
      if (!el) this.elements.clear();
      this.changed.fire(el);
    });
  }

  refresh(): void {
    this.elements.clear();
    this.changed.fire(undefined);
  }

  private intern<T extends StoresElement>(el: T): T {
    const old = this.elements.get(el.id);
    if (old && old.type === el.type) {
      Object.assign(old, el);
      return old as T;
    }
    this.elements.set(el.id, el);
    return el;
  }

  storeElement(entry: StoreEntry): StoreElement {
    return this.intern({ type: 'store', id: `store:${entry.location}`, entry });
  }

  nodeElement(entry: StoreEntry, storeUrl: string, node: ZarrNode): NodeElement {
    return this.intern({ type: 'node', id: `node:${entry.location}#${node.path}`, entry, storeUrl, node });
  }

  async getChildren(element?: StoresElement): Promise<StoresElement[]> {
    if (!element) return this.registry.entries().map((e) => this.storeElement(e));
    if (element.type === 'error') return [];
    const entry = element.entry;
    try {
      const opened = await this.registry.get(entry.location);
      const parent = element.type === 'store' ? '/' : element.node.path;
      const kids = await opened.hierarchy.children(parent);
      return kids.map((n) => this.nodeElement(entry, opened.store.url, n));
    } catch (e) {
      void this.errors.show(e, `open ${entry.label}`, async () => this.refresh());
      const message = (e as Error)?.message ?? String(e);
      return [this.intern({ type: 'error', id: `error:${entry.location}#${element.id}`, entry, message })];
    }
  }

  async getParent(element: StoresElement): Promise<StoresElement | undefined> {
    if (element.type === 'store') return undefined;
    if (element.type === 'error') return this.storeElement(element.entry);
    const p = element.node.path;
    const i = p.lastIndexOf('/');
    const parentPath = core().normalizePath(i <= 0 ? '/' : p.slice(0, i));
    if (parentPath === '/') return this.storeElement(element.entry);
    const opened = await this.registry.get(element.entry.location);
    const parent = await opened.hierarchy.node(parentPath);
    return parent ? this.nodeElement(element.entry, opened.store.url, parent) : this.storeElement(element.entry);
  }

  getTreeItem(element: StoresElement): vscode.TreeItem {
    if (element.type === 'store') {
      const item = new vscode.TreeItem(element.entry.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = element.id;
      item.contextValue = `zarrStore.${element.entry.source}`;
      item.iconPath = new vscode.ThemeIcon(/^s3:|^https?:/.test(element.entry.location) ? 'cloud' : 'database');
      item.tooltip = `${element.entry.location}\n(${element.entry.source === 'settings' ? 'from the zld.stores setting' : 'opened this session'})`;
      item.description = element.entry.source === 'session' ? '' : 'settings';
      return item;
    }
    if (element.type === 'error') {
      const item = new vscode.TreeItem('could not open', vscode.TreeItemCollapsibleState.None);
      item.id = element.id;
      item.description = element.message;
      item.tooltip = element.message;
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      item.contextValue = 'zarrError';
      return item;
    }
    const n = element.node;
    const item = new vscode.TreeItem(
      n.name,
      n.kind === 'group' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = element.id;
    item.description = nodeDescription(n);
    item.tooltip = nodeTooltip(n, element.entry.label);
    item.iconPath = new vscode.ThemeIcon(n.kind === 'array' ? 'symbol-array' : 'symbol-namespace');
    item.contextValue = `${n.kind === 'array' ? 'zarrArray' : 'zarrGroup'}${nodeId(n) ? '.linked' : ''}`;
    item.accessibilityInformation = { label: `${n.kind} ${n.name}` };
    return item;
  }

  /** Select and show the node at `path` of the store whose core URL is `storeUrl`. */
  async reveal(view: vscode.TreeView<StoresElement>, storeUrl: string, path: string): Promise<NodeElement | undefined> {
    const opened = await this.registry.byStoreUrl(storeUrl);
    if (!opened) return undefined;
    const node = await opened.hierarchy.node(path);
    if (!node) return undefined;
    const el = this.nodeElement(opened.entry, opened.store.url, node);
    await view.reveal(el, { select: true, focus: true, expand: false });
    return el;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
