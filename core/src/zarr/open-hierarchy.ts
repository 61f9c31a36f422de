/**
 * Opening a hierarchy: the format (v3 `zarr.json`, v2 `.zgroup`/`.zarray`) and consolidated metadata detected
 * with one or two rounds of requests (none when `format` and `consolidated` are given), and errors that tell a
 * missing store (`NotFound`) from a folder that is not Zarr (`NotZarr`).
 *
 * @example
 * ```ts
 * const h = await openHierarchy(store, { consolidated: '.all_metadata' });
 * ```
 */
import { ZldError } from '../errors.js';
import { canList, normalizePath, type AbsolutePath, type ReadableStore } from '../store/types.js';
import { Hierarchy } from './hierarchy.js';
import { parseJsonObject } from './json.js';
import { eagerEntries, scanConsolidated } from './lazy-json.js';
import { arrayNodeV2, asAttributes, checkZarray, checkZgroup, groupNode, nodeV3 } from './metadata.js';
import type { ZarrFormat, ZarrNode } from './model.js';

export interface OpenHierarchyOptions {
  /** Skip format detection. */
  format?: ZarrFormat;
  /**
   * Consolidated metadata: a key (v2, e.g. `.zmetadata`, `.all_metadata`) that must exist, `false` to ignore
   * consolidated metadata, or undefined for auto (`.zmetadata` for v2 when present, inline for v3).
   */
  consolidated?: string | false;
  signal?: AbortSignal;
  /** Requests in flight while listing (default 16). */
  concurrency?: number;
}

/** Open the hierarchy of a store, detecting its format and consolidated metadata with few requests. */
export async function openHierarchy(store: ReadableStore, opts: OpenHierarchyOptions = {}): Promise<Hierarchy> {
  const { signal } = opts;
  const url = store.url;
  const getDoc = async (key: AbsolutePath) => {
    const bytes = await store.get(key, { signal });
    return bytes === undefined ? undefined : parseJsonObject(bytes, url, key);
  };
  let format = opts.format;
  let v3root: Record<string, unknown> | undefined;
  if (format === undefined || format === 3) {
    v3root = await getDoc('/zarr.json');
    if (v3root) format = 3;
    else if (format === 3) throw notZarr(store, 'no /zarr.json');
  }
  if (format === 3) {
    const root = nodeV3('/', v3root!, { storeUrl: url, key: '/zarr.json' });
    const cm = v3root!.consolidated_metadata as { metadata?: Record<string, Record<string, unknown>> } | null | undefined;
    const useCons = opts.consolidated !== false && cm && typeof cm === 'object' && cm.metadata && typeof cm.metadata === 'object';
    if (!useCons && typeof opts.consolidated === 'string') {
      throw new ZldError('NotFound', `store ${url} has no inline consolidated metadata in /zarr.json`);
    }
    const h = new Hierarchy(store, 3, root, useCons ? '/zarr.json' : undefined, useCons ? eagerEntries(cm!.metadata!) : undefined, opts.concurrency);
    h.docs.set('/zarr.json', v3root!);
    return h;
  }

  // v2: the consolidated document and the root's metadata in one round of requests
  const ckey = opts.consolidated === false ? undefined : normalizePath(opts.consolidated ?? '.zmetadata');
  const [cons, zg, za, zattrs] = await Promise.all([
    ckey ? store.get(ckey, { signal }) : undefined,
    getDoc('/.zgroup'),
    getDoc('/.zarray'),
    getDoc('/.zattrs'),
  ]);
  if (cons) {
    return new Hierarchy(store, 2, undefined, ckey, scanConsolidated(cons, url, ckey!), opts.concurrency);
  }
  if (typeof opts.consolidated === 'string') {
    if (!zg && !za) throw notZarr(store, `no ${ckey} and no /.zgroup`);
    throw new ZldError('NotFound', `consolidated metadata ${ckey} not found in store ${url}`, { detail: { key: ckey } });
  }
  const attributes = zattrs ? asAttributes(zattrs, { storeUrl: url, key: '/.zattrs' }) : {};
  let root: ZarrNode;
  if (za) {
    checkZarray(za, { storeUrl: url, key: '/.zarray' });
    root = arrayNodeV2('/', za, attributes, { storeUrl: url, key: '/.zarray' });
  } else if (zg) {
    checkZgroup(zg, { storeUrl: url, key: '/.zgroup' });
    root = groupNode('/', 2, attributes);
  } else {
    if (canList(store)) {
      const top = await store.list('/', { signal });
      if (top.keys.length === 0 && top.prefixes.length === 0) {
        throw new ZldError('NotFound', `store ${url} is empty or does not exist`);
      }
    }
    throw notZarr(store, 'no /zarr.json, /.zgroup or /.zarray');
  }
  const h = new Hierarchy(store, 2, root, undefined, undefined, opts.concurrency);
  if (za) h.docs.set('/.zarray', za);
  if (zg) h.docs.set('/.zgroup', zg);
  if (zattrs) h.docs.set('/.zattrs', zattrs);
  return h;
}

function notZarr(store: ReadableStore, why: string): ZldError {
  return new ZldError('NotZarr', `store ${store.url} is not a Zarr hierarchy (${why})`);
}
