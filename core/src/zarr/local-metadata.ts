/**
 * A fast path for local folders: every metadata document of a hierarchy read in one synchronous walk of the
 * folder tree (only group folders are listed; arrays' chunk folders never are), instead of thousands of
 * asynchronous store requests. `withLocalMetadataTree(fileStore)` adds it to a {@link FileStore};
 * `buildConsolidated`/`writeConsolidated` use it when present. Node only.
 *
 * The walk runs in zld's native module when it is built (core/native/walk.c: the same keys, bytes, order and
 * errors, without Node's per-call cost, on two threads), else in TypeScript here. The native walk also tells
 * which documents are well-formed JSON objects and lays them out as one "[doc,doc,...]" text, which
 * `readLocalMetadataDocs` parses with one JSON.parse; the others are parsed one by one (same errors as ever).
 *
 * @example
 * ```ts
 * const store = withLocalMetadataTree(await FileStore.open('./big.zarr'));
 * await writeConsolidated(store, {}); // one walk, then one atomic write
 * ```
 */
import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { throwIfAborted } from '../errors.js';
import { loadNative, type ZldNative } from '../native/native-node.js';
import type { FileStore } from '../store/file.js';
import type { AbsolutePath } from '../store/types.js';
import type { MetadataTreeReader, ParsedMetadataTree } from './consolidated.js';
import { parseJsonObject } from './json.js';
import type { ZarrFormat } from './model.js';

const scratch = Buffer.allocUnsafe(1 << 16);

const inside = (real: string, root: string) => real === root || real.startsWith(root + path.sep);

/**
 * The descriptor of a document (non-blocking: a named pipe would block the open until a writer comes); a symlink
 * is followed only when it leads inside `root` (the rule for folders, and FileStore's); undefined otherwise.
 */
function openDoc(file: string, root: string): number | undefined {
  try {
    return openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
  }
  let real: string | undefined;
  try {
    real = realpathSync(file);
  } catch {
    // dangling or a loop: the plain open below fails as it always did
  }
  if (real !== undefined && !inside(real, root)) return undefined;
  return openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
}

