/**
 * One node of the {@link LinkedIndex}: where it is, what it is, and (read on first use) everything its
 * attributes say; plus the small helpers the index keeps its maps with.
 *
 * @example
 * ```ts
 * const [node] = index.byId('cat:sample1');
 * node.path; node.ids; node.types; node.texts(); node.description.statements;
 * ```
 */
import type { AbsolutePath } from '../store/types.js';
import type { NodeKind } from '../zarr/model.js';
import { literalTexts, plainValuesOf } from './literal-texts.js';
import { normalizeExpanded, type LinkedDescription } from './normalize.js';
import type { NodeRef, Statement } from './terms.js';

/** A node in the index: where it is, what it is (`ids`, `types`), and everything its attributes say. */
export interface IndexedNode extends NodeRef {
  /** Last path segment (`''` for the root). */
  readonly name: string;
  /** The `@id`s the node carries (absolute IRIs; usually zero or one). */
  readonly ids: readonly string[];
  /** Shared between nodes with the same types: do not modify. */
  readonly types: readonly string[];
  /** The statements whose object is an `@id` or a blank node (the links; types are in `types`): what lookups need. */
  readonly links: readonly Statement[];
  /** Everything the attributes say, literals included (read on first use). */
  readonly description: LinkedDescription;
  /** Literal and plain attribute values as `[predicate or key, text]`, for search (cheap: no statements built). */
  texts(): [string, string][];
}

/** The index's node: skimmed at index time (ids, types, links), described in full on first use. */
export class Entry implements IndexedNode {
  ids: readonly string[] = NO_STRINGS;
  types: readonly string[] = NO_STRINGS;
  links: readonly Statement[] = [];
  private full: LinkedDescription | undefined;
  constructor(
    readonly storeUrl: string,
    readonly path: AbsolutePath,
    readonly kind: NodeKind,
    private attrs: Record<string, unknown> | undefined,
  ) {
  }

  get name(): string {
    return this.path.slice(this.path.lastIndexOf('/') + 1);
  }

  /** Hot path: ids, types and links only; literals are validated but not kept. */
  skim(d: LinkedDescription): void {
    // exact-size copies: arrays grown by push keep room for 16 more, which at a million nodes is most of the memory
    this.ids = d.subjects.length ? d.subjects.slice() : NO_STRINGS;
    this.types = internTypes(d.types);
    this.links = d.statements.length ? d.statements.slice() : NO_STATEMENTS;
  }

  /** A complete description (from jsonld.js, or for unreadable attributes). */
  set(d: LinkedDescription): void {
    this.skim(d);
    this.full = d;
    this.attrs = undefined;
  }

  texts(): [string, string][] {
    if (!this.full && this.attrs) return literalTexts(this.attrs);
    const d = this.description;
    const out: [string, string][] = [];
    for (const s of d.statements) if (s.object.termType === 'literal') out.push([s.predicate, s.object.value]);
    for (const p of d.plain) out.push(p);
    return out;
  }

  get description(): LinkedDescription {
    if (!this.full) {
      try {
        this.full = normalizeExpanded(this.attrs ?? {}, () => whereOf(this.storeUrl, this.path));
      } catch {
        this.full = { ...EMPTY_DESCRIPTION, plain: plainValuesOf(this.attrs ?? {}) };
      }
      this.attrs = undefined;
    }
    return this.full;
  }
}

export const RDF_TYPE_IRI = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
export const EMPTY_DESCRIPTION: LinkedDescription = Object.freeze({ subjects: [], types: [], statements: [], plain: [], prefixes: {}, problems: [], linked: false }) as LinkedDescription;

export function whereOf(storeUrl: string, path: string): string {
  return `node ${path} in store ${storeUrl}`;
}

export type Slot = IndexedNode | IndexedNode[];

export const NO_STRINGS: readonly string[] = Object.freeze([]);
const NO_STATEMENTS: readonly Statement[] = [];
/** Most nodes share a handful of type lists: keep one array per distinct list. */
const typeLists = new Map<string, string[]>();
function internTypes(types: string[]): readonly string[] {
  if (types.length === 0) return NO_STRINGS;
  const key = types.length === 1 ? types[0]! : types.join('\n');
  let shared = typeLists.get(key);
  if (!shared) {
    if (typeLists.size > 10_000) typeLists.clear();
    typeLists.set(key, (shared = types.slice()));
  }
  return shared;
}

export function add(map: Map<string, Slot>, key: string, node: IndexedNode): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, node);
  else if (Array.isArray(cur)) {
    if (cur[cur.length - 1] !== node) cur.push(node);
  } else if (cur !== node) map.set(key, [cur, node]);
}

export function list(slot: Slot | undefined): readonly IndexedNode[] {
  return slot === undefined ? EMPTY : Array.isArray(slot) ? slot : [slot];
}

const EMPTY: readonly never[] = Object.freeze([]);
