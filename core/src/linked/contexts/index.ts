/**
 * The JSON-LD contexts bundled with zld, written by us, served by the document loader without any network
 * access, and the prefixes they define (used to expand compact IRIs such as `cat:sample7`).
 *
 * @example
 * ```ts
 * import { BUNDLED_CONTEXTS } from '@zld/core';
 * console.log(Object.keys(BUNDLED_CONTEXTS)); // the URLs served offline
 * ```
 */
import { CATPLUS_CONTEXT, CATPLUS_CONTEXT_URL, CATPLUS_URLS } from './catplus.js';
import { DCAT_CONTEXT, DCAT_URLS } from './dcat.js';
import { PROV_CONTEXT, PROV_URLS } from './prov.js';
import { SCHEMA_ORG_CONTEXT, SCHEMA_ORG_URLS } from './schema-org.js';

export { CATPLUS_CONTEXT_URL, CATPLUS_NS } from './catplus.js';

/** Context URL -> context document. */
export const BUNDLED_CONTEXTS: Readonly<Record<string, unknown>> = Object.freeze(
  Object.fromEntries([
    ...SCHEMA_ORG_URLS.map((u) => [u, SCHEMA_ORG_CONTEXT]),
    ...PROV_URLS.map((u) => [u, PROV_CONTEXT]),
    ...DCAT_URLS.map((u) => [u, DCAT_CONTEXT]),
    ...CATPLUS_URLS.map((u) => [u, CATPLUS_CONTEXT]),
  ]),
);

/** The bundled contexts by file name (`core/assets/contexts/<name>.jsonld`), with their main URL. */
export const CONTEXT_FILES: Readonly<Record<string, { url: string; document: unknown }>> = Object.freeze({
  'schema-org': { url: SCHEMA_ORG_URLS[0]!, document: SCHEMA_ORG_CONTEXT },
  prov: { url: PROV_URLS[0]!, document: PROV_CONTEXT },
  dcat: { url: DCAT_URLS[0]!, document: DCAT_CONTEXT },
  catplus: { url: CATPLUS_CONTEXT_URL, document: CATPLUS_CONTEXT },
});

/** Prefixes known without any context: the bundled ones plus RDF's own. */
export const KNOWN_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  cat: 'http://www.catplus.ch/ontology/concepts/',
  schema: 'https://schema.org/',
  prov: 'http://www.w3.org/ns/prov#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcterms: 'http://purl.org/dc/terms/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  zld: 'https://zld.dev/ns#',
});
