/**
 * The linked-data index over one or more open stores, built in one pass from node records (from consolidated
 * metadata or a walk): `@id` -> nodes, `@type` -> nodes, and every link (subject, predicate, object `@id`)
 * with its reverse. Compact IRIs (`cat:sample7`) resolve to the same nodes as the expanded form.
 * Lookups are plain map reads (no jsonld.js on the hot path).
 *
 * @example
 * ```ts
 * import { LinkedIndex } from '@zld/core';
 * const index = new LinkedIndex();
 * await index.addStore('file:///data/cat.zarr', records); // NodeRecord[] from the Zarr layer
 * index.byId('cat:sample1'); // [{ storeUrl: 'file:///data/cat.zarr', path: '/myBatch/mySamplePrep/sample1', kind: 'group' }]
 * ```
 */
import { ZldError, isZldError, throwIfAborted } from '../errors.js';
import { throttleProgress, type TaskOptions } from '../progress.js';
import type { AbsolutePath } from '../store/types.js';
import type { NodeRecord } from '../zarr/model.js';
import { KNOWN_PREFIXES } from './contexts/index.js';
import { createDocumentLoader, type ContextDocumentLoader, type ContextLoaderOptions } from './jsonld-loader.js';
import { plainValuesOf } from './literal-texts.js';
import { needsExpansion, normalizeAttributes, normalizeExpanded, type LinkedDescription } from './normalize.js';
import { expandCompactIri, prefixesOf } from './terms.js';
import { EMPTY_DESCRIPTION, Entry, RDF_TYPE_IRI, add, list, whereOf, type IndexedNode, type Slot } from './index-node.js';

export type { IndexedNode } from './index-node.js';


export interface Link {
  predicate: string;
  /** The linked `@id`. */
  object: string;
  /** Where the statement was read. */
  storeUrl: string;
  path: AbsolutePath;
}

export interface Backlink {
  predicate: string;
  /** The `@id` that links here. */
  subject: string;
  storeUrl: string;
  path: AbsolutePath;
}

export interface IndexProblem {
  storeUrl: string;
  path: AbsolutePath;
  message: string;
  /** `true` when the node's JSON-LD could not be read at all (it is indexed as plain attributes). */
  unreadable: boolean;
}

export interface AddStoreReport {
  storeUrl: string;
  nodes: number;
  /** Nodes carrying at least one `@id`. */
  identified: number;
  problems: IndexProblem[];
}

export interface LinkedIndexOptions extends ContextLoaderOptions {
  /** A ready document loader (otherwise one is built from the loader options). */
  documentLoader?: ContextDocumentLoader;
}

const EMPTY: readonly never[] = Object.freeze([]);

interface StoreEntry {
  nodes: Map<string, Entry>;
  problems: IndexProblem[];
  byName?: Map<string, IndexedNode[]>;
}

export class LinkedIndex {
  private readonly stores = new Map<string, StoreEntry>();
  // one node or several per key: most keys have one, and 100k small arrays cost more than the index itself
  private readonly ids = new Map<string, Slot>();
  private readonly types = new Map<string, Slot>();
  /** object `@id` -> nodes whose statements link to it; built on the first `incoming()` (lookups never need it) */
  private incMap: Map<string, Slot> | undefined;
  /** subjects of links that are not a node's own `@id` (embedded nodes) -> nodes holding them */
  private readonly embedded = new Map<string, Slot>();
  private prefixes: Record<string, string> = { ...KNOWN_PREFIXES };
  private readonly loader: ContextDocumentLoader;
  /** Grows on every change; caches built on top of the index (search, suggestions) key on it. */
  version = 0;

  constructor(opts: LinkedIndexOptions = {}) {
    this.loader = opts.documentLoader ?? createDocumentLoader(opts);
  }

