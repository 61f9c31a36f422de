/**
 * The details pane of the Zarr panel: for an array, its summary (shape, dtype, chunks, codecs, size, chunks
 * stored) and a preview; for any node, its attributes as JSON-LD with incoming links and the raw JSON; for a
 * store's root, the store section (where it is read from, consolidated metadata); for a store that failed, why
 * (and a "Sign in…" button when it needs S3 keys).
 *
 * @example
 * ```ts
 * const details = new DetailsView(model, { onNavigate: (uri) => panel.lookup(uri) });
 * await details.showNode({ storeUrl: 'cat.zarr', path: '/myBatch' });
 * ```
 */
import { Widget } from '@lumino/widgets';
import type { ArrayNode, Hierarchy, ZarrNode } from './core.js';
import { renderAttributes, renderIncoming } from './attributes-view.js';
import { renderStoreSection, type SectionOptions, type StoreActions } from './store-section.js';
import { clear, el, formatBytes } from './dom.js';
import { messageOf, type ExplorerModel, type NodeRef, type OpenedStore } from './model.js';
import { renderPreview } from './preview.js';
import { nodeId } from './tree.js';

export interface DetailsOptions extends StoreActions {
  onNavigate: (uri: string) => void;
  /** Ask for the S3 keys a store needs and open it. */
  signIn?: (url: string) => void;
}

function summaryRow(name: string, value: string | HTMLElement): HTMLElement[] {
  return [el('dt', { text: name }), el('dd', {}, value)];
}

function arraySummary(h: Hierarchy, node: ArrayNode, signal: AbortSignal): HTMLElement {
  const codecs = node.codecs.map((c) => c.name).join(', ') || 'none';
  const stored = el('span', { text: node.chunksStored !== undefined ? String(node.chunksStored) : 'counting…' });
  const dl = el(
    'dl',
    { cls: 'zld-Summary' },
    ...summaryRow('shape', `(${node.shape.join(', ')})`),
    ...summaryRow('dtype', `${node.dtype} (${node.rawDtype})`),
    ...summaryRow('chunks', `(${node.chunks.join(', ')})${node.shardShape ? ` in shards (${node.shardShape.join(', ')})` : ''}`),
    ...summaryRow('codecs', codecs),
    ...summaryRow('size', `${formatBytes(node.nbytes)} uncompressed`),
    ...summaryRow('chunks stored', el('span', {}, stored, ` of ${node.chunkCount}`)),
    ...summaryRow('format', `Zarr v${node.zarrFormat}, order ${node.order}`),
  );
  if (node.chunksStored === undefined) {
    h.countChunks(node.path, { signal }).then(
      (n) => (stored.textContent = n === undefined ? 'unknown (the store cannot list)' : String(n)),
      (e) => (stored.textContent = `unknown: ${messageOf(e)}`),
    );
  }
  return dl;
}

export class DetailsView extends Widget {
  private abort: AbortController | undefined;
  /** The node shown. */
  current: NodeRef | undefined;
  private currentId: string | undefined;
  private shownStore: OpenedStore | undefined;
  private incomingBox: HTMLElement | undefined;

  constructor(
    private readonly model: ExplorerModel,
    private readonly opts: DetailsOptions,
  ) {
    super();
    this.addClass('zld-Details');
    this.node.setAttribute('aria-live', 'polite');
    this.showEmpty();
    // a store re-opened (refresh, consolidate): show the node again from the new hierarchy
    model.changed.connect(() => {
      if (this.current && model.get(this.current.storeUrl) !== this.shownStore) void this.showNode(this.current);
    });
    // the index arrives after the tree: only the incoming links change
    model.indexed.connect((_, url) => {
      if (this.current?.storeUrl === url && this.incomingBox && this.currentId) this.renderIncoming(this.incomingBox, this.currentId);
    });
  }

  private showEmpty(): void {
    clear(this.node);
    this.node.appendChild(el('p', { cls: 'zld-Muted', text: 'Select a group or an array to see its details.' }));
  }

