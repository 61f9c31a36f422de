/**
 * Consolidated metadata: every node's metadata in one document, so a reader opens a hierarchy with one
 * request. v2: a JSON object under a key (`.zmetadata` by default, any key such as `.all_metadata`), exactly as
 * zarr-python writes it: `{ "metadata": { ".zgroup": ..., "a/.zattrs": ..., "a/.zarray": ... },
 * "zarr_consolidated_format": 1 }`. v3: `consolidated_metadata: { kind: "inline", must_understand: false,
 * metadata: { "a": <zarr.json of a>, ... } }` inside the root `zarr.json`.
 *
 * Writing is one `set()` of the whole document (atomic on every store), never touches chunks, and is refused
 * (`Conflict`) when a different document is already there, unless `overwrite`.
 *
 * @example
 * ```ts
 * await writeConsolidated(store, { key: '.all_metadata' });
 * const { stale, added, removed, changed } = await checkConsolidated(store, { key: '.all_metadata' });
 * ```
 */
import { ZldError } from '../errors.js';
import type { TaskOptions } from '../progress.js';
import { normalizePath, type AbsolutePath, type ReadableStore, type WritableStore } from '../store/types.js';
import { hasFlatListing } from '../store/walk.js';
import { openHierarchy } from './hierarchy.js';
import { readListedMetadata } from './listed-metadata.js';
import { encodeJson, parseJsonObject } from './json.js';
import { arrayNodeV2, asAttributes, checkZarray, checkZgroup, nodeV3 } from './metadata.js';
import type { ZarrFormat } from './model.js';

export interface ConsolidatedDocument {
  format: ZarrFormat;
  /** Store key of the document (`/.zmetadata`, `/.all_metadata`, `/zarr.json` for v3). */
  key: AbsolutePath;
  /**
   * Entries: v2 keys relative to the root (`.zgroup`, `a/.zattrs`) to their JSON documents; v3 node paths
   * relative to the root (`a`, `a/b`) to their `zarr.json` documents.
   */
  metadata: Record<string, Record<string, unknown>>;
}

export interface ConsolidatedOptions {
  /** v2 key (default `.zmetadata`); ignored for v3 (inline in the root `zarr.json`). */
  key?: string;
  format?: ZarrFormat;
  signal?: AbortSignal;
}

const relKey = (key: AbsolutePath) => key.slice(1);

/**
 * An optional store capability: all metadata documents of the hierarchy at once (store key -> bytes).
 * Local folders provide it (`withLocalMetadataTree`); {@link buildConsolidated} uses it when present.
 */
export interface MetadataTreeReader {
  readMetadataTree(format: ZarrFormat, opts?: { signal?: AbortSignal }): Promise<Map<AbsolutePath, Uint8Array>>;
  /** The same documents parsed, each malformed one failing as `parseJsonObject` does. */
  readMetadataDocs?(format: ZarrFormat, opts?: { signal?: AbortSignal; deferAttributes?: boolean }): Promise<ParsedMetadataTree>;
}

export interface ParsedMetadataTree {
  /** Store key -> parsed document, in walk order. */
  docs: Map<AbsolutePath, Record<string, unknown>>;
  /**
   * v2: the consolidated document of these documents exactly as encodeJson writes it, when the reader could
   * tell (the native walk checks each file's bytes): every store key (walk order) and, in `order`, their indexes
   * in the order the document holds them; used only when JavaScript sorts the keys the same way.
   */
  consolidatedV2?: { bytes: Uint8Array; keys: AbsolutePath[]; order: ArrayLike<number> };
  /**
   * When asked to defer attributes: every store key in walk order, and the `.zattrs` documents left out of
   * `docs` (each a well-formed JSON object, so they need no check) parsed on demand.
   */
  keys?: AbsolutePath[];
  deferred?: () => Map<AbsolutePath, Record<string, unknown>>;
}