  /**
   * Index one store's nodes (replacing what the index held for that store), in one pass over `records`,
   * which may be a stream (a store being listed): nodes become visible to lookups as they are read.
   * Attributes without `@context` are read synchronously; those with one go through jsonld.js. Problems
   * (malformed JSON-LD, non-IRI `@id`s, contexts that cannot load) are collected per node, never thrown.
   * When cancelled, the store's partial index is dropped.
   */
  async addStore(storeUrl: string, records: Iterable<NodeRecord> | AsyncIterable<NodeRecord>, opts: TaskOptions = {}): Promise<AddStoreReport> {
    if (this.stores.has(storeUrl)) this.removeStore(storeUrl);
    const entry: StoreEntry = { nodes: new Map(), problems: [] };
    this.stores.set(storeUrl, entry);
    const pending: [Entry, Record<string, unknown>][] = [];
    const progress = throttleProgress(opts.onProgress);
    let count = 0;
    let identified = 0;
    const insert = (node: Entry) => {
      this.insert(node);
      if (node.ids.length) identified++;
    };
    const take = (rec: NodeRecord) => {
      if (entry.nodes.has(rec.path)) {
        entry.problems.push({ storeUrl, path: rec.path, message: `${whereOf(storeUrl, rec.path)}: listed twice; the first one is indexed`, unreadable: false });
        return;
      }
      const attrs = rec.attributes && typeof rec.attributes === 'object' && !Array.isArray(rec.attributes) ? rec.attributes : {};
      const node = new Entry(storeUrl, rec.path, rec.kind, attrs);
      entry.nodes.set(rec.path, node);
      if (needsExpansion(attrs)) {
        pending.push([node, attrs]);
        return;
      }
      try {
        const d = normalizeExpanded(attrs, () => whereOf(storeUrl, rec.path), { literals: false });
        node.skim(d);
        this.noteDescription(entry, node, d);
      } catch (e) {
        this.unreadable(entry, node, e, attrs);
      }
      insert(node);
      if (++count % 4096 === 0) {
        throwIfAborted(opts.signal, `indexing ${storeUrl}`);
        this.changed();
        progress?.({ done: count, unit: 'nodes', message: `indexing ${storeUrl}` });
      }
    };
    try {
      if (Symbol.asyncIterator in records) for await (const rec of records as AsyncIterable<NodeRecord>) take(rec);
      else for (const rec of records as Iterable<NodeRecord>) take(rec);
      for (const [node, attrs] of pending) {
        throwIfAborted(opts.signal, `indexing ${storeUrl}`);
        try {
          const d = await normalizeAttributes(attrs, { documentLoader: this.loader, where: whereOf(storeUrl, node.path) });
          node.set(d);
          this.noteDescription(entry, node, d);
        } catch (e) {
          if (isZldError(e, 'Aborted')) throw e;
          this.unreadable(entry, node, e, attrs);
        }
        insert(node);
        count++;
      }
    } catch (e) {
      this.removeStore(storeUrl);
      throw e;
    }
    this.changed();
    progress?.({ done: count, total: count, unit: 'nodes', message: `indexed ${storeUrl}` }, true);
    return { storeUrl, nodes: entry.nodes.size, identified, problems: entry.problems };
  }

  /** Caches built on the index (reverse links, search text, suggestions) are rebuilt on next use. */
  private changed(): void {
    this.incMap = undefined;
    this.version++;
  }

  private noteDescription(entry: StoreEntry, node: IndexedNode, d: LinkedDescription): void {
    for (const message of d.problems) entry.problems.push({ storeUrl: node.storeUrl, path: node.path, message, unreadable: false });
    for (const p in d.prefixes) if (!(p in this.prefixes)) this.prefixes[p] = d.prefixes[p]!;
  }

  private unreadable(entry: StoreEntry, node: Entry, e: unknown, attrs: Record<string, unknown>): void {
    const message = e instanceof ZldError ? e.message : `${whereOf(node.storeUrl, node.path)}: ${(e as Error)?.message ?? String(e)}`;
    entry.problems.push({ storeUrl: node.storeUrl, path: node.path, message, unreadable: true });
    // still browsable and searchable through its plain values
    node.set({ ...EMPTY_DESCRIPTION, plain: plainValuesOf(attrs), problems: [message] });
  }

  private insert(node: IndexedNode): void {
    for (const id of node.ids) add(this.ids, id, node);
    for (const t of node.types) add(this.types, t, node);
    const top = node.ids.length === 1 ? node.ids[0] : undefined;
    for (const s of node.links) {
      if (s.subject !== top && s.object.termType === 'iri' && s.predicate !== RDF_TYPE_IRI && !node.ids.includes(s.subject)) {
        add(this.embedded, s.subject, node);
      }
    }
  }

  private get inc(): Map<string, Slot> {
    if (!this.incMap) {
      const inc = new Map<string, Slot>();
      for (const node of this.nodes()) {
        let last = '';
        for (const s of node.links) {
          if (s.object.termType !== 'iri' || s.predicate === RDF_TYPE_IRI || s.object.value === last) continue;
          add(inc, (last = s.object.value), node);
        }
      }
      this.incMap = inc;
    }
    return this.incMap;
  }

