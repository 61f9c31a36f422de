/**
 * An in-memory store: for tests, for widgets fed a synthetic hierarchy, and for building a store before
 * writing it out. Lists, reads ranges and writes.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.set('/.zgroup', new TextEncoder().encode('{"zarr_format":2}'));
 * ```
 */
import type { AbsolutePath, GetOptions, Listing, RangeQuery, WritableStore } from './types.js';
import { checkKey, sliceRange } from './keys.js';
import { ZldError, throwIfAborted } from '../errors.js';

export class MemoryStore implements WritableStore {
  readonly url: string;
  readonly map: Map<string, Uint8Array>;

  constructor(init?: Iterable<[string, Uint8Array]>, url = 'memory://') {
    this.map = new Map(init);
    this.url = url;
  }

  async get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    checkKey(key, this.url);
    throwIfAborted(opts?.signal, `reading ${key} in ${this.url}`);
    return this.map.get(key);
  }

  async getRange(key: AbsolutePath, range: RangeQuery, opts?: GetOptions): Promise<Uint8Array | undefined> {
    const v = await this.get(key, opts);
    return v === undefined ? undefined : sliceRange(v, range);
  }

  async list(prefix: AbsolutePath, opts?: GetOptions): Promise<Listing> {
    checkKey(prefix.endsWith('/') ? prefix : `${prefix}/`, this.url);
    throwIfAborted(opts?.signal, `listing ${prefix} in ${this.url}`);
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    const keys = new Set<string>();
    const prefixes = new Set<string>();
    for (const k of this.map.keys()) {
      if (!k.startsWith(p)) continue;
      const rest = k.slice(p.length);
      const i = rest.indexOf('/');
      if (i < 0) keys.add(rest);
      else prefixes.add(rest.slice(0, i));
    }
    return { keys: [...keys].sort(), prefixes: [...prefixes].sort() };
  }

  async set(key: AbsolutePath, value: Uint8Array, opts?: GetOptions): Promise<void> {
    checkKey(key, this.url);
    if (key.endsWith('/')) throw new ZldError('BadInput', `cannot write a folder key ${key} in store ${this.url}`);
    throwIfAborted(opts?.signal, `writing ${key} in ${this.url}`);
    this.map.set(key, value.slice());
  }

  async delete(key: AbsolutePath, opts?: GetOptions): Promise<void> {
    checkKey(key, this.url);
    throwIfAborted(opts?.signal, `deleting ${key} in ${this.url}`);
    this.map.delete(key);
  }
}
