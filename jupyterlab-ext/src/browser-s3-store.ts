/**
 * An `s3://` store read directly from the browser (an endpoint that allows CORS), unsigned until the
 * endpoint refuses (HTTP 401/403): then the user is asked for keys (once per endpoint, through
 * {@link S3CredentialStore}) and the read is retried signed, with core's {@link S3Store}. Each call uses the
 * credentials held at that moment, so after "Forget S3 Credentials" the next read is unsigned again and asks
 * again. Keys the endpoint rejects (unknown key id, bad signature, expired token) are dropped. A `quiet` store
 * (reopened from the settings at page load) never asks: it fails with {@link needsCredentials} until
 * {@link BrowserS3Store.allowPrompt}.
 *
 * @example
 * ```ts
 * const store = new BrowserS3Store('s3://data/cat.zarr', { endpoint: 'http://127.0.0.1:9000', credentials });
 * const zgroup = await store.get('/.zgroup'); // 403 -> dialog -> signed retry
 * ```
 */
import { S3Store, ZldError, isZldError, type AbsolutePath, type GetOptions, type Listing, type WritableStore } from './core.js';
import { endpointOrigin, type CredentialsReason, type S3CredentialStore, type S3Secret } from './s3-credentials.js';

export interface BrowserS3Options {
  endpoint: string;
  region?: string;
  credentials: S3CredentialStore;
  /** Ask for keys before the first read instead of trying an unsigned one (setting `"auth": "prompt"`). */
  askFirst?: boolean;
  /**
   * Never ask: a read that needs keys not held fails with {@link needsCredentials} instead (stores reopened from
   * the settings when the page loads); {@link BrowserS3Store.allowPrompt} ends it.
   */
  quiet?: boolean;
}

/** Whether an error means "this store needs S3 keys we do not hold" (the user can sign in and retry). */
export function needsCredentials(e: unknown): e is ZldError {
  return isZldError(e) && e.detail?.needsCredentials === true;
}

/** S3 answers meaning "these keys are wrong", as opposed to "these keys may not read this". */
const REJECTED_KEYS = /^(InvalidAccessKeyId|SignatureDoesNotMatch|ExpiredToken|InvalidToken|TokenRefreshRequired|InvalidClientTokenId)$/;

type RangeArg = Parameters<NonNullable<S3Store['getRange']>>[1];
type ListAllOptions = Parameters<S3Store['listAll']>[1];

function isDenied(e: unknown): e is ZldError {
  return isZldError(e, 'AccessDenied') || (isZldError(e) && (e.status === 401 || e.status === 403));
}

export class BrowserS3Store implements WritableStore {
  readonly url: string;
  private readonly endpoint: string;
  private current: { secret: S3Secret | undefined; store: S3Store } | undefined;
  private quiet: boolean;

  constructor(
    /** `s3://bucket/prefix` as the user gave it (named in messages). */
    readonly location: string,
    private readonly opts: BrowserS3Options,
  ) {
    this.endpoint = endpointOrigin(opts.endpoint);
    this.quiet = opts.quiet === true;
    this.url = this.storeFor(undefined).url;
  }

  /** From now on, a read that needs keys asks the user (the store opened without them). */
  allowPrompt(): void {
    this.quiet = false;
  }

  /** Whether the reads are signed right now. */
  get signed(): boolean {
    return this.opts.credentials.get(this.endpoint) !== undefined;
  }

  get(key: AbsolutePath, opts?: GetOptions): Promise<Uint8Array | undefined> {
    return this.run((s) => s.get(key, opts));
  }

  getRange(key: AbsolutePath, range: RangeArg, opts?: GetOptions): Promise<Uint8Array | undefined> {
    return this.run((s) => s.getRange(key, range, opts));
  }

  list(prefix: AbsolutePath, opts?: GetOptions): Promise<Listing> {
    return this.run((s) => s.list(prefix, opts));
  }

  async *listAll(prefix: AbsolutePath = '/', opts?: ListAllOptions): AsyncGenerator<AbsolutePath> {
    // credentials are settled on the first page; the following pages use the same client
    const { it, first } = await this.run(async (s) => {
      const it = s.listAll(prefix, opts);
      return { it, first: await it.next() };
    });
    for (let r = first; !r.done; r = await it.next()) yield r.value;
  }

  set(key: AbsolutePath, value: Uint8Array, opts?: GetOptions): Promise<void> {
    return this.run((s) => s.set(key, value, opts));
  }

  delete(key: AbsolutePath, opts?: GetOptions): Promise<void> {
    return this.run((s) => s.delete(key, opts));
  }

  /** The core S3 store for these credentials (a new client when they changed). */
  private storeFor(secret: S3Secret | undefined): S3Store {
    if (!this.current || this.current.secret !== secret) {
      const auth = secret ? { credentials: { ...secret } } : { anonymous: true };
      this.current = { secret, store: S3Store.fromUrl(this.location, { endpoint: this.opts.endpoint, region: this.opts.region, ...auth }) };
    }
    return this.current.store;
  }

  private async run<T>(fn: (store: S3Store) => Promise<T>): Promise<T> {
    const { credentials } = this.opts;
    const since = credentials.stamp();
    let secret = credentials.get(this.endpoint);
    if (!secret && this.opts.askFirst) secret = await this.ask('prompt', since);
    // each turn either succeeds, fails for good, or asks the user (who ends it by cancelling)
    for (;;) {
      try {
        return await fn(this.storeFor(secret));
      } catch (e) {
        if (!isDenied(e)) throw e;
        if (secret && !this.rejects(e)) throw e; // the keys work but may not read this
        if (secret) credentials.reject(this.endpoint, secret);
        // another read may have been given keys meanwhile
        const held = credentials.get(this.endpoint);
        secret = held && held !== secret ? held : await this.ask(secret ? 'rejected' : 'denied', since);
      }
    }
  }

  private rejects(e: ZldError): boolean {
    return e.status === 401 || REJECTED_KEYS.test(String(e.detail?.s3Code ?? ''));
  }

  private async ask(reason: CredentialsReason, since: number): Promise<S3Secret> {
    const why = reason === 'prompt' ? 'the settings ask for them' : reason === 'rejected' ? 'it refused the keys given' : 'it refused an unsigned read';
    const detail = { store: this.location, endpoint: this.endpoint, needsCredentials: true };
    if (this.quiet) throw new ZldError('AccessDenied', `${this.location} needs S3 credentials for ${this.endpoint} (${why}): sign in to read it`, { detail });
    const secret = await this.opts.credentials.ask({ endpoint: this.endpoint, storeUrl: this.location, reason }, since);
    if (secret) return secret;
    throw new ZldError('AccessDenied', `cannot read ${this.location}: no S3 credentials were given for ${this.endpoint} (${why})`, { detail });
  }
}
