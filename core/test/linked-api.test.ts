// Locks the linked-data part of core's public API (browser-safe `@zld/core` and Node-only `@zld/core/node`).
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import * as node from '../src/node.js';

describe('linked-data public API', () => {
  it('@zld/core exports the browser-safe linked-data API', () => {
    const functions = [
      'createDocumentLoader', 'normalizeAttributes', 'normalizeExpanded', 'needsExpansion', 'plainValuesOf', 'literalTexts', 'indexStore',
      'resolveUri', 'nearestIds', 'boundedEditDistance', 'searchIndex', 'parseWhere', 'storeToRdf', 'storeQuads', 'toNQuads',
      'toTurtle', 'locationIri', 'loadInstances', 'planFakeStore', 'writeFakeStore', 'fakeChunk', 'randomDoubles',
      'isAbsoluteIri', 'localName', 'expandCompactIri', 'compactIri', 'prefixesOf',
    ];
    for (const f of functions) expect(typeof (core as Record<string, unknown>)[f], f).toBe('function');
    expect(typeof core.LinkedIndex).toBe('function');
    expect(core.ZLD_LOCATION).toBe('https://zld.dev/ns#location');
    expect(core.CATPLUS_NS).toBe('http://www.catplus.ch/ontology/concepts/');
    expect(core.KNOWN_PREFIXES.cat).toBe(core.CATPLUS_NS);
    expect(Object.keys(core.BUNDLED_CONTEXTS)).toContain(core.CATPLUS_CONTEXT_URL);
    expect(core.RDF_TYPE).toBe('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
  });

  it('@zld/core/node adds context files and the demo instances', () => {
    expect(typeof node.loadContextFiles).toBe('function');
    expect(typeof node.parseContextPairs).toBe('function');
    expect(node.DEMO_INSTANCES).toMatch(/core\/assets\/demo\/catplus-demo\.jsonld$/);
    expect(node.LinkedIndex).toBe(core.LinkedIndex);
  });
});
