/**
 * Consolidated metadata: opened as a read-only virtual JSON document (a read-only `zarr:` file system, so folding, search and the
 * outline work), a status bar item naming its key and whether it is stale, Check Consolidated Metadata, and
 * Consolidate Metadata (progress, cancellable, confirmation before replacing a different document).
 *
 * @example
 * ```ts
 * await vscode.commands.executeCommand('zld.consolidateMetadata', '/data/cat.zarr', { overwrite: true });
 * const check = await vscode.commands.executeCommand('zld.checkConsolidated', '/data/cat.zarr');
 * ```
 */
import * as vscode from 'vscode';
import type { ConsolidatedCheck } from '../core.js';
import { core, isZldErrorLike } from '../lazy-core.js';
import type { Services } from '../services.js';
import { consolidatedKeySetting } from '../settings.js';
import type { OpenedStore } from '../stores/store-registry.js';
import type { StoresElement } from '../views/stores-tree.js';

export const SCHEME = 'zarr';

/** `zarr:/<store label>/<key>.json?<location>`: the `.json` suffix makes it a JSON document. */
export function consolidatedUri(opened: OpenedStore, key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: `/${opened.entry.label}/${key.replace(/^\/+/, '')}.json`, query: opened.entry.location });
}

function keyFromUri(uri: vscode.Uri): string {
  return uri.path.split('/').pop()!.replace(/\.json$/, '');
}

/** The store a command is about: its argument, the only open store, or the user's pick. */
async function pickStore(s: Services, arg: unknown): Promise<OpenedStore | undefined> {
  let location = typeof arg === 'string' ? arg : (arg as StoresElement | undefined)?.entry?.location;
  if (!location) {
    const sel = s.storesView.selection[0];
    const entries = s.registry.entries();
    if (sel) location = sel.entry.location;
    else if (entries.length === 1) location = entries[0]!.location;
    else {
      const pick = await vscode.window.showQuickPick(
        entries.map((e) => ({ label: e.label, description: e.location, location: e.location })),
        { title: 'Pick a Zarr store' },
      );
      location = pick?.location;
    }
  }
  if (!location) return undefined;
  if (!s.registry.entry(location)) s.registry.add(location);
  return s.registry.get(location);
}

function keyFor(opened: OpenedStore): string {
  return opened.hierarchy.format === 3 ? 'zarr.json' : (opened.consolidatedKey ?? consolidatedKeySetting());
}

