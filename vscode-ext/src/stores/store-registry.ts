/**
 * The stores the Stores view shows: those listed in the `zld.stores` setting plus those opened this session.
 *
 * @example
 * ```ts
 * const registry = new StoreRegistry(log);
 * await registry.open('s3://bucket/cat.zarr');
 * registry.onDidChange(() => tree.refresh());
 * ```
 */
import * as vscode from 'vscode';

export interface StoreEntry {
  url: string;
  source: 'settings' | 'session';
}

export class StoreRegistry implements vscode.Disposable {
  private readonly session: string[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zld.stores')) this.changed.fire();
      }),
    );
  }

  entries(): StoreEntry[] {
    const configured = vscode.workspace.getConfiguration('zld').get<string[]>('stores', []);
    const out: StoreEntry[] = configured.map((url) => ({ url, source: 'settings' }));
    for (const url of this.session) if (!configured.includes(url)) out.push({ url, source: 'session' });
    return out;
  }

  async open(url: string): Promise<void> {
    if (!this.session.includes(url)) this.session.push(url);
    this.log.info(`opened store ${url}`);
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
