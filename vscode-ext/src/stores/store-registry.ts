/**
 * The stores the extension knows: those in the `zld.stores` setting plus those opened this session. Each is
 * opened lazily (store + hierarchy, through consolidated metadata when the store has it) and indexed for
 * linked-data lookups on first need. Failures are not cached: the next call tries again.
 *
 * @example
 * ```ts
 * const registry = new StoreRegistry(log, credentials);
 * const entry = registry.add('s3://lab/cat.zarr');
 * const { hierarchy } = await registry.get(entry.location);
 * const index = await registry.index();
 * ```
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vscode from 'vscode';
import type { Hierarchy, LinkedIndex, NodeRecord, ReadableStore } from '../core.js';
import { core } from '../lazy-core.js';
import type { CredentialStore } from '../secrets.js';
import { configuredStores, consolidatedKeySetting, s3Options } from '../settings.js';

export interface StoreEntry {
  /** Where the store is, normalised: `s3://…`, `http(s)://…`, or an absolute folder path. */
  location: string;
  /** A short name for the tree. */
  label: string;
  source: 'settings' | 'session';
}

export interface OpenedStore {
  entry: StoreEntry;
  store: ReadableStore;
  hierarchy: Hierarchy;
  /** v2 consolidated metadata key in use (`.zmetadata`, `.all_metadata`), if any. */
  consolidatedKey?: string;
}

/** Keys a v2 store's consolidated metadata is looked for under (the setting's first). */
const KNOWN_KEYS = ['.zmetadata', '.all_metadata'];

function scheme(location: string): string | undefined {
  return /^([A-Za-z][A-Za-z0-9+.-]+):\/\//.exec(location)?.[1]?.toLowerCase();
}

/** Absolute folder paths for local stores (relative ones against the first workspace folder); URLs unchanged. */
export function normalizeLocation(location: string): string {
  const t = location.trim();
  const s = scheme(t);
  if (s === 'file') return path.resolve(fileURLToPath(t));
  if (s) return t.replace(/\/+$/, '');
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return path.resolve(base, t);
}

function labelOf(location: string): string {
  if (!scheme(location)) return path.basename(location) || location;
  return core().redactUrl(location);
}

