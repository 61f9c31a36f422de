/**
 * How the Argo commands report failures and long work, in one place: a 401 opens the token dialog and
 * retries with the token entered (held in memory only); invalid manifests (line/column) open a dialog;
 * other errors are notifications with the server's message (403 names the namespace). Long work shows an
 * in-progress notification with a Cancel button.
 *
 * @example
 * ```ts
 * await guarded(session, 'stop workflow', () => client.stop(name));
 * await withProgress('Hashing the store metadata…', (signal) => hashStoreMetadata(store, { signal }));
 * ```
 */
import { Notification } from '@jupyterlab/apputils';
import { isZldError, ZldError } from './core.js';
import { askToken, explain } from './dialogs.js';
import type { ArgoSession } from './session.js';

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The 401 in this page's words: which token was refused (the page's or the server's) and Argo's message. */
export function tokenRefused(session: ArgoSession, e: { message: string; detail?: unknown }): string {
  const server = (e.detail as { serverMessage?: string } | undefined)?.serverMessage ?? e.message;
  const whose = session.hasUserToken ? 'the token entered in this page' : "the Jupyter server's token (ARGO_TOKEN or its service account)";
  return `The Argo Server did not accept ${whose}: 401 ${server}. It may have expired.`;
}

/** Show an error the way the Argo commands do; resolves true when a new token was entered (retry). */
export async function reportArgoError(session: ArgoSession, e: unknown, what?: string): Promise<boolean> {
  if (isZldError(e) && e.code === 'Aborted') return false;
  if (isZldError(e) && e.status === 401) {
    const token = await askToken(tokenRefused(session, e));
    if (token) {
      session.setToken(token);
      return true;
    }
    return false;
  }
  if (isZldError(e) && e.code === 'BadInput' && /line \d+, column \d+|invalid YAML|manifest/.test(e.message)) {
    await explain(what ? `Cannot ${what}` : 'Invalid workflow', [e.message]);
    return false;
  }
  Notification.error(messageOf(e), { autoClose: 10000 });
  return false;
}

/** Run `fn`, reporting its failure; after a 401 and a new token, run it once more. */
export async function guarded<T>(session: ArgoSession, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(await reportArgoError(session, e, what))) return undefined;
    }
  }
  return undefined;
}

/**
 * Long work with an in-progress notification and a Cancel button; the notification goes when it ends. It is
 * shown only when the work takes more than `delayMs` (a toast dismissed right after it was emitted can stay).
 */
export async function withProgress<T>(message: string, fn: (signal: AbortSignal) => Promise<T>, delayMs = 400): Promise<T> {
  const ctrl = new AbortController();
  let id: string | undefined;
  const timer = setTimeout(() => {
    id = Notification.emit(message, 'in-progress', {
      autoClose: false,
      actions: [{ label: 'Cancel', caption: 'Cancel this', callback: () => ctrl.abort() }],
    });
  }, delayMs);
  try {
    const result = await fn(ctrl.signal);
    if (ctrl.signal.aborted) throw new ZldError('Aborted', `${message} was cancelled`);
    return result;
  } finally {
    clearTimeout(timer);
    if (id !== undefined) Notification.dismiss(id);
  }
}