  private renderIncoming(box: HTMLElement, id: string): void {
    clear(box);
    box.appendChild(renderIncoming(this.model.index.incoming(id), this.opts.onNavigate, this.current?.storeUrl));
  }

  async showNode(ref: NodeRef | undefined, opts: SectionOptions = {}): Promise<void> {
    this.abort?.abort();
    this.current = ref;
    if (!ref) return this.showEmpty();
    const abort = (this.abort = new AbortController());
    const opened = this.model.get(ref.storeUrl);
    this.shownStore = opened;
    let node: ZarrNode | undefined;
    try {
      node = await opened?.hierarchy.node(ref.path);
    } catch (e) {
      clear(this.node);
      this.node.appendChild(el('p', { cls: 'zld-Error', text: messageOf(e) }));
      return;
    }
    if (abort.signal.aborted) return;
    clear(this.node);
    if (!opened || !node) {
      const failed = opened ? undefined : this.model.failed.find((f) => f.spec.url === ref.storeUrl);
      this.node.appendChild(el('p', { cls: 'zld-Error', text: failed ? `Not open: ${failed.message}` : `${ref.path} is no longer in store ${ref.storeUrl}` }));
      const signIn = this.opts.signIn;
      if (failed?.needsCredentials && signIn) {
        this.node.appendChild(
          el(
            'div',
            { cls: 'zld-SignIn' },
            el('button', { cls: 'jp-Button jp-mod-styled jp-mod-accept zld-SignInButton', text: 'Sign in…', attrs: { type: 'button' }, on: { click: () => signIn(failed.spec.url) } }),
            el('p', { cls: 'zld-Muted', text: `The keys for ${failed.needsCredentials} are kept in this page’s memory only.` }),
          ),
        );
      }
      return;
    }
    const id = nodeId(node);
    this.node.appendChild(
      el(
        'div',
        { cls: 'zld-Details-header' },
        el('span', { cls: `zld-KindBadge zld-mod-${node.kind}`, text: node.kind }),
        el('span', { cls: 'zld-Details-title', text: node.path === '/' ? ref.storeUrl : node.name, title: node.path }),
      ),
    );
    this.node.appendChild(el('div', { cls: 'zld-Details-path', text: node.path, title: `${ref.storeUrl} ${node.path}` }));
    if (node.path === '/') this.node.appendChild(renderStoreSection(opened, this.opts, opts));
    if (node.kind === 'array') {
      this.node.appendChild(el('h3', { text: 'Array' }));
      this.node.appendChild(arraySummary(opened.hierarchy, node, abort.signal));
      const preview = el('div', { cls: 'zld-PreviewBox' }, el('p', { cls: 'zld-Muted', text: 'Reading a preview…' }));
      this.node.appendChild(el('h3', { text: 'Preview' }));
      this.node.appendChild(preview);
      renderPreview(opened.hierarchy, node, abort.signal).then(
        (p) => {
          if (abort.signal.aborted) return;
          clear(preview);
          preview.appendChild(p);
        },
        (e) => {
          if (abort.signal.aborted) return;
          clear(preview);
          preview.appendChild(el('p', { cls: 'zld-Error', text: `No preview: ${messageOf(e)}` }));
        },
      );
    }
    this.node.appendChild(el('h3', { text: 'Attributes (JSON-LD)' }));
    this.node.appendChild(renderAttributes(node.attributes, { onNavigate: this.opts.onNavigate }));
    this.currentId = id;
    this.incomingBox = el('div');
    if (id) this.renderIncoming(this.incomingBox, id);
    this.node.appendChild(this.incomingBox);
    const raw = el('details', { cls: 'zld-Raw' }, el('summary', { text: 'Raw attributes JSON' }), el('pre', { text: JSON.stringify(node.attributes, null, 2) }));
    this.node.appendChild(raw);
  }
}
