/**
 * Small DOM helpers. Everything a store provides (names, attributes, URIs, messages) is put in the page as
 * text (`textContent`) or as attribute values set one by one; never as HTML.
 *
 * @example
 * ```ts
 * const row = el('div', { cls: 'zld-row', title: node.path }, el('span', { text: node.name }));
 * ```
 */
export interface ElOptions {
  cls?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (ev: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  opts: ElOptions = {},
  ...children: (Node | string | undefined | null | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (opts.cls) node.className = opts.cls;
  if (opts.text !== undefined) node.textContent = opts.text;
  if (opts.title !== undefined) node.title = opts.title;
  for (const [k, v] of Object.entries(opts.attrs ?? {})) node.setAttribute(k, v);
  for (const [type, fn] of Object.entries(opts.on ?? {})) node.addEventListener(type, fn as EventListener);
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

/** Remove every child of `node`. */
export function clear(node: Element): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** Human-readable byte size. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return 'unknown';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
