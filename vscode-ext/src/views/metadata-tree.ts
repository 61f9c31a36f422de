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
import { nodeDescription, shapeText } from './node-text.js';

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

/** How deep linked `@id`s expand (a guard against cycles; each level is one user click). */
const MAX_DEPTH = 12;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

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

export class MetadataTreeProvider implements vscode.TreeDataProvider<MetadataElement>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<MetadataElement | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: MetadataTarget | undefined;
  private description: LinkedDescription | undefined;

  constructor(private readonly registry: StoreRegistry) {}

  current(): MetadataTarget | undefined {
    return this.target;
  }

  /** Show this node's attributes (undefined: show nothing). */
  async show(target: MetadataTarget | undefined): Promise<void> {
    this.target = target;
    this.description = target ? await this.describe(target) : undefined;
    this.changed.fire(undefined);
  }

  private async index(): Promise<LinkedIndex | undefined> {
    return this.registry.index().catch(() => undefined);
  }

  private async describe(target: MetadataTarget): Promise<LinkedDescription> {
    const indexed = (await this.index())?.node(target.storeUrl, target.node.path);
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
    for (const [key, value] of Object.entries(n.attributes)) {
      // JSON-LD nodes: keys that are neither keywords nor IRIs are plain attributes beside the statements
      if (linked && (key.startsWith('@') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(key))) continue;
      if (!linked && d.types.length && key === '@type') continue;
      rows.push({ t: 'plain', key, value });
    }
    const index = await this.index();
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
    const None = vscode.TreeItemCollapsibleState.None;
    const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (el.t) {
      case 'node': {
        const n = el.target.node;
        const isRoot = el.target === this.target;
        const item = new vscode.TreeItem(n.name || el.target.entry.label, isRoot ? vscode.TreeItemCollapsibleState.Expanded : None);
        item.description = `${n.kind} ${n.path}${nodeDescription(n) ? ` · ${nodeDescription(n)}` : ''}`;
        item.tooltip = `${n.kind} ${n.path}\nstore: ${el.target.entry.label}`;
        item.iconPath = new vscode.ThemeIcon(n.kind === 'array' ? 'symbol-array' : 'symbol-namespace');
        item.contextValue = `zarrLdNode.${n.kind}`;
        return item;
      }
      case 'id': {
        const item = new vscode.TreeItem(el.label, el.label !== '@id' && el.depth < MAX_DEPTH ? Collapsed : None);
        item.description = el.label === '@id' ? el.iri : el.predicate ? '' : el.iri;
        item.tooltip = el.predicate ? `${el.iri}\n(object of ${el.predicate})` : el.iri;
        item.iconPath = new vscode.ThemeIcon('link');
        item.contextValue = 'zarrLdId';
        return item;
      }
      case 'types': {
        const item = new vscode.TreeItem('@type', None);
        item.description = el.types.map(core().localName).join(', ');
        item.tooltip = el.types.join('\n');
        item.iconPath = new vscode.ThemeIcon('symbol-class');
        return item;
      }
      case 'predicate': {
        const single = el.objects.length === 1 ? el.objects[0]! : undefined;
        const link = single?.termType === 'iri' ? single.value : undefined;
        const expandable = el.objects.length > 1 || single?.termType !== 'literal';
        const item = new vscode.TreeItem(core().localName(el.predicate), expandable ? Collapsed : None);
        if (single?.termType === 'literal') item.description = single.value;
        else if (link) item.description = core().localName(link);
        else if (el.objects.length > 1) item.description = `${el.objects.length} values`;
        item.tooltip = link ? `${el.predicate}\n→ ${link}` : el.predicate;
        item.iconPath = new vscode.ThemeIcon(link ? 'link' : 'symbol-property');
        // a predicate holding one link is retrievable like the link itself (right-click hasDataset -> Retrieve)
        item.contextValue = link ? 'zarrLdId.predicate' : 'zarrLdPredicate';
        return item;
      }
      case 'literal': {
        const item = new vscode.TreeItem(el.term.value, None);
        const t = el.term;
        if (t.termType === 'literal') item.description = t.language ? `@${t.language}` : t.datatype ? core().localName(t.datatype) : '';
        item.tooltip = el.term.value;
        item.iconPath = new vscode.ThemeIcon('symbol-string');
        item.contextValue = 'zarrLdLiteral';
        return item;
      }
      case 'blank': {
        const item = new vscode.TreeItem(el.label, Collapsed);
        item.iconPath = new vscode.ThemeIcon('symbol-object');
        return item;
      }
      case 'incoming': {
        const item = new vscode.TreeItem('Linked from', Collapsed);
        item.description = String(el.count);
        item.iconPath = new vscode.ThemeIcon('references');
        return item;
      }
      case 'backlink': {
        const item = new vscode.TreeItem(core().localName(el.subject), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = `${core().localName(el.predicate)} →`;
        item.tooltip = `${el.subject}\n${el.predicate}`;
        item.iconPath = new vscode.ThemeIcon('arrow-left');
        item.contextValue = 'zarrLdId.backlink';
        return item;
      }
      case 'plain': {
        const nested = el.value !== null && typeof el.value === 'object';
        const item = new vscode.TreeItem(el.key, nested ? Collapsed : None);
        item.description = nested ? (Array.isArray(el.value) ? `[${el.value.length}]` : '{…}') : text(el.value);
        item.tooltip = text(el.value);
        item.iconPath = new vscode.ThemeIcon('symbol-field');
        item.contextValue = 'zarrAttribute';
        return item;
      }
      case 'info': {
        const item = new vscode.TreeItem(el.label, None);
        item.description = el.value;
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
    }
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
