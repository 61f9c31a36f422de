/**
 * All metadata of a store as RDF, N-Quads or Turtle, ready to load into a triple store. Besides what the
 * attributes say, every Zarr node gets a location IRI, `<store URL>#<path>` (e.g.
 * `s3://bucket/store.zarr#/myBatch/sample1`), typed `zld:Group` or `zld:Array` with its `zld:path`, and each
 * `@id` a node carries is linked to it by `zld:location` (`https://zld.dev/ns#location`). In N-Quads the
 * statements of a store sit in a named graph, the store's URL.
 *
 * @example
 * ```ts
 * import { storeToRdf } from '@zld/core';
 * const nquads = storeToRdf(index, 'file:///data/cat.zarr', { format: 'nquads' });
 * ```
 */
import { ZldError } from '../errors.js';
import { KNOWN_PREFIXES } from './contexts/index.js';
import type { IndexedNode, LinkedIndex } from './index.js';
import { RDF_TYPE, XSD_STRING, ZLD_LOCATION, ZLD_NS, isBlankLabel, type Term } from './terms.js';

export type RdfFormat = 'nquads' | 'turtle';

export interface RdfOptions {
  format: RdfFormat;
  /** N-Quads only: put the statements in a named graph, the store's URL (default true). */
  namedGraph?: boolean;
}

export interface Quad {
  subject: Term;
  predicate: string;
  object: Term;
}

/** Characters an IRI in N-Quads/Turtle may not hold, percent-encoded. */
function safeIri(iri: string): string {
  return iri.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The IRI of a Zarr node: `<store URL>#<path>`. */
export function locationIri(storeUrl: string, path: string): string {
  const base = storeUrl.includes('#') ? storeUrl.slice(0, storeUrl.indexOf('#')) : storeUrl;
  return safeIri(`${base}#${path}`);
}

/** Every statement of a store: the attributes' and the location statements, blank labels made unique per node. */
export function storeQuads(index: LinkedIndex, storeUrl: string): Quad[] {
  if (!index.storeUrls().includes(storeUrl)) throw new ZldError('NotFound', `store ${storeUrl} is not indexed`);
  const quads: Quad[] = [];
  let n = 0;
  for (const node of index.nodes(storeUrl)) nodeQuads(node, n++, quads);
  return quads;
}

function nodeQuads(node: IndexedNode, n: number, quads: Quad[]): void {
  const loc: Term = { termType: 'iri', value: locationIri(node.storeUrl, node.path) };
  quads.push({ subject: loc, predicate: RDF_TYPE, object: { termType: 'iri', value: `${ZLD_NS}${node.kind === 'array' ? 'Array' : 'Group'}` } });
  quads.push({ subject: loc, predicate: `${ZLD_NS}path`, object: { termType: 'literal', value: node.path } });
  for (const id of node.ids) quads.push({ subject: { termType: 'iri', value: id }, predicate: ZLD_LOCATION, object: loc });
  const blanks = new Map<string, string>();
  const blank = (label: string): Term => {
    let b = blanks.get(label);
    if (!b) {
      b = `_:n${n}b${blanks.size}`;
      blanks.set(label, b);
    }
    return { termType: 'blank', value: b };
  };
  for (const s of node.description.statements) {
    const subject: Term = isBlankLabel(s.subject) ? blank(s.subject) : { termType: 'iri', value: s.subject };
    const object: Term = s.object.termType === 'blank' ? blank(s.object.value) : s.object;
    quads.push({ subject, predicate: s.predicate, object });
  }
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\"\n\r\t]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'));
}

function ntTerm(t: Term): string {
  if (t.termType === 'iri') return `<${safeIri(t.value)}>`;
  if (t.termType === 'blank') return t.value;
  const lit = `"${escapeLiteral(t.value)}"`;
  if (t.language) return `${lit}@${t.language}`;
  if (t.datatype && t.datatype !== XSD_STRING) return `${lit}^^<${safeIri(t.datatype)}>`;
  return lit;
}

/** Serialize quads as N-Quads (one statement a line). */
export function toNQuads(quads: Quad[], graph?: string): string {
  const g = graph ? ` <${safeIri(graph)}>` : '';
  let out = '';
  for (const q of quads) out += `${ntTerm(q.subject)} <${safeIri(q.predicate)}> ${ntTerm(q.object)}${g} .\n`;
  return out;
}

const PN_LOCAL = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Serialize quads as Turtle, grouped by subject, with the bundled prefixes. */
export function toTurtle(quads: Quad[]): string {
  const prefixes = Object.entries(KNOWN_PREFIXES).filter(([p]) => p !== 'dcterms');
  const used = new Set<string>();
  const name = (iri: string): string => {
    for (const [p, ns] of prefixes) {
      if (iri.startsWith(ns) && PN_LOCAL.test(iri.slice(ns.length))) {
        used.add(p);
        return `${p}:${iri.slice(ns.length)}`;
      }
    }
    return `<${safeIri(iri)}>`;
  };
  const term = (t: Term): string => {
    if (t.termType === 'iri') return name(t.value);
    if (t.termType === 'blank') return t.value;
    const lit = `"${escapeLiteral(t.value)}"`;
    if (t.language) return `${lit}@${t.language}`;
    if (t.datatype && t.datatype !== XSD_STRING) return `${lit}^^${name(t.datatype)}`;
    return lit;
  };
  const blocks: string[] = [];
  let i = 0;
  while (i < quads.length) {
    const subject = quads[i]!.subject;
    const key = `${subject.termType}:${subject.value}`;
    const lines: string[] = [];
    while (i < quads.length && `${quads[i]!.subject.termType}:${quads[i]!.subject.value}` === key) {
      const q = quads[i]!;
      lines.push(`${q.predicate === RDF_TYPE ? 'a' : name(q.predicate)} ${term(q.object)}`);
      i++;
    }
    blocks.push(`${term(subject)}\n    ${lines.join(' ;\n    ')} .`);
  }
  const header = prefixes.filter(([p]) => used.has(p)).map(([p, ns]) => `@prefix ${p}: <${ns}> .`);
  return `${header.join('\n')}${header.length ? '\n\n' : ''}${blocks.join('\n\n')}\n`;
}

/** All metadata of an indexed store in the chosen format; see the module documentation. */
export function storeToRdf(index: LinkedIndex, storeUrl: string, opts: RdfOptions): string {
  const quads = storeQuads(index, storeUrl);
  if (opts.format === 'nquads') return toNQuads(quads, opts.namedGraph === false ? undefined : storeUrl);
  if (opts.format === 'turtle') return toTurtle(quads);
  throw new ZldError('BadInput', `unknown RDF format ${JSON.stringify(opts.format)} (use nquads or turtle)`);
}
