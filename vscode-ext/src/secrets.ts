/**
 * S3 keys kept in VS Code's SecretStorage (the OS keychain on desktop, the server's secret store in
 * code-server), never in settings, logs, messages or generated code.
 *
 * @example
 * ```ts
 * const creds = new CredentialStore(context.secrets);
 * await creds.set({ accessKeyId: 'AKIA…', secretAccessKey: '…' });
 * const s3 = { credentials: await creds.get() };
 * ```
 */
import * as vscode from 'vscode';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const KEY = 'zld.s3.credentials';

export class CredentialStore {
  readonly onDidChange: vscode.Event<void>;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.onDidChange = (listener, thisArg, disposables) =>
      secrets.onDidChange((e) => (e.key === KEY ? listener.call(thisArg, undefined) : undefined), undefined, disposables);
  }

  async get(): Promise<S3Credentials | undefined> {
    const raw = await this.secrets.get(KEY);
    if (!raw) return undefined;
    try {
      const c = JSON.parse(raw) as Partial<S3Credentials>;
      if (typeof c.accessKeyId === 'string' && typeof c.secretAccessKey === 'string') {
        return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
      }
    } catch {
      // unreadable: treated as none
    }
    return undefined;
  }

  set(c: S3Credentials): Thenable<void> {
    return this.secrets.store(KEY, JSON.stringify(c));
  }

  clear(): Thenable<void> {
    return this.secrets.delete(KEY);
  }

  /** Ask for the keys (password-style inputs) and store them; false when the user cancelled. */
  async prompt(): Promise<boolean> {
    const accessKeyId = await vscode.window.showInputBox({ title: 'S3 access key ID', ignoreFocusOut: true, prompt: 'Stored in VS Code secret storage' });
    if (!accessKeyId) return false;
    const secretAccessKey = await vscode.window.showInputBox({ title: 'S3 secret access key', password: true, ignoreFocusOut: true });
    if (!secretAccessKey) return false;
    const sessionToken = await vscode.window.showInputBox({ title: 'S3 session token (optional)', password: true, ignoreFocusOut: true });
    await this.set({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) });
    return true;
  }
}
