/**
 * Turn a Zarr node's attributes into RDF statements (expanded JSON-LD, flattened). Already-expanded documents
 * (top-level `@id`, `@type`, IRI keys holding `[{"@value": ...}]` / `[{"@id": ...}]`, as the Cat+ stores
 * hold) take a fast path without jsonld.js; documents with an `@context` (inline or a URL) go through
 * `jsonld.expand` with zld's offline document loader. Attributes that are not JSON-LD are fine: they have
 * no `@id` and their plain values stay searchable.
 *
 * @example
 * ```ts
 * import { normalizeAttributes } from '@zld/core';
 * const d = await normalizeAttributes({ '@id': 'http://ex.org/a', 'http://ex.org/p': [{ '@value': 1 }] });
 * d.subjects; // ['http://ex.org/a']
 * ```
 */
import jsonld from 'jsonld';
import { ZldError, isZldError } from '../errors.js';
import { createDocumentLoader, type ContextDocumentLoader } from './jsonld-loader.js';
import { RDF_TYPE, XSD, isAbsoluteIri, isBlankLabel, prefixesOf, type Statement, type Term } from './terms.js';

export interface LinkedDescription {
  /** The `@id`s (absolute IRIs) of the top-level nodes the attributes describe; usually one. */
  subjects: string[];
  /** The `@type`s of those top-level nodes. */
  types: string[];
  /** Every statement, including those of nested (embedded) nodes; subjects may be blank labels. */
  statements: Statement[];
  /** Plain (non-JSON-LD) attribute values as `[key, text]`, kept for search. */
  plain: [string, string][];
  /** Prefixes the node's inline `@context` defines (for compact IRIs such as `cat:sample7`). */
  prefixes: Record<string, string>;
  /** Recoverable problems (an `@id` that is not an IRI, ...): the node is indexed without the bad part. */
  problems: string[];
  /** Whether the attributes are JSON-LD at all. */
  linked: boolean;
}

export interface NormalizeOptions {
  /** Loader for `@context` URLs; default: bundled contexts only, no network. */
  documentLoader?: ContextDocumentLoader;
  /** How to name the node in messages, e.g. `node /myBatch/sample1 in store s3://b/cat.zarr`. */
  where?: string;
}

/** Whether the attributes need jsonld.js (they carry an `@context`). */
export function needsExpansion(attributes: Record<string, unknown>): boolean {
  return attributes['@context'] !== undefined;
}

/** Whether attributes look like JSON-LD (a keyword such as `@id`/`@type`/`@graph`, or an IRI key). */
function looksLinked(attributes: Record<string, unknown>): boolean {
  for (const k in attributes) {
    if (k === '@id' || k === '@type' || k === '@graph' || k === '@context') return true;
    if (isIriKey(k)) return true;
  }
  return false;
}

const NONE: never[] = [];
/** Stands for a literal in skim mode (validated, not kept). */
const SKIP: Term = Object.freeze({ termType: 'literal', value: '' });
const NO_PREFIXES: Record<string, string> = {};

/** Predicate keys seen so far and whether they are absolute IRIs (keys repeat across nodes). */
const keyIsIri = new Map<string, boolean>();
/** Whether an attribute key is an absolute IRI (a predicate of expanded JSON-LD); cached. */
export function isIriKey(key: string): boolean {
  let ok = keyIsIri.get(key);
  if (ok === undefined) {
    ok = key.includes(':') && isAbsoluteIri(key);
    if (keyIsIri.size > 50_000) keyIsIri.clear();
    keyIsIri.set(key, ok);
  }
  return ok;
}

class Builder {
  // problems/plain/prefixes share empty values until something is added (most nodes have none)
  readonly out: LinkedDescription = { subjects: [], types: [], statements: [], plain: NONE, prefixes: NO_PREFIXES, problems: NONE, linked: true };
  private blanks = 0;
  constructor(
    private readonly whereOrFn: string | (() => string),
    /** false: validate everything but keep only `@id`s, types and links (the index's hot path). */
    private readonly literals = true,
  ) {}

  get where(): string {
    return typeof this.whereOrFn === 'string' ? this.whereOrFn : this.whereOrFn();
  }

  malformed(reason: string): never {
    throw new ZldError('BadMetadata', `${this.where}: malformed JSON-LD: ${reason}`, { detail: { reason } });
  }

