/**
 * The Zarr side panel: a store box (add by URL or server path), a URI box (paste a URI: the node is revealed
 * and Retrieve offered), a search box over the linked-data index, the explorer tree and the details pane.
 * Plugin glue (commands, settings, context menus) lives in `index.ts`; this widget only maps the model.
 *
 * @example
 * ```ts
 * const panel = new ZarrPanel(model, { addStore: (url) => addAndRemember(url), consolidate, retrieve });
 * shell.add(panel, 'left');
 * ```
 */
import { Panel, Widget } from '@lumino/widgets';
import { searchIndex, type AbsolutePath } from './core.js';
import { DetailsView } from './details.js';
import { clear, el } from './dom.js';
import { messageOf, type ExplorerModel, type NodeRef } from './model.js';
import type { SectionOptions, StoreActions } from './store-section.js';
import { StoreTree } from './tree.js';

export interface PanelActions extends StoreActions {
  /** Add a store by URL or server path (opens it and remembers it in the settings). */
  addStore(url: string): Promise<void>;
  /** Retrieve a node (insert its load code into the notebook). */
  retrieve(ref: NodeRef, uri?: string): Promise<void>;
  /** Ask for the S3 keys a store that failed for lack of them needs, and open it. */
  signIn(url: string): void;
}

/** What a context menu was opened on: a tree row or an `@id` link in the details. */
export interface ContextTarget extends NodeRef {
  uri?: string;
}

export class ZarrPanel extends Panel {
  readonly tree: StoreTree;
  readonly details: DetailsView;
  private readonly status: HTMLElement;
  private readonly results: HTMLElement;
  private readonly lookupActions: HTMLElement;
  private readonly searchInput: HTMLInputElement;
  private contextLink: string | undefined;

  constructor(
    readonly model: ExplorerModel,
    private readonly actions: PanelActions,
  ) {
    super();
    this.id = 'zld-zarr-panel';
    this.addClass('zld-ZarrPanel');
    this.title.label = 'Zarr';
    this.title.caption = 'Zarr stores and linked data';

    const storeInput = el('input', { cls: 'zld-Input zld-StoreInput', attrs: { type: 'text', placeholder: 'Add a store: path, s3://… or https://…', 'aria-label': 'Store URL or server path' } });
    const addButton = el('button', { cls: 'jp-Button jp-mod-styled jp-mod-accept zld-AddStore', text: 'Add', attrs: { type: 'button' } });
    const add = () => {
      const url = storeInput.value.trim();
      if (!url) return;
      this.setStatus(`Opening ${url}…`);
      this.actions.addStore(url).then(
        () => {
          storeInput.value = '';
          this.setStatus('');
          void this.tree.reveal({ storeUrl: url, path: '/' });
        },
        (e) => this.setStatus(messageOf(e), true),
      );
    };
    addButton.addEventListener('click', add);
    storeInput.addEventListener('keydown', (e) => e.key === 'Enter' && add());

    const uriInput = el('input', { cls: 'zld-Input zld-UriInput', attrs: { type: 'text', placeholder: 'Look up a URI (@id)', 'aria-label': 'URI to look up' } });
    uriInput.addEventListener('keydown', (e) => e.key === 'Enter' && void this.lookup(uriInput.value));
    uriInput.addEventListener('paste', () => setTimeout(() => void this.lookup(uriInput.value), 0));
    const searchInput = (this.searchInput = el('input', { cls: 'zld-Input zld-SearchInput', attrs: { type: 'search', placeholder: 'Search names, types, values', 'aria-label': 'Search the stores' } }));
    searchInput.addEventListener('input', () => this.search(searchInput.value));

    this.status = el('div', { cls: 'zld-Status', attrs: { role: 'status' } });
    this.lookupActions = el('div', { cls: 'zld-LookupActions' });
    this.results = el('ul', { cls: 'zld-SearchResults', attrs: { 'aria-label': 'Search results' } });
    const header = new Widget({
      node: el(
        'div',
        { cls: 'zld-Header' },
        el('div', { cls: 'zld-Row' }, storeInput, addButton),
        el('div', { cls: 'zld-Row' }, uriInput),
        this.lookupActions,
        el('div', { cls: 'zld-Row' }, searchInput),
        this.results,
        this.status,
      ),
    });
    this.tree = new StoreTree(model);
    this.details = new DetailsView(model, {
      consolidate: (url) => this.actions.consolidate(url),
      onNavigate: (uri) => void this.lookup(uri),
      signIn: (url) => this.actions.signIn(url),
    });
    this.addWidget(header);
    this.addWidget(this.tree);
    this.addWidget(this.details);
    this.tree.selectionChanged.connect((_, ref) => void this.details.showNode(ref));
    this.tree.signInRequested.connect((_, url) => this.actions.signIn(url));
    this.details.node.addEventListener('contextmenu', (e) => {
      const link = (e.target as HTMLElement).closest?.('.zld-Link') as HTMLElement | null;
      this.contextLink = link?.dataset.uri;
    });
    this.tree.node.addEventListener('contextmenu', () => (this.contextLink = undefined));
  }

  setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('zld-mod-error', error);
  }

  /** Reveal the node a URI names (or the dataset it links to); offers Retrieve. */
  async lookup(uri: string): Promise<NodeRef | undefined> {
    const u = uri.trim();
    clear(this.lookupActions);
    if (!u) return undefined;
    const r = this.model.reveal(u);
    const target = r.targets[0];
    if (!target) {
      this.setStatus(`No node has the URI ${u}${r.suggestions.length ? `; did you mean ${r.suggestions.slice(0, 3).join(', ')}?` : ''}`, true);
      return undefined;
    }
    await this.tree.reveal(target);
    this.setStatus(`${u} → ${target.path} in ${target.storeUrl}`);
    for (const t of r.targets.slice(0, 4)) {
      this.lookupActions.appendChild(
        el('button', {
          cls: 'jp-Button jp-mod-styled jp-mod-accept zld-RetrieveButton',
          text: `Retrieve ${t.path.split('/').pop() || t.path}`,
          title: `Insert the load code of ${t.path} (${t.storeUrl}) below the active cell`,
          attrs: { type: 'button', 'data-path': t.path },
          on: { click: () => void this.actions.retrieve(t, u) },
        }),
      );
    }
    return target;
  }

  /** Search the linked-data index; hits are listed under the search box. */
  search(text: string): void {
    clear(this.results);
    if (!text.trim()) return;
    let hits;
    try {
      hits = searchIndex(this.model.index, text, { limit: 30 });
    } catch (e) {
      this.results.appendChild(el('li', { cls: 'zld-Error', text: messageOf(e) }));
      return;
    }
    if (!hits.length) this.results.appendChild(el('li', { cls: 'zld-Muted', text: 'No match.' }));
    for (const h of hits) {
      const ref = { storeUrl: h.storeUrl, path: h.path as AbsolutePath };
      this.results.appendChild(
        el('li', {}, el('button', { cls: 'zld-Link', text: h.path, title: `${h.storeUrl} ${h.path}`, attrs: { type: 'button' }, on: { click: () => void this.tree.reveal(ref) } })),
      );
    }
  }

  /** The node (and URI) a context menu or command applies to: the clicked link, else the selected row. */
  contextTarget(): ContextTarget | undefined {
    if (this.contextLink) {
      const t = this.model.reveal(this.contextLink).targets[0];
      return t ? { ...t, uri: this.contextLink } : undefined;
    }
    const row = this.tree.contextRow ?? this.tree.selectedRow;
    if (!row?.node) return undefined;
    const id = row.node.attributes['@id'];
    return { storeUrl: row.storeUrl, path: row.path, uri: typeof id === 'string' ? id : undefined };
  }

  /** The store a context menu or command applies to, including a store that failed to open. */
  contextStore(): string | undefined {
    return (this.tree.contextRow ?? this.tree.selectedRow)?.storeUrl ?? this.contextTarget()?.storeUrl;
  }

  /** Select a store's root and check its consolidated metadata (after consolidating it), or do what `opts` say. */
  async revealAndCheck(storeUrl: string, opts: SectionOptions = { check: true }): Promise<void> {
    const ref = { storeUrl, path: '/' as AbsolutePath };
    await this.tree.reveal(ref);
    await this.details.showNode(ref, opts);
  }

  /** Focus the search box; with `text`, search for it first. */
  focusSearch(text?: string): void {
    if (text !== undefined) {
      this.searchInput.value = text;
      this.search(text);
    }
    const focus = () => {
      this.searchInput.focus();
      this.searchInput.select();
    };
    focus();
    // a modal command palette that ran this gives the focus back to the main area on the next frames: take it again
    requestAnimationFrame(() => requestAnimationFrame(focus));
  }

  /** Forget the context-menu target once a command ran. */
  clearContext(): void {
    this.contextLink = undefined;
    this.tree.contextRow = undefined;
  }
}