function hasTreeReader(store: ReadableStore): store is ReadableStore & MetadataTreeReader {
  return typeof (store as Partial<MetadataTreeReader>).readMetadataTree === 'function';
}

/** Parse and check every document of a metadata tree (the same checks as opening each node). */
function validatedDocs(tree: Map<AbsolutePath, Uint8Array>, format: ZarrFormat, url: string): Map<AbsolutePath, Record<string, unknown>> {
  const docs = new Map<AbsolutePath, Record<string, unknown>>();
  for (const [key, bytes] of tree) docs.set(key, parseJsonObject(bytes, url, key));
  return checkedDocs(docs, format, url);
}

/** Whether `order` lists every index of `keys` with the keys strictly ascending (then it is their sorted order). */
function ascending(keys: readonly string[], order: ArrayLike<number>): boolean {
  if (order.length !== keys.length) return false;
  for (let i = 1; i < order.length; i++) if (!(keys[order[i - 1]!]! < keys[order[i]!]!)) return false;
  return true;
}

/** Check every parsed document of a metadata tree (the same checks as opening each node). */
function checkedDocs(docs: Map<AbsolutePath, Record<string, unknown>>, format: ZarrFormat, url: string): Map<AbsolutePath, Record<string, unknown>> {
  // the nodes are built only for their checks (whose errors name `src`) and dropped: their path does not matter
  for (const [key, doc] of docs) {
    const src = { storeUrl: url, key };
    if (format === 3) nodeV3('/', doc, src);
    else if (key.endsWith('/.zattrs')) asAttributes(doc, src);
    else if (key.endsWith('/.zgroup')) checkZgroup(doc, src);
    else {
      checkZarray(doc, src);
      arrayNodeV2('/', doc, {}, src);
    }
  }
  return docs;
}

/** The consolidated metadata a store holds, or undefined when there is none. */
export async function readConsolidated(store: ReadableStore, opts: ConsolidatedOptions = {}): Promise<ConsolidatedDocument | undefined> {
  const { signal } = opts;
  if (opts.format !== 2) {
    const bytes = await store.get('/zarr.json', { signal });
    if (bytes) {
      const root = parseJsonObject(bytes, store.url, '/zarr.json');
      const cm = root.consolidated_metadata as { metadata?: Record<string, Record<string, unknown>> } | null | undefined;
      if (!cm || typeof cm !== 'object') return undefined;
      if (!cm.metadata || typeof cm.metadata !== 'object') {
        throw new ZldError('BadMetadata', `consolidated_metadata in /zarr.json of store ${store.url} has no "metadata" object`);
      }
      return { format: 3, key: '/zarr.json', metadata: cm.metadata };
    }
    if (opts.format === 3) return undefined;
  }
  const key = normalizePath(opts.key ?? '.zmetadata');
  const bytes = await store.get(key, { signal });
  if (!bytes) return undefined;
  const doc = parseJsonObject(bytes, store.url, key);
  if (!doc.metadata || typeof doc.metadata !== 'object' || Array.isArray(doc.metadata)) {
    throw new ZldError('BadMetadata', `consolidated metadata ${key} of store ${store.url} has no "metadata" object`, { detail: { key } });
  }
  return { format: 2, key, metadata: doc.metadata as Record<string, Record<string, unknown>> };
}

/**
 * Walk the store (by listing, ignoring any consolidated metadata) and collect every node's metadata.
 * A malformed document anywhere fails the whole build (`BadMetadata` naming its key).
 */
export async function buildConsolidated(
  store: ReadableStore,
  opts: TaskOptions & { format?: ZarrFormat; key?: string; concurrency?: number } = {},
): Promise<ConsolidatedDocument> {
  return (await build(store, opts, false)).doc;
}

/**
 * {@link buildConsolidated}, with the entry count and the document's bytes when the store's reader had them
 * (v2, native walk); `lazy`: then the metadata (and the attributes it holds) is parsed only if asked for.
 */
