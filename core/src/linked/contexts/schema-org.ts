/**
 * Our own minimal schema.org JSON-LD context (not a copy of schema.org's file): `@vocab` is
 * `https://schema.org/`, so every term compacts to schema.org, and the properties whose values are
 * resources (`url`, `sameAs`, `distribution`, ...) are typed `@id` so plain strings become links.
 */
const idTerms = [
  'url', 'sameAs', 'identifier', 'distribution', 'contentUrl', 'encodingFormat', 'license', 'isPartOf',
  'hasPart', 'about', 'subjectOf', 'mainEntityOfPage', 'image', 'author', 'creator', 'publisher',
  'funder', 'citation', 'isBasedOn', 'includedInDataCatalog', 'dataset', 'measurementTechnique',
  'variableMeasured', 'additionalType', 'conformsTo',
];
/** Terms whose values may be IRIs but are usually text in practice stay untyped (`identifier`, `encodingFormat`). */
const textish = new Set(['identifier', 'encodingFormat', 'measurementTechnique', 'variableMeasured']);

export const SCHEMA_ORG_CONTEXT = {
  '@context': {
    '@vocab': 'https://schema.org/',
    schema: 'https://schema.org/',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    id: '@id',
    type: '@type',
    ...Object.fromEntries(idTerms.filter((t) => !textish.has(t)).map((t) => [t, { '@id': `schema:${t}`, '@type': '@id' }])),
    dateCreated: { '@id': 'schema:dateCreated', '@type': 'xsd:dateTime' },
    dateModified: { '@id': 'schema:dateModified', '@type': 'xsd:dateTime' },
    datePublished: { '@id': 'schema:datePublished', '@type': 'xsd:dateTime' },
  },
} as const;

/** The URLs documents use to refer to the schema.org context. */
export const SCHEMA_ORG_URLS = [
  'https://schema.org',
  'https://schema.org/',
  'http://schema.org',
  'http://schema.org/',
  'https://schema.org/docs/jsonldcontext.json',
  'https://schema.org/docs/jsonldcontext.jsonld',
  'http://schema.org/docs/jsonldcontext.json',
];
