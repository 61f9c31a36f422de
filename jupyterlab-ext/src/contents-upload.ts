/**
 * A file written to the Jupyter server through the Contents API in pieces (jupyter-server's chunked save:
 * `chunk` 1, 2, … then -1 for the last, base64; a file that fits in one piece is saved plainly). The bytes go
 * to a partial file next to the target (`<name>.zld-partial-<random>`), renamed to the target only when
 * complete, so a failed or cancelled upload never leaves a half-written file under the target's name; a file
 * it replaces is moved aside until the new one has its name, and put back if that rename fails. {@link ContentsUpload.discard} deletes the partial file.
 *
 * @example
 * ```ts
 * const up = new ContentsUpload(app.serviceManager.contents, 'data/a.npy', { onSent: (n) => console.log(n) });
 * await up.write(bytes);
 * const model = await up.finish({ replace: false }); // model.size === bytes.length
 * ```
 */
import { PathExt } from '@jupyterlab/coreutils';
import type { Contents } from '@jupyterlab/services';
import { ZldError, isZldError } from './core.js';
import { statusOf, toBase64 } from './contents-store.js';

/** Bytes per request (about 5.6 MB of base64 JSON, well under Tornado's 100 MB body limit). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

export interface UploadOptions {
  chunkBytes?: number;
  signal?: AbortSignal;
  /** Bytes stored on the server so far. */
  onSent?: (bytes: number) => void;
}

/** What is at a server path: its model without content, or undefined (a 404; other failures are thrown, naming the path). */
export async function serverEntry(contents: Contents.IManager, path: string): Promise<Contents.IModel | undefined> {
  try {
    return await contents.get(path, { content: false });
  } catch (e) {
    if (statusOf(e) === 404) return undefined;
    throw new ZldError('Network', `cannot check ${path} on the Jupyter server${statusOf(e) ? ` (HTTP ${statusOf(e)})` : ''}`, { cause: e });
  }
}

function randomTag(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class ContentsUpload {
  /** Where the bytes go until {@link finish}. */
  readonly partialPath: string;
  private parts: Uint8Array[] = [];
  private buffered = 0;
  private chunk = 0;
  private sent = 0;
  private attempted = false;
  private readonly chunkBytes: number;

  constructor(
    private readonly contents: Contents.IManager,
    /** The server path of the file to write. */
    readonly path: string,
    private readonly opts: UploadOptions = {},
  ) {
    this.chunkBytes = opts.chunkBytes ?? UPLOAD_CHUNK_BYTES;
    this.partialPath = PathExt.join(PathExt.dirname(path), `${PathExt.basename(path)}.zld-partial-${randomTag()}`);
  }

  /** Queue bytes; full pieces are sent as they fill (the last piece waits for {@link finish}). */
  async write(bytes: Uint8Array): Promise<void> {
    this.parts.push(bytes);
    this.buffered += bytes.length;
    while (this.buffered > this.chunkBytes) await this.send(this.take(this.chunkBytes), this.chunk + 1);
  }

  /** Send the rest, then move the partial file to the target (replacing it only when `replace`). */
  async finish(opts: { replace: boolean }): Promise<Contents.IModel> {
    const last = this.take(this.buffered);
    const saved = await this.send(last, this.chunk === 0 ? undefined : -1);
    if (saved.size !== undefined && saved.size !== null && saved.size !== this.sent) {
      throw new ZldError('Conflict', `the Jupyter server stored ${saved.size} bytes of ${this.partialPath} instead of ${this.sent}: its contents manager may not support chunked saves`);
    }
    this.checkAborted();
    const moveIn = () => this.call(`rename ${this.partialPath} to ${this.path}`, () => this.contents.rename(this.partialPath, this.path));
    if (!opts.replace || !(await serverEntry(this.contents, this.path))) return moveIn();
    // the file replaced is moved aside, not deleted, until the new one has its name: a failed rename puts it back
    const aside = `${this.partialPath}.replaced`;
    await this.call(`move ${this.path} aside to ${aside}`, () => this.contents.rename(this.path, aside));
    let model: Contents.IModel;
    try {
      model = await moveIn();
    } catch (e) {
      await this.contents.rename(aside, this.path).catch(() => undefined);
      throw e;
    }
    await this.contents.delete(aside).catch(() => undefined);
    return model;
  }

  /** Delete the partial file (after a failure or a cancel); never throws. */
  async discard(): Promise<void> {
    if (!this.attempted) return;
    await this.contents.delete(this.partialPath).catch(() => undefined);
  }

  private take(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let off = 0;
    while (off < n) {
      const head = this.parts[0]!;
      const k = Math.min(head.length, n - off);
      out.set(head.subarray(0, k), off);
      off += k;
      if (k === head.length) this.parts.shift();
      else this.parts[0] = head.subarray(k);
    }
    this.buffered -= n;
    return out;
  }

  private checkAborted(): void {
    if (this.opts.signal?.aborted) throw new ZldError('Aborted', `writing ${this.path} was cancelled`);
  }

  private async send(bytes: Uint8Array, chunk: number | undefined): Promise<Contents.IModel> {
    this.checkAborted();
    const model: Partial<Contents.IModel> = { type: 'file', format: 'base64', content: toBase64(bytes), ...(chunk === undefined ? {} : { chunk }) };
    this.attempted = true;
    const saved = await this.call(`write ${this.partialPath}`, () => this.contents.save(this.partialPath, model));
    if (chunk !== undefined && chunk > 0) this.chunk = chunk;
    this.sent += bytes.length;
    this.opts.onSent?.(this.sent);
    return saved;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isZldError(e)) throw e;
      const status = statusOf(e);
      const reason = e instanceof Error ? e.message : String(e);
      throw new ZldError(status === 403 ? 'AccessDenied' : 'Network', `cannot ${what} on the Jupyter server${status ? ` (HTTP ${status})` : ''}: ${reason}`, { cause: e });
    }
  }
}
