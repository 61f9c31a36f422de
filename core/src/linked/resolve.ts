/**
 * Resolve a URI to data: the node carrying that `@id` if it is an array; for a group, its dataset links
 * (default: any predicate whose local name is `hasDataset`, plus schema:distribution and dcat:distribution)
 * to the array carrying the linked `@id` or named by its local name; finally, when the links lead nowhere,
 * the original convention of a child array `<name>Dataset` (without an `@id` of its own). Every candidate is returned, ranked: the caller decides, never silently one.
 * A URI the index does not know comes back with the nearest known URIs as suggestions.
 *
 * @example
 * ```ts
 * const r = resolveUri(index, 'http://www.catplus.ch/ontology/concepts/sample1');
 * r.candidates[0]; // { storeUrl, path: '/myBatch/mySamplePrep/sample1/sample1Dataset', kind: 'array', via: 'link', ... }
 * ```
 */
import type { AbsolutePath } from '../store/types.js';
import type { IndexedNode, LinkedIndex } from './index.js';
import { nearestIds } from './suggest.js';
import { isAbsoluteIri, localName, type NodeRef } from './terms.js';

export interface Candidate {
  storeUrl: string;
  path: AbsolutePath;
  kind: 'array';
  /** `self`: the URI names the array; `link`: a dataset link leads there; `convention`: `<name>Dataset`. */
  via: 'self' | 'link' | 'convention';
  /** The dataset predicate followed (for `via: 'link'`). */
  predicate?: string;
  /** The `@id` the link pointed to (for `via: 'link'`). */
  target?: string;
  /** Higher is better, in (0, 1]. */
  score: number;
}

export interface Resolution {
  /** The URI as looked up (expanded when it was compact). */
  uri: string;
  candidates: Candidate[];
  /** The nodes carrying the URI as `@id`. */
  subject: NodeRef[];
  /** Nearest known URIs when the URI is unknown; linked URIs that have data when it has none itself. */
  suggestions: string[];
}

export interface ResolveOptions {
  /** Dataset link predicates: full or compact IRIs, or bare local names (`hasDataset`). Replaces the default. */
  predicates?: string[];
  /** How deep to follow links to groups that have dataset links of their own (default 4). */
  maxDepth?: number;
}

const DEFAULT_PREDICATE_IRIS = ['https://schema.org/distribution', 'http://schema.org/distribution', 'http://www.w3.org/ns/dcat#distribution'];
const DEFAULT_LOCAL_NAMES = ['hasDataset'];

interface Matcher {
  iris: Set<string>;
  locals: Set<string>;
}

const DEFAULT_MATCHER: Matcher = { iris: new Set(DEFAULT_PREDICATE_IRIS), locals: new Set(DEFAULT_LOCAL_NAMES) };

function matcher(index: LinkedIndex, predicates?: string[]): Matcher {
  if (!predicates) return DEFAULT_MATCHER;
  const m: Matcher = { iris: new Set(), locals: new Set() };
  for (const p of predicates) {
    if (p.includes(':')) m.iris.add(index.expandIri(p));
    else m.locals.add(p);
  }
  return m;
}

/** Predicates are few: their local names are cached (link targets are not: they are many). */
const predicateLocals = new Map<string, string>();
function predicateLocal(iri: string): string {
  let l = predicateLocals.get(iri);
  if (l === undefined) {
    if (predicateLocals.size > 10_000) predicateLocals.clear();
    l = localName(iri);
    predicateLocals.set(iri, l);
  }
  return l;
}

function isDatasetLink(m: Matcher, predicate: string): boolean {
  return m.iris.has(predicate) || (m.locals.size > 0 && m.locals.has(predicateLocal(predicate)));
}

function childPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Variants to try for user-typed URIs: trimmed, percent-decoded, percent-encoded. */
function variants(uri: string): string[] {
  const out = [uri.trim()];
  try {
    out.push(decodeURI(out[0]!));
  } catch {
    /* not valid percent-encoding: ignore */
  }
  try {
    out.push(encodeURI(out[0]!));
  } catch {
    /* lone surrogate: ignore */
  }
  return [...new Set(out)];
}

