#!/usr/bin/env node
/**
 * Search-as-you-type over 100,000 Cat+-like nodes: the first search (builds the lowercase text index), then
 * the latency of each keystroke of a query typed letter by letter, with and without filters.
 *
 * Run: npm run build && node bench/linked-search.mjs [--nodes 100000]
 */
import { parseArgs } from 'node:util';
import { LinkedIndex, searchIndex } from '../core/dist/index.js';

const { values } = parseArgs({ options: { nodes: { type: 'string' } } });
const N = Number(values.nodes ?? 100_000);
const NS = 'http://www.catplus.ch/ontology/concepts/';
const v = (x) => [{ '@value': x }];
const chemicals = ['acetonitrile', 'ethanol', 'toluene', 'palladium acetate', 'sodium carbonate', 'water', 'methanol', 'phenylboronic acid'];
const records = [];
for (let i = 0; i < N; i++) {
  const chem = chemicals[i % chemicals.length];
  records.push({
    storeUrl: 'file:///bench/search.zarr',
    path: `/batch${i % 100}/chemical${i}`,
    kind: 'group',
    attributes: {
      '@id': `${NS}chemical${i}`,
      '@type': [`${NS}Chemical`],
      [`${NS}name`]: v(`${chem} ${i}`),
      [`${NS}keyWords`]: v(`${chem}, solvent, lot ${i % 977}`),
      [`${NS}molecularWeight`]: v(String(20 + (i % 300))),
      [`${NS}CASNumber`]: v(`${i % 10000}-${i % 100}-${i % 10}`),
    },
  });
}
const index = new LinkedIndex();
let t0 = performance.now();
await index.addStore('file:///bench/search.zarr', records);
const buildMs = performance.now() - t0;
t0 = performance.now();
searchIndex(index, 'x');
const firstMs = performance.now() - t0;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const typed = (query, opts) => {
  const times = [];
  for (let k = 1; k <= query.length; k++) {
    const s = performance.now();
    searchIndex(index, query.slice(0, k), { limit: 50, ...opts });
    times.push(performance.now() - s);
  }
  return { query, keystrokes: query.length, medianMs: +median(times).toFixed(2), maxMs: +Math.max(...times).toFixed(2) };
};
const runs = [
  typed('palladium 4242'),
  typed('phenylboronic', { type: 'Chemical' }),
  typed('solvent lot 97', { where: ['molecularWeight>=100'] }),
];
console.log(JSON.stringify({ bench: 'search', nodes: N, indexBuildMs: +buildMs.toFixed(0), firstSearchMs: +firstMs.toFixed(0), runs }));
const worstMedian = Math.max(...runs.map((r) => r.medianMs));
const worstMax = Math.max(...runs.map((r) => r.maxMs));
console.log(`search over ${N} nodes: first search ${firstMs.toFixed(0)} ms (builds the text index); then per keystroke a median of ${worstMedian.toFixed(1)} ms, at most ${worstMax.toFixed(0)} ms`);
