/**
 * `zld demo [--dir DIR]`: the Cat+ journey on local disk, what `npm start` runs. Fakes the Cat+ store from
 * zld's embedded demo instances (`core/assets/demo/catplus-demo.jsonld`) into DIR (default `./demo`),
 * consolidates it under `.all_metadata`, looks up `http://www.catplus.ch/ontology/concepts/sample1`, saves its
 * dataset as a `.npy` file, and prints what it did, the tree and where the file is (steps on stderr).
 *
 * @example
 * ```sh
 * npm start            # = zld demo
 * zld demo --dir /tmp/zld-demo --json
 * ```
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATPLUS_NS } from '../../linked/contexts/index.js';
import { LinkedIndex } from '../../linked/index.js';
import { indexStore } from '../../linked/open.js';
import { resolveUri } from '../../linked/resolve.js';
import { openHierarchy } from '../../zarr/hierarchy.js';
import { saveNpy } from '../../zarr/npy.js';
import type { Command } from '../command.js';
import { describeNode, formatBytes, intOption, stringOption } from '../open-store.js';
import { chooseCandidate } from './lookup.js';
import { CATPLUS_LEVELS, openOutput, runFake } from './fake.js';

/** The embedded demo instances (ours, Cat+-shaped); the same relative path from `src/` and `dist/`. */
export const DEMO_INSTANCES = fileURLToPath(new URL('../../../assets/demo/catplus-demo.jsonld', import.meta.url));
const KEY = '.all_metadata';
const URI = `${CATPLUS_NS}sample1`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the Cat+ journey locally: fake store, consolidate, look up sample1, save its dataset as .npy',
  usage: '[--dir DIR] [--shape 9000,1000] [--seed N]',
  positionals: [0, 0],
  options: { dir: { type: 'string' }, shape: { type: 'string' }, seed: { type: 'string' } },
  async run({ values }, ctx) {
    const dir = path.resolve(ctx.cwd, stringOption(values, 'dir') ?? 'demo');
    const storeDir = path.join(dir, 'test_store.zarr');
    const npyFile = path.join(dir, 'sample1Dataset.npy');
    const shapeText = stringOption(values, 'shape');
    const shape = shapeText ? shapeText.split(',').map((s) => Number(s.trim())) : [9000, 1000];
    const seed = intOption(values, 'seed') ?? 42;
    const step = (n: number, text: string) => {
      if (!ctx.json) ctx.stderr(`[${n}/4] ${text}\n`);
    };
    const t0 = Date.now();

    step(1, `faking the Cat+ store from ${DEMO_INSTANCES} into ${storeDir}`);
    const store = await openOutput(storeDir, ctx, true);
    const fake = await runFake(store, DEMO_INSTANCES, { levels: CATPLUS_LEVELS, dataLevel: 'Sample', prefix: CATPLUS_NS, shape, seed, key: KEY, format: 2 }, ctx);

    step(2, `consolidated metadata written under ${KEY}; indexing it`);
    const index = new LinkedIndex();
    const indexed = await indexStore(index, store, { consolidated: KEY, signal: ctx.signal });

    step(3, `looking up ${URI}`);
    const r = resolveUri(index, URI);
    const c = chooseCandidate(r, undefined, index.storeUrls());

    step(4, `saving ${c.path} to ${npyFile}`);
    const saved = await saveNpy(indexed.hierarchy, c.path, npyFile, { signal: ctx.signal, onProgress: ctx.progress });
    ctx.endProgress();

    const h = await openHierarchy(store, { consolidated: KEY, signal: ctx.signal });
    const tree: string[] = [];
    for await (const node of h.walk({ signal: ctx.signal })) {
      const depth = node.path === '/' ? 0 : node.path.split('/').length - 1;
      const id = typeof node.attributes['@id'] === 'string' ? `  <${node.attributes['@id']}>` : '';
      tree.push(`${'  '.repeat(depth)}${node.path === '/' ? path.basename(storeDir) : node.name}${node.kind === 'group' ? '/' : ''}  ${describeNode(node)}${id}`);
    }
    const summary = {
      store: store.url,
      consolidatedKey: KEY,
      groups: fake.groups,
      datasets: fake.arrays,
      uri: r.uri,
      node: r.subject[0],
      array: c,
      file: saved.file,
      shape: saved.shape,
      dtype: saved.dtype,
      bytes: saved.bytes,
      seconds: (Date.now() - t0) / 1000,
    };
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify(summary)}\n`);
      return;
    }
    ctx.stdout(
      [
        'zld demo: the Cat+ journey, on local disk',
        `  1. faked ${fake.groups} groups and ${fake.arrays} random float64 datasets from zld's demo instances into ${storeDir}`,
        `  2. consolidated the metadata under ${KEY} and indexed ${indexed.nodes} nodes (${indexed.identified} with an @id)`,
        `  3. looked up ${r.uri}: ${r.subject.map((s) => `${s.kind} ${s.path}`).join(', ')} -> array ${c.path} (${c.via}${c.predicate ? ` ${c.predicate}` : ''})`,
        `  4. saved it as ${saved.file}: ${saved.dtype} [${saved.shape.join(', ')}], ${formatBytes(saved.bytes)}`,
        '',
        'tree:',
        ...tree.map((l) => `  ${l}`),
        '',
        `dataset file: ${saved.file}`,
        `load it:      /usr/bin/python3 -c "import numpy; print(numpy.load('${saved.file}').shape)"`,
        `next:         zld lookup cat:sample2 --store ${storeDir}   |   zld search --where temperatureindegrees=60 --store ${storeDir}`,
        '',
      ].join('\n'),
    );
  },
};
