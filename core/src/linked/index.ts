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
import { ZldError, throwIfAborted } from '../errors.js';
import { throttleProgress, type TaskOptions } from '../progress.js';
import type { AbsolutePath } from '../store/types.js';
import type { NodeRecord } from '../zarr/model.js';
import { KNOWN_PREFIXES } from './contexts/index.js';
import { createDocumentLoader, type ContextDocumentLoader, type ContextLoaderOptions } from './jsonld-loader.js';
import { needsExpansion, normalizeAttributes, normalizeExpanded, plainValuesOf, type LinkedDescription } from './normalize.js';
import { expandCompactIri, prefixesOf, type NodeRef } from './terms.js';

/** A node in the index: where it is, what it is (`ids`, `types`), and everything its attributes say. */
export interface IndexedNode extends NodeRef {
  /** Last path segment (`''` for the root). */
  name: string;
  /** The `@id`s the node carries (absolute IRIs; usually zero or one). */
  ids: string[];
  types: string[];
  description: LinkedDescription;
}

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

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface StoreEntry {
  nodes: Map<string, IndexedNode>;
  problems: IndexProblem[];
  byName?: Map<string, IndexedNode[]>;
}

export class LinkedIndex {
  private readonly stores = new Map<string, StoreEntry>();
  private readonly ids = new Map<string, IndexedNode[]>();
  private readonly types = new Map<string, IndexedNode[]>();
  private readonly out = new Map<string, Link[]>();
  private readonly inc = new Map<string, Backlink[]>();
  private prefixes: Record<string, string> = { ...KNOWN_PREFIXES };
  private readonly loader: ContextDocumentLoader;
  /** Grows on every change; caches built on top of the index (search, suggestions) key on it. */
  version = 0;

  constructor(opts: LinkedIndexOptions = {}) {
    this.loader = opts.documentLoader ?? createDocumentLoader(opts);
  }

  /**
   * Index one store's nodes (replacing what the index held for that store). Attributes without `@context`
   * are read synchronously; those with one go through jsonld.js. Problems are collected, never thrown,
   * except a context that cannot be loaded is reported per node like any other problem.
   */
  async addStore(storeUrl: string, records: Iterable<NodeRecord> | AsyncIterable<NodeRecord>, opts: TaskOptions = {}): Promise<AddStoreReport> {
    const entry: StoreEntry = { nodes: new Map(), problems: [] };
    const pending: [IndexedNode, Record<string, unknown>][] = [];
    const progress = throttleProgress(opts.onProgress);
    let count = 0;
    const take = (rec: NodeRecord) => {
      const attrs = rec.attributes && typeof rec.attributes === 'object' && !Array.isArray(rec.attributes) ? rec.attributes : {};
      const node: IndexedNode = { storeUrl, path: rec.path, kind: rec.kind, name: nameOf(rec.path), ids: [], types: [], description: EMPTY_DESCRIPTION };
      entry.nodes.set(rec.path, node);
      if (needsExpansion(attrs)) pending.push([node, attrs]);
      else {
        try {
          this.describe(entry, node, normalizeExpanded(attrs, whereOf(storeUrl, rec.path)));
        } catch (e) {
          this.unreadable(entry, node, e, attrs);
        }
      }
      if (++count % 4096 === 0) {
        throwIfAborted(opts.signal, `indexing ${storeUrl}`);
        progress?.({ done: count, unit: 'nodes', message: `indexing ${storeUrl}` });
      }
    };
    if (Symbol.asyncIterator in records) for await (const rec of records as AsyncIterable<NodeRecord>) take(rec);
    else for (const rec of records as Iterable<NodeRecord>) take(rec);

    for (const [node, attrs] of pending) {
      throwIfAborted(opts.signal, `indexing ${storeUrl}`);
      try {
        this.describe(entry, node, await normalizeAttributes(attrs, { documentLoader: this.loader, where: whereOf(storeUrl, node.path) }));
      } catch (e) {
        this.unreadable(entry, node, e, attrs);
      }
    }
    if (this.stores.has(storeUrl)) this.removeStore(storeUrl);
    this.stores.set(storeUrl, entry);
    let identified = 0;
    for (const node of entry.nodes.values()) {
      this.insert(node);
      if (node.ids.length) identified++;
    }
    this.version++;
    progress?.({ done: count, total: count, unit: 'nodes', message: `indexed ${storeUrl}` }, true);
    return { storeUrl, nodes: entry.nodes.size, identified, problems: entry.problems };
  }

  private describe(entry: StoreEntry, node: IndexedNode, d: LinkedDescription): void {
    node.description = d;
    node.ids = d.subjects;
    node.types = d.types;
    for (const message of d.problems) entry.problems.push({ storeUrl: node.storeUrl, path: node.path, message, unreadable: false });
    for (const p in d.prefixes) if (!(p in this.prefixes)) this.prefixes[p] = d.prefixes[p]!;
  }

  private unreadable(entry: StoreEntry, node: IndexedNode, e: unknown, attrs: Record<string, unknown>): void {
    const message = e instanceof ZldError ? e.message : `${whereOf(node.storeUrl, node.path)}: ${(e as Error)?.message ?? String(e)}`;
    entry.problems.push({ storeUrl: node.storeUrl, path: node.path, message, unreadable: true });
    // still browsable and searchable through its plain values
    node.description = { ...EMPTY_DESCRIPTION, plain: plainValuesOf(attrs), problems: [message] };
  }

  private insert(node: IndexedNode): void {
    for (const id of node.ids) push(this.ids, id, node);
    for (const t of node.types) push(this.types, t, node);
    const { storeUrl, path } = node;
    for (const s of node.description.statements) {
      if (s.object.termType !== 'iri' || s.predicate === RDF_TYPE_IRI) continue;
      push(this.out, s.subject, { predicate: s.predicate, object: s.object.value, storeUrl, path });
      push(this.inc, s.object.value, { predicate: s.predicate, subject: s.subject, storeUrl, path });
    }
  }

  /** Forget a store; returns whether it was indexed. */
  removeStore(storeUrl: string): boolean {
    if (!this.stores.delete(storeUrl)) return false;
    this.ids.clear();
    this.types.clear();
    this.out.clear();
    this.inc.clear();
    for (const entry of this.stores.values()) for (const node of entry.nodes.values()) this.insert(node);
    this.version++;
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

  private lookup<T>(map: Map<string, T[]>, iri: string): readonly T[] {
    const hit = map.get(iri);
    if (hit) return hit;
    const expanded = expandCompactIri(iri, this.prefixes);
    return (expanded !== iri && map.get(expanded)) || EMPTY;
  }

  /** Nodes carrying this `@id` (full or compact IRI), across all stores. */
  byId(iri: string): readonly IndexedNode[] {
    return this.lookup(this.ids, iri);
  }

  /** Nodes of this `@type`. */
  byType(iri: string): readonly IndexedNode[] {
    return this.lookup(this.types, iri);
  }

  /** Links from this `@id` to other `@id`s. */
  outgoing(iri: string): readonly Link[] {
    return this.lookup(this.out, iri);
  }

  /** Links from other `@id`s to this one. */
  incoming(iri: string): readonly Backlink[] {
    return this.lookup(this.inc, iri);
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
      for (const n of e.nodes.values()) push(e.byName, n.name, n);
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

const RDF_TYPE_IRI = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const EMPTY_DESCRIPTION: LinkedDescription = Object.freeze({ subjects: [], types: [], statements: [], plain: [], prefixes: {}, problems: [], linked: false }) as LinkedDescription;

function whereOf(storeUrl: string, path: string): string {
  return `node ${path} in store ${storeUrl}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
