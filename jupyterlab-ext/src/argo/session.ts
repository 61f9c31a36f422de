/**
 * The JupyterLab side of the Argo connection: every call goes to the Jupyter server's own Argo proxy
 * (`<base>zld/argo/`, the `zld_jupyterlab` server extension) through `ServerConnection.makeRequest`, so the
 * Jupyter token and XSRF header are added and no Argo token ever lives in the page's settings. A token the
 * user types in (the 401 dialog, `zld:argo-set-token`) is kept in this object's memory only and sent as
 * `X-Zld-Argo-Token`; the server side turns it into `Authorization`.
 *
 * @example
 * ```ts
 * const argo = new ArgoSession(() => settings.namespace);
 * const client = await argo.client();
 * const page = await client.list();
 * ```
 */
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';
import { Signal, type ISignal } from '@lumino/signaling';
import { ArgoClient, ArgoConnection, ZldError, type FetchLike } from './core.js';

/** What `GET zld/argo/config` answers (never a token). */
export interface ArgoServerConfig {
  configured: boolean;
  server: string | null;
  namespace: string;
  tokenSource: 'env' | 'service-account' | 'none';
  warnings?: string[];
  message?: string;
}

export const TOKEN_HEADER = 'X-Zld-Argo-Token';

export class ArgoSession {
  readonly baseUrl: string;
  #token: string | undefined;
  #config: ArgoServerConfig | undefined;
  #changed = new Signal<this, void>(this);
  readonly #settings = ServerConnection.makeSettings();

  /** `namespace()` is the settings override (empty: the server's ARGO_NAMESPACE / service account). */
  constructor(private readonly namespaceOverride: () => string | undefined = () => undefined) {
    this.baseUrl = URLExt.join(PageConfig.getBaseUrl(), 'zld/argo/');
  }

  /** Emitted when the token or the configuration changes (the Workflows panel reconnects). */
  get changed(): ISignal<this, void> {
    return this.#changed;
  }

  /** Whether the user typed in a token (held in memory only). */
  get hasUserToken(): boolean {
    return this.#token !== undefined;
  }

  /** Use this token instead of the server's (memory only; empty clears it). */
  setToken(token: string | undefined): void {
    const t = token?.trim();
    this.#token = t ? t : undefined;
    this.#changed.emit();
  }

  /** The proxy's view of the configuration, fetched once (again after `reload`). */
  async config(signal?: AbortSignal): Promise<ArgoServerConfig> {
    if (this.#config) return this.#config;
    const url = URLExt.join(this.baseUrl, 'config');
    let res: Response;
    try {
      res = await ServerConnection.makeRequest(url, { method: 'GET', signal, cache: 'no-cache' }, this.#settings);
    } catch (e) {
      throw new ZldError('Network', `cannot reach the Jupyter server's Argo proxy at ${url}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = await res.text();
    let body: ArgoServerConfig;
    try {
      body = JSON.parse(text) as ArgoServerConfig;
    } catch {
      throw new ZldError(
        res.status === 404 ? 'Unsupported' : 'Remote',
        res.status === 404
          ? 'the Jupyter server has no zld Argo proxy: enable the zld_jupyterlab server extension (pip install zld_jupyterlab, or --ServerApp.jpserver_extensions=zld_jupyterlab=True)'
          : `the Jupyter server's Argo proxy answered ${res.status}`,
      );
    }
    if (!res.ok && !body.message) body.message = `the Jupyter server's Argo proxy answered ${res.status}`;
    this.#config = body;
    return body;
  }

  reload(): void {
    this.#config = undefined;
    this.#changed.emit();
  }

  /** The namespace calls use: the settings override, else the server's. */
  async namespace(): Promise<string> {
    const o = this.namespaceOverride()?.trim();
    if (o) return o;
    return (await this.config()).namespace || 'default';
  }

  /** A client whose requests go through the Jupyter server's proxy; throws a clear error when Argo is not configured. */
  async client(signal?: AbortSignal): Promise<ArgoClient> {
    const cfg = await this.config(signal);
    if (!cfg.configured) {
      throw new ZldError(
        'BadInput',
        cfg.message ??
          'no Argo Server is configured on the Jupyter server: set ARGO_SERVER=host:port (and ARGO_TOKEN or a pod service account) in the environment the Jupyter server runs in',
      );
    }
    const connection = new ArgoConnection({ baseUrl: this.baseUrl, namespace: await this.namespace() });
    return new ArgoClient(connection, { fetch: this.fetch });
  }

  /** Where calls go, for status lines: the Argo Server the proxy talks to and the token in use (never its value). */
  async describe(): Promise<string> {
    const cfg = await this.config();
    if (!cfg.configured) return 'Argo: not configured on the Jupyter server';
    const token = this.#token ? 'token entered in this page' : cfg.tokenSource === 'none' ? 'no token' : `token from the server (${cfg.tokenSource})`;
    return `${cfg.server} · namespace ${await this.namespace()} · ${token}`;
  }

  /**
   * The fetch the client uses: Jupyter's token and XSRF header via `makeRequest`, plus the typed-in token.
   * `cache: 'no-cache'` replaces ServerConnection's default `no-store`, which appends a cache-busting
   * query parameter the Argo Server does not know.
   */
  readonly fetch: FetchLike = (url, init = {}) => {
    const headers = new Headers(init.headers);
    if (this.#token) headers.set(TOKEN_HEADER, this.#token);
    return ServerConnection.makeRequest(url, { ...init, headers, cache: 'no-cache' }, this.#settings);
  };
}