/** A small file's bytes with open/read/close only (metadata documents are small); undefined when missing. */
function tryRead(file: string, root: string, listed = false): Uint8Array | undefined {
  // a failed open costs an exception object (stack and all); a failed existence check costs nothing, and
  // a file just seen in its folder's listing needs no check at all
  if (!listed && !existsSync(file)) return undefined;
  let fd: number | undefined;
  try {
    fd = openDoc(file, root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw e;
  }
  if (fd === undefined) return undefined;
  try {
    // only regular files: a pipe or a device (/dev/zero behind a symlink: an endless read) reads as missing
    if (!fstatSync(fd).isFile()) return undefined;
    const n = readSync(fd, scratch, 0, scratch.length, 0);
    if (n < scratch.length) return Uint8Array.prototype.slice.call(scratch, 0, n);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
    throw e;
  } finally {
    closeSync(fd);
  }
  return readFileSync(file); // larger than the scratch buffer
}

/**
 * Whether a directory entry of folder `dir` is a folder inside `root` to descend: symlinks are followed only when
 * they stay inside and do not lead back to `dir` or a folder above it (a cycle: two such links in a group would
 * make the walk exponential, a hang).
 */
function isFolderInside(d: Dirent, dir: string, full: string, root: string): boolean {
  if (d.isDirectory()) return true;
  if (!d.isSymbolicLink()) return false;
  try {
    const real = realpathSync(full);
    if (!(inside(real, root) && statSync(real).isDirectory())) return false;
    for (let up = dir; ; up = path.dirname(up)) {
      if (realpathSync(up) === real) return false;
      if (up.length <= root.length) return true;
    }
  } catch {
    return false;
  }
}

/** Whether a zarr.json document is a group's (a malformed one is not; it fails validation later). */
function isV3Group(doc: Uint8Array): boolean {
  try {
    return (JSON.parse(new TextDecoder().decode(doc)) as { node_type?: unknown })?.node_type === 'group';
  } catch {
    return false;
  }
}

/** The TypeScript walk: what runs without the native module (exported for tests and A/B comparisons). */
export function walkLocalMetadataTree(root: string, format: ZarrFormat, signal?: AbortSignal): Map<AbsolutePath, Uint8Array> {
  const out = new Map<AbsolutePath, Uint8Array>();
  const put = (key: string, bytes: Uint8Array | undefined) => bytes && out.set(key as AbsolutePath, bytes);
  const visit = (dir: string, key: string): void => {
    let entries: Dirent[] | undefined;
    if (format === 3) {
      const doc = tryRead(path.join(dir, 'zarr.json'), root);
      if (!doc) return;
      put(`${key}/zarr.json`, doc);
      if (!isV3Group(doc)) return;
    } else {
      const za = tryRead(path.join(dir, '.zarray'), root);
      if (za) {
        // an array: its attributes, and never a listing of its chunks
        put(`${key}/.zarray`, za);
        put(`${key}/.zattrs`, tryRead(path.join(dir, '.zattrs'), root));
        return;
      }
      // a group (or not Zarr): its listing, which we need anyway, tells which documents exist
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      const names = new Set(entries.filter((d) => !d.isDirectory()).map((d) => d.name));
      if (names.has('.zattrs')) put(`${key}/.zattrs`, tryRead(path.join(dir, '.zattrs'), root, true));
      if (!names.has('.zgroup')) return;
      put(`${key}/.zgroup`, tryRead(path.join(dir, '.zgroup'), root, true));
    }
    throwIfAborted(signal, `reading the metadata of ${root}`);
    if (!entries) {
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
    }
    for (const d of entries) {
      if (d.name.startsWith('.zld-tmp-')) continue;
      const full = path.join(dir, d.name);
      if (isFolderInside(d, dir, full, root)) visit(full, `${key}/${d.name}`);
    }
  };
  visit(root, '');
  return out;
}

type NativeTree = ReturnType<NonNullable<ZldNative['readMetadataTree']>>;

/** The native walk, or undefined without the native module (or with `ZLD_NATIVE=0`). */
function nativeWalk(root: string, format: ZarrFormat, signal?: AbortSignal): NativeTree | undefined {
  const walk = loadNative()?.readMetadataTree;
  if (!walk) return undefined;
  throwIfAborted(signal, `reading the metadata of ${root}`);
  return walk(root, format);
}

const nativeKeys = (t: NativeTree) => (t.count ? t.keys.split('\0') : []) as AbsolutePath[];

/** Every metadata document under `root`: store key -> bytes. Groups are descended, arrays are not. */
export function readLocalMetadataTree(root: string, format: ZarrFormat, signal?: AbortSignal): Map<AbsolutePath, Uint8Array> {
  const t = nativeWalk(root, format, signal);
  if (!t) return walkLocalMetadataTree(root, format, signal);
  const keys = nativeKeys(t);
  const out = new Map<AbsolutePath, Uint8Array>();
  for (let i = 0; i < keys.length; i++) out.set(keys[i]!, t.data.subarray(t.spans[2 * i], t.spans[2 * i + 1]));
  return out;
}

const decoder = new TextDecoder();

/** One of the walk's "[doc,doc,...]" texts parsed, or undefined when it does not hold `count` elements. */
function parseBatch(t: NativeTree, start: number, end: number, count: number): Record<string, unknown>[] | undefined {
  try {
    const batch: unknown = JSON.parse(decoder.decode(t.data.subarray(start, end)));
    return Array.isArray(batch) && batch.length === count ? (batch as Record<string, unknown>[]) : undefined;
  } catch {
    return undefined; // never expected (the walk checked each document): they are parsed one by one
  }
}

/**
 * Every metadata document under `root`, parsed: store key -> JSON object, in walk order; with the native walk
 * (v2), also the consolidated document when every file is already as encodeJson writes it. A malformed
 * document fails with the `BadMetadata` error `parseJsonObject` gives (naming `storeUrl`, the key, the position).
 * `deferAttributes` (v2, native walk): the well-formed `.zattrs` documents are parsed only when `deferred()` is
 * called (they need no other check), the others at once.
 */
export function readLocalMetadataDocs(
  root: string,
  format: ZarrFormat,
  storeUrl: string,
  opts: { signal?: AbortSignal; deferAttributes?: boolean } = {},
): ParsedMetadataTree {
  const docs = new Map<AbsolutePath, Record<string, unknown>>();
  const t = nativeWalk(root, format, opts.signal);
  if (!t) {
    for (const [key, bytes] of walkLocalMetadataTree(root, format, opts.signal)) docs.set(key, parseJsonObject(bytes, storeUrl, key));
    return { docs };
  }
  const keys = nativeKeys(t);
  const counts = [0, 0, 0];
  for (const b of t.batched) counts[b]!++;
  const first = parseBatch(t, 0, t.batchLength, counts[1]!);
  const attributesAt = t.batchLength;
  const attributes = () => parseBatch(t, attributesAt, attributesAt + t.attributesLength, counts[2]!);
  const second = opts.deferAttributes && first ? undefined : attributes();
  const later: number[] = [];
  for (let i = 0, j = 0, k = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const b = t.batched[i];
    if (b === 1 && first) docs.set(key, first[j++]!);
    else if (b === 2 && second) docs.set(key, second[k++]!);
    else if (b === 2 && first) later.push(i); // deferred
    else docs.set(key, parseJsonObject(t.data.subarray(t.spans[2 * i], t.spans[2 * i + 1]), storeUrl, key));
  }
  // v2, every file already as encodeJson writes its value: the walk put the consolidated document together
  const consolidatedV2 = t.consolidated && t.order ? { bytes: t.consolidated, keys, order: t.order } : undefined;
  if (!later.length) return { docs, consolidatedV2 };
  const deferred = () => {
    const parsed = attributes();
    const out = new Map<AbsolutePath, Record<string, unknown>>();
    later.forEach((i, k) => out.set(keys[i]!, parsed ? parsed[k]! : parseJsonObject(t.data.subarray(t.spans[2 * i], t.spans[2 * i + 1]), storeUrl, keys[i]!)));
    return out;
  };
  return { docs, consolidatedV2, keys, deferred };
}

/** A FileStore that can also read (and parse) its whole metadata tree at once. */
export function withLocalMetadataTree<S extends FileStore>(store: S): S & MetadataTreeReader {
  const wrapped = Object.create(store) as S & MetadataTreeReader;
  wrapped.readMetadataTree = async (format, opts) => readLocalMetadataTree(store.root, format, opts?.signal);
  wrapped.readMetadataDocs = async (format, opts) => readLocalMetadataDocs(store.root, format, store.url, opts);
  return wrapped;
}
