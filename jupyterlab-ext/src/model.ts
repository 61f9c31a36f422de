/**
 * What the Zarr panel shows, apart from any widget: the open stores (each with its hierarchy), the stores
 * that failed to open (with the reason), and one linked-data index over all of them. Stores are opened by a
 * host-supplied {@link StoreOpener} (Contents API, kernel, or browser), so this model is testable alone.
 *
 * @example
 * ```ts
 * const model = new ExplorerModel(async (spec) => ({ store: new MemoryStore(), via: 'browser' }));
 * await model.open({ url: 'cat.zarr' });
 * model.reveal('http://www.catplus.ch/ontology/concepts/sample1');
 * ```
 */
import { Signal, type ISignal } from '@lumino/signaling';
import {
  LinkedIndex,
  ZldError,
  isZldError,
  openHierarchy,
  resolveUri,
  type AbsolutePath,
  type Hierarchy,
  type ReadableStore,
  type ZarrNode,
} from './core.js';

/** A store as the user added it (kept in the settings; never holds credentials). */
export interface StoreSpec {
  /** A server path (`data/cat.zarr`), `s3://bucket/prefix` or `https://...`. */
  url: string;
  /** Consolidated metadata key (`.zmetadata`, `.all_metadata`); default: detected. */
  consolidatedKey?: string;
  /** S3-compatible endpoint for `s3://` stores. */
  endpoint?: string;
  region?: string;
}

export type StoreVia = 'contents' | 'kernel' | 'browser';

export interface OpenedStore {
  spec: StoreSpec;
  store: ReadableStore;
  via: StoreVia;
  hierarchy: Hierarchy;
  /** The consolidated metadata key in use, if any. */
  consolidatedKey?: string;
  /** S3 endpoint/region the store was opened with (for generated code; never credentials). */
  storeOptions?: { endpoint?: string; region?: string; anonymous?: boolean };
}

export interface FailedStore {
  spec: StoreSpec;
  message: string;
  /** It failed for lack of S3 keys for this endpoint (origin): signing in may open it. */
  needsCredentials?: string;
}

export interface OpenOptions {
  /** Never ask the user for anything while opening (stores reopened from the settings at page load). */
  quiet?: boolean;
}

export type StoreOpener = (
  spec: StoreSpec,
  opts?: OpenOptions,
) => Promise<{ store: ReadableStore; via: StoreVia; storeOptions?: OpenedStore['storeOptions']; /** called once the store opened */ opened?: () => void }>;

/** A node of one open store. */
export interface NodeRef {
  storeUrl: string;
  path: AbsolutePath;
}

/** Consolidated metadata keys tried, in order, when the user names none. */
export const CONSOLIDATED_KEYS = ['.zmetadata', '.all_metadata'];
/** Stores without consolidated metadata are indexed up to this many nodes (listing each group costs requests). */
const LISTED_INDEX_LIMIT = 5000;

