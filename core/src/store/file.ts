/**
 * A store over a local folder (`/path/to/store.zarr` or `file:///path/to/store.zarr`). Node only.
 *
 * Keys can never escape the root: `..` segments are refused, and a key whose real path (after
 * symlinks) leaves the root's real path reads as an error. Writes are atomic: a temporary file in the
 * same folder, then a rename.
 *
 * @example
 * ```ts
 * const store = await FileStore.open('/data/cat.zarr');
 * const attrs = await store.get('/.zattrs');
 * ```
 */
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { ZldError, throwIfAborted } from '../errors.js';
import type { AbsolutePath, GetOptions, Listing, RangeQuery, WritableStore } from './types.js';
import { checkKey } from './keys.js';

/**
 * A whole file in one `read` (`fs.readFile` reads 512 KiB at a time, each a round trip through the thread
 * pool: about 100 for a 52 MB consolidated document, each waiting for the main thread on a busy machine).
 * The size is the one `fstat` saw when the file was opened.
 */
async function readWhole(file: string, signal?: AbortSignal, borrow?: (size: number) => Uint8Array): Promise<Uint8Array> {
  // an AbortError, as fs.readFile throws (the store maps it to ZldError Aborted)
  const checkAbort = () => {
    if (signal?.aborted) throw Object.assign(new Error(`reading ${file} was cancelled`), { name: 'AbortError' });
  };
  checkAbort();
  const fh = await fs.open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (!size) return new Uint8Array(await fh.readFile({ signal })); // empty, or a special file without a size
    const lent = borrow?.(size);
    const buf = lent && lent.length >= size ? lent.subarray(0, size) : new Uint8Array(size);
    let n = 0;
    while (n < size) {
      const { bytesRead } = await fh.read(buf, n, size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      checkAbort();
    }
    return n === size ? buf : buf.subarray(0, n);
  } finally {
    await fh.close();
  }
}

export interface FileStoreOptions {
  /** Refuse writes (set/delete) with `Unsupported`. */
  readOnly?: boolean;
}

export class FileStore implements WritableStore {
  readonly url: string;
  /** Real path of the root folder. */
  readonly root: string;
  private readonly readOnly: boolean;

  private constructor(root: string, opts: FileStoreOptions) {
    this.root = root;
    this.url = pathToFileURL(root).href;
    this.readOnly = opts.readOnly ?? false;
  }

  /**
   * Open a folder as a store. With `create`, the folder is made when missing; otherwise a missing
   * folder is `NotFound` and a file is `BadInput`.
   */
  static async open(location: string, opts: FileStoreOptions & { create?: boolean } = {}): Promise<FileStore> {
    let p: string;
    try {
      p = location.startsWith('file:') ? fileURLToPath(location) : path.resolve(location);
    } catch (e) {
      throw new ZldError('BadInput', `not a local file URL: ${location}`, { cause: e, detail: { location } });
    }
    if (opts.create) {
      try {
        await fs.mkdir(p, { recursive: true });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOTDIR') throw new ZldError('BadInput', `store ${p} is a file, not a folder`, { cause: e, detail: { path: p } });
        throw new ZldError('AccessDenied', `cannot create store folder ${p} (${code})`, { cause: e, detail: { path: p } });
      }
    }
    let real: string;
    try {
      real = await fs.realpath(p);
    } catch (e) {
      throw new ZldError('NotFound', `store not found: ${p} does not exist`, { cause: e, detail: { path: p } });
    }
    const st = await fs.stat(real);
    if (!st.isDirectory()) throw new ZldError('BadInput', `store ${p} is a file, not a folder`, { detail: { path: p } });
    return new FileStore(real, opts);
  }

  /** Map a key to a path under the root (lexically; symlinks are checked on access). */
  private resolve(key: string): string {
    checkKey(key, this.url);
    return path.join(this.root, ...key.split('/').filter(Boolean));
  }

  /**
   * Where `key` lies under the root, lexically (symlinks unresolved): for readers that resolve the path and
   * check that it stays inside {@link root} themselves (the native chunk decoder).
   */
  localPath(key: AbsolutePath): string {
    return this.resolve(key);
  }

  /** The error reading `key` fails with when its real path is `real`, outside the root. */
  outsideError(key: string, real: string): ZldError {
    return new ZldError('AccessDenied', `key ${key} in store ${this.url} resolves outside the store (symlink to ${real})`, {
      detail: { key },
    });
  }

  /** The error reading `key` fails with for an I/O failure (`code`: an errno name such as EACCES). */
  readError(e: unknown, key: string): ZldError {
    return this.ioError(e, key);
  }

  /** Real path of `p`, refusing paths whose real location is outside the root. Missing: undefined. */
  private async inside(p: string, key: string): Promise<string | undefined> {
    let real: string;
    try {
      real = await fs.realpath(p);
    } catch (e) {
      if (isNoEnt(e)) return undefined;
      throw this.ioError(e, key);
    }
    if (real !== this.root && !real.startsWith(this.root + path.sep)) throw this.outsideError(key, real);
    return real;
  }

