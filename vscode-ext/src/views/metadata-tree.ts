/**
 * The Metadata view: the selected node's attributes as a JSON-LD-aware tree. Predicates show their local names
 * (full IRIs in tooltips), literals their values, `@id`s expand to the node they link to, and "Linked from" lists
 * incoming links. Plain (non-JSON-LD) attributes show as a key/value tree. All text is plain text.
 *
 * Rows that name something retrievable carry `contextValue` `zarrLdNode.<kind>` (the node itself) or
 * `zarrLdId…` (an `@id`: the node's own, a link's object, a link's subject), which the Retrieve / Copy menus key on.
 *
 * @example
 * ```ts
 * const tree = new MetadataTreeProvider(registry);
 * await tree.show({ storeUrl, entry, node });
 * ```
 */
import * as vscode from 'vscode';
import type { LinkedDescription, LinkedIndex, Term, ZarrNode } from '../core.js';
import { core } from '../lazy-core.js';
import type { StoreEntry, StoreRegistry } from '../stores/store-registry.js';
import { MAX_DEPTH, metadataItem } from './metadata-items.js';
import { shapeText } from './node-text.js';

export interface MetadataTarget {
  entry: StoreEntry;
  storeUrl: string;
  node: ZarrNode;
}

export type MetadataElement =
  | { t: 'node'; target: MetadataTarget }
  | { t: 'id'; iri: string; label: string; subject?: string; predicate?: string; depth: number }
  | { t: 'types'; types: string[] }
  | { t: 'predicate'; subject: string; predicate: string; objects: Term[]; description: LinkedDescription; depth: number }
  | { t: 'literal'; term: Term }
  | { t: 'blank'; label: string; subject: string; description: LinkedDescription; depth: number }
  | { t: 'incoming'; iri: string; count: number }
  | { t: 'backlink'; subject: string; predicate: string }
  | { t: 'plain'; key: string; value: unknown }
  | { t: 'info'; label: string; value: string };


