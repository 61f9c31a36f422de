/**
 * Every key below a prefix, at any depth, for any store that can list: S3 stores answer with their
 * flat paginated listing (`listAll`), others are walked folder by folder. Reports progress in keys and
 * stops on abort. Used to count chunks, copy stores and find nodes.
 *
 * @example
 * ```ts
 * for await (const key of walkKeys(store, '/batch/', { signal, onProgress })) console.log(key);
 * const chunks = await countKeys(store, '/batch/sample1/');
 * ```
 */
import { ZldError, throwIfAborted } from '../errors.js';
import { throttleProgress, type TaskOptions } from '../progress.js';
import { canList, joinKey, type AbsolutePath, type ListOptions, type ReadableStore } from './types.js';

/** A store with a flat listing of all keys below a prefix (like {@link S3Store.listAll}). */
export interface FlatListing {
  /** Keys below `prefix` in UTF-8 byte order; `startAfter` (a store key) skips every key up to it. */
  listAll(prefix: AbsolutePath, opts?: ListOptions & { startAfter?: AbsolutePath }): AsyncIterable<AbsolutePath>;
}

export function hasFlatListing(store: ReadableStore): store is ReadableStore & FlatListing {
  return typeof (store as Partial<FlatListing>).listAll === 'function';
}

/** All keys below `prefix` (`/` for the whole store), as absolute keys. */
export async function* walkKeys(store: ReadableStore, prefix: AbsolutePath = '/', opts: TaskOptions = {}): AsyncGenerator<AbsolutePath> {
  const { signal } = opts;
  const progress = throttleProgress(opts.onProgress);
  let done = 0;
  const what = `listing ${prefix} in ${store.url}`;
  if (hasFlatListing(store)) {
    for await (const key of store.listAll(prefix, { signal })) {
      throwIfAborted(signal, what);
      done++;
      progress?.({ done, unit: 'keys', message: key });
      yield key;
    }
  } else if (canList(store)) {
    const folders: AbsolutePath[] = [prefix.endsWith('/') ? prefix : (`${prefix}/` as AbsolutePath)];
    while (folders.length) {
      throwIfAborted(signal, what);
      const folder = folders.shift()!;
      const { keys, prefixes } = await store.list(folder, { signal });
      for (const name of keys) {
        done++;
        yield joinKey(folder, name);
      }
      progress?.({ done, unit: 'keys', message: folder });
      folders.unshift(...prefixes.map((p) => `${joinKey(folder, p)}/` as AbsolutePath));
    }
  } else {
    throw new ZldError('Unsupported', `store ${store.url} cannot list keys (plain HTTP): use consolidated metadata instead`);
  }
  progress?.({ done, total: done, unit: 'keys' }, true);
}

/** How many keys lie below `prefix`. */
export async function countKeys(store: ReadableStore, prefix: AbsolutePath = '/', opts: TaskOptions = {}): Promise<number> {
  let n = 0;
  for await (const _ of walkKeys(store, prefix, opts)) n++;
  return n;
}