  problem(message: string): void {
    if (this.out.problems === NONE) this.out.problems = [];
    this.out.problems.push(`${this.where}: ${message}`);
  }

  private fresh(): string {
    return `_:b${this.blanks++}`;
  }

  /** Convert one expanded node object; returns its subject (IRI or blank label). */
  node(obj: Record<string, unknown>, top: boolean): string {
    const rawId = obj['@id'];
    let subject: string;
    if (rawId === undefined) subject = this.fresh();
    else if (typeof rawId !== 'string') this.malformed(`@id must be a string, got ${typeof rawId}`);
    else if (isBlankLabel(rawId)) subject = rawId;
    else if (isAbsoluteIri(rawId)) subject = rawId;
    else {
      this.problem(`@id ${JSON.stringify(rawId.slice(0, 200))} is not an absolute IRI; the node is indexed without it`);
      subject = this.fresh();
    }
    if (top && !isBlankLabel(subject)) this.out.subjects.push(subject);
    const st = this.out.statements;
    const rawType = obj['@type'];
    if (rawType !== undefined) {
      const types = Array.isArray(rawType) ? rawType : [rawType];
      for (const t of types) {
        if (typeof t !== 'string') this.malformed(`@type must be a string or strings, got ${JSON.stringify(t)}`);
        if (!isAbsoluteIri(t) && !isBlankLabel(t)) {
          this.problem(`@type ${JSON.stringify(t)} is not an absolute IRI; ignored`);
          continue;
        }
        if (top) this.out.types.push(t);
        // skim mode keeps types in `types` only (the index does not need them as statements)
        if (this.literals || !top) st.push({ subject, predicate: RDF_TYPE, object: { termType: 'iri', value: t } });
      }
    }
    for (const key in obj) {
      const value = obj[key];
      if (key.charCodeAt(0) === 64 /* @ */) {
        if (key === '@graph' || key === '@included') this.graph(value, top);
        continue;
      }
      if (!isIriKey(key)) {
        if (top) this.plainValue(key, value);
        continue;
      }
      this.values(subject, key, value);
    }
    return subject;
  }

  graph(value: unknown, top: boolean): void {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item && typeof item === 'object' && !Array.isArray(item)) this.node(item as Record<string, unknown>, top);
      else this.malformed('@graph must hold node objects');
    }
  }

  private values(subject: string, predicate: string, value: unknown): void {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const v of value) this.values(subject, predicate, v);
      return;
    }
    if (typeof value === 'object' && ('@list' in value || '@set' in value)) {
      // list and set members are kept as repeated values (list order is not represented)
      const o = value as Record<string, unknown>;
      this.values(subject, predicate, o['@list'] ?? o['@set']);
      return;
    }
    const obj = this.term(value);
    if (obj && obj !== SKIP) this.out.statements.push({ subject, predicate, object: obj });
  }

  private term(value: unknown): Term | undefined {
    switch (typeof value) {
      case 'string':
        return this.literals ? { termType: 'literal', value } : SKIP;
      case 'number':
        return this.literals ? numberLiteral(value) : SKIP;
      case 'boolean':
        return this.literals ? { termType: 'literal', value: String(value), datatype: `${XSD}boolean` } : SKIP;
      case 'object': {
        const o = value as Record<string, unknown>;
        if ('@value' in o) return this.literal(o);
        const keys = Object.keys(o);
        if (keys.length === 1 && keys[0] === '@id') {
          const id = o['@id'];
          if (typeof id !== 'string') this.malformed(`@id must be a string, got ${typeof id}`);
          if (isBlankLabel(id)) return { termType: 'blank', value: id };
          if (isAbsoluteIri(id)) return { termType: 'iri', value: id };
          this.problem(`link to ${JSON.stringify(id.slice(0, 200))}, which is not an absolute IRI; ignored`);
          return undefined;
        }
        const sub = this.node(o, false);
        return isBlankLabel(sub) ? { termType: 'blank', value: sub } : { termType: 'iri', value: sub };
      }
      default:
        return undefined;
    }
  }

  private literal(o: Record<string, unknown>): Term | undefined {
    const v = o['@value'];
    if (v === null) return undefined;
    const type = o['@type'];
    const language = o['@language'];
    if (type !== undefined && typeof type !== 'string') this.malformed(`@type of a value must be a string, got ${JSON.stringify(type)}`);
    if (language !== undefined && typeof language !== 'string') this.malformed(`@language must be a string`);
    if (!this.literals && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || type === '@json')) return SKIP;
    if (typeof v === 'string') {
      return { termType: 'literal', value: v, ...(type ? { datatype: type } : {}), ...(language ? { language } : {}) };
    }
    if (typeof v === 'number') return type ? { termType: 'literal', value: canonicalNumber(v, type), datatype: type } : numberLiteral(v);
    if (typeof v === 'boolean') return { termType: 'literal', value: String(v), datatype: type ?? `${XSD}boolean` };
    if (type === '@json') return { termType: 'literal', value: JSON.stringify(v), datatype: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON' };
    this.malformed(`@value must be a string, number or boolean, got ${Array.isArray(v) ? 'an array' : typeof v}`);
  }

  plainValue(key: string, value: unknown): void {
    if (!this.literals) return;
    if (this.out.plain === NONE) this.out.plain = [];
    if (typeof value === 'string') this.out.plain.push([key, value]);
    else if (typeof value === 'number' || typeof value === 'boolean') this.out.plain.push([key, String(value)]);
    else if (Array.isArray(value)) {
      for (const v of value) if (typeof v !== 'object' || v === null) this.plainValue(key, v);
    }
  }
}

