/**
 * S3 credentials for direct browser reads, held in this page's memory only (never the settings registry,
 * localStorage, sessionStorage, the URL, logs or messages), keyed by endpoint origin. When a read needs them,
 * {@link S3CredentialStore.ask} runs the host's prompt once per endpoint, however many reads wait on it.
 *
 * @example
 * ```ts
 * const credentials = new S3CredentialStore((req) => askS3Credentials(req));
 * const secret = credentials.get('http://127.0.0.1:9000') ?? (await credentials.ask({ endpoint, storeUrl, reason: 'denied' }));
 * credentials.forget(); // "Forget S3 Credentials"
 * ```
 */
import { Signal, type ISignal } from '@lumino/signaling';

/** Static S3 keys as the user typed them. */
export interface S3Secret {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Why credentials are asked for: the endpoint refused an unsigned read, refused these keys, the settings say to ask first, or the user asked to set them. */
export type CredentialsReason = 'denied' | 'rejected' | 'prompt' | 'user';

export interface CredentialsRequest {
  /** Endpoint origin (`http://host:port`). */
  endpoint: string;
  /** The store that needs them (`s3://bucket/prefix`). */
  storeUrl: string;
  reason: CredentialsReason;
}

/** Shows the user a form; resolves to the keys, or undefined when the user cancels. */
export type CredentialsPrompt = (request: CredentialsRequest) => Promise<S3Secret | undefined>;

/** `scheme://host:port` of an endpoint (the key credentials are kept under). */
export function endpointOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return endpoint.replace(/\/+$/, '');
  }
}

export class S3CredentialStore {
  private readonly secrets = new Map<string, S3Secret>();
  private readonly pending = new Map<string, Promise<S3Secret | undefined>>();
  /** Per endpoint, the {@link stamp} at which the user last cancelled the prompt. */
  private readonly cancelled = new Map<string, number>();
  private clock = 0;
  private readonly changedSignal = new Signal<this, string | undefined>(this);

  constructor(private readonly prompt: CredentialsPrompt) {}

  /** Credentials were given or forgotten (argument: the endpoint origin, or undefined for all). */
  get changed(): ISignal<this, string | undefined> {
    return this.changedSignal;
  }

  get(endpoint: string): S3Secret | undefined {
    return this.secrets.get(endpointOrigin(endpoint));
  }

  /** Endpoints that have credentials now. */
  get endpoints(): string[] {
    return [...this.secrets.keys()];
  }

  /** A counter taken when a read starts: a read that started before the user cancelled does not prompt again. */
  stamp(): number {
    return ++this.clock;
  }

  /**
   * Ask the user for credentials for an endpoint. Concurrent callers for the same endpoint share one
   * prompt; a caller whose read started (`since`, from {@link stamp}) before the user cancelled gets
   * undefined without a new prompt. Resolves to the keys (kept until forgotten or the page goes), or
   * undefined when cancelled.
   */
  ask(request: CredentialsRequest, since = this.stamp()): Promise<S3Secret | undefined> {
    const endpoint = endpointOrigin(request.endpoint);
    const waiting = this.pending.get(endpoint);
    if (waiting) return waiting;
    if ((this.cancelled.get(endpoint) ?? -1) >= since) return Promise.resolve(undefined);
    const asked = this.prompt({ ...request, endpoint })
      .then((secret) => {
        const usable = secret && secret.accessKeyId.trim() && secret.secretAccessKey ? secret : undefined;
        if (!usable) this.cancelled.set(endpoint, this.stamp());
        if (usable) {
          this.secrets.set(endpoint, {
            accessKeyId: usable.accessKeyId.trim(),
            secretAccessKey: usable.secretAccessKey,
            ...(usable.sessionToken?.trim() ? { sessionToken: usable.sessionToken.trim() } : {}),
          });
          this.changedSignal.emit(endpoint);
        }
        return usable ? this.secrets.get(endpoint) : undefined;
      })
      .finally(() => this.pending.delete(endpoint));
    this.pending.set(endpoint, asked);
    return asked;
  }

  /** Drop the credentials of one endpoint, or of all; returns how many were dropped. */
  forget(endpoint?: string): number {
    if (endpoint === undefined) {
      const n = this.secrets.size;
      this.secrets.clear();
      this.changedSignal.emit(undefined);
      return n;
    }
    const origin = endpointOrigin(endpoint);
    const had = this.secrets.delete(origin);
    if (had) this.changedSignal.emit(origin);
    return had ? 1 : 0;
  }

  /** Drop these exact credentials if they are still the current ones (the endpoint refused them). */
  reject(endpoint: string, secret: S3Secret): void {
    const origin = endpointOrigin(endpoint);
    if (this.secrets.get(origin) === secret) this.forget(origin);
  }
}
