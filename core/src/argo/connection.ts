/**
 * Where the Argo Server is and how to authenticate, configured the way argo CLI users already do it:
 * `ARGO_SERVER` (host:port), `ARGO_HTTP1`, `ARGO_SECURE` (default true), `ARGO_INSECURE_SKIP_VERIFY`,
 * `ARGO_BASE_HREF`, `ARGO_NAMESPACE`, `ARGO_TOKEN` (with or without `Bearer `) and, inside a pod, the
 * service-account token and namespace files. IDE settings (`overrides`) win over the environment.
 *
 * zld always speaks the REST API over HTTP/1.1 (what `ARGO_HTTP1=true` selects in the argo CLI, which
 * otherwise uses gRPC); `http1` only records the setting.
 *
 * This module is browser-safe: pod files are read only through the injected `readFile`
 * (`@zld/core/node` passes one that reads the real files). The token is kept in a private field: it never
 * appears in `JSON.stringify`, `console.log` or {@link ArgoConnection.describe}.
 *
 * @example
 * ```ts
 * import { argoConnectionFromEnv, ArgoClient } from '@zld/core';
 * const conn = argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746', ARGO_TOKEN: 'Bearer ...' }, { namespace: 'argo' });
 * for (const w of conn.warnings) console.warn(w);
 * console.log(conn.describe()); // https://argo.lab:2746/ namespace argo, token from ARGO_TOKEN
 * const client = new ArgoClient(conn);
 * ```
 */
import { ZldError } from '../errors.js';

/** Settings an IDE passes; each one overrides the matching environment variable. */
export interface ArgoConnectionOverrides {
  /** `host:port`, or a full `https://host:port` URL. */
  server?: string;
  secure?: boolean;
  insecureSkipVerify?: boolean;
  baseHref?: string;
  namespace?: string;
  /** The token, with or without the `Bearer ` prefix. */
  token?: string;
  http1?: boolean;
}

/** Reads a small text file (the pod's service-account files); `undefined` when it does not exist. */
export type PodFileReader = (path: string) => string | undefined;

export const SERVICE_ACCOUNT_TOKEN_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/token';
export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export type TokenSource = 'settings' | 'ARGO_TOKEN' | 'service account' | 'none';

export interface ArgoConnectionInit {
  baseUrl: string;
  namespace: string;
  token?: string;
  tokenSource?: TokenSource;
  insecureSkipVerify?: boolean;
  http1?: boolean;
  warnings?: string[];
}

/** A resolved connection. Immutable; the token is reachable only through {@link authorization}. */
export class ArgoConnection {
  /** `https://host:port/` plus the base href, always ending in `/`. */
  readonly baseUrl: string;
  /** The namespace used when a call names none. */
  readonly namespace: string;
  readonly insecureSkipVerify: boolean;
  readonly http1: boolean;
  readonly tokenSource: TokenSource;
  /** Things the user should know (plain http to a remote host...). Never contain the token. */
  readonly warnings: readonly string[];
  readonly #authorization: string | undefined;

  constructor(init: ArgoConnectionInit) {
    this.baseUrl = init.baseUrl.endsWith('/') ? init.baseUrl : `${init.baseUrl}/`;
    this.namespace = init.namespace;
    this.insecureSkipVerify = init.insecureSkipVerify ?? false;
    this.http1 = init.http1 ?? true;
    this.#authorization = init.token ? authorizationHeader(init.token) : undefined;
    this.tokenSource = this.#authorization ? (init.tokenSource ?? 'settings') : 'none';
    this.warnings = Object.freeze([...(init.warnings ?? [])]);
  }

  /** The `Authorization` header value (`Bearer ...`), or undefined when no token is configured. */
  authorization(): string | undefined {
    return this.#authorization;
  }

  /** A copy with another default namespace. */
  withNamespace(namespace: string): ArgoConnection {
    return new ArgoConnection({
      baseUrl: this.baseUrl,
      namespace,
      token: this.#authorization,
      tokenSource: this.tokenSource,
      insecureSkipVerify: this.insecureSkipVerify,
      http1: this.http1,
      warnings: [...this.warnings],
    });
  }

  /** One line for logs and status bars: server, namespace and where the token came from, never the token. */
  describe(): string {
    const tls = this.baseUrl.startsWith('https:') ? (this.insecureSkipVerify ? ' (TLS not verified)' : '') : ' (plain http)';
    const token = this.tokenSource === 'none' ? 'no token' : `token from ${this.tokenSource}`;
    return `${this.baseUrl}${tls} namespace ${this.namespace}, ${token}`;
  }

