/**
 * The browser-safe linked-data API of `@zld/core`: offline JSON-LD loading, normalization, the index over
 * open stores, URI resolution, search, RDF export and fake stores.
 *
 * @example
 * ```ts
 * import { LinkedIndex, indexStore, resolveUri, searchIndex, storeToRdf } from '@zld/core';
 * const index = new LinkedIndex();
 * await indexStore(index, store, { consolidated: '.all_metadata' });
 * const { candidates, suggestions } = resolveUri(index, 'cat:sample1');
 * ```
 */
export { BUNDLED_CONTEXTS, CONTEXT_FILES, KNOWN_PREFIXES, CATPLUS_CONTEXT_URL, CATPLUS_NS } from './contexts/index.js';
export { createDocumentLoader, type ContextLoaderOptions, type ContextDocumentLoader } from './jsonld-loader.js';
export { normalizeAttributes, normalizeExpanded, needsExpansion, type LinkedDescription, type NormalizeOptions } from './normalize.js';
export { plainValuesOf, literalTexts } from './literal-texts.js';
export {
  LinkedIndex,
  type IndexedNode,
  type Link,
  type Backlink,
  type IndexProblem,
  type AddStoreReport,
  type LinkedIndexOptions,
} from './index.js';
export { indexStore, type IndexStoreOptions, type IndexStoreResult } from './open.js';
export { resolveUri, type Candidate, type Resolution, type ResolveOptions } from './resolve.js';
export { nearestIds, boundedEditDistance } from './suggest.js';
export { searchIndex, parseWhere, type SearchOptions, type SearchHit, type SearchMatch, type WhereFilter } from './search.js';
export { storeToRdf, storeQuads, toNQuads, toTurtle, locationIri, type RdfFormat, type RdfOptions, type Quad } from './rdf.js';
export { loadInstances, planFakeStore, writeFakeStore, type FakePlan, type FakePlanOptions, type FakeWriteOptions, type FakeResult } from './fake.js';
export { fakeChunk, randomDoubles } from './fake-random.js';
export {
  RDF_TYPE,
  ZLD_NS,
  ZLD_LOCATION,
  isAbsoluteIri,
  localName,
  expandCompactIri,
  compactIri,
  prefixesOf,
  type NodeRef,
  type Term,
  type Statement,
} from './terms.js';