async function build(
  store: ReadableStore,
  opts: TaskOptions & { format?: ZarrFormat; key?: string; concurrency?: number },
  lazy: boolean,
): Promise<{ doc: ConsolidatedDocument; entries: number; bytes?: Uint8Array }> {
  const h = await openHierarchy(store, { format: opts.format, consolidated: false, signal: opts.signal, concurrency: opts.concurrency });
  let docs: Map<AbsolutePath, Record<string, unknown>>;
  let parsed: ParsedMetadataTree | undefined;
  if (hasTreeReader(store) && store.readMetadataDocs) {
    parsed = await store.readMetadataDocs(h.format, { signal: opts.signal, deferAttributes: lazy });
    docs = checkedDocs(parsed.docs, h.format, store.url); // deferred documents are attributes known to be objects
    const total = parsed.keys?.length ?? docs.size;
    opts.onProgress?.({ done: total, total, unit: 'keys' });
  } else if (hasTreeReader(store)) {
    const tree = await store.readMetadataTree(h.format, { signal: opts.signal });
    docs = validatedDocs(tree, h.format, store.url);
    opts.onProgress?.({ done: tree.size, total: tree.size, unit: 'keys' });
  } else if (hasFlatListing(store)) {
    // S3: one flat listing (1,000 keys a page) and GETs of the documents only, instead of a listing per group
    const tree = await readListedMetadata(store, h.format, { signal: opts.signal, onProgress: opts.onProgress, concurrency: opts.concurrency });
    docs = validatedDocs(tree, h.format, store.url);
  } else {
    const walk = h.walk({ signal: opts.signal, onProgress: opts.onProgress })[Symbol.asyncIterator]();
    while (!(await walk.next()).done); // loads every node's documents into h.docs
    docs = h.docs;
  }
  const metadata: Record<string, Record<string, unknown>> = {};
  if (h.format === 2) {
    const key = normalizePath(opts.key ?? '.zmetadata');
    const entries = parsed?.keys?.length ?? docs.size;
    const fill = () => {
      const more = parsed?.deferred?.();
      // in sorted order, as they are written: encodeJson then has no copy to make to sort them
      for (const k of [...(parsed?.keys ?? docs.keys())].sort()) metadata[relKey(k)] = docs.get(k) ?? more!.get(k)!;
      return metadata;
    };
    const encoded = parsed?.consolidatedV2;
    if (!encoded || encoded.keys.length !== entries || !ascending(encoded.keys, encoded.order)) {
      return { doc: { format: 2, key, metadata: fill() }, entries };
    }
    // the walk's document holds the keys in JavaScript's sorted order: its bytes are what encodeJson would write
    let filled: typeof metadata | undefined;
    const doc = lazy ? { format: 2 as const, key, get metadata() { return (filled ??= fill()); } } : { format: 2 as const, key, metadata: fill() };
    return { doc, entries, bytes: encoded.bytes };
  }
  for (const [key, doc] of docs) {
    if (key === '/zarr.json') continue;
    const path = key.slice(1, -'/zarr.json'.length);
    // nested groups keep no consolidated copy of their own: the root's document is the single source
    metadata[path] = doc.node_type === 'group' && 'consolidated_metadata' in doc ? { ...doc, consolidated_metadata: null } : doc;
  }
  return { doc: { format: 3, key: '/zarr.json', metadata }, entries: Object.keys(metadata).length };
}

/** The bytes a consolidated document is stored as (v3: the whole root `zarr.json`). */
async function encodeDocument(store: ReadableStore, doc: ConsolidatedDocument, signal?: AbortSignal): Promise<Uint8Array> {
  if (doc.format === 2) return encodeJson({ metadata: doc.metadata, zarr_consolidated_format: 1 });
  const bytes = await store.get('/zarr.json', { signal });
  if (!bytes) throw new ZldError('NotZarr', `store ${store.url} has no /zarr.json`);
  const root = parseJsonObject(bytes, store.url, '/zarr.json');
  return encodeJson(
    { ...root, consolidated_metadata: { kind: 'inline', must_understand: false, metadata: doc.metadata } },
    { sortKeys: false },
  );
}

