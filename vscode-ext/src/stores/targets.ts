/**
 * What a command acts on, from whatever it was given: a row of the Stores or Metadata view, a URI, or nothing
 * (then the current selection, else the user picks). URIs resolve through core's `resolveUri` over the open
 * stores; when several arrays fit, the user chooses (never silently one).
 *
 * @example
 * ```ts
 * const t = await targetFromArgument(services, arg);        // { opened, node, uri? }
 * const t2 = await targetForUri(services, 'http://www.catplus.ch/ontology/concepts/sample1');
 * ```
 */
import * as vscode from 'vscode';
import type { Candidate, ZarrNode } from '../core.js';
import { core } from '../lazy-core.js';
import type { Services } from '../services.js';
import { datasetLinkPredicates } from '../settings.js';
import { uriOf, type MetadataElement } from '../views/metadata-tree.js';
import type { StoresElement } from '../views/stores-tree.js';
import type { OpenedStore } from './store-registry.js';

export interface NodeTarget {
  opened: OpenedStore;
  node: ZarrNode;
  /** The `@id` the node was reached by, if any (provenance in the generated cell). */
  uri?: string;
}

export async function nodeAt(s: Services, storeUrl: string, path: string): Promise<{ opened: OpenedStore; node: ZarrNode }> {
  const opened = await s.registry.byStoreUrl(storeUrl);
  if (!opened) throw new (core().ZldError)('NotFound', `store ${storeUrl} is not open`);
  const node = await opened.hierarchy.node(path);
  if (!node) throw new (core().ZldError)('NotFound', `no group or array at ${path} in store ${opened.entry.label}`);
  return { opened, node };
}

function candidateLabel(c: Candidate): string {
  return `${c.path} (${c.via === 'link' ? `via ${core().localName(c.predicate ?? '')}` : c.via})`;
}

/** The node a URI leads to: an array found through dataset links, else the node carrying the `@id`. */
export async function targetForUri(s: Services, uri: string, via: { subject?: string } = {}): Promise<NodeTarget | undefined> {
  const index = await s.registry.index();
  const predicates = datasetLinkPredicates();
  const r = core().resolveUri(index, uri, predicates ? { predicates } : {});
  let candidates = r.candidates;
  // a link object that is not a node itself (`hasDataset` -> `sample1Dataset`): resolve its subject instead
  if (!candidates.length && !r.subject.length && via.subject) {
    const fromSubject = core().resolveUri(index, via.subject, predicates ? { predicates } : {}).candidates;
    candidates = fromSubject.filter((c) => c.target === uri);
    if (!candidates.length) candidates = fromSubject;
  }
  if (candidates.length) {
    let pick = candidates[0]!;
    if (candidates.length > 1) {
      const chosen = await vscode.window.showQuickPick(
        candidates.map((c) => ({ label: candidateLabel(c), description: c.storeUrl, c })),
        { title: `Several arrays fit ${uri}`, placeHolder: 'Pick the array to load' },
      );
      if (!chosen) return undefined;
      pick = chosen.c;
    }
    return { ...(await nodeAt(s, pick.storeUrl, pick.path)), uri: r.uri };
  }
  const subject = r.subject[0];
  if (subject) return { ...(await nodeAt(s, subject.storeUrl, subject.path)), uri: r.uri };
  const hint = r.suggestions.length ? ` Did you mean ${r.suggestions.slice(0, 3).join(', ')}?` : '';
  throw new (core().ZldError)('NotFound', `no open store has data for ${uri}.${hint}`, { detail: { uri } });
}

/** A node of the Stores view, a row of the Metadata view, a URI string, or the current selection. */
export async function targetFromArgument(s: Services, arg: unknown): Promise<NodeTarget | undefined> {
  if (typeof arg === 'string') return targetForUri(s, arg);
  const el = arg as Partial<StoresElement & MetadataElement> | undefined;
  if (el && (el as StoresElement).type === 'node') {
    const n = el as Extract<StoresElement, { type: 'node' }>;
    return { opened: await s.registry.get(n.entry.location), node: n.node, uri: idOf(n.node) };
  }
  if (el && (el as MetadataElement).t) {
    const m = el as MetadataElement;
    if (m.t === 'node') return { opened: await s.registry.get(m.target.entry.location), node: m.target.node, uri: idOf(m.target.node) };
    const u = uriOf(m);
    if (u) return targetForUri(s, u.uri, { subject: u.subject });
    return undefined;
  }
  const selected = s.storesView.selection[0];
  if (selected?.type === 'node') return targetFromArgument(s, selected);
  const shown = s.metadataTree.current();
  if (shown) return { opened: await s.registry.get(shown.entry.location), node: shown.node, uri: idOf(shown.node) };
  return pickNode(s);
}

function idOf(node: ZarrNode): string | undefined {
  const id = node.attributes['@id'];
  return typeof id === 'string' ? id : undefined;
}

/** Let the user pick a node (arrays first) of the open stores. */
export async function pickNode(s: Services, opts: { arraysOnly?: boolean; title?: string } = {}): Promise<NodeTarget | undefined> {
  const items: (vscode.QuickPickItem & { t?: NodeTarget })[] = [];
  for (const entry of s.registry.entries()) {
    const opened = await s.registry.get(entry.location).catch(() => undefined);
    if (!opened) continue;
    for await (const node of opened.hierarchy.walk()) {
      if (opts.arraysOnly && node.kind !== 'array') continue;
      if (node.path === '/') continue;
      items.push({ label: node.path, description: `${node.kind} · ${entry.label}`, t: { opened, node, uri: idOf(node) } });
    }
  }
  if (!items.length) {
    throw new (core().ZldError)('NotFound', opts.arraysOnly ? 'no arrays in the open stores (open a store first)' : 'no open stores (open a store first)');
  }
  items.sort((a, b) => Number(b.t!.node.kind === 'array') - Number(a.t!.node.kind === 'array') || a.label.localeCompare(b.label));
  const chosen = await vscode.window.showQuickPick(items, { title: opts.title ?? 'Pick a node', matchOnDescription: true });
  return chosen?.t;
}
