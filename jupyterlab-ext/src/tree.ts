/**
 * The explorer tree: every open store as a root row, groups and arrays below, loaded lazily (a group's
 * children are read when it is expanded) and virtualized (only the rows in view exist in the page, so a
 * group of 100,000 nodes scrolls smoothly). Keyboard: arrows, Home/End, PageUp/PageDown, Enter/Space.
 *
 * @example
 * ```ts
 * const tree = new StoreTree(model);
 * tree.selectionChanged.connect((_, ref) => details.showNode(ref));
 * await tree.reveal({ storeUrl: 'cat.zarr', path: '/myBatch/mySamplePrep/sample1' });
 * ```
 */
import { Signal, type ISignal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';
import type { AbsolutePath, ZarrNode } from './core.js';
import { clear, el } from './dom.js';
import { ROW_HEIGHT, nodeId, renderTreeRow, type TreeRow } from './tree-row.js';

export { nodeId, type TreeRow } from './tree-row.js';
import { messageOf, type ExplorerModel, type NodeRef } from './model.js';

const OVERSCAN = 8;

const keyOf = (storeUrl: string, path: string) => `${storeUrl}\u0000${path}`;

export class StoreTree extends Widget {
  private rows: TreeRow[] = [];
  private selectedIndex = -1;
  private selectedKey: string | undefined;
  private readonly expanded = new Set<string>();
  private readonly loading = new Set<string>();
  private readonly kids = new Map<string, ZarrNode[]>();
  private readonly errors = new Map<string, string>();
  private readonly spacer: HTMLDivElement;
  private readonly selectionSignal = new Signal<this, NodeRef | undefined>(this);
  private readonly signInSignal = new Signal<this, string>(this);
  private frame = 0;
  /** The row a context menu was opened on. */
  contextRow: TreeRow | undefined;

  constructor(private readonly model: ExplorerModel) {
    super();
    this.addClass('zld-Tree');
    this.node.tabIndex = 0;
    this.node.setAttribute('role', 'tree');
    this.node.setAttribute('aria-label', 'Zarr stores');
    this.spacer = el('div', { cls: 'zld-Tree-spacer' });
    this.node.appendChild(this.spacer);
    this.node.addEventListener('scroll', () => this.schedule());
    this.node.addEventListener('keydown', (e) => this.onKey(e));
    // mousedown, not click: rows are re-created when the tree re-renders, which may happen between press and release
    // (right button too: JupyterLab's context menu takes the contextmenu event before it reaches the tree)
    this.node.addEventListener('mousedown', (e) => {
      if (e.button === 0) this.onClick(e);
      else if (e.button === 2) {
        const i = this.rowIndexOf(e.target);
        this.contextRow = i === undefined ? undefined : this.rows[i];
        if (i !== undefined) this.select(i);
      }
    });
    this.node.addEventListener('dblclick', (e) => {
      const i = this.rowIndexOf(e.target);
      // a store needing keys already asked on mousedown
      if (i !== undefined && !this.rows[i]?.needsCredentials) void this.toggle(i);
    });
    this.node.addEventListener('contextmenu', (e) => {
      const i = this.rowIndexOf(e.target);
      this.contextRow = i === undefined ? undefined : this.rows[i];
      if (i !== undefined) this.select(i);
    });
    model.changed.connect(() => this.rebuild());
    this.rebuild();
  }

  get selectionChanged(): ISignal<this, NodeRef | undefined> {
    return this.selectionSignal;
  }

  /** The user clicked, expanded or pressed Enter on a store that needs S3 credentials (argument: its URL). */
  get signInRequested(): ISignal<this, string> {
    return this.signInSignal;
  }

  get selectedRow(): TreeRow | undefined {
    return this.rows[this.selectedIndex];
  }

  /** Number of rows (visible or scrolled away). */
  get rowCount(): number {
    return this.rows.length;
  }

  private rebuild(): void {
    const rows: TreeRow[] = [];
    const missing: [string, AbsolutePath][] = [];
    const add = (storeUrl: string, node: ZarrNode, depth: number) => {
      const key = keyOf(storeUrl, node.path);
      rows.push({ storeUrl, path: node.path, depth, node, error: this.errors.get(key) });
      if (!this.expanded.has(key)) return;
      // expanded before a refresh: read the children again
      if (!this.kids.has(key) && !this.loading.has(key) && !this.errors.has(key)) missing.push([storeUrl, node.path]);
      for (const k of this.kids.get(key) ?? []) add(storeUrl, k, depth + 1);
    };
    // stores that failed to open come first: they need attention, and stay in view
    for (const f of this.model.failed) rows.push({ storeUrl: f.spec.url, path: '/', depth: 0, error: f.message, needsCredentials: f.needsCredentials });
    for (const s of this.model.stores) add(s.spec.url, s.hierarchy.root, 0);
    this.rows = rows;
    // the selection is kept by key, so it survives a refresh that reloads the rows
    this.selectedIndex = this.selectedKey ? rows.findIndex((r) => keyOf(r.storeUrl, r.path) === this.selectedKey) : -1;
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.render();
    if (missing.length) {
      void Promise.all(missing.map(([url, p]) => this.loadChildren(url, p))).then(() => this.rebuild());
    }
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const top = this.node.scrollTop;
    const height = this.node.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    clear(this.spacer);
    for (let i = first; i < last; i++) this.spacer.appendChild(this.renderRow(this.rows[i]!, i));
    if (this.selectedIndex >= 0) this.node.setAttribute('aria-activedescendant', `zld-row-${this.selectedIndex}`);
  }

  private renderRow(row: TreeRow, i: number): HTMLElement {
    const key = keyOf(row.storeUrl, row.path);
    return renderTreeRow(row, i, { selected: i === this.selectedIndex, open: this.expanded.has(key), loading: this.loading.has(key) });
  }

  private rowIndexOf(target: EventTarget | null): number | undefined {
    const row = (target as HTMLElement | null)?.closest?.('.zld-Tree-row') as HTMLElement | null;
    const i = row ? Number(row.dataset.index) : NaN;
    return Number.isInteger(i) ? i : undefined;
  }

  private onClick(e: MouseEvent): void {
    const i = this.rowIndexOf(e.target);
    if (i === undefined) return;
    this.select(i);
    const row = this.rows[i];
    // a store waiting for S3 keys: a click on it (or its Sign in button) is the user asking for the dialog
    if (row?.needsCredentials) {
      e.preventDefault();
      this.signInSignal.emit(row.storeUrl);
    } else if ((e.target as HTMLElement).classList.contains('zld-Tree-caret')) void this.toggle(i);
  }

  select(i: number, scroll = false): void {
    if (i < 0 || i >= this.rows.length) return;
    this.selectedIndex = i;
    this.selectedKey = keyOf(this.rows[i]!.storeUrl, this.rows[i]!.path);
    if (scroll) {
      const top = i * ROW_HEIGHT;
      if (top < this.node.scrollTop || top + ROW_HEIGHT > this.node.scrollTop + this.node.clientHeight) {
        this.node.scrollTop = Math.max(0, top - this.node.clientHeight / 2);
      }
    }
    this.render();
    const row = this.rows[i]!;
    // a store that failed to open is selected too: the details say why
    this.selectionSignal.emit({ storeUrl: row.storeUrl, path: row.path });
  }

  async toggle(i: number, open?: boolean): Promise<void> {
    const row = this.rows[i];
    if (row?.needsCredentials && open !== false) return void this.signInSignal.emit(row.storeUrl);
    if (!row?.node || row.node.kind !== 'group') return;
    const key = keyOf(row.storeUrl, row.path);
    const want = open ?? !this.expanded.has(key);
    if (!want) {
      this.expanded.delete(key);
      this.rebuild();
      return;
    }
    await this.loadChildren(row.storeUrl, row.path);
    this.expanded.add(key);
    this.rebuild();
  }

  private async loadChildren(storeUrl: string, path: AbsolutePath): Promise<void> {
    const key = keyOf(storeUrl, path);
    if (this.kids.has(key)) return;
    const h = this.model.get(storeUrl)?.hierarchy;
    if (!h) {
      // never leave an expanded key without children or error: rebuild() would ask for it again and again
      this.errors.set(key, `store ${storeUrl} is not open`);
      return;
    }
    this.loading.add(key);
    this.render();
    try {
      this.kids.set(key, await h.children(path));
      this.errors.delete(key);
    } catch (e) {
      this.errors.set(key, messageOf(e));
    } finally {
      this.loading.delete(key);
    }
  }

  /** Forget loaded children of a store (after a refresh). */
  forget(storeUrl: string): void {
    for (const m of [this.kids, this.errors]) for (const k of [...m.keys()]) if (k.startsWith(`${storeUrl}\u0000`)) m.delete(k);
  }

  /** Expand the ancestors of a node, select it and scroll it into view. */
  async reveal(ref: NodeRef): Promise<boolean> {
    const parts = ref.path.split('/').filter(Boolean);
    for (let d = 0; d < parts.length; d++) {
      const p = `/${parts.slice(0, d).join('/')}` as AbsolutePath;
      await this.loadChildren(ref.storeUrl, p);
      this.expanded.add(keyOf(ref.storeUrl, p));
    }
    this.rebuild();
    const i = this.rows.findIndex((r) => r.storeUrl === ref.storeUrl && r.path === ref.path);
    if (i < 0) return false;
    this.select(i, true);
    this.node.focus();
    return true;
  }

  private onKey(e: KeyboardEvent): void {
    const i = this.selectedIndex;
    const page = Math.max(1, Math.floor(this.node.clientHeight / ROW_HEIGHT) - 1);
    const row = this.rows[i];
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        this.select(Math.min(this.rows.length - 1, i + 1), true);
        break;
      case 'ArrowUp':
        this.select(Math.max(0, i - 1), true);
        break;
      case 'PageDown':
        this.select(Math.min(this.rows.length - 1, i + page), true);
        break;
      case 'PageUp':
        this.select(Math.max(0, i - page), true);
        break;
      case 'Home':
        this.select(0, true);
        break;
      case 'End':
        this.select(this.rows.length - 1, true);
        break;
      case 'ArrowRight':
        if (row?.needsCredentials) void this.toggle(i, true);
        else if (row?.node?.kind === 'group') {
          if (this.expanded.has(keyOf(row.storeUrl, row.path))) this.select(i + 1, true);
          else void this.toggle(i, true);
        }
        break;
      case 'ArrowLeft':
        if (row && this.expanded.has(keyOf(row.storeUrl, row.path))) void this.toggle(i, false);
        else if (row && row.depth > 0) {
          let j = i - 1;
          while (j >= 0 && this.rows[j]!.depth >= row.depth) j--;
          this.select(j, true);
        }
        break;
      case 'Enter':
      case ' ':
        if (row) void this.toggle(i);
        break;
      default:
        handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  }

  protected override onResize(): void {
    this.render();
  }

  protected override onAfterShow(): void {
    this.render();
  }
}