/** A read-only file system over consolidated metadata: edits are refused, folding/search/outline work. */
class ConsolidatedDocuments implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly stamps = new Map<string, number>();

  constructor(private readonly s: Services) {}

  private async text(uri: vscode.Uri): Promise<string> {
    const opened = await this.s.registry.get(uri.query);
    const key = keyFromUri(uri);
    const doc = await core().readConsolidated(opened.store, { key, format: key === 'zarr.json' ? 3 : 2 });
    if (!doc) throw vscode.FileSystemError.FileNotFound(uri);
    const body = doc.format === 2 ? { metadata: doc.metadata, zarr_consolidated_format: 1 } : { consolidated_metadata: { metadata: doc.metadata } };
    return `${JSON.stringify(body, null, 2)}\n`;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const size = Buffer.byteLength(await this.text(uri));
    const mtime = this.stamps.get(uri.toString()) ?? 0;
    return { type: vscode.FileType.File, ctime: 0, mtime, size, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return Buffer.from(await this.text(uri));
  }

  /** Tell open editors that the document changed (after Consolidate Metadata). */
  update(uri: vscode.Uri): void {
    this.stamps.set(uri.toString(), Date.now());
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  writeFile(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerConsolidatedCommands(s: Services): vscode.Disposable[] {
  const docs = new ConsolidatedDocuments(s);
  const status = vscode.window.createStatusBarItem('zld.consolidated', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Zarr Consolidated Metadata';
  let shown: string | undefined;

  const setStatus = (opened: OpenedStore, key: string, check: ConsolidatedCheck | undefined, error?: string) => {
    shown = opened.entry.location;
    const changes = check ? check.added.length + check.removed.length + check.changed.length : 0;
    status.text = error ? `$(warning) ${key}: ${error}` : check?.stale ? `$(warning) ${key}: stale (${changes} ${changes === 1 ? 'change' : 'changes'})` : `$(database) ${key}: up to date`;
    status.tooltip = `Consolidated metadata of ${opened.entry.label} at ${key}${check?.stale ? `\nadded: ${check.added.length}, removed: ${check.removed.length}, changed: ${check.changed.length}\nClick to consolidate again.` : ''}`;
    status.command = check?.stale ? { title: 'Consolidate Metadata', command: 'zld.consolidateMetadata', arguments: [opened.entry.location] } : undefined;
    status.show();
  };

  const check = async (opened: OpenedStore): Promise<ConsolidatedCheck> => {
    const key = keyFor(opened);
    try {
      const result = await core().checkConsolidated(opened.store, { key, format: opened.hierarchy.format });
      setStatus(opened, key, result);
      return result;
    } catch (e) {
      setStatus(opened, key, undefined, isZldErrorLike(e) && e.code === 'NotFound' ? 'missing' : 'unreadable');
      throw e;
    }
  };

  const onEditor = async (editor: vscode.TextEditor | undefined) => {
    const uri = editor?.document.uri;
    if (uri?.scheme !== SCHEME) {
      if (shown && !vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === SCHEME)) status.hide();
      return;
    }
    const opened = await s.registry.get(uri.query).catch(() => undefined);
    if (opened) await check(opened).catch(() => undefined);
  };

  return [
    docs,
    status,
    vscode.workspace.registerFileSystemProvider(SCHEME, docs, { isReadonly: true, isCaseSensitive: true }),
    vscode.window.onDidChangeActiveTextEditor(onEditor),
    vscode.commands.registerCommand('zld.openConsolidated', (arg?: unknown) =>
      s.errors.guard('open consolidated metadata', async () => {
        const opened = await pickStore(s, arg);
        if (!opened) return undefined;
        const key = keyFor(opened);
        const doc = await core().readConsolidated(opened.store, { key, format: opened.hierarchy.format });
        if (!doc) {
          void vscode.window
            .showWarningMessage(`Zarr: store ${opened.entry.label} has no consolidated metadata at ${key}.`, 'Consolidate Metadata')
            .then((act) => (act ? vscode.commands.executeCommand('zld.consolidateMetadata', opened.entry.location) : undefined));
          return undefined;
        }
        const uri = consolidatedUri(opened, key);
        const textDoc = await vscode.workspace.openTextDocument(uri);
        if (textDoc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(textDoc, 'json');
        await vscode.window.showTextDocument(textDoc, { preview: false });
        void check(opened).catch(() => undefined);
        return uri;
      }),
    ),
    vscode.commands.registerCommand('zld.checkConsolidated', (arg?: unknown) =>
      s.errors.guard('check consolidated metadata', async () => {
        const opened = await pickStore(s, arg);
        if (!opened) return undefined;
        const result = await check(opened);
        if (result.stale) {
          // the command returns at once; the notification's action runs whenever the user picks it
          void vscode.window
            .showWarningMessage(
              `Zarr: consolidated metadata ${result.key} of ${opened.entry.label} is stale: ${result.added.length} added, ${result.removed.length} removed, ${result.changed.length} changed.`,
              'Consolidate Metadata',
            )
            .then((act) => (act ? vscode.commands.executeCommand('zld.consolidateMetadata', opened.entry.location) : undefined));
        } else {
          void vscode.window.showInformationMessage(`Zarr: consolidated metadata ${result.key} of ${opened.entry.label} is up to date.`);
        }
        return result;
      }),
    ),
    vscode.commands.registerCommand('zld.consolidateMetadata', (arg?: unknown, opts?: { overwrite?: boolean }) =>
      s.errors.guard(
        'consolidate metadata',
        async () => {
          const opened = await pickStore(s, arg);
          if (!opened) return undefined;
          const { store } = opened;
          if (!core().isWritable(store)) throw new (core().ZldError)('Unsupported', `store ${opened.entry.label} is read-only: its metadata cannot be consolidated here`);
          const key = keyFor(opened);
          const existing = await core().readConsolidated(store, { key, format: opened.hierarchy.format });
          if (existing && opts?.overwrite !== true) {
            const ok = await vscode.window.showWarningMessage(
              `Replace the consolidated metadata ${existing.key} of ${opened.entry.label}?`,
              { modal: true, detail: 'It is rebuilt from the metadata of every group and array in the store.' },
              'Replace',
            );
            if (ok !== 'Replace') return undefined;
          }
          const result = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Consolidating ${opened.entry.label}`, cancellable: true },
            async (progress, token) => {
              const ctl = new AbortController();
              const sub = token.onCancellationRequested(() => ctl.abort());
              try {
                return await core().writeConsolidated(store, {
                  key,
                  format: opened.hierarchy.format,
                  overwrite: true,
                  signal: ctl.signal,
                  onProgress: (p) => progress.report({ message: `${p.done}${p.total ? `/${p.total}` : ''} ${p.unit ?? 'nodes'}` }),
                });
              } finally {
                sub.dispose();
              }
            },
          );
          s.log.info(`consolidated ${opened.entry.label}: ${result.entries} entries into ${result.key}${result.written ? '' : ' (unchanged)'}`);
          s.registry.refresh(opened.entry.location);
          docs.update(consolidatedUri(opened, key));
          const fresh = await s.registry.get(opened.entry.location);
          if (shown === opened.entry.location) void check(fresh).catch(() => undefined);
          void vscode.window.showInformationMessage(
            `Zarr: ${result.written ? 'wrote' : 'kept'} consolidated metadata ${result.key} of ${opened.entry.label} (${result.entries} entries).`,
          );
          return result;
        },
        { retry: true },
      ),
    ),
  ];
}
