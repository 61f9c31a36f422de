/**
 * The store interface every backend implements. It is zarrita's store shape (so any zld store can be
 * passed straight to `zarrita.open`), extended with listing and writing where a backend allows them.
 *
 * Keys are absolute, `/`-separated paths inside the store: `/.zattrs`, `/myBatch/sample1/.zarray`,
 * `/group/array/c/0/0`. A missing key is `undefined`, never an exception; exceptions are for real
 * failures (access denied, network, malformed key) and are {@link ZldError}s naming store and key.
 *
 * @example
 * ```ts
 * import { openStore } from '@zld/core/node';
 * const store = await openStore('s3://bucket/cat.zarr', { s3: { endpoint: 'http://127.0.0.1:9000' } });
 * const bytes = await store.get('/.zmetadata');
 * const { keys, prefixes } = await store.list!('/myBatch/');
 * ```
 */

export type AbsolutePath = `/${string}`;

export type RangeQuery = { offset: number; length: number } | { suffixLength: number };

export interface GetOptions {
  signal?: AbortSignal;
}

/** One level of a listing: like S3's ListObjectsV2 with delimiter `/`. */
export interface Listing {
  /** Names (not paths) of the objects directly under the prefix, e.g. `.zgroup`, `.zattrs`. */
  keys: string[];
  /** Names of the "folders" directly under the prefix, without trailing slash, e.g. `sample1`. */
  prefixes: string[];
}

export interface ListOptions extends GetOptions {}

export interface ReadableStore {
  /** A URL-like, secret-free description of where the store lives (for messages and provenance). */
  readonly url: string;
  get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined>;
  getRange?(key: AbsolutePath, range: RangeQuery, opts?: GetOptions): Promise<Uint8Array | undefined>;
  /**
   * Immediate children of a folder. `prefix` is `/` for the root or `/a/b/` (trailing slash).
   * Absent when the backend cannot list (plain HTTP).
   */
  list?(prefix: AbsolutePath, opts?: ListOptions): Promise<Listing>;
}

export interface WritableStore extends ReadableStore {
  /** Write a whole object. Atomic: readers see the old or the new value, never a partial one. */
  set(key: AbsolutePath, value: Uint8Array, opts?: GetOptions): Promise<void>;
  delete(key: AbsolutePath, opts?: GetOptions): Promise<void>;
}

export function isWritable(store: ReadableStore): store is WritableStore {
  return typeof (store as Partial<WritableStore>).set === 'function' && typeof (store as Partial<WritableStore>).delete === 'function';
}

export function canList(store: ReadableStore): store is ReadableStore & Required<Pick<ReadableStore, 'list'>> {
  return typeof store.list === 'function';
}

/** `/a/b` + `c` -> `/a/b/c`; `/` + `c` -> `/c`. */
export function joinKey(parent: string, name: string): AbsolutePath {
  const p = parent.endsWith('/') ? parent : `${parent}/`;
  return `${p.startsWith('/') ? p : `/${p}`}${name}` as AbsolutePath;
}

/** Normalise a node path (`''`, `/`, `a/b`, `/a/b/`) to the form `/a/b` (root: `/`). */
export function normalizePath(path: string): AbsolutePath {
  const parts = path.split('/').filter((p) => p !== '');
  return `/${parts.join('/')}` as AbsolutePath;
}