export class StoreRegistry implements vscode.Disposable {
  private readonly session: string[] = [];
  private readonly opened = new Map<string, Promise<OpenedStore>>();
  /** The stores whose opening finished, by location. */
  private readonly ready = new Map<string, OpenedStore>();
  private readonly indexed = new Map<string, Promise<void>>();
  private readonly indexedDone = new Set<string>();
  private linkedIndex: LinkedIndex | undefined;
  private get linked(): LinkedIndex {
    this.linkedIndex ??= new (core().LinkedIndex)();
    return this.linkedIndex;
  }
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a location when one store changed (refresh), undefined when the list changed. */
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [this.changed];

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly credentials: CredentialStore,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zld.stores')) this.changed.fire(undefined);
        if (e.affectsConfiguration('zld.s3') || e.affectsConfiguration('zld.consolidatedKey')) this.refresh();
      }),
      credentials.onDidChange(() => this.refresh()),
    );
  }

  entries(): StoreEntry[] {
    const seen = new Set<string>();
    const out: StoreEntry[] = [];
    for (const loc of configuredStores().map(normalizeLocation)) {
      if (!seen.has(loc)) out.push({ location: loc, label: labelOf(loc), source: 'settings' });
      seen.add(loc);
    }
    for (const loc of this.session) {
      if (!seen.has(loc)) out.push({ location: loc, label: labelOf(loc), source: 'session' });
      seen.add(loc);
    }
    return out;
  }

  entry(location: string): StoreEntry | undefined {
    const loc = normalizeLocation(location);
    return this.entries().find((e) => e.location === loc);
  }

  /** Add a store for this session (no-op when known); returns its entry. */
  add(location: string): StoreEntry {
    const loc = normalizeLocation(location);
    if (!this.entries().some((e) => e.location === loc)) {
      this.session.push(loc);
      this.log.info(`added store ${labelOf(loc)}`);
      this.changed.fire(undefined);
    }
    return this.entry(loc)!;
  }

  /** Forget a session store, or remove a configured one from the setting where it is defined. */
  async remove(location: string): Promise<void> {
    const loc = normalizeLocation(location);
    const i = this.session.indexOf(loc);
    if (i >= 0) this.session.splice(i, 1);
    const cfg = vscode.workspace.getConfiguration('zld');
    const inspect = cfg.inspect<string[]>('stores');
    for (const [value, target] of [
      [inspect?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
      [inspect?.workspaceValue, vscode.ConfigurationTarget.Workspace],
      [inspect?.globalValue, vscode.ConfigurationTarget.Global],
    ] as const) {
      if (value?.some((s) => normalizeLocation(s) === loc)) {
        await cfg.update('stores', value.filter((s) => normalizeLocation(s) !== loc), target);
      }
    }
    this.forget(loc);
    this.log.info(`removed store ${labelOf(loc)}`);
    this.changed.fire(undefined);
  }

  /** Drop what is cached for one store (or all) so the next use reads it again. */
  refresh(location?: string): void {
    const locs = location ? [normalizeLocation(location)] : [...this.opened.keys()];
    for (const loc of locs) this.forget(loc);
    this.changed.fire(location ? normalizeLocation(location) : undefined);
  }

  private forget(loc: string): void {
    const was = this.opened.get(loc);
    this.opened.delete(loc);
    this.ready.delete(loc);
    this.indexed.delete(loc);
    this.indexedDone.delete(loc);
    if (was) void was.then((o) => this.linkedIndex?.removeStore(o.store.url)).catch(() => undefined);
  }

  /** The opened store and its hierarchy. */
  get(location: string): Promise<OpenedStore> {
    const loc = normalizeLocation(location);
    let p = this.opened.get(loc);
    if (!p) {
      p = this.openNow(loc);
      this.opened.set(loc, p);
      p.then((o) => {
        if (this.opened.get(loc) === p) this.ready.set(loc, o);
      }, () => undefined);
      p.catch(() => {
        if (this.opened.get(loc) === p) this.opened.delete(loc);
      });
    }
    return p;
  }

  private async openNow(loc: string): Promise<OpenedStore> {
    const entry = this.entry(loc) ?? { location: loc, label: labelOf(loc), source: 'session' as const };
    const started = Date.now();
    const store = await core().openStore(loc, { s3: await s3Options(this.credentials) });
    let consolidatedKey: string | undefined;
    for (const key of new Set([consolidatedKeySetting(), ...KNOWN_KEYS])) {
      if (await store.get(`/${key.replace(/^\/+/, '')}`)) {
        consolidatedKey = key.replace(/^\/+/, '');
        break;
      }
    }
    const hierarchy = await core().openHierarchy(store, consolidatedKey ? { consolidated: consolidatedKey } : {});
    this.log.info(
      `opened ${store.url} (Zarr v${hierarchy.format}${hierarchy.consolidatedKey ? `, consolidated ${hierarchy.consolidatedKey}` : ', listed'}) in ${Date.now() - started} ms`,
    );
    // core names keys absolutely (`/.zmetadata`); readers (zarr-python's metadata_key) want it relative to the root
    const key = (hierarchy.consolidatedKey ?? consolidatedKey)?.replace(/^\/+/, '');
    return { entry, store, hierarchy, ...(key ? { consolidatedKey: key } : {}) };
  }

  /** The entry whose opened store has this `url` (as core names it, e.g. `file:///…`). */
  async byStoreUrl(storeUrl: string): Promise<OpenedStore | undefined> {
    // stores already open answer at once; only then wait for the others (a slow remote must not block a reveal)
    for (const o of this.ready.values()) if (o.store.url === storeUrl && this.entry(o.entry.location)) return o;
    for (const e of this.entries()) {
      const o = await this.get(e.location).catch(() => undefined);
      if (o?.store.url === storeUrl) return o;
    }
    return undefined;
  }

  /** The index if every store has been indexed (or failed to be) already, without waiting; else undefined. */
  readyIndex(): LinkedIndex | undefined {
    const entries = this.entries();
    return entries.length && entries.every((e) => this.indexedDone.has(e.location)) ? this.linked : undefined;
  }

  /** The linked-data index over every store that opens; stores that fail are logged and left out. */
  async index(opts: { signal?: AbortSignal } = {}): Promise<LinkedIndex> {
    const entries = this.entries();
    const known = new Set(entries.map((e) => e.location));
    for (const loc of [...this.indexed.keys()]) if (!known.has(loc)) this.forget(loc);
    await Promise.all(
      entries.map((e) => {
        let p = this.indexed.get(e.location);
        if (!p) {
          p = this.indexStore(e.location, opts.signal);
          this.indexed.set(e.location, p);
          const mine = p;
          // settled either way: a store that cannot be indexed must not hold the others' links back
          const settle = () => {
            if (this.indexed.get(e.location) === mine) this.indexedDone.add(e.location);
          };
          p.then(settle, settle);
          p.catch((err) => {
            this.indexed.delete(e.location);
            this.log.warn(`not indexed: ${e.label}: ${(err as Error).message}`);
          });
        }
        return p.catch(() => undefined);
      }),
    );
    return this.linked;
  }

  private async indexStore(loc: string, signal?: AbortSignal): Promise<void> {
    const o = await this.get(loc);
    const started = Date.now();
    const records: NodeRecord[] = [];
    for await (const n of o.hierarchy.walk({ signal })) {
      records.push({ storeUrl: o.store.url, path: n.path, kind: n.kind, attributes: n.attributes });
    }
    const report = await this.linked.addStore(o.store.url, records, { signal });
    for (const p of report.problems) this.log.warn(`${p.path}: ${p.message}`);
    this.log.info(`indexed ${report.nodes} nodes (${report.identified} with @id) of ${o.store.url} in ${Date.now() - started} ms`);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