  /** Forget a store; returns whether it was indexed. */
  removeStore(storeUrl: string): boolean {
    if (!this.stores.delete(storeUrl)) return false;
    this.ids.clear();
    this.types.clear();
    this.embedded.clear();
    for (const entry of this.stores.values()) for (const node of entry.nodes.values()) this.insert(node);
    this.changed();
    return true;
  }

  /** URLs of the indexed stores, in the order they were added. */
  storeUrls(): string[] {
    return [...this.stores.keys()];
  }

  /** Number of indexed nodes over all stores. */
  get size(): number {
    let n = 0;
    for (const e of this.stores.values()) n += e.nodes.size;
    return n;
  }

  /** Expand a compact IRI with the bundled prefixes, those of the indexed stores' contexts, and `context`. */
  expandIri(compactOrFull: string, context?: unknown): string {
    if (context === undefined) return expandCompactIri(compactOrFull, this.prefixes);
    const ctx = context && typeof context === 'object' && '@context' in (context as object) ? (context as { '@context': unknown })['@context'] : context;
    return expandCompactIri(compactOrFull, { ...this.prefixes, ...prefixesOf(ctx) });
  }

  private slot(map: Map<string, Slot>, iri: string): Slot | undefined {
    const hit = map.get(iri);
    if (hit !== undefined || typeof iri !== 'string') return hit;
    const expanded = expandCompactIri(iri, this.prefixes);
    return expanded === iri ? undefined : map.get(expanded);
  }

  private full(iri: string): string {
    return this.ids.has(iri) || this.embedded.has(iri) || (this.incMap?.has(iri) ?? false) || typeof iri !== 'string' ? iri : expandCompactIri(iri, this.prefixes);
  }

  /** Nodes carrying this `@id` (full or compact IRI), across all stores. */
  byId(iri: string): readonly IndexedNode[] {
    return list(this.slot(this.ids, iri));
  }

  /** Nodes of this `@type`. */
  byType(iri: string): readonly IndexedNode[] {
    return list(this.slot(this.types, iri));
  }

  /** Links from this `@id` to other `@id`s. */
  outgoing(iri: string): Link[] {
    const subject = this.full(iri);
    const out: Link[] = [];
    const seen = new Set<IndexedNode>();
    for (const node of [...this.byId(subject), ...list(this.embedded.get(subject))]) {
      if (seen.has(node)) continue;
      seen.add(node);
      for (const s of node.links) {
        if (s.subject === subject && s.object.termType === 'iri' && s.predicate !== RDF_TYPE_IRI) {
          out.push({ predicate: s.predicate, object: s.object.value, storeUrl: node.storeUrl, path: node.path });
        }
      }
    }
    return out;
  }

  /** Links from other `@id`s (or blank nodes) to this one. */
  incoming(iri: string): Backlink[] {
    const object = this.full(iri);
    const out: Backlink[] = [];
    for (const node of list(this.inc.get(object))) {
      for (const s of node.links) {
        if (s.object.termType === 'iri' && s.object.value === object && s.predicate !== RDF_TYPE_IRI) {
          out.push({ predicate: s.predicate, subject: s.subject, storeUrl: node.storeUrl, path: node.path });
        }
      }
    }
    return out;
  }

  /** Every indexed `@id`. */
  allIds(): string[] {
    return [...this.ids.keys()];
  }

  /** Every indexed `@type`. */
  allTypes(): string[] {
    return [...this.types.keys()];
  }

  /** The node at a path of a store. */
  node(storeUrl: string, path: string): IndexedNode | undefined {
    return this.stores.get(storeUrl)?.nodes.get(path);
  }

  /** All nodes, or those of one store. */
  *nodes(storeUrl?: string): IterableIterator<IndexedNode> {
    for (const [url, e] of this.stores) if (storeUrl === undefined || url === storeUrl) yield* e.nodes.values();
  }

  /** Nodes of a store whose last path segment is `name`. */
  named(storeUrl: string, name: string): readonly IndexedNode[] {
    const e = this.stores.get(storeUrl);
    if (!e) return EMPTY;
    if (!e.byName) {
      e.byName = new Map();
      for (const n of e.nodes.values()) pushTo(e.byName, n.name, n);
    }
    return e.byName.get(name) ?? EMPTY;
  }

  /** Problems met while indexing (non-IRI `@id`s, malformed JSON-LD, contexts that could not load). */
  problems(storeUrl?: string): IndexProblem[] {
    const all: IndexProblem[] = [];
    for (const [url, e] of this.stores) if (storeUrl === undefined || url === storeUrl) all.push(...e.problems);
    return all;
  }
}


function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