function bySubject(d: LinkedDescription, subject: string): Map<string, Term[]> {
  const out = new Map<string, Term[]>();
  for (const s of d.statements) {
    if (s.subject !== subject || s.predicate === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type') continue;
    const list = out.get(s.predicate) ?? [];
    list.push(s.object);
    out.set(s.predicate, list);
  }
  return new Map([...out].sort(([a], [b]) => core().localName(a).localeCompare(core().localName(b))));
}

/** Terms an inline `@context` defines; undefined when the context (or part of it) is a URL. */
function contextTerms(context: unknown): Set<string> | undefined {
  const out = new Set<string>();
  for (const c of Array.isArray(context) ? context : context === undefined ? [] : [context]) {
    if (c === null) continue;
    if (typeof c !== 'object') return undefined;
    for (const k of Object.keys(c as object)) out.add(k);
  }
  return out;
}

export class MetadataTreeProvider implements vscode.TreeDataProvider<MetadataElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MetadataElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: MetadataTarget | undefined;
  private description: LinkedDescription | undefined;

  constructor(private readonly registry: StoreRegistry) {}

  current(): MetadataTarget | undefined {
    return this.target;
  }

  /**
   * Show this node's attributes (undefined: show nothing). The node's own attributes show at once; incoming
   * links need the index of every open store, which is built in the background and then shown.
   */
  async show(target: MetadataTarget | undefined): Promise<void> {
    this.target = target;
    this.description = target ? await this.describe(target) : undefined;
    this.changed.fire(undefined);
    if (target && !this.registry.readyIndex()) {
      void this.index().then(() => {
        if (this.target === target) this.changed.fire(undefined);
      });
    }
  }

  /** Wait for the index (expanding a link needs it). */
  private async index(): Promise<LinkedIndex | undefined> {
    return this.registry.index().catch(() => undefined);
  }

  private async describe(target: MetadataTarget): Promise<LinkedDescription> {
    const indexed = this.registry.readyIndex()?.node(target.storeUrl, target.node.path);
    if (indexed) return indexed.description;
    return core().normalizeAttributes(target.node.attributes, { where: `node ${target.node.path} in store ${target.entry.label}` }).catch(() => ({
      subjects: [],
      types: [],
      statements: [],
      plain: [],
      prefixes: {},
      problems: [],
      linked: false,
    }));
  }

  async getChildren(el?: MetadataElement): Promise<MetadataElement[]> {
    const target = this.target;
    if (!target) return [];
    if (!el) return [{ t: 'node', target }];
    switch (el.t) {
      case 'node':
        return this.nodeRows(target, this.description!);
      case 'id':
        return this.linkedRows(el.iri, el.depth + 1);
      case 'predicate':
        return el.objects.map((o) => this.objectRow(o, el.description, el.subject, el.predicate, el.depth));
      case 'blank':
        return this.statementRows(el.description, el.subject, el.depth + 1);
      case 'incoming': {
        const index = await this.index();
        return (index?.incoming(el.iri) ?? []).map((b) => ({ t: 'backlink', subject: b.subject, predicate: b.predicate }));
      }
      case 'backlink':
        return this.linkedRows(el.subject, 1);
      case 'plain':
        if (el.value && typeof el.value === 'object') {
          return Object.entries(el.value as Record<string, unknown>).map(([key, value]) => ({ t: 'plain', key, value }));
        }
        return [];
      default:
        return [];
    }
  }

  private async nodeRows(target: MetadataTarget, d: LinkedDescription): Promise<MetadataElement[]> {
    const rows: MetadataElement[] = [];
    const n = target.node;
    if (n.kind === 'array') {
      rows.push({ t: 'info', label: 'shape', value: shapeText(n.shape) }, { t: 'info', label: 'dtype', value: `${n.dtype} (${n.rawDtype})` });
      rows.push({ t: 'info', label: 'chunks', value: shapeText(n.chunks) });
    }
    for (const iri of d.subjects) rows.push({ t: 'id', iri, label: '@id', depth: 0 });
    if (d.types.length) rows.push({ t: 'types', types: d.types });
    for (const subject of d.subjects) rows.push(...this.statementRows(d, subject, 0));
    const linked = d.linked && d.subjects.length > 0;
    const terms = linked ? contextTerms(n.attributes['@context']) : new Set<string>();
    // JSON-LD nodes: keys that are neither keywords, IRIs nor terms of the context are plain attributes beside
    // the statements (a remote context's terms are unknown here: then nothing is shown twice, at the risk of less)
    if (terms) {
      for (const [key, value] of Object.entries(n.attributes)) {
        if (linked && (key.startsWith('@') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(key) || terms.has(key))) continue;
        if (!linked && d.types.length && key === '@type') continue;
        rows.push({ t: 'plain', key, value });
      }
    }
    const index = this.registry.readyIndex();
    for (const iri of d.subjects) {
      const count = index?.incoming(iri).length ?? 0;
      if (count) rows.push({ t: 'incoming', iri, count });
    }
    return rows;
  }

  private statementRows(d: LinkedDescription, subject: string, depth: number): MetadataElement[] {
    return [...bySubject(d, subject)].map(([predicate, objects]) => ({ t: 'predicate', subject, predicate, objects, description: d, depth }));
  }

  private objectRow(o: Term, d: LinkedDescription, subject: string, predicate: string, depth: number): MetadataElement {
    if (o.termType === 'iri') return { t: 'id', iri: o.value, label: core().localName(o.value), subject, predicate, depth };
    if (o.termType === 'blank') return { t: 'blank', label: o.value, subject: o.value, description: d, depth };
    return { t: 'literal', term: o };
  }

  /** Rows of the node a linked `@id` leads to: where it is, then what it says. */
  private async linkedRows(iri: string, depth: number): Promise<MetadataElement[]> {
    if (depth > MAX_DEPTH) return [{ t: 'info', label: '…', value: 'too deep: select the node in Stores to continue' }];
    const index = await this.index();
    const nodes = index?.byId(iri) ?? [];
    if (!nodes.length) return [{ t: 'info', label: 'not found', value: 'no open store has a node with this @id' }];
    const rows: MetadataElement[] = [];
    for (const n of nodes) {
      const opened = await this.registry.byStoreUrl(n.storeUrl);
      const zn = await opened?.hierarchy.node(n.path);
      if (opened && zn) rows.push({ t: 'node', target: { entry: opened.entry, storeUrl: n.storeUrl, node: zn } });
      rows.push(...this.statementRows(n.description, iri, depth));
    }
    return rows;
  }

  getTreeItem(el: MetadataElement): vscode.TreeItem {
    return metadataItem(el, el.t === 'node' && el.target === this.target);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** The URI a metadata row names, for Retrieve / Copy URI (undefined for rows that name none). */
export function uriOf(el: MetadataElement): { uri: string; subject?: string } | undefined {
  if (el.t === 'id') return { uri: el.iri, subject: el.subject };
  if (el.t === 'backlink') return { uri: el.subject };
  if (el.t === 'predicate' && el.objects.length === 1 && el.objects[0]!.termType === 'iri') return { uri: el.objects[0]!.value, subject: el.subject };
  return undefined;
}
