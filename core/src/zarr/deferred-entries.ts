/**
 * Consolidated entries found by the fast scan of zarr-python's layout, kept as positions only (four numbers
 * per entry, no strings, no maps) until something needs more: the root and its children are answered by one
 * light pass over the positions; anything deeper builds the full {@link EntryTable} once. `zld tree --depth 1`
 * on 100,000 nodes then never builds an index of all of them.
 *
 * @example
 * ```ts
 * const d = new DeferredEntries(text, parse);
 * d.push(keyStart, keyEnd, valueStart, valueEnd);
 * d.childPaths('/'); // the light pass
 * d.get('a/b/.zattrs'); // builds the full table
 * ```
 */
import { EntryTable, isNodePath, type NodeFile } from './entry-table.js';
import type { LazyEntries } from './lazy-json.js';

type Doc = Record<string, unknown>;
const SLASH = 0x2f;

export class DeferredEntries implements LazyEntries {
  private pos = new Int32Array(4096);
  private n = 0;
  /** Entries whose key had escapes: index -> decoded key. */
  private readonly decoded = new Map<number, string>();
  private full?: EntryTable;
  /** Keys with at most one `/` (the root's files and its children's) -> value span; authoritative. */
  private shallow?: Map<string, [number, number]>;
  private rootKids?: string[];
  private readonly parsed = new Map<string, Doc>();

  constructor(
    private readonly text: string,
    private readonly parse: (start: number, end: number, key: string) => Doc,
  ) {}

  /** Record an entry: its key at [keyStart, keyEnd) of the text (or `key` when it had escapes), its value at [start, end). */
  push(keyStart: number, keyEnd: number, start: number, end: number, key?: string): void {
    if (4 * this.n + 4 > this.pos.length) {
      const grown = new Int32Array(this.pos.length * 2);
      grown.set(this.pos);
      this.pos = grown;
    }
    const p = this.pos;
    const i = 4 * this.n;
    p[i] = keyStart;
    p[i + 1] = keyEnd;
    p[i + 2] = start;
    p[i + 3] = end;
    if (key !== undefined) this.decoded.set(this.n, key);
    this.n++;
  }

  private table(): EntryTable {
    if (this.full) return this.full;
    const t = new EntryTable(this.parse);
    const { text, pos } = this;
    for (let e = 0; e < this.n; e++) {
      const ks = pos[4 * e]!;
      const ke = pos[4 * e + 1]!;
      const start = pos[4 * e + 2]!;
      const end = pos[4 * e + 3]!;
      const key = this.decoded.get(e);
      if (key !== undefined) t.addKey(key, start, end);
      else if (ke - ks >= 7 && text.charCodeAt(ke - 7) === 0x2e && text.charCodeAt(ke - 6) === 0x7a) {
        // `<node>/.zgroup`, `.zarray`, `.zattrs`: the node's path without making the whole key a string
        const f = text.startsWith('group', ke - 5) ? 0 : text.startsWith('array', ke - 5) ? 1 : text.startsWith('attrs', ke - 5) ? 2 : -1;
        if (f >= 0 && ke - ks === 7) t.addNode('', f as NodeFile, start, end);
        else if (f >= 0 && text.charCodeAt(ke - 8) === SLASH) {
          const node = text.slice(ks, ke - 8);
          if (isNodePath(node)) t.addNode(node, f as NodeFile, start, end);
          else t.addKey(text.slice(ks, ke), start, end);
        } else t.addKey(text.slice(ks, ke), start, end);
      } else t.addKey(text.slice(ks, ke), start, end);
    }
    this.full = t;
    return t;
  }

  /** The light pass: every key with at most one `/`, and the root's child nodes. */
  private shallowPass(): Map<string, [number, number]> {
    if (this.shallow) return this.shallow;
    const shallow = new Map<string, [number, number]>();
    const kids: string[] = [];
    const seen = new Set<string>();
    const { text, pos } = this;
    const consider = (key: string, start: number, end: number) => {
      shallow.set(key, [start, end]);
      if (key.endsWith('/.zgroup') || key.endsWith('/.zarray')) {
        const name = key.slice(0, -8);
        if (name && !seen.has(name)) {
          seen.add(name);
          kids.push(`/${name}`);
        }
      }
    };
    for (let e = 0; e < this.n; e++) {
      const ks = pos[4 * e]!;
      const ke = pos[4 * e + 1]!;
      const key = this.decoded.get(e);
      if (key !== undefined) {
        const first = key.indexOf('/');
        if (first < 0 || key.indexOf('/', first + 1) < 0) consider(key, pos[4 * e + 2]!, pos[4 * e + 3]!);
        continue;
      }
      const first = text.indexOf('/', ks);
      if (first >= 0 && first < ke) {
        const second = text.indexOf('/', first + 1);
        if (second >= 0 && second < ke) continue; // deeper than the root's children
      }
      consider(text.slice(ks, ke), pos[4 * e + 2]!, pos[4 * e + 3]!);
    }
    this.rootKids = kids;
    this.shallow = shallow;
    return shallow;
  }

  childPaths(parent: string): string[] {
    if (this.full) return this.full.childPaths(parent);
    if (parent === '/' || parent === '') {
      this.shallowPass();
      return [...this.rootKids!];
    }
    return this.table().childPaths(parent);
  }

  get(key: string): Doc | undefined {
    if (this.full) return this.full.get(key);
    const first = key.indexOf('/');
    if (first >= 0 && key.indexOf('/', first + 1) >= 0) return this.table().get(key);
    const hit = this.parsed.get(key);
    if (hit) return hit;
    const span = this.shallowPass().get(key);
    if (!span) return undefined;
    const doc = this.parse(span[0], span[1], key);
    this.parsed.set(key, doc);
    return doc;
  }

  keys(): string[] {
    return this.table().keys();
  }
}
