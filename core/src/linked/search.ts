/**
 * Search across the metadata of the indexed stores: free text over literal values (and `@id`s), a `@type`
 * filter and predicate filters (`temperatureindegrees=25`, predicate by local name, compact or full IRI).
 * A lowercase text index is built once per index version, so search-as-you-type over 100k nodes is cheap.
 *
 * @example
 * ```ts
 * import { searchIndex } from '@zld/core';
 * const hits = searchIndex(index, 'acetonitrile', { type: 'cat:Chemical', where: ['molecularWeight>40'] });
 * hits[0].matches; // [{ predicate: 'http://www.catplus.ch/ontology/concepts/name', value: 'acetonitrile' }]
 * ```
 */
import { ZldError } from '../errors.js';
import type { IndexedNode, LinkedIndex } from './index.js';
import { localName, type NodeRef } from './terms.js';

export interface SearchOptions {
  /** `@type` filter: full or compact IRI, or a bare local name (`Sample`). */
  type?: string;
  /** Predicate filters such as `temperatureindegrees=25`, `name~aceto`, `quantity>=2`; all must hold. */
  where?: (string | WhereFilter)[];
  /** Only nodes of this store. */
  storeUrl?: string;
  /** At most this many hits (default 100). */
  limit?: number;
}

export interface WhereFilter {
  predicate: string;
  op: '=' | '!=' | '~' | '>' | '>=' | '<' | '<=';
  value: string;
}

export interface SearchMatch {
  /** Predicate IRI (or plain attribute key, or `@id`). */
  predicate: string;
  value: string;
}

export interface SearchHit extends NodeRef {
  ids: string[];
  types: string[];
  matches: SearchMatch[];
}

interface Field {
  predicate: string;
  value: string;
  lower: string;
  isLink: boolean;
}

interface TextIndex {
  version: number;
  nodes: IndexedNode[];
  /** All of a node's lowercase text joined by `\u0001`, for a fast first test. */
  blobs: string[];
  fields: Field[][];
}

const cache = new WeakMap<LinkedIndex, TextIndex>();

function textIndex(index: LinkedIndex): TextIndex {
  const hit = cache.get(index);
  if (hit && hit.version === index.version) return hit;
  const nodes: IndexedNode[] = [];
  const blobs: string[] = [];
  const fields: Field[][] = [];
  for (const node of index.nodes()) {
    const f: Field[] = [];
    for (const id of node.ids) f.push({ predicate: '@id', value: id, lower: id.toLowerCase(), isLink: true });
    for (const s of node.links) {
      if (s.object.termType === 'iri') f.push({ predicate: s.predicate, value: s.object.value, lower: s.object.value.toLowerCase(), isLink: true });
    }
    for (const [k, v] of node.texts()) f.push({ predicate: k, value: v, lower: v.toLowerCase(), isLink: false });
    nodes.push(node);
    fields.push(f);
    blobs.push(f.filter((x) => !x.isLink || x.predicate === '@id').map((x) => x.lower).join('\u0001'));
  }
  const built = { version: index.version, nodes, blobs, fields };
  cache.set(index, built);
  return built;
}

const WHERE_RE = /^(.+?)\s*(!=|>=|<=|=|~|>|<)\s*(.*)$/s;

/** Parse `p=v`, `p!=v`, `p~v`, `p>v`, `p>=v`, `p<v`, `p<=v`. */
export function parseWhere(expr: string): WhereFilter {
  const m = WHERE_RE.exec(expr);
  if (!m || !m[1]!.trim()) throw new ZldError('BadInput', `filter ${JSON.stringify(expr)} is not of the form predicate=value (or !=, ~, >, >=, <, <=)`);
  return { predicate: m[1]!.trim(), op: m[2] as WhereFilter['op'], value: m[3]!.trim() };
}

function predicateMatcher(index: LinkedIndex, p: string): (iri: string) => boolean {
  if (p.includes(':')) {
    const full = index.expandIri(p);
    return (iri) => iri === full || iri === p;
  }
  const lower = p.toLowerCase();
  return (iri) => iri === p || localName(iri).toLowerCase() === lower;
}

function typeMatcher(index: LinkedIndex, t: string): (types: readonly string[]) => boolean {
  const m = predicateMatcher(index, t);
  return (types: readonly string[]) => types.some(m);
}

function compare(field: Field, f: WhereFilter, index: LinkedIndex): boolean {
  const a = field.value;
  const b = field.isLink ? index.expandIri(f.value) : f.value;
  const na = Number(a);
  const nb = Number(b);
  const numeric = a.trim() !== '' && b !== '' && Number.isFinite(na) && Number.isFinite(nb);
  switch (f.op) {
    case '=':
      return numeric ? na === nb : a.toLowerCase() === b.toLowerCase();
    case '!=':
      return numeric ? na !== nb : a.toLowerCase() !== b.toLowerCase();
    case '~':
      return field.lower.includes(f.value.toLowerCase());
    case '>':
      return numeric ? na > nb : a > b;
    case '>=':
      return numeric ? na >= nb : a >= b;
    case '<':
      return numeric ? na < nb : a < b;
    case '<=':
      return numeric ? na <= nb : a <= b;
  }
}

/** Search the index; see the module documentation. Empty text with no filters returns nothing. */
export function searchIndex(index: LinkedIndex, text: string, opts: SearchOptions = {}): SearchHit[] {
  const tokens = text.toLowerCase().split(/\s+/).filter(Boolean);
  const wheres = (opts.where ?? []).map((w) => (typeof w === 'string' ? parseWhere(w) : w));
  if (tokens.length === 0 && wheres.length === 0 && !opts.type) return [];
  const whereMatchers = wheres.map((w) => ({ w, m: predicateMatcher(index, w.predicate) }));
  const typeOk = opts.type ? typeMatcher(index, opts.type) : undefined;
  const limit = opts.limit ?? 100;
  const t = textIndex(index);
  const hits: SearchHit[] = [];
  for (let i = 0; i < t.nodes.length && hits.length < limit; i++) {
    const node = t.nodes[i]!;
    if (opts.storeUrl !== undefined && node.storeUrl !== opts.storeUrl) continue;
    if (typeOk && !typeOk(node.types)) continue;
    const blob = t.blobs[i]!;
    let ok = true;
    for (const tok of tokens) {
      if (!blob.includes(tok)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    const fields = t.fields[i]!;
    const matches: SearchMatch[] = [];
    for (const { w, m } of whereMatchers) {
      const hit = fields.find((f) => f.predicate !== '@id' && m(f.predicate) && compare(f, w, index));
      if (!hit) {
        ok = false;
        break;
      }
      matches.push({ predicate: hit.predicate, value: hit.value });
    }
    if (!ok) continue;
    for (const f of fields) {
      if (f.isLink && f.predicate !== '@id') continue;
      if (tokens.some((tok) => f.lower.includes(tok))) matches.push({ predicate: f.predicate, value: f.value });
    }
    hits.push({ storeUrl: node.storeUrl, path: node.path, kind: node.kind, ids: [...node.ids], types: [...node.types], matches });
  }
  return hits;
}