  /** Remove the token from a text (for messages built from server answers). */
  redact(text: string): string {
    const auth = this.#authorization;
    if (!auth) return text;
    const raw = auth.replace(/^(Bearer|Basic)\s+/i, '');
    let out = text.split(auth).join('[REDACTED]');
    if (raw.length >= 4) out = out.split(raw).join('[REDACTED]');
    return out;
  }

  toJSON(): Record<string, unknown> {
    return {
      baseUrl: this.baseUrl,
      namespace: this.namespace,
      insecureSkipVerify: this.insecureSkipVerify,
      http1: this.http1,
      tokenSource: this.tokenSource,
      warnings: this.warnings,
    };
  }
}

/** `abc` and `Bearer abc` -> `Bearer abc`; `Basic ...` stays as it is. */
export function authorizationHeader(token: string): string {
  const t = token.trim();
  if (/^(Bearer|Basic)\s+/i.test(t)) return t.replace(/^bearer\s+/i, 'Bearer ');
  return `Bearer ${t}`;
}

function flag(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ZldError('BadInput', `${name}=${value} is not a boolean (use true or false)`);
}

/** Whether a host name is this machine (plain http to it is not a risk). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/**
 * Resolve the connection from environment variables (`env`), IDE settings (`overrides`, they win) and,
 * when `readFile` is given, the pod's service-account token and namespace files.
 * Throws `BadInput` naming the variable when `ARGO_SERVER` is missing or malformed.
 */
export function argoConnectionFromEnv(
  env: Record<string, string | undefined>,
  overrides: ArgoConnectionOverrides = {},
  readFile?: PodFileReader,
): ArgoConnection {
  const server = (overrides.server ?? env.ARGO_SERVER ?? '').trim();
  if (!server) {
    throw new ZldError(
      'BadInput',
      'no Argo Server configured: set ARGO_SERVER=host:port (e.g. argo-server.argo:2746) or the zld Argo server setting',
    );
  }
  const insecureSkipVerify = overrides.insecureSkipVerify ?? flag(env.ARGO_INSECURE_SKIP_VERIFY, 'ARGO_INSECURE_SKIP_VERIFY') ?? false;
  let secure = overrides.secure ?? flag(env.ARGO_SECURE, 'ARGO_SECURE') ?? true;
  let hostPort = server;
  const scheme = /^(https?):\/\//i.exec(server);
  if (scheme) {
    secure = scheme[1]!.toLowerCase() === 'https';
    hostPort = server.slice(scheme[0].length).replace(/\/.*$/, '');
  }
  let url: URL;
  try {
    url = new URL(`${secure ? 'https' : 'http'}://${hostPort}`);
    if (url.pathname !== '/' || url.search || url.username) throw new Error('not host:port');
  } catch {
    throw new ZldError('BadInput', `ARGO_SERVER=${server} is not host:port (e.g. argo-server.argo:2746)`);
  }
  const baseHref = (overrides.baseHref ?? env.ARGO_BASE_HREF ?? '').trim().replace(/^\/+|\/+$/g, '');
  const baseUrl = `${url.origin}/${baseHref ? `${baseHref}/` : ''}`;

  let token: string | undefined;
  let tokenSource: TokenSource = 'none';
  if (overrides.token?.trim()) {
    token = overrides.token;
    tokenSource = 'settings';
  } else if (env.ARGO_TOKEN?.trim()) {
    token = env.ARGO_TOKEN;
    tokenSource = 'ARGO_TOKEN';
  } else {
    const sa = readFile?.(SERVICE_ACCOUNT_TOKEN_FILE)?.trim();
    if (sa) {
      token = sa;
      tokenSource = 'service account';
    }
  }
  const namespace =
    overrides.namespace?.trim() ||
    env.ARGO_NAMESPACE?.trim() ||
    readFile?.(SERVICE_ACCOUNT_NAMESPACE_FILE)?.trim() ||
    'default';

  const warnings: string[] = [];
  if (!secure && !isLoopbackHost(url.hostname)) {
    warnings.push(
      `ARGO_SECURE=false: requests${token ? ' and the token' : ''} go to ${url.host} over plain http, unencrypted; use https unless this network is trusted`,
    );
  }
  if (secure && insecureSkipVerify) {
    warnings.push(`ARGO_INSECURE_SKIP_VERIFY=true: the TLS certificate of ${url.host} is not checked`);
  }
  return new ArgoConnection({
    baseUrl,
    namespace,
    token,
    tokenSource,
    insecureSkipVerify: secure && insecureSkipVerify,
    http1: overrides.http1 ?? flag(env.ARGO_HTTP1, 'ARGO_HTTP1') ?? true,
    warnings,
  });
}
