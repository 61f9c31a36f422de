/**
 * Attributes rendered as JSON-LD: the `@id`, `@type` badges, each predicate with its literal values and its
 * `@id` links (buttons that navigate to the linked node); and the links that point here from other nodes.
 * Everything is text: names, values and URIs from a store are never interpreted as HTML.
 *
 * @example
 * ```ts
 * body.appendChild(renderAttributes(node.attributes, { onNavigate: (uri) => reveal(uri) }));
 * ```
 */
import { localName, type Backlink } from './core.js';
import { el } from './dom.js';

export interface AttributesOptions {
  /** Called with the URI of a clicked `@id` link. */
  onNavigate?: (uri: string) => void;
}

/** A clickable URI (navigates inside the panel; right-click offers Retrieve / Copy URI). */
export function uriLink(uri: string, onNavigate?: (uri: string) => void, text?: string): HTMLElement {
  return el('button', {
    cls: 'zld-Link',
    text: text ?? uri,
    title: uri,
    attrs: { type: 'button', 'data-uri': uri },
    on: { click: () => onNavigate?.(uri) },
  });
}

function shortName(key: string): string {
  const name = localName(key);
  return name || key;
}

function renderValue(value: unknown, opts: AttributesOptions): HTMLElement {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if (typeof o['@id'] === 'string' && Object.keys(o).length === 1) return uriLink(o['@id'], opts.onNavigate, shortName(o['@id']));
    if ('@value' in o) {
      const lang = typeof o['@language'] === 'string' ? ` @${o['@language']}` : '';
      const type = typeof o['@type'] === 'string' ? ` (${shortName(o['@type'])})` : '';
      return el('span', { cls: 'zld-Literal', text: `${String(o['@value'])}${lang}`, title: type.trim() || undefined });
    }
    return el('div', { cls: 'zld-Nested' }, renderObject(o, opts));
  }
  return el('span', { cls: 'zld-Literal', text: typeof value === 'string' ? value : JSON.stringify(value) });
}

function renderObject(attrs: Record<string, unknown>, opts: AttributesOptions): HTMLElement {
  const list = el('dl', { cls: 'zld-Attributes' });
  const id = attrs['@id'];
  if (typeof id === 'string') list.append(el('dt', { text: '@id' }), el('dd', {}, uriLink(id, opts.onNavigate)));
  const types = ([] as unknown[]).concat(attrs['@type'] ?? []).filter((t): t is string => typeof t === 'string');
  if (types.length) {
    list.append(el('dt', { text: '@type' }), el('dd', {}, ...types.map((t) => el('span', { cls: 'zld-Badge', text: shortName(t), title: t }))));
  }
  for (const [key, raw] of Object.entries(attrs)) {
    if (key === '@id' || key === '@type' || key === '@context') continue;
    const values = Array.isArray(raw) ? raw : [raw];
    list.append(
      el('dt', { text: shortName(key), title: key }),
      el('dd', {}, ...values.map((v) => renderValue(v, opts))),
    );
  }
  return list;
}

/** The attributes of a node as JSON-LD. */
export function renderAttributes(attrs: Record<string, unknown>, opts: AttributesOptions = {}): HTMLElement {
  const box = el('div', { cls: 'zld-AttributesView' });
  if (Object.keys(attrs).length === 0) box.appendChild(el('p', { cls: 'zld-Muted', text: 'No attributes.' }));
  else box.appendChild(renderObject(attrs, opts));
  return box;
}

/**
 * The links from other nodes to this one (empty when there are none). A link held by another open store than
 * `storeUrl` (the same `@id`s in two stores) says which store it is in, so the two do not look like one twice.
 */
export function renderIncoming(incoming: Backlink[], onNavigate?: (uri: string) => void, storeUrl?: string): HTMLElement {
  const box = el('div', { cls: 'zld-IncomingView' });
  if (!incoming.length) return box;
  box.appendChild(el('h4', { text: `Incoming links (${incoming.length})` }));
  const ul = el('ul', { cls: 'zld-Incoming' });
  for (const b of incoming) {
    const elsewhere = storeUrl !== undefined && b.storeUrl !== storeUrl;
    ul.appendChild(
      el(
        'li',
        {},
        uriLink(b.subject, onNavigate, shortName(b.subject)),
        el('span', { cls: 'zld-Muted', text: ` ${shortName(b.predicate)} → this`, title: b.predicate }),
        ...(elsewhere ? [el('span', { cls: 'zld-Muted zld-Incoming-store', text: ` (in ${b.storeUrl})`, title: `${b.storeUrl} ${b.path}` })] : []),
      ),
    );
  }
  box.appendChild(ul);
  return box;
}
