/**
 * Typed errors thrown by zld core. Every error names the input it is about (a store URL, a key, a URI,
 * an HTTP status) in its message, and carries a machine-readable `code` that host adapters map to their
 * own notifications in one place.
 *
 * Secrets never go into messages: build messages from store URLs with {@link redactUrl}.
 *
 * @example
 * ```ts
 * import { ZldError, isZldError } from '@zld/core';
 * try { await store.get('/.zattrs'); }
 * catch (e) { if (isZldError(e, 'AccessDenied')) console.error(e.message); }
 * ```
 */

export type ZldErrorCode =
  | 'NotFound' // a store, key, node, URI or workflow that does not exist
  | 'AccessDenied' // 401/403, missing credentials
  | 'BadMetadata' // malformed .zarray/.zattrs/zarr.json/consolidated metadata, malformed JSON-LD
  | 'BadInput' // a user-supplied argument that cannot be used (bad URL, bad slice, unsafe key)
  | 'NotZarr' // a location that exists but holds no Zarr hierarchy
  | 'UnknownCodec' // a codec zld cannot decode
  | 'BadChunk' // a chunk that is truncated or does not decode
  | 'Unsupported' // an operation the backend cannot do (listing over HTTP, writing read-only stores)
  | 'Conflict' // a write that would overwrite something without permission, 409
  | 'Timeout' // a server that does not answer in time
  | 'Aborted' // cancelled through an AbortSignal
  | 'Network' // connection refused/reset, DNS, 5xx after retries
  | 'Remote' // an error reported by a remote service (Argo, S3) that fits no other code
  | 'Internal'; // a bug in zld

export class ZldError extends Error {
  readonly code: ZldErrorCode;
  /** HTTP status when the error came from an HTTP response. */
  readonly status?: number;
  /** Extra structured detail for hosts (never secrets). */
  readonly detail?: Record<string, unknown>;

  constructor(
    code: ZldErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number; detail?: Record<string, unknown> },
  ) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = `ZldError[${code}]`;
    this.code = code;
    this.status = options?.status;
    this.detail = options?.detail;
  }
}

export function isZldError(e: unknown, code?: ZldErrorCode): e is ZldError {
  return e instanceof ZldError && (code === undefined || e.code === code);
}

/** Errors that are the user's to fix (exit code 1 in the CLI); everything else is internal (exit code 2). */
export function isUserError(e: unknown): boolean {
  return e instanceof ZldError && e.code !== 'Internal';
}

/** Raise `Aborted` when the signal has fired. Call at every await point of long work. */
export function throwIfAborted(signal: AbortSignal | undefined, what = 'operation'): void {
  if (signal?.aborted) {
    throw new ZldError('Aborted', `${what} was cancelled`, { cause: signal.reason });
  }
}

/**
 * A URL safe to show: user info (`user:secret@`) and query parameters that look like credentials
 * (signatures, tokens, keys) are removed.
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '';
      u.password = '';
    }
    for (const k of [...u.searchParams.keys()]) {
      if (/sig|signature|token|key|secret|credential|password|auth/i.test(k)) u.searchParams.set(k, 'REDACTED');
    }
    return u.toString();
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//');
  }
}
