/** Our own DCAT (v3) JSON-LD context: `dcat:`/`dct:` prefixes and the resource-valued terms typed `@id`. */
const classes = ['Catalog', 'Dataset', 'Distribution', 'DataService', 'CatalogRecord', 'Resource', 'DatasetSeries'];
const links = [
  'dataset', 'distribution', 'accessURL', 'downloadURL', 'accessService', 'catalog', 'record', 'service',
  'theme', 'themeTaxonomy', 'landingPage', 'contactPoint', 'mediaType', 'compressFormat', 'packageFormat',
  'endpointURL', 'servesDataset', 'inSeries', 'qualifiedRelation', 'spatialResolutionInMeters',
];
const dct = ['title', 'description', 'identifier', 'issued', 'modified', 'license', 'publisher', 'creator', 'format', 'conformsTo', 'language', 'rights', 'spatial', 'temporal'];
const dctLinks = new Set(['license', 'publisher', 'creator', 'format', 'conformsTo', 'language', 'rights', 'spatial']);

export const DCAT_CONTEXT = {
  '@context': {
    dcat: 'http://www.w3.org/ns/dcat#',
    dct: 'http://purl.org/dc/terms/',
    dcterms: 'http://purl.org/dc/terms/',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    ...Object.fromEntries(classes.map((c) => [c, `dcat:${c}`])),
    ...Object.fromEntries(links.map((t) => [t, { '@id': `dcat:${t}`, '@type': '@id' }])),
    keyword: 'dcat:keyword',
    byteSize: { '@id': 'dcat:byteSize', '@type': 'xsd:nonNegativeInteger' },
    ...Object.fromEntries(dct.map((t) => [t, dctLinks.has(t) ? { '@id': `dct:${t}`, '@type': '@id' } : `dct:${t}`])),
  },
} as const;

export const DCAT_URLS = [
  'https://www.w3.org/ns/dcat.jsonld',
  'http://www.w3.org/ns/dcat.jsonld',
  'https://www.w3.org/ns/dcat2.jsonld',
  'http://www.w3.org/ns/dcat2.jsonld',
  'https://www.w3.org/ns/dcat',
  'http://www.w3.org/ns/dcat',
];
