/**
 * Text values of node attributes for search, read straight from the attributes without building statements:
 * literal values of expanded JSON-LD, and the values of plain (or unreadable) attributes.
 *
 * @example
 * ```ts
 * literalTexts({ '@id': 'https://ex.org/a', 'https://ex.org/name': [{ '@value': 'ethanol' }] }); // [['https://ex.org/name', 'ethanol']]
 * ```
 */
import { isIriKey } from './normalize.js';

/** Text values of attributes that could not be read as JSON-LD, leniently (never throws), for search. */
export function plainValuesOf(attributes: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const visit = (key: string, v: unknown, depth: number): void => {
    if (typeof v === 'string') out.push([key, v]);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push([key, String(v)]);
    else if (depth < 4 && Array.isArray(v)) for (const x of v) visit(key, x, depth + 1);
    else if (depth < 4 && v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) if (k !== '@context') visit(k.startsWith('@') ? key : k, x, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(attributes)) if (k !== '@context') visit(k, v, 0);
  return out;
}

/**
 * The text values of attributes without `@context` as `[predicate or key, text]`, read straight from the
 * attributes (no statements built): what search indexes. Literal values under IRI keys (nested nodes
 * included), and plain attribute values.
 */
export function literalTexts(attributes: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  const value = (predicate: string, v: unknown, depth: number): void => {
    if (typeof v === 'string') out.push([predicate, v]);
    else if (typeof v === 'number' || typeof v === 'boolean') out.push([predicate, String(v)]);
    else if (Array.isArray(v)) for (const x of v) value(predicate, x, depth);
    else if (v && typeof v === 'object' && depth < 8) {
      const o = v as Record<string, unknown>;
      if ('@value' in o) value(predicate, o['@value'], depth);
      else if ('@list' in o || '@set' in o) value(predicate, o['@list'] ?? o['@set'], depth);
      else node(o, depth + 1, false);
    }
  };
  const node = (o: Record<string, unknown>, depth: number, top: boolean): void => {
    for (const key in o) {
      const v = o[key];
      if (key.charCodeAt(0) === 64 /* @ */) {
        if ((key === '@graph' || key === '@included') && depth < 8) {
          for (const n of Array.isArray(v) ? v : [v]) if (n && typeof n === 'object') node(n as Record<string, unknown>, depth + 1, top);
        }
      } else if (isIriKey(key)) value(key, v, depth);
      else if (top && (typeof v !== 'object' || Array.isArray(v))) value(key, v, 8);
    }
  };
  node(attributes, 0, true);
  return out;
}
