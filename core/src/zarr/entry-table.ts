/**
 * The index behind lazily read consolidated v2 metadata: where each entry's value lies in the document, kept
 * per node (`a/b` -> spans of its `.zgroup`, `.zarray`, `.zattrs`) together with the child nodes of each
 * group, built in the same pass that finds the entries. One map entry per node instead of one per key, and no
 * second pass over all keys to find a group's children: opening a 100,000-node store to list its first level
 * costs one scan.
 *
 * @example
 * ```ts
 * const table = new EntryTable((start, end, key) => JSON.parse(text.slice(start, end)));
 * table.addKey('a/.zgroup', 10, 30);
 * table.childPaths('/'); // ['/a']
 * table.get('a/.zgroup');
 * ```
 */

/** The metadata files kept per node; their index is the `file` argument of {@link EntryTable.addNode}. */
export const NODE_FILES = ['.zgroup', '.zarray', '.zattrs'] as const;
export type NodeFile = 0 | 1 | 2;

type Doc = Record<string, unknown>;

class NodeSpans {
  s0 = -1;
  e0 = -1;
  s1 = -1;
  e1 = -1;
  s2 = -1;
  e2 = -1;
}

/** The file index of a key's last segment (`.zgroup` 0, `.zarray` 1, `.zattrs` 2), or -1. */
function fileOf(key: string, at: number): number {
  if (key.charCodeAt(at) !== 0x2e || key.charCodeAt(at + 1) !== 0x7a) return -1;
  for (let f = 0; f < 3; f++) if (key.startsWith(NODE_FILES[f]!, at) && key.length === at + 7) return f;
  return -1;
}

/** A node path as consolidated keys spell it (`a/b`): no empty segment (`/a`, `a//b`, `a/` are other keys). */
export function isNodePath(p: string): boolean {
  return p.length > 0 && p.charCodeAt(0) !== 0x2f && p.charCodeAt(p.length - 1) !== 0x2f && !p.includes('//');
}

/** The node path and file index of a key (`a/b/.zattrs` -> ['a/b', 2], `.zgroup` -> ['', 0]), or undefined. */
function splitKey(key: string): [string, NodeFile] | undefined {
  const slash = key.lastIndexOf('/');
  const f = fileOf(key, slash + 1);
  if (f < 0) return undefined;
  const node = slash < 0 ? '' : key.slice(0, slash);
  return slash < 0 || isNodePath(node) ? [node, f as NodeFile] : undefined;
}

export class EntryTable {
  private readonly nodes = new Map<string, NodeSpans>();
  private readonly other = new Map<string, [number, number]>();
  private readonly kids = new Map<string, string[]>();
  private readonly parsed = new Map<string, Doc>();
  private lastPath = '\u0000';
  private lastNode = new NodeSpans();
  private lastParent = '\u0000';
  private lastKids: string[] = [];

  /** `parse(start, end, key)` reads the value at [start, end) of the document (throws on bad JSON). */
  constructor(private readonly parse: (start: number, end: number, key: string) => Doc) {}

  /** Record the entry `<nodePath>/<file>` (`nodePath` relative, `''` for the root); a later entry wins. */
  addNode(nodePath: string, file: NodeFile, start: number, end: number): void {
    let n: NodeSpans | undefined;
    if (nodePath === this.lastPath) n = this.lastNode;
    else {
      n = this.nodes.get(nodePath);
      if (!n) this.nodes.set(nodePath, (n = new NodeSpans()));
      this.lastPath = nodePath;
      this.lastNode = n;
    }
    if (file === 2) {
      n.s2 = start;
      n.e2 = end;
      return;
    }
    if (n.s0 < 0 && n.s1 < 0 && nodePath !== '') this.addChild(nodePath);
    if (file === 0) {
      n.s0 = start;
      n.e0 = end;
    } else {
      n.s1 = start;
      n.e1 = end;
    }
  }

  /** Record an entry by its whole key. */
  addKey(key: string, start: number, end: number): void {
    const split = splitKey(key);
    if (split) this.addNode(split[0], split[1], start, end);
    else this.other.set(key, [start, end]);
  }

  private addChild(nodePath: string): void {
    const slash = nodePath.lastIndexOf('/');
    const parent = slash < 0 ? '' : nodePath.slice(0, slash);
    if (parent !== this.lastParent) {
      let list = this.kids.get(parent);
      if (!list) this.kids.set(parent, (list = []));
      this.lastParent = parent;
      this.lastKids = list;
    }
    this.lastKids.push(nodePath);
  }

  /** Absolute paths of the nodes (entries with a `.zgroup` or `.zarray`) directly under `parent` (absolute). */
  childPaths(parent: string): string[] {
    const list = this.kids.get(parent === '/' ? '' : parent.replace(/^\/+|\/+$/g, ''));
    return list ? list.map((c) => `/${c}`) : [];
  }

  get(key: string): Doc | undefined {
    const hit = this.parsed.get(key);
    if (hit) return hit;
    const split = splitKey(key);
    const f = split ? split[1] : -1;
    let start = -1;
    let end = -1;
    if (split) {
      const n = this.nodes.get(split[0]);
      if (!n) return undefined;
      [start, end] = f === 0 ? [n.s0, n.e0] : f === 1 ? [n.s1, n.e1] : [n.s2, n.e2];
    } else {
      const span = this.other.get(key);
      if (span) [start, end] = span;
    }
    if (start < 0) return undefined;
    const doc = this.parse(start, end, key);
    this.parsed.set(key, doc);
    return doc;
  }

  keys(): string[] {
    const out: string[] = [];
    for (const [p, n] of this.nodes) {
      const pre = p === '' ? '' : `${p}/`;
      if (n.s0 >= 0) out.push(`${pre}.zgroup`);
      if (n.s1 >= 0) out.push(`${pre}.zarray`);
      if (n.s2 >= 0) out.push(`${pre}.zattrs`);
    }
    out.push(...this.other.keys());
    return out;
  }
}
