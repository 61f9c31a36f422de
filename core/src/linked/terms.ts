/**
 * RDF terms and statements as zld's linked-data layer holds them, plus IRI helpers (is it an IRI, its local
 * name, compact-IRI expansion).
 *
 * @example
 * ```ts
 * import { localName, isAbsoluteIri } from '@zld/core';
 * localName('http://www.catplus.ch/ontology/concepts/hasDataset'); // 'hasDataset'
 * isAbsoluteIri('sample 1'); // false
 * ```
 */
import type { AbsolutePath, } from '../store/types.js';
import type { NodeKind } from '../zarr/model.js';
import { KNOWN_PREFIXES } from './contexts/index.js';

export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const XSD_STRING = `${XSD}string`;
export const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
/** zld's own namespace. */
export const ZLD_NS = 'https://zld.dev/ns#';
/** The predicate linking a node's `@id` to its Zarr location IRI (`s3://bucket/store.zarr#/myBatch/sample1`). */
export const ZLD_LOCATION = `${ZLD_NS}location`;

/** Where a node lives: one store, one path. */
export interface NodeRef {
  storeUrl: string;
  path: AbsolutePath;
  kind: NodeKind;
}

export type Term =
  | { termType: 'iri'; value: string }
  | { termType: 'blank'; value: string }
  | { termType: 'literal'; value: string; datatype?: string; language?: string };

/** One RDF statement; `subject` is an IRI or a blank node label (`_:b0`), local to one Zarr node. */
export interface Statement {
  subject: string;
  predicate: string;
  object: Term;
}

/** Characters an IRI may not hold (besides controls and spaces): `<>"{}|\\^` and backquote. */
function forbidden(c: number): boolean {
  return c <= 0x20 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x7b || c === 0x7d || c === 0x7c || c === 0x5c || c === 0x5e || c === 0x60 ||
    (c >= 0x7f && c <= 0x9f) || c === 0xa0 || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0xfeff;
}

/**
 * An absolute IRI: a scheme (`letter (letter | digit | + | - | .)* :`), then no spaces or characters IRIs
 * forbid. Blank node labels (`_:b0`) are not. A plain loop: it runs for every `@id` the index reads.
 */
export function isAbsoluteIri(s: unknown): boolean {
  if (typeof s !== 'string' || s.length < 2) return false;
  let c = s.charCodeAt(0);
  if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return false;
  let i = 1;
  for (; i < s.length; i++) {
    c = s.charCodeAt(i);
    if (c === 0x3a) break;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false;
  }
  if (i === s.length) return false;
  for (i++; i < s.length; i++) if (forbidden(s.charCodeAt(i))) return false;
  return true;
}

export function isBlankLabel(s: string): boolean {
  return s.startsWith('_:');
}

/** The last segment of an IRI: after the last `#`, else after the last `/` (a trailing one ignored), else after `:`. */
export function localName(iri: string): string {
  const hash = iri.lastIndexOf('#');
  if (hash >= 0 && hash < iri.length - 1) return iri.slice(hash + 1);
  const trimmed = iri.endsWith('/') || iri.endsWith('#') ? iri.slice(0, -1) : iri;
  const slash = trimmed.lastIndexOf('/');
  if (slash >= 0) return trimmed.slice(slash + 1);
  const colon = trimmed.lastIndexOf(':');
  return colon >= 0 ? trimmed.slice(colon + 1) : trimmed;
}

/**
 * Expand a compact IRI (`cat:sample7`) with `prefixes` (default: the bundled ones); anything else is
 * returned unchanged (full IRIs, unknown prefixes, `http://...`).
 */
export function expandCompactIri(value: string, prefixes: Readonly<Record<string, string>> = KNOWN_PREFIXES): string {
  const colon = value.indexOf(':');
  if (colon <= 0) return value;
  if (value.startsWith('//', colon + 1)) return value;
  const ns = prefixes[value.slice(0, colon)];
  return ns === undefined ? value : ns + value.slice(colon + 1);
}

/** Collect prefix definitions (`term: "http://...#"` or `{ "@id": ..., "@prefix": true }`) from a `@context` value. */
export function prefixesOf(context: unknown, into: Record<string, string> = {}): Record<string, string> {
  const visit = (ctx: unknown): void => {
    if (Array.isArray(ctx)) {
      ctx.forEach(visit);
      return;
    }
    if (!ctx || typeof ctx !== 'object') return;
    for (const [term, def] of Object.entries(ctx as Record<string, unknown>)) {
      if (term.startsWith('@') || term.includes(':')) continue;
      const iri = typeof def === 'string' ? def : (def as { '@id'?: unknown } | null)?.['@id'];
      if (typeof iri !== 'string' || !isAbsoluteIri(iri)) continue;
      const isPrefix = /[/#:]$/.test(iri) || (typeof def === 'object' && (def as { '@prefix'?: unknown })['@prefix'] === true);
      if (isPrefix) into[term] = iri;
    }
  };
  visit(context);
  return into;
}

/** Shorten an IRI with the bundled prefixes for display (`cat:sample1`); other IRIs are returned unchanged. */
export function compactIri(iri: string, prefixes: Readonly<Record<string, string>> = KNOWN_PREFIXES): string {
  let best: [string, string] | undefined;
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  if (!best) return iri;
  const rest = iri.slice(best[1].length);
  return /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(rest) ? `${best[0]}:${rest}` : iri;
}
