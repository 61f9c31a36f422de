/**
 * How the extension reaches the Argo Server: the `zld.argo.*` settings over the environment the argo CLI reads
 * (`ARGO_SERVER`, `ARGO_NAMESPACE`, `ARGO_TOKEN`, ... and a pod's service-account files), and the token kept in
 * SecretStorage only (never in settings, logs or messages). The client is built on first use and rebuilt when a
 * setting or the stored token changes.
 *
 * @example
 * ```ts
 * const argo = new ArgoService(context.secrets, log);
 * const client = await argo.client();       // throws BadInput "no Argo Server configured ..." without a server
 * await argo.setToken('eyJhbGciOi...');      // SecretStorage; 'Bearer ' prefix optional
 * ```
 */
import * as vscode from 'vscode';
import type { ArgoClient, ArgoConnectionOverrides } from '../core.js';
import { core } from '../lazy-core.js';

const TOKEN_KEY = 'zld.argo.token';

/** The `zld.argo.*` settings; empty strings and unset values leave the environment in charge. */
export interface ArgoSettings {
  server?: string;
  namespace?: string;
  baseHref?: string;
  secure?: boolean;
  insecureSkipVerify?: boolean;
  image?: string;
  credentialsSecret?: string;
}

/** A boolean setting only when the user set it (so an unset one leaves ARGO_SECURE etc. in charge). */
function explicit(c: vscode.WorkspaceConfiguration, key: string): boolean | undefined {
  const i = c.inspect<boolean>(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
}

export function argoSettings(): ArgoSettings {
  const c = vscode.workspace.getConfiguration('zld.argo');
  const text = (k: string) => c.get<string>(k)?.trim() || undefined;
  return {
    server: text('server'),
    namespace: text('namespace'),
    baseHref: text('baseHref'),
    secure: explicit(c, 'secure'),
    insecureSkipVerify: explicit(c, 'insecureSkipVerify'),
    image: text('image'),
    credentialsSecret: text('credentialsSecret'),
  };
}

export class ArgoService implements vscode.Disposable {
  private cached: ArgoClient | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a setting or the stored token changed (the next {@link client} is a new one). */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private warned = new Set<string>();

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zld.argo')) this.reset();
      }),
      secrets.onDidChange((e) => {
        if (e.key === TOKEN_KEY) this.reset();
      }),
    ];
  }

  private reset(): void {
    this.cached = undefined;
    this.changed.fire();
  }

  /** The client for the current settings, token and environment. */
  async client(): Promise<ArgoClient> {
    if (this.cached) return this.cached;
    const s = argoSettings();
    const token = await this.secrets.get(TOKEN_KEY);
    const overrides: ArgoConnectionOverrides = {
      ...(s.server ? { server: s.server } : {}),
      ...(s.namespace ? { namespace: s.namespace } : {}),
      ...(s.baseHref ? { baseHref: s.baseHref } : {}),
      ...(s.secure !== undefined ? { secure: s.secure } : {}),
      ...(s.insecureSkipVerify !== undefined ? { insecureSkipVerify: s.insecureSkipVerify } : {}),
      ...(token ? { token } : {}),
    };
    const c = core();
    const connection = c.argoConnectionFromProcess(overrides);
    for (const w of connection.warnings) {
      if (this.warned.has(w)) continue;
      this.warned.add(w);
      this.log.warn(`Argo: ${w}`);
      void vscode.window.showWarningMessage(`Zarr: ${w}`);
    }
    this.log.info(`Argo Server: ${connection.describe()}`);
    this.cached = new c.ArgoClient(connection, { fetch: c.argoFetchFor(connection) });
    return this.cached;
  }

  /** Whether a server is configured at all (settings or ARGO_SERVER), without building a client. */
  configured(): boolean {
    return Boolean(argoSettings().server || process.env.ARGO_SERVER?.trim());
  }

  async setToken(token: string): Promise<void> {
    await this.secrets.store(TOKEN_KEY, token.trim());
  }

  async clearToken(): Promise<void> {
    await this.secrets.delete(TOKEN_KEY);
  }

  async hasStoredToken(): Promise<boolean> {
    return Boolean(await this.secrets.get(TOKEN_KEY));
  }

  /** Ask for the token in a password box and store it; false when cancelled. */
  async promptToken(): Promise<boolean> {
    const token = await vscode.window.showInputBox({
      title: 'Argo token',
      prompt: 'Stored in VS Code secret storage only (e.g. the output of `argo auth token`; "Bearer " optional)',
      password: true,
      ignoreFocusOut: true,
    });
    if (!token?.trim()) return false;
    await this.setToken(token);
    return true;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}
