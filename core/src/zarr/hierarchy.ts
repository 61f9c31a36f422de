/**
 * A Zarr hierarchy (v2 or v3) over any {@link ReadableStore}, loaded lazily: from consolidated metadata when
 * the store has it (v2 `.zmetadata` or a custom key such as `.all_metadata`, v3 inline `consolidated_metadata`
 * in the root `zarr.json`), otherwise by listing one group at a time with a bounded number of requests in
 * flight. Arrays' chunk folders are never listed (except by {@link Hierarchy.countChunks}, on request).
 *
 * @example
 * ```ts
 * const h = await openHierarchy(await FileStore.open('./cat.zarr'), { consolidated: '.all_metadata' });
 * for await (const node of h.walk({ maxDepth: 2 })) console.log(node.kind, node.path);
 * ```
 */
import { ZldError, throwIfAborted } from '../errors.js';
import type { TaskOptions } from '../progress.js';
import { canList, joinKey, normalizePath, type AbsolutePath, type ReadableStore } from '../store/types.js';
import { parseJsonObject } from './json.js';
import { arrayNodeV2, asAttributes, checkZarray, checkZgroup, groupNode, nodeV3 } from './metadata.js';
import type { ArrayNode, ZarrFormat, ZarrNode } from './model.js';
import { Pool } from './pool.js';
import type { LazyEntries } from './lazy-json.js';

export { openHierarchy, type OpenHierarchyOptions } from './open-hierarchy.js';

export interface WalkOptions extends TaskOptions {
  /** Start here (default `/`). */
  path?: string;
  /** 0: only the start node; 1: and its children; ... (default: unlimited). */
  maxDepth?: number;
}

type Docs = Map<AbsolutePath, Record<string, unknown>>;

