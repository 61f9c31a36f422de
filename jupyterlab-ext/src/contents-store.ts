/**
 * A Zarr store over the Jupyter server's files, through the Contents API (`/api/contents`, base64): what
 * "a store on the server" means in JupyterLab and JupyterHub, with the user's own server permissions.
 * Zarr v2 keys start with a dot (`.zgroup`, `.zattrs`), which jupyter-server hides unless
 * `ContentsManager.allow_hidden` is true; a store that looks empty says so in its error message.
 *
 * @example
 * ```ts
 * const store = new ContentsStore(app.serviceManager.contents, 'data/cat.zarr');
 * const bytes = await store.get('/.zgroup');
 * ```
 */
import type { Contents } from '@jupyterlab/services';
import { ZldError, type AbsolutePath, type GetOptions, type Listing, type WritableStore } from './core.js';

function fromBase64(text: string): Uint8Array {
  const bin = atob(text.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) bin += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(bin);
}

export function statusOf(e: unknown): number | undefined {
  const r = (e as { response?: { status?: number } } | undefined)?.response;
  return typeof r?.status === 'number' ? r.status : undefined;
}

export class ContentsStore implements WritableStore {
  /** The server path of the store folder, relative to the server root, without slashes at the ends. */
  readonly root: string;
  readonly url: string;

  constructor(
    private readonly contents: Contents.IManager,
    serverPath: string,
  ) {
    this.root = serverPath.replace(/^\/+|\/+$/g, '');
    this.url = this.root === '' ? '/' : this.root;
  }

  private pathOf(key: string): string {
    const rel = key.replace(/^\/+/, '').replace(/\/+$/, '');
    return [this.root, rel].filter((s) => s !== '').join('/');
  }

  private fail(e: unknown, what: string, key: string): never {
    const status = statusOf(e);
    const code = status === 403 ? 'AccessDenied' : status === undefined ? 'Network' : 'Remote';
    throw new ZldError(code, `${what} ${key} of server store ${this.url} failed${status ? ` (HTTP ${status})` : ''}`, { cause: e });
  }

  async get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    opts?.signal?.throwIfAborted();
    let model: Contents.IModel;
    try {
      model = await this.contents.get(this.pathOf(key), { content: true, format: 'base64', type: 'file' });
    } catch (e) {
      const status = statusOf(e);
      if (status === 404 || status === 400) return undefined; // missing, or a folder
      this.fail(e, 'reading', key);
    }
    if (typeof model.content !== 'string') return undefined;
    return model.format === 'base64' ? fromBase64(model.content) : new TextEncoder().encode(model.content);
  }

  async list(prefix: AbsolutePath, opts?: GetOptions): Promise<Listing> {
    opts?.signal?.throwIfAborted();
    let model: Contents.IModel;
    try {
      model = await this.contents.get(this.pathOf(prefix), { content: true, type: 'directory' });
    } catch (e) {
      const status = statusOf(e);
      if (status === 404 || status === 400) return { keys: [], prefixes: [] };
      this.fail(e, 'listing', prefix);
    }
    const items = Array.isArray(model.content) ? (model.content as Contents.IModel[]) : [];
    return {
      keys: items.filter((i) => i.type !== 'directory').map((i) => i.name),
      prefixes: items.filter((i) => i.type === 'directory').map((i) => i.name),
    };
  }

  async set(key: AbsolutePath, value: Uint8Array, opts?: GetOptions): Promise<void> {
    opts?.signal?.throwIfAborted();
    try {
      await this.contents.save(this.pathOf(key), { type: 'file', format: 'base64', content: toBase64(value) });
    } catch (e) {
      this.fail(e, 'writing', key);
    }
  }

  async delete(key: AbsolutePath, opts?: GetOptions): Promise<void> {
    opts?.signal?.throwIfAborted();
    try {
      await this.contents.delete(this.pathOf(key));
    } catch (e) {
      if (statusOf(e) === 404) return;
      this.fail(e, 'deleting', key);
    }
  }
}
