/**
 * Every metadata document of a hierarchy, found through a flat listing (S3 `ListObjectsV2` without a
 * delimiter, 1,000 keys a page) instead of one listing per group: the documents are fetched while the
 * listing goes on (a bounded number of GETs in flight), and the listing jumps over the rest of an array's
 * folder (`startAfter`) once it has walked past a page of its chunk keys, so big arrays cost at most about one
 * page each. The result holds exactly the documents a walk from the root finds (groups descended, arrays
 * not), so it can stand in for that walk when consolidating.
 *
 * @example
 * ```ts
 * if (hasFlatListing(store)) {
 *   const docs = await readListedMetadata(store, 2, { concurrency: 16 }); // key -> bytes
 * }
 * ```
 */
import { throwIfAborted } from '../errors.js';
import { throttleProgress, type TaskOptions } from '../progress.js';
import type { FlatListing } from '../store/walk.js';
import type { AbsolutePath, ReadableStore } from '../store/types.js';
import type { ZarrFormat } from './model.js';

/** Chunk keys of one array walked through before the listing skips the rest of its folder (about a page). */
const SKIP_AFTER = 1000;

const V2_FILES = new Set(['.zgroup', '.zarray', '.zattrs']);

function parentOf(folder: string): string {
  return folder.slice(0, Math.max(0, folder.lastIndexOf('/')));
}

function isV3Group(bytes: Uint8Array | undefined): boolean {
  try {
    return bytes !== undefined && (JSON.parse(new TextDecoder().decode(bytes)) as { node_type?: unknown })?.node_type === 'group';
  } catch {
    return false; // a malformed document fails validation later, naming its key
  }
}

/** Store key -> bytes of every metadata document reachable from the root. */
export async function readListedMetadata(
  store: ReadableStore & FlatListing,
  format: ZarrFormat,
  opts: TaskOptions & { concurrency?: number } = {},
): Promise<Map<AbsolutePath, Uint8Array>> {
  const { signal } = opts;
  const progress = throttleProgress(opts.onProgress);
  const limit = Math.max(1, opts.concurrency ?? 16);
  const isMeta = format === 3 ? (name: string) => name === 'zarr.json' : (name: string) => V2_FILES.has(name);

  // fetches run while the listing goes on, at most `limit` at once
  const found = new Map<AbsolutePath, Uint8Array>();
  const queue: AbsolutePath[] = [];
  let running = 0;
  let done = 0;
  let failure: unknown;
  let idle: (() => void) | undefined;
  const pump = () => {
    while (running < limit && queue.length && failure === undefined) {
      const key = queue.shift()!;
      running++;
      store
        .get(key, { signal })
        .then((bytes) => {
          if (bytes) found.set(key, bytes);
          progress?.({ done: ++done, unit: 'keys', message: key });
        })
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => {
          running--;
          pump();
          if (running === 0) idle?.();
        });
    }
  };
  const settled = () => (running === 0 && (queue.length === 0 || failure !== undefined) ? Promise.resolve() : new Promise<void>((r) => (idle = r)));

  // the listing, restarted after an array's folder when its chunk keys run long
  let startAfter: AbsolutePath | undefined;
  for (;;) {
    let arrayFolder: string | undefined;
    let run = 0;
    let restart: AbsolutePath | undefined;
    let stop = false;
    for await (const key of store.listAll('/', { signal, startAfter })) {
      if (failure !== undefined) break;
      const slash = key.lastIndexOf('/');
      const name = key.slice(slash + 1);
      const folder = key.slice(0, slash);
      if (isMeta(name)) {
        queue.push(key);
        pump();
        if (name === '.zarray' || name === 'zarr.json') {
          arrayFolder = folder;
          run = 0;
        }
        continue;
      }
      if (arrayFolder === undefined || !key.startsWith(`${arrayFolder}/`) || ++run < SKIP_AFTER) continue;
      // v3: only an array's folder is skipped (a group's zarr.json looks the same in a listing)
      if (format === 3) {
        await settled();
        if (isV3Group(found.get(`${arrayFolder}/zarr.json` as AbsolutePath))) {
          arrayFolder = undefined;
          continue;
        }
      }
      if (arrayFolder === '') stop = true; // the root is an array: nothing else is part of the hierarchy
      else restart = `${arrayFolder}0` as AbsolutePath; // '0' sorts right after '/': past every key in the folder
      break;
    }
    if (stop || !restart || failure !== undefined) break;
    startAfter = restart;
  }
  await settled();
  if (failure !== undefined) throw failure;
  throwIfAborted(signal, `reading the metadata of ${store.url}`);
  progress?.({ done, total: done, unit: 'keys' }, true);
  return reachable(found, format);
}

/** The documents a walk from the root would find: a folder counts when its parent is a group that counts. */
function reachable(found: Map<AbsolutePath, Uint8Array>, format: ZarrFormat): Map<AbsolutePath, Uint8Array> {
  const has = (folder: string, name: string) => found.has(`${folder}/${name}` as AbsolutePath);
  const isGroup =
    format === 3
      ? (f: string) => isV3Group(found.get(`${f}/zarr.json` as AbsolutePath))
      : (f: string) => has(f, '.zgroup') && (f !== '' || !has(f, '.zarray')); // the root is an array when it has both
  const memo = new Map<string, boolean>();
  const visitedGroup = (f: string): boolean => {
    let v = memo.get(f);
    if (v === undefined) {
      v = (f === '' || visitedGroup(parentOf(f))) && isGroup(f);
      memo.set(f, v);
    }
    return v;
  };
  const out = new Map<AbsolutePath, Uint8Array>();
  for (const [key, bytes] of found) {
    const slash = key.lastIndexOf('/');
    const folder = key.slice(0, slash);
    if (folder !== '' && !visitedGroup(parentOf(folder))) continue;
    // a group's .zarray is not read by the walk (the root reads all three)
    if (format === 2 && folder !== '' && key.endsWith('/.zarray') && has(folder, '.zgroup')) continue;
    out.set(key, bytes);
  }
  return out;
}