function byName(a: ZarrNode, b: ZarrNode): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export class Hierarchy {
  /** Metadata documents by store key (`/a/.zarray`, `/a/zarr.json`) when known, for array readers. */
  readonly docs: Docs = new Map();
  private readonly nodes = new Map<AbsolutePath, Promise<ZarrNode | undefined>>();
  private readonly kids = new Map<AbsolutePath, Promise<ZarrNode[]>>();
  private readonly pool: Pool;

  /** Consolidated entries (v2: `a/.zarray` -> doc; v3: `a` -> zarr.json doc), read lazily. */
  private readonly entries?: LazyEntries;
  private childIndex?: Map<string, string[]>;

  /** The root node (`/`). */
  readonly root: ZarrNode;

  constructor(
    readonly store: ReadableStore,
    readonly format: ZarrFormat,
    /** The root node; undefined: taken from the consolidated entries. */
    root: ZarrNode | undefined,
    /** Store key of the consolidated metadata in use (`/.zmetadata`, `/zarr.json` for v3 inline). */
    readonly consolidatedKey: string | undefined,
    consolidatedEntries: LazyEntries | undefined,
    concurrency = 16,
  ) {
    this.pool = new Pool(concurrency);
    this.entries = consolidatedEntries;
    const r = root ?? (consolidatedEntries ? this.consolidatedNode('/') : undefined);
    if (!r) {
      throw new ZldError('BadMetadata', `consolidated metadata ${consolidatedKey} of store ${store.url} has no root .zgroup or .zarray`, {
        detail: { key: consolidatedKey },
      });
    }
    this.root = r;
    this.nodes.set('/', Promise.resolve(r));
  }

  /** A metadata document by store key (`/a/.zarray`, `/a/zarr.json`), when already known. */
  metadataDoc(key: AbsolutePath): Record<string, unknown> | undefined {
    const d = this.docs.get(key);
    if (d || !this.entries) return d;
    const rel = key.slice(1);
    if (this.format === 3) return rel.endsWith('zarr.json') ? this.entries.get(rel.slice(0, -'/zarr.json'.length)) : undefined;
    return this.entries.get(rel);
  }

  /** Parent path -> child node paths of the consolidated entries (built once, on first use). */
  private index(): Map<string, string[]> {
    if (this.childIndex) return this.childIndex;
    const index = new Map<string, string[]>();
    const add = (path: string) => {
      if (path === '/') return;
      const i = path.lastIndexOf('/');
      const parent = i <= 0 ? '/' : path.slice(0, i);
      let list = index.get(parent);
      if (!list) index.set(parent, (list = []));
      list.push(path);
    };
    for (const k of this.entries!.keys()) {
      if (this.format === 3) add(normalizePath(k));
      else if (k.endsWith('.zarray') || k.endsWith('.zgroup')) {
        const base = k.slice(0, -7);
        if (base === '' || base.endsWith('/')) add(base === '' ? '/' : `/${base.slice(0, -1)}`);
      }
    }
    this.childIndex = index;
    return index;
  }

  /** A node from the consolidated entries (undefined when they have none at `path`). */
  private consolidatedNode(path: AbsolutePath): ZarrNode | undefined {
    const e = this.entries!;
    const url = this.store.url;
    const rel = path.slice(1);
    const ckey = this.consolidatedKey!;
    if (this.format === 3) {
      const d = e.get(rel);
      if (!d) return undefined;
      if (typeof d !== 'object') throw new ZldError('BadMetadata', `consolidated entry ${rel} in ${ckey} of store ${url} is not an object`);
      return nodeV3(path, d, { storeUrl: url, key: `${ckey} (consolidated ${rel})` });
    }
    const pre = rel === '' ? '' : `${rel}/`;
    const src = (f: string) => ({ storeUrl: url, key: `${ckey} entry ${pre}${f}` });
    const attrs = e.get(`${pre}.zattrs`);
    const attributes = attrs !== undefined ? asAttributes(attrs, src('.zattrs')) : {};
    const za = e.get(`${pre}.zarray`);
    if (za !== undefined) {
      if (!za || typeof za !== 'object') throw new ZldError('BadMetadata', `entry ${pre}.zarray of ${ckey} in store ${url} is not an object`);
      checkZarray(za, src('.zarray'));
      return arrayNodeV2(path, za, attributes, src('.zarray'));
    }
    const zg = e.get(`${pre}.zgroup`);
    if (zg === undefined) return undefined;
    if (!zg || typeof zg !== 'object') throw new ZldError('BadMetadata', `entry ${pre}.zgroup of ${ckey} in store ${url} is not an object`);
    checkZgroup(zg, src('.zgroup'));
    return groupNode(path, 2, attributes);
  }

  /** Whether every node is known from consolidated metadata. */
  get consolidated(): boolean {
    return this.consolidatedKey !== undefined;
  }

  /** The node at `path` (`/`, `a/b`, `/a/b`), or undefined when there is none. */
  node(path: string, opts: { signal?: AbortSignal } = {}): Promise<ZarrNode | undefined> {
    const p = normalizePath(path);
    let n = this.nodes.get(p);
    if (!n) {
      if (this.consolidated) {
        try {
          n = Promise.resolve(this.consolidatedNode(p));
        } catch (e) {
          return Promise.reject(e);
        }
        this.nodes.set(p, n);
        return n;
      }
      n = this.loadNode(p, opts.signal);
      this.nodes.set(p, n);
      n.catch(() => this.nodes.delete(p));
    }
    return n;
  }

  /** The array at `path`; `NotFound` when missing, `BadInput` when it is a group. */
  async array(path: string, opts: { signal?: AbortSignal } = {}): Promise<ArrayNode> {
    const n = await this.node(path, opts);
    if (!n) throw new ZldError('NotFound', `no array at ${normalizePath(path)} in store ${this.store.url}`, { detail: { path } });
    if (n.kind !== 'array') throw new ZldError('BadInput', `${n.path} in store ${this.store.url} is a group, not an array`);
    return n;
  }

  /** Children of the group at `path`, sorted by name; `[]` for arrays; `NotFound` when there is no node. */
  async children(path: string, opts: { signal?: AbortSignal } = {}): Promise<ZarrNode[]> {
    const p = normalizePath(path);
    const cached = this.kids.get(p);
    if (cached) return cached;
    const node = await this.node(p, opts);
    if (!node) throw new ZldError('NotFound', `no group or array at ${p} in store ${this.store.url}`, { detail: { path: p } });
    if (node.kind === 'array') return [];
    let kids = this.kids.get(p);
    if (!kids && this.consolidated) {
      const paths = this.entries?.childPaths ? this.entries.childPaths(p) : (this.index().get(p) ?? []);
      const found = await Promise.all(paths.map((c) => this.node(c, opts)));
      kids = Promise.resolve(found.filter((n): n is ZarrNode => n !== undefined).sort(byName));
      this.kids.set(p, kids);
    }
    if (!kids) {
      kids = this.listChildren(p, opts.signal);
      this.kids.set(p, kids);
      kids.catch(() => this.kids.delete(p));
    }
    return kids;
  }

  /** Every node under `path` (default the root) in depth-first pre-order, siblings by name. */
  async *walk(opts: WalkOptions = {}): AsyncIterable<ZarrNode> {
    const start = await this.node(opts.path ?? '/', opts);
    if (!start) throw new ZldError('NotFound', `no group or array at ${normalizePath(opts.path ?? '/')} in store ${this.store.url}`);
    const maxDepth = opts.maxDepth ?? Infinity;
    let done = 0;
    const stack: { node: ZarrNode; depth: number }[] = [{ node: start, depth: 0 }];
    while (stack.length) {
      throwIfAborted(opts.signal, `walking ${this.store.url}`);
      const { node, depth } = stack.pop()!;
      yield node;
      done++;
      opts.onProgress?.({ done, unit: 'nodes', message: node.path });
      if (node.kind !== 'group' || depth >= maxDepth) continue;
      const kids = await this.children(node.path, opts);
      // look ahead: crawl the whole subtree (within maxDepth) now, so requests overlap (the pool bounds them)
      if (!this.consolidated && depth + 1 < maxDepth) this.prefetch(kids, depth + 1, maxDepth, opts.signal);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, depth: depth + 1 });
    }
  }

  private prefetch(nodes: ZarrNode[], depth: number, maxDepth: number, signal?: AbortSignal): void {
    for (const k of nodes) {
      if (k.kind !== 'group' || this.kids.has(k.path)) continue;
      this.children(k.path, { signal })
        .then((kids) => depth + 1 < maxDepth && this.prefetch(kids, depth + 1, maxDepth, signal))
        .catch(() => undefined); // the walk itself reports errors when it gets there
    }
  }

  /**
   * Number of chunk (or shard) objects stored for the array at `arrayPath`, by listing its folder;
   * undefined when the store cannot list.
   */
  async countChunks(arrayPath: string, opts: { signal?: AbortSignal } = {}): Promise<number | undefined> {
    const node = await this.array(arrayPath, opts);
    if (!canList(this.store)) return undefined;
    const store = this.store;
    const base = node.path === '/' ? '/' : `${node.path}/`;
    const v3 = node.zarrFormat === 3;
    const count = async (prefix: AbsolutePath, depth: number): Promise<number> => {
      const { keys, prefixes } = await this.pool.run(() => store.list(prefix, opts), opts.signal);
      let n = keys.filter((k) => !(depth === 0 && (k.startsWith('.z') || k === 'zarr.json'))).length;
      const sub = prefixes.filter((p) => depth > 0 || !v3 || p === 'c');
      const counts = await Promise.all(sub.map((p) => count(joinKey(prefix, `${p}/`), depth + 1)));
      for (const c of counts) n += c;
      return n;
    };
    // v3 default keys live under c/; v2 '/'-separated keys nest by dimension
    return count(base as AbsolutePath, 0);
  }

  private async get(key: AbsolutePath, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    return this.pool.run(() => this.store.get(key, { signal }), signal);
  }

  private async doc(key: AbsolutePath, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const bytes = await this.get(key, signal);
    if (bytes === undefined) return undefined;
    const d = parseJsonObject(bytes, this.store.url, key);
    this.docs.set(key, d);
    return d;
  }

  private async loadNode(path: AbsolutePath, signal?: AbortSignal): Promise<ZarrNode | undefined> {
    const url = this.store.url;
    if (this.format === 3) {
      const key = joinKey(path, 'zarr.json');
      const d = await this.doc(key, signal);
      return d && nodeV3(path, d, { storeUrl: url, key });
    }
    // groups outnumber arrays in linked-data stores: ask for .zgroup (+ .zattrs) first, .zarray only when
    // there is no .zgroup (2 requests per group, 3 per array)
    const [zg, attrs] = await Promise.all([this.doc(joinKey(path, '.zgroup'), signal), this.doc(joinKey(path, '.zattrs'), signal)]);
    const za = zg ? undefined : await this.doc(joinKey(path, '.zarray'), signal);
    const attributes = attrs ? asAttributes(attrs, { storeUrl: url, key: joinKey(path, '.zattrs') }) : {};
    if (za) {
      const key = joinKey(path, '.zarray');
      checkZarray(za, { storeUrl: url, key });
      return arrayNodeV2(path, za, attributes, { storeUrl: url, key });
    }
    if (zg) {
      checkZgroup(zg, { storeUrl: url, key: joinKey(path, '.zgroup') });
      return groupNode(path, 2, attributes);
    }
    return undefined;
  }

  private async listChildren(path: AbsolutePath, signal?: AbortSignal): Promise<ZarrNode[]> {
    const store = this.store;
    if (!canList(store)) {
      throw new ZldError(
        'Unsupported',
        `store ${store.url} cannot list its folders and has no consolidated metadata: consolidate it (zld consolidate) or give --key`,
      );
    }
    const prefix = (path === '/' ? '/' : `${path}/`) as AbsolutePath;
    const { prefixes } = await this.pool.run(() => store.list(prefix, { signal }), signal);
    const found = await Promise.all(prefixes.map((name) => this.node(joinKey(path, name), { signal })));
    return found.filter((n): n is ZarrNode => n !== undefined).sort(byName);
  }
}