export function messageOf(e: unknown): string {
  if (isZldError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export class ExplorerModel {
  readonly index = new LinkedIndex();
  /** Dataset link predicates for URI lookups (settings); undefined: core's defaults. */
  datasetPredicates: string[] | undefined;
  private readonly opened = new Map<string, OpenedStore>();
  private readonly failedStores = new Map<string, FailedStore>();
  private readonly changedSignal = new Signal<this, void>(this);
  private readonly indexedSignal = new Signal<this, string>(this);

  constructor(private readonly opener: StoreOpener) {}

  /** Stores opened, added, removed or failed. */
  get changed(): ISignal<this, void> {
    return this.changedSignal;
  }

  /** A store's nodes are in the linked-data index (argument: the store URL). */
  get indexed(): ISignal<this, string> {
    return this.indexedSignal;
  }

  get stores(): OpenedStore[] {
    return [...this.opened.values()];
  }

  get failed(): FailedStore[] {
    return [...this.failedStores.values()];
  }

  get(url: string): OpenedStore | undefined {
    return this.opened.get(url);
  }

  /** Open (or re-open) a store; on failure it is listed in {@link failed} with the reason, and the error is thrown. */
  async open(spec: StoreSpec, opts: OpenOptions = {}): Promise<OpenedStore> {
    this.failedStores.delete(spec.url);
    try {
      const { store, via, storeOptions, opened } = await this.opener(spec, opts);
      const consolidatedKey = spec.consolidatedKey ?? (await detectConsolidatedKey(store));
      const hierarchy = await openHierarchy(store, { consolidated: consolidatedKey ?? false });
      const entry: OpenedStore = { spec, store, via, hierarchy, storeOptions, consolidatedKey: hierarchy.consolidatedKey ? consolidatedKey : undefined };
      this.opened.set(spec.url, entry);
      opened?.();
      this.changedSignal.emit();
      // index after the tree had a chance to paint
      setTimeout(() => void this.indexStore(entry), 30);
      return entry;
    } catch (e) {
      this.opened.delete(spec.url);
      const endpoint = isZldError(e) && e.detail?.needsCredentials === true ? e.detail.endpoint : undefined;
      this.failedStores.set(spec.url, { spec, message: messageOf(e), ...(typeof endpoint === 'string' ? { needsCredentials: endpoint } : {}) });
      this.changedSignal.emit();
      throw e;
    }
  }

  remove(url: string): void {
    this.opened.delete(url);
    this.failedStores.delete(url);
    this.index.removeStore(url);
    this.changedSignal.emit();
  }

  /** The stores that failed for lack of S3 keys for this endpoint (origin). */
  needingCredentials(endpoint: string): FailedStore[] {
    return this.failed.filter((f) => f.needsCredentials === endpoint);
  }

  /** Re-read a store from scratch (after it changed, or after consolidating it). */
  async refresh(url: string): Promise<OpenedStore> {
    const spec = this.opened.get(url)?.spec ?? this.failedStores.get(url)?.spec;
    if (!spec) throw new ZldError('NotFound', `store ${url} is not open`);
    return this.open(spec);
  }

  private async indexStore(entry: OpenedStore): Promise<void> {
    const h = entry.hierarchy;
    const limit = h.consolidated ? Infinity : LISTED_INDEX_LIMIT;
    async function* records() {
      let n = 0;
      for await (const node of h.walk()) {
        if (n++ >= limit) return;
        yield { storeUrl: entry.spec.url, path: node.path, kind: node.kind, attributes: node.attributes };
      }
    }
    try {
      await this.index.addStore(entry.spec.url, records());
      if (this.opened.get(entry.spec.url) === entry) this.indexedSignal.emit(entry.spec.url);
    } catch (e) {
      console.warn(`zld: indexing ${entry.spec.url} failed: ${messageOf(e)}`);
    }
  }

  /**
   * The node a URI names or leads to (an `@id`, or a dataset linked from it), best first; `arrays`: the arrays
   * among them as the index resolves them (the URI's own node when it is one, the datasets it links to).
   */
  reveal(uri: string): { targets: NodeRef[]; subject: NodeRef[]; arrays: NodeRef[]; suggestions: string[] } {
    const r = resolveUri(this.index, uri.trim(), this.datasetPredicates?.length ? { predicates: this.datasetPredicates } : {});
    const subject = r.subject.map((s) => ({ storeUrl: s.storeUrl, path: s.path }));
    let data = r.candidates.map((c) => ({ storeUrl: c.storeUrl, path: c.path }));
    if (subject.length === 0 && data.length === 0) {
      // a link target that is no node's @id (a dataset found by convention): ask the nodes linking to it
      const u = this.index.expandIri(uri.trim());
      for (const b of this.index.incoming(u)) {
        const from = resolveUri(this.index, b.subject, this.datasetPredicates?.length ? { predicates: this.datasetPredicates } : {});
        data = data.concat(from.candidates.filter((c) => c.target === u).map((c) => ({ storeUrl: c.storeUrl, path: c.path })));
      }
    }
    const seen = new Set<string>();
    const targets = [...subject, ...data].filter((t) => {
      const k = `${t.storeUrl}\u0000${t.path}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    return { targets, subject, arrays: data, suggestions: r.suggestions };
  }

  /** The node behind a ref, loading it when needed. */
  async node(ref: NodeRef): Promise<ZarrNode | undefined> {
    return this.opened.get(ref.storeUrl)?.hierarchy.node(ref.path);
  }
}

async function detectConsolidatedKey(store: ReadableStore): Promise<string | undefined> {
  for (const key of CONSOLIDATED_KEYS) {
    if ((await store.get(`/${key}` as AbsolutePath)) !== undefined) return key;
  }
  return undefined;
}