  get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    return this.getInto(key, undefined, opts);
  }

  /**
   * Like {@link get}, but the bytes go into a buffer the caller lends (`borrow(size)`, at least `size` long:
   * the result is a view of it) instead of a new one; reused buffers spare the page faults of fresh memory
   * for big chunks. A buffer shorter than the file is ignored (a new one is allocated).
   */
  async getInto(key: AbsolutePath, borrow: ((size: number) => Uint8Array) | undefined, opts?: GetOptions): Promise<Uint8Array | undefined> {
    const real = await this.inside(this.resolve(key), key);
    if (real === undefined) return undefined;
    try {
      return await readWhole(real, opts?.signal, borrow);
    } catch (e) {
      if (isNoEnt(e)) return undefined;
      if ((e as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw this.ioError(e, key);
    }
  }

  async getRange(key: AbsolutePath, range: RangeQuery, opts?: GetOptions): Promise<Uint8Array | undefined> {
    const real = await this.inside(this.resolve(key), key);
    if (real === undefined) return undefined;
    throwIfAborted(opts?.signal, `reading ${key} in ${this.url}`);
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(real, fsc.O_RDONLY);
    } catch (e) {
      if (isNoEnt(e)) return undefined;
      throw this.ioError(e, key);
    }
    try {
      const st = await fh.stat();
      if (!st.isFile()) return undefined; // a folder is not a key (as in get)
      const size = st.size;
      let offset: number;
      let length: number;
      if ('suffixLength' in range) {
        length = Math.max(0, Math.min(range.suffixLength, size));
        offset = size - length;
      } else {
        offset = Math.max(0, Math.min(range.offset, size));
        length = Math.max(0, Math.min(range.length, size - offset));
      }
      const out = new Uint8Array(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await fh.read(out, read, length - read, offset + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return read === length ? out : out.subarray(0, read);
    } finally {
      await fh.close();
    }
  }

  async list(prefix: AbsolutePath, opts?: GetOptions): Promise<Listing> {
    throwIfAborted(opts?.signal, `listing ${prefix} in ${this.url}`);
    const dir = this.resolve(prefix.endsWith('/') ? prefix : `${prefix}/`);
    const real = await this.inside(dir, prefix);
    if (real === undefined) return { keys: [], prefixes: [] };
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(real, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { keys: [], prefixes: [] };
      throw this.ioError(e, prefix);
    }
    const keys: string[] = [];
    const prefixes: string[] = [];
    for (const d of entries) {
      if (d.name.startsWith('.zld-tmp-')) continue; // our own in-flight temp files
      if (d.isDirectory()) prefixes.push(d.name);
      else if (d.isFile()) keys.push(d.name);
      else if (d.isSymbolicLink()) {
        // follow links that stay inside the store; skip the others silently in listings
        try {
          const t = await this.inside(path.join(real, d.name), `${prefix}${d.name}`);
          if (t === undefined) continue;
          const st = await fs.stat(t);
          (st.isDirectory() ? prefixes : keys).push(d.name);
        } catch {
          /* outside the root: not listed */
        }
      }
    }
    keys.sort();
    prefixes.sort();
    return { keys, prefixes };
  }

  async set(key: AbsolutePath, value: Uint8Array, opts?: GetOptions): Promise<void> {
    this.assertWritable(key);
    throwIfAborted(opts?.signal, `writing ${key} in ${this.url}`);
    const target = this.resolve(key);
    if (key.endsWith('/')) throw new ZldError('BadInput', `cannot write a folder key ${key} in store ${this.url}`);
    const dir = path.dirname(target);
    // the parent must stay inside the root even if some folder on the way is a symlink: check the
    // deepest existing ancestor before creating anything, then the parent itself
    await this.inside(await deepestExisting(dir, this.root), key);
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (e) {
      throw this.ioError(e, key);
    }
    await this.inside(dir, key);
    // keep the temporary name within the 255-byte file name limit
    const tmp = path.join(dir, `.zld-tmp-${randomBytes(6).toString('hex')}-${path.basename(target).slice(0, 40)}`);
    try {
      await fs.writeFile(tmp, value, { flag: 'wx' });
      await fs.rename(tmp, target);
    } catch (e) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      throw this.ioError(e, key);
    }
  }

  async delete(key: AbsolutePath, opts?: GetOptions): Promise<void> {
    this.assertWritable(key);
    throwIfAborted(opts?.signal, `deleting ${key} in ${this.url}`);
    const p = this.resolve(key);
    const real = await this.inside(p, key);
    if (real === undefined) return;
    try {
      if ((await fs.lstat(p)).isDirectory()) return; // a folder is not a key
      await fs.rm(p, { force: true });
    } catch (e) {
      if (isNoEnt(e)) return;
      throw this.ioError(e, key);
    }
    // drop folders left empty, as object stores have no empty "folders"
    for (let dir = path.dirname(p); dir !== this.root && dir.startsWith(this.root + path.sep); dir = path.dirname(dir)) {
      try {
        await fs.rmdir(dir);
      } catch {
        break; // not empty (or not ours to remove): stop
      }
    }
  }

  private assertWritable(key: string) {
    if (this.readOnly) throw new ZldError('Unsupported', `store ${this.url} is read-only: cannot write ${key}`);
  }

  private ioError(e: unknown, key: string): ZldError {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM') {
      return new ZldError('AccessDenied', `permission denied for key ${key} in store ${this.url}`, { cause: e, detail: { key } });
    }
    if ((e as Error).name === 'AbortError') return new ZldError('Aborted', `reading ${key} was cancelled`, { cause: e });
    if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR') {
      return new ZldError('Conflict', `key ${key} in store ${this.url} clashes with an existing file or folder (${code})`, { cause: e, detail: { key } });
    }
    return new ZldError('Internal', `I/O error (${code ?? 'unknown'}) for key ${key} in store ${this.url}`, { cause: e, detail: { key } });
  }
}

/** `p` itself if it exists, else its nearest existing ancestor (never above `root`). */
async function deepestExisting(p: string, root: string): Promise<string> {
  let cur = p;
  while (cur !== root && cur.startsWith(root + path.sep)) {
    try {
      await fs.lstat(cur);
      return cur;
    } catch (e) {
      if (!isNoEnt(e)) return cur;
      cur = path.dirname(cur);
    }
  }
  return root;
}

function isNoEnt(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
