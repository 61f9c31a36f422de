/**
 * "Sign in…" for `s3://` stores read from the browser that failed for lack of keys (stores reopened from the
 * settings when the page loads never ask: they wait in the tree as "needs S3 credentials"). Signing in reopens
 * the store, which asks for the keys; and whenever keys for an endpoint are given (Sign in, "Set S3
 * Credentials…", a read elsewhere), the other stores of that endpoint that were waiting for them are reopened.
 *
 * @example
 * ```ts
 * addSignIn(app, { panel, credentials, notifyError });
 * await app.commands.execute('zld:sign-in-store', { url: 's3://bucket/catplus.zarr' });
 * ```
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { CommandIDs } from './command-ids.js';
import { messageOf } from './model.js';
import type { ZarrPanel } from './panel.js';
import type { S3CredentialStore } from './s3-credentials.js';

export interface SignInDeps {
  panel: ZarrPanel;
  credentials: S3CredentialStore;
  notifyError: (e: unknown) => void;
}

export function addSignIn(app: JupyterFrontEnd, deps: SignInDeps): void {
  const { panel, credentials } = deps;
  const { model } = panel;
  const opening = new Set<string>();
  const waiting = (url: string | undefined) => (url ? model.failed.find((f) => f.spec.url === url && f.needsCredentials) : undefined);

  /** Reopen a store that waits for keys (asking for them when none are held); false when it was not waiting. */
  const reopen = async (url: string): Promise<boolean> => {
    const failed = waiting(url);
    if (!failed || opening.has(url)) return false;
    opening.add(url);
    panel.tree.forget(url);
    panel.setStatus(`Opening ${url}…`);
    try {
      await model.open(failed.spec);
    } catch (e) {
      panel.setStatus(messageOf(e), true);
      throw e;
    } finally {
      opening.delete(url);
    }
    panel.setStatus(`Opened ${url}`);
    return true;
  };

  app.commands.addCommand(CommandIDs.signInStore, {
    label: 'Sign in…',
    caption: 'Give the S3 keys this store needs (held in this page’s memory only) and open it',
    isVisible: () => waiting(panel.contextStore()) !== undefined,
    execute: async (a) => {
      const url = (a as { url?: string }).url ?? panel.contextStore();
      try {
        if (url && (await reopen(url))) await panel.tree.reveal({ storeUrl: url, path: '/' });
      } catch (e) {
        deps.notifyError(e);
      } finally {
        panel.clearContext();
      }
    },
  });

  // keys given for an endpoint: open the stores that were waiting for them (their errors stay in their rows)
  credentials.changed.connect((_, endpoint) => {
    if (endpoint === undefined || !credentials.get(endpoint)) return;
    for (const f of model.needingCredentials(endpoint)) void reopen(f.spec.url).catch(() => undefined);
  });
}
