/**
 * Our own PROV-O JSON-LD context: the `prov:` prefix plus the PROV-O terms, with the relations between
 * resources typed `@id` and the instants typed `xsd:dateTime`.
 */
const PROV = 'http://www.w3.org/ns/prov#';
const classes = ['Entity', 'Activity', 'Agent', 'Collection', 'Bundle', 'Plan', 'Person', 'Organization', 'SoftwareAgent', 'Location', 'Role', 'Usage', 'Generation', 'Association', 'Derivation', 'Attribution'];
const relations = [
  'wasGeneratedBy', 'wasDerivedFrom', 'wasAttributedTo', 'wasAssociatedWith', 'used', 'wasInformedBy',
  'actedOnBehalfOf', 'wasInfluencedBy', 'wasRevisionOf', 'wasQuotedFrom', 'hadPrimarySource', 'wasStartedBy',
  'wasEndedBy', 'wasInvalidatedBy', 'hadMember', 'alternateOf', 'specializationOf', 'atLocation', 'hadPlan',
  'hadRole', 'agent', 'entity', 'activity', 'qualifiedGeneration', 'qualifiedUsage', 'qualifiedAssociation',
  'qualifiedDerivation', 'qualifiedAttribution', 'generated', 'invalidated',
];
const instants = ['startedAtTime', 'endedAtTime', 'generatedAtTime', 'invalidatedAtTime', 'atTime'];

export const PROV_CONTEXT = {
  '@context': {
    prov: PROV,
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    ...Object.fromEntries(classes.map((c) => [c, `prov:${c}`])),
    ...Object.fromEntries(relations.map((r) => [r, { '@id': `prov:${r}`, '@type': '@id' }])),
    ...Object.fromEntries(instants.map((t) => [t, { '@id': `prov:${t}`, '@type': 'xsd:dateTime' }])),
    value: 'prov:value',
  },
} as const;

export const PROV_URLS = [
  'http://www.w3.org/ns/prov.jsonld',
  'https://www.w3.org/ns/prov.jsonld',
  'http://www.w3.org/ns/prov-o.jsonld',
  'https://www.w3.org/ns/prov-o.jsonld',
  'http://www.w3.org/ns/prov',
  'https://www.w3.org/ns/prov',
];
