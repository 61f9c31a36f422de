/**
 * Argo Server answers turned into {@link ZldError}s that show the server's own message, with guidance
 * for 401 (the token) and 403 (the namespace). Token values never reach a message.
 *
 * @example
 * ```ts
 * const e = argoHttpError(403, '{"code":7,"message":"... forbidden ..."}', { namespace: 'prod', what: 'list workflows' });
 * e.message; // 'cannot list workflows: 403 ... forbidden ... (the token may not use namespace "prod")'
 * ```
 */
import { ZldError, type ZldErrorCode } from '../errors.js';

export interface ArgoErrorContext {
  /** What was being done, e.g. `get workflow "hello-x2c9"`. */
  what: string;
  namespace?: string;
  /** Removes the token from server text before it goes into the message. */
  redact?: (text: string) => string;
}

/** The server's message from an error body (`{code, message}` or a stream error), else the raw text. */
export function serverMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    if (typeof parsed.message === 'string' && parsed.message) return parsed.message;
    if (typeof parsed.error === 'string' && parsed.error) return parsed.error;
    if (parsed.error && typeof parsed.error === 'object') {
      const m = (parsed.error as { message?: unknown }).message;
      if (typeof m === 'string') return m;
    }
  } catch {
    // not JSON: fall through to the text
  }
  return body.trim().slice(0, 500) || '(no message)';
}

function codeFor(status: number): ZldErrorCode {
  if (status === 401 || status === 403) return 'AccessDenied';
  if (status === 404) return 'NotFound';
  if (status === 409) return 'Conflict';
  return 'Remote';
}

/** Map an HTTP status and body to a ZldError `'<what>: <status> <server message>'` plus guidance. */
export function argoHttpError(status: number, body: string, ctx: ArgoErrorContext): ZldError {
  const redact = ctx.redact ?? ((t: string) => t);
  const message = redact(serverMessage(body));
  let hint = '';
  if (status === 401) {
    hint =
      ' (the Argo Server did not accept the token: it may have expired or be missing; get a fresh one, e.g. `argo auth token`, and set ARGO_TOKEN or the zld Argo token setting)';
  } else if (status === 403) {
    hint = ctx.namespace
      ? ` (the token may not use namespace "${ctx.namespace}"; pick a namespace it is allowed in with ARGO_NAMESPACE or --namespace)`
      : ' (the token is not allowed to do this)';
  }
  return new ZldError(codeFor(status), `cannot ${ctx.what}: ${status} ${message}${hint}`, {
    status,
    detail: { serverMessage: message, namespace: ctx.namespace },
  });
}

/** A stream error (`{"error":{grpc_code,http_code,message,...}}`) as a ZldError. */
export function argoStreamError(error: { http_code?: number; message?: string; grpc_code?: number }, ctx: ArgoErrorContext): ZldError {
  const status = error.http_code ?? 500;
  return argoHttpError(status, JSON.stringify({ message: error.message ?? 'stream error' }), ctx);
}