/** See the module documentation. Never throws for any string input. */
export function resolveUri(index: LinkedIndex, uri: string, opts: ResolveOptions = {}): Resolution {
  let key = index.expandIri(uri);
  let subjects = index.byId(key);
  if (subjects.length === 0 && typeof uri === 'string') {
    for (const v of variants(uri)) {
      const hit = index.byId(v);
      if (hit.length) {
        key = index.expandIri(v);
        subjects = hit;
        break;
      }
    }
  }
  const m = matcher(index, opts.predicates);
  // few candidates: a list beats a map
  const candidates: Candidate[] = [];
  const add = (c: Candidate) => {
    for (let i = 0; i < candidates.length; i++) {
      const old = candidates[i]!;
      if (old.path === c.path && old.storeUrl === c.storeUrl) {
        if (old.score < c.score) candidates[i] = c;
        return;
      }
    }
    candidates.push(c);
  };
  const visited = new LazySet(key);
  for (const node of subjects) collect(index, node, m, add, visited, opts.maxDepth ?? 4, 1);
  if (candidates.length > 1) {
    candidates.sort((a, b) => b.score - a.score || (a.storeUrl < b.storeUrl ? -1 : a.storeUrl > b.storeUrl ? 1 : a.path < b.path ? -1 : 1));
  }
  const subject = subjects.map(({ storeUrl, path, kind }) => ({ storeUrl, path, kind }));
  let suggestions: string[] = [];
  if (subject.length === 0) suggestions = nearestIds(index, key);
  else if (candidates.length === 0) suggestions = linkedWithData(index, key, m);
  return { uri: key, candidates, subject, suggestions };
}

/** A set of visited URIs that allocates only when a second one is added (most lookups visit one). */
class LazySet {
  private set: Set<string> | undefined;
  constructor(private readonly first: string) {}
  has(k: string): boolean {
    return k === this.first || (this.set?.has(k) ?? false);
  }
  add(k: string): this {
    (this.set ??= new Set()).add(k);
    return this;
  }
}

function collect(
  index: LinkedIndex,
  node: IndexedNode,
  m: Matcher,
  add: (c: Candidate) => void,
  visited: { has(k: string): boolean; add(k: string): unknown },
  depth: number,
  weight: number,
): void {
  const { storeUrl, path } = node;
  if (node.kind === 'array') {
    add({ storeUrl, path, kind: 'array', via: 'self', score: 1 * weight });
    return;
  }
  let linked = false;
  let found = false;
  const counted = (c: Candidate) => {
    found = true;
    add(c);
  };
  for (const s of node.links) {
    if (s.object.termType !== 'iri' || !node.ids.includes(s.subject) || !isDatasetLink(m, s.predicate)) continue;
    linked = true;
    const target = s.object.value;
    const predicate = s.predicate;
    const link = (at: IndexedNode, score: number): Candidate => ({ storeUrl: at.storeUrl, path: at.path, kind: 'array', via: 'link', predicate, target, score });
    let hit = false;
    for (const t of index.byId(target)) {
      if (t.kind === 'array') {
        counted(link(t, (t.storeUrl === storeUrl ? 0.95 : 0.7) * weight));
        hit = true;
      } else if (depth > 0 && !visited.has(target)) {
        visited.add(target);
        collect(index, t, m, counted, visited, depth - 1, weight * 0.9);
        hit = true;
      }
    }
    // the @id is authoritative; failing it, an array named by the target's local name: the child first
    const name = hit ? '' : localName(target);
    if (name) {
      const child = index.node(storeUrl, childPath(path, name));
      if (child?.kind === 'array' && (child.ids.length === 0 || child.ids.includes(target))) {
        counted(link(child, 0.9 * weight));
        hit = true;
      }
      if (!hit) {
        for (const other of index.named(storeUrl, name)) {
          if (other.kind === 'array' && (other.ids.length === 0 || other.ids.includes(target))) {
            counted(link(other, 0.6 * weight));
          }
        }
      }
    }
  }
  // finally the original convention, when the links led nowhere: a child array `<name>Dataset` that does not
  // claim to be something else (an @id of its own)
  if (found) return;
  const conventional = index.node(storeUrl, childPath(path, `${node.name}Dataset`));
  if (conventional?.kind === 'array' && conventional.ids.length === 0) {
    add({ storeUrl, path: conventional.path, kind: 'array', via: 'convention', score: (linked ? 0.4 : 0.5) * weight });
  }
}

/** URIs linked from `uri` (breadth first, a few levels) that resolve to data. */
function linkedWithData(index: LinkedIndex, uri: string, m: Matcher, limit = 10): string[] {
  const out: string[] = [];
  const seen = new Set([uri]);
  let frontier = [uri];
  for (let depth = 0; depth < 4 && frontier.length && out.length < limit; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (out.length >= limit || next.length > 10_000) break;
      for (const l of index.outgoing(id)) {
        if (out.length >= limit) break;
        if (seen.has(l.object) || !isAbsoluteIri(l.object)) continue;
        seen.add(l.object);
        next.push(l.object);
        const nodes = index.byId(l.object);
        if (nodes.length === 0) continue;
        const found: Candidate[] = [];
        for (const n of nodes) collect(index, n, m, (c) => found.push(c), new Set([l.object]), 2, 1);
        if (found.length && out.length < limit) out.push(l.object);
      }
    }
    frontier = next;
  }
  return out;
}
