/**
 * Nearest known URIs for a URI the index does not hold: same local name in another namespace, a shared
 * suffix, then a small edit distance on the local name. Used by {@link resolveUri} for "did you mean".
 *
 * @example
 * ```ts
 * nearestIds(index, 'http://www.catplus.ch/ontology/concepts/sampel1'); // ['http://www.catplus.ch/ontology/concepts/sample1', ...]
 * ```
 */
import type { LinkedIndex } from './index.js';
import { localName } from './terms.js';

interface LocalNames {
  version: number;
  /** lowercase local name -> ids */
  byLocal: Map<string, string[]>;
  locals: string[];
}

const cache = new WeakMap<LinkedIndex, LocalNames>();

function localNames(index: LinkedIndex): LocalNames {
  const hit = cache.get(index);
  if (hit && hit.version === index.version) return hit;
  const byLocal = new Map<string, string[]>();
  for (const id of index.allIds()) {
    const l = localName(id).toLowerCase();
    const list = byLocal.get(l);
    if (list) list.push(id);
    else byLocal.set(l, [id]);
  }
  const built = { version: index.version, byLocal, locals: [...byLocal.keys()] };
  cache.set(index, built);
  return built;
}

/** Levenshtein distance, giving up (returning `max + 1`) as soon as it must exceed `max`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Up to `limit` known `@id`s nearest to `uri`, best first. */
export function nearestIds(index: LinkedIndex, uri: string, limit = 5): string[] {
  const target = uri.trim();
  const { byLocal, locals } = localNames(index);
  const local = localName(target).toLowerCase();
  const scored = new Map<string, number>();
  const add = (id: string, score: number) => {
    if (id === target) return;
    const old = scored.get(id);
    if (old === undefined || score < old) scored.set(id, score);
  };
  const ns = target.slice(0, target.length - localName(target).length);
  // same local name (another namespace or case)
  for (const id of byLocal.get(local) ?? []) add(id, id.startsWith(ns) ? 0 : 0.5);
  // close local names: edit distance, or one a prefix/suffix of the other
  const max = Math.max(1, Math.min(3, Math.floor(local.length / 3)));
  for (const l of locals) {
    if (l === local) continue;
    let d = boundedEditDistance(local, l, max);
    if (d > max && local.length >= 3 && (l.endsWith(local) || l.startsWith(local) || local.startsWith(l))) d = max + 0.5;
    if (d > max + 0.5) continue;
    for (const id of byLocal.get(l)!) add(id, d + (id.startsWith(ns) ? 0 : 0.5));
    if (scored.size > limit * 50) break;
  }
  return [...scored.entries()]
    .sort((a, b) => a[1] - b[1] || a[0].length - b[0].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([id]) => id);
}