/** Node's Buffer.compare (memcmp) when there is one; this module also runs in browsers. */
const nodeBuffer = (globalThis as { Buffer?: { compare(a: Uint8Array, b: Uint8Array): number } }).Buffer;

function sameBytes(x: Uint8Array, y: Uint8Array): boolean {
  if (x.length !== y.length) return false;
  if (nodeBuffer) return nodeBuffer.compare(x, y) === 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  return sameBytes(encodeJson(a), encodeJson(b));
}

export interface WriteConsolidatedResult {
  key: AbsolutePath;
  format: ZarrFormat;
  /** Number of metadata entries in the document. */
  entries: number;
  bytes: number;
  /** False when an identical document was already there. */
  written: boolean;
}

/** Build and write consolidated metadata in one atomic `set()`. */
export async function writeConsolidated(
  store: WritableStore,
  opts: TaskOptions & { key?: string; format?: ZarrFormat; overwrite?: boolean; concurrency?: number } = {},
): Promise<WriteConsolidatedResult> {
  const built = await build(store, opts, true);
  const { doc, entries } = built;
  const bytes = built.bytes ?? (await encodeDocument(store, doc, opts.signal));
  const before = await store.get(doc.key, { signal: opts.signal });
  if (before && sameBytes(before, bytes)) return { key: doc.key, format: doc.format, entries, bytes: 0, written: false };
  if (before && !opts.overwrite) {
    // a document is there and differs byte for byte: the same content written differently is fine
    const existing = await readConsolidated(store, { key: opts.key, format: doc.format, signal: opts.signal });
    if (existing && sameJson(existing.metadata, doc.metadata)) return { key: doc.key, format: doc.format, entries, bytes: 0, written: false };
    if (existing) {
      throw new ZldError(
        'Conflict',
        `consolidated metadata ${existing.key} in store ${store.url} already exists and differs from the store's metadata; pass overwrite (--force) to replace it`,
        { detail: { key: existing.key } },
      );
    }
  }
  await store.set(doc.key, bytes, { signal: opts.signal });
  return { key: doc.key, format: doc.format, entries, bytes: bytes.length, written: true };
}

export interface ConsolidatedCheck {
  key: AbsolutePath;
  stale: boolean;
  /** Entries in the store that the consolidated document lacks. */
  added: string[];
  /** Entries in the consolidated document that the store no longer has. */
  removed: string[];
  /** Entries whose content differs. */
  changed: string[];
}

/** Compare a store's consolidated metadata with its actual metadata. `NotFound` when there is none. */
export async function checkConsolidated(
  store: ReadableStore,
  opts: TaskOptions & { key?: string; format?: ZarrFormat; concurrency?: number } = {},
): Promise<ConsolidatedCheck> {
  const existing = await readConsolidated(store, opts);
  if (!existing) {
    const key = opts.format === 3 ? '/zarr.json (inline)' : normalizePath(opts.key ?? '.zmetadata');
    throw new ZldError('NotFound', `store ${store.url} has no consolidated metadata at ${key}`, { detail: { key } });
  }
  const fresh = await buildConsolidated(store, { ...opts, format: existing.format });
  const added: string[] = [];
  const removed: string[] = [];
  const changed: string[] = [];
  for (const [k, v] of Object.entries(fresh.metadata)) {
    if (!(k in existing.metadata)) added.push(k);
    else if (!sameJson(existing.metadata[k], v)) changed.push(k);
  }
  for (const k of Object.keys(existing.metadata)) if (!(k in fresh.metadata)) removed.push(k);
  added.sort();
  removed.sort();
  changed.sort();
  return { key: existing.key, stale: added.length + removed.length + changed.length > 0, added, removed, changed };
}
