/**
 * One row of the explorer tree: caret, group/array icon, the node's name (the store URL for a store's root),
 * the local name of its `@id` when it differs, loading and error notes (a store that needs S3 keys: a lock,
 * "needs S3 credentials" and a "Sign in…" button); the path, `@id` and error on hover.
 * Text only: names and ids from a store are never interpreted as HTML.
 *
 * @example
 * ```ts
 * spacer.appendChild(renderTreeRow(row, 0, { selected: true, open: false, loading: false }));
 * ```
 */
import { errorIcon, folderIcon, lockIcon, tableRowsIcon } from '@jupyterlab/ui-components';
import { localName, type AbsolutePath, type ZarrNode } from './core.js';
import { el } from './dom.js';

export const ROW_HEIGHT = 24;

export interface TreeRow {
  storeUrl: string;
  path: AbsolutePath;
  depth: number;
  /** Undefined for a store that failed to open. */
  node?: ZarrNode;
  /** Error text: the store failed to open, or the group's children could not be read. */
  error?: string;
  /** The store failed for lack of S3 keys for this endpoint: the row offers "Sign in…". */
  needsCredentials?: string;
}

/** The `@id` a node's attributes carry, if it is a string. */
export function nodeId(node: ZarrNode | undefined): string | undefined {
  const id = node?.attributes['@id'];
  return typeof id === 'string' ? id : undefined;
}

export interface RowState {
  selected: boolean;
  /** Expanded (groups). */
  open: boolean;
  /** Children being read. */
  loading: boolean;
}

export function renderTreeRow(row: TreeRow, i: number, state: RowState): HTMLElement {
  const isGroup = row.node?.kind === 'group';
  const { open, selected } = state;
  const id = nodeId(row.node);
  const name = row.depth === 0 ? row.storeUrl : row.node?.name ?? row.path;
  const label = el('span', { cls: 'zld-Tree-label', text: name });
  const idName = id ? localName(id) : undefined;
  const div = el(
    'div',
    {
      cls: `zld-Tree-row${selected ? ' zld-mod-selected' : ''}${row.error ? ' zld-mod-error' : ''}`,
      title: `${row.path}${id ? `\n@id: ${id}` : ''}${row.error ? `\n${row.error}` : ''}`,
      attrs: {
        id: `zld-row-${i}`,
        role: 'treeitem',
        'aria-level': String(row.depth + 1),
        'aria-selected': String(selected),
        'data-index': String(i),
        'data-path': row.path,
        'data-store': row.storeUrl,
        'data-kind': row.node?.kind ?? 'error',
      },
    },
    el('span', { cls: `zld-Tree-caret${isGroup ? (open ? ' zld-mod-open' : ' zld-mod-closed') : ''}`, text: isGroup ? (open ? '▾' : '▸') : '' }),
  );
  if (isGroup) div.setAttribute('aria-expanded', String(open));
  div.style.top = `${i * ROW_HEIGHT}px`;
  div.style.paddingLeft = `${4 + row.depth * 14}px`;
  const icon = row.needsCredentials ? lockIcon : row.error && !row.node ? errorIcon : isGroup ? folderIcon : tableRowsIcon;
  div.appendChild(icon.element({ tag: 'span', className: 'zld-Tree-icon' }));
  div.appendChild(label);
  if (idName && idName !== name) div.appendChild(el('span', { cls: 'zld-Tree-id', text: idName }));
  if (state.loading) div.appendChild(el('span', { cls: 'zld-Tree-note', text: 'loading…' }));
  if (row.needsCredentials) {
    div.classList.add('zld-mod-signin');
    div.appendChild(el('span', { cls: 'zld-Tree-note zld-Tree-signinNote', text: 'needs S3 credentials' }));
    // pressed through the tree's mousedown handler (rows are re-created on re-render)
    div.appendChild(el('button', { cls: 'jp-Button jp-mod-styled jp-mod-accept zld-SignInButton', text: 'Sign in…', title: `Give S3 keys for ${row.needsCredentials} and open the store`, attrs: { type: 'button', tabindex: '-1' } }));
  } else if (row.error) div.appendChild(el('span', { cls: 'zld-Tree-note zld-Tree-error', text: row.error }));
  return div;
}
