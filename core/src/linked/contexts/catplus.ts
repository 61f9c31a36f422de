/**
 * Our own Cat+ JSON-LD context: prefix `cat:` for http://www.catplus.ch/ontology/concepts/, `@vocab` on the
 * same namespace (so `quantity`, `Sample` compact to it), and the `has…` links typed `@id`.
 */
export const CATPLUS_NS = 'http://www.catplus.ch/ontology/concepts/';

const links = ['hasBatch', 'hasSamplePreparation', 'hasSample', 'hasSampleChemical', 'hasChemical', 'hasDataset', 'hasCampaign'];

export const CATPLUS_CONTEXT = {
  '@context': {
    '@vocab': CATPLUS_NS,
    cat: CATPLUS_NS,
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    id: '@id',
    type: '@type',
    ...Object.fromEntries(links.map((t) => [t, { '@id': `cat:${t}`, '@type': '@id' }])),
  },
} as const;

/** The URL zld documents use for this context (it is served locally; nothing is fetched). */
export const CATPLUS_CONTEXT_URL = 'https://zld.dev/contexts/catplus.jsonld';
export const CATPLUS_URLS = [CATPLUS_CONTEXT_URL, 'http://zld.dev/contexts/catplus.jsonld'];
