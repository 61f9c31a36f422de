/**
 * How each row of the Metadata view looks: labels, descriptions, tooltips, icons and the `contextValue`s the
 * Retrieve / Copy menus key on. Everything from a store is set as plain text (labels, descriptions, string
 * tooltips), never as markdown or HTML.
 *
 * @example
 * ```ts
 * getTreeItem(el) { return metadataItem(el, el === this.root); }
 * ```
 */
import * as vscode from 'vscode';
import { core } from '../lazy-core.js';
import type { MetadataElement } from './metadata-tree.js';
import { nodeDescription } from './node-text.js';

/** How deep linked `@id`s expand (a guard against cycles; each level is one user click). */
export const MAX_DEPTH = 12;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}


export function metadataItem(el: MetadataElement, isRoot: boolean): vscode.TreeItem {
  const None = vscode.TreeItemCollapsibleState.None;
  const Collapsed = vscode.TreeItemCollapsibleState.Collapsed;
  switch (el.t) {
    case 'node': {
      const n = el.target.node;
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