function numberLiteral(n: number): Term {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return { termType: 'literal', value: String(n), datatype: `${XSD}integer` };
  return { termType: 'literal', value: canonicalNumber(n, `${XSD}double`), datatype: `${XSD}double` };
}

/** The lexical form jsonld.js gives numbers (xsd:double as `1.5E0`). */
function canonicalNumber(n: number, datatype: string): string {
  if (datatype === `${XSD}double` || !Number.isInteger(n)) {
    return n.toExponential(15).replace(/(\d)0*e\+?/, '$1E');
  }
  return n.toFixed(0);
}

/**
 * Fast path for attributes without `@context`: already-expanded JSON-LD, or plain attributes.
 * Throws `BadMetadata` naming the node for malformed JSON-LD.
 */
export function normalizeExpanded(
  attributes: Record<string, unknown>,
  where: string | (() => string) = 'node',
  opts: { literals?: boolean } = {},
): LinkedDescription {
  const b = new Builder(where, opts.literals ?? true);
  if (!looksLinked(attributes)) {
    b.out.linked = false;
    for (const key in attributes) b.plainValue(key, attributes[key]);
    return b.out;
  }
  b.node(attributes, true);
  return b.out;
}

/** Normalize any attributes: the fast path when possible, `jsonld.expand` when there is an `@context`. */
export async function normalizeAttributes(attributes: Record<string, unknown>, opts: NormalizeOptions = {}): Promise<LinkedDescription> {
  const where = opts.where ?? 'node';
  if (!needsExpansion(attributes)) return normalizeExpanded(attributes, where);
  let expanded: Record<string, unknown>[];
  try {
    expanded = await jsonld.expand(attributes, { documentLoader: opts.documentLoader ?? defaultLoader(), base: null, safe: false });
  } catch (e) {
    const inner = findZldError(e);
    if (inner) throw new ZldError(inner.code, `${where}: ${inner.message}`, { cause: e, detail: inner.detail });
    const err = e as { message?: string; details?: { code?: string } };
    const code = err?.details?.code ? ` (${err.details.code})` : '';
    throw new ZldError('BadMetadata', `${where}: malformed JSON-LD: ${err?.message ?? String(e)}${code}`, { cause: e });
  }
  const b = new Builder(where);
  b.graph(expanded, true);
  b.out.prefixes = prefixesOf(attributes['@context']);
  return b.out;
}

let sharedLoader: ContextDocumentLoader | undefined;
function defaultLoader(): ContextDocumentLoader {
  sharedLoader ??= createDocumentLoader();
  return sharedLoader;
}

/** jsonld.js wraps loader errors (`details.cause`); dig out ours. */
function findZldError(e: unknown, depth = 0): ZldError | undefined {
  if (depth > 8 || !e || typeof e !== 'object') return undefined;
  if (isZldError(e)) return e;
  const o = e as { cause?: unknown; details?: { cause?: unknown } };
  return findZldError(o.details?.cause, depth + 1) ?? findZldError(o.cause, depth + 1);
}
