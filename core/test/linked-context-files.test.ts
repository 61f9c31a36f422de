import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContextFiles, parseContextPairs } from '../src/linked/context-files.js';
import { LinkedIndex } from '../src/linked/index.js';
import { rec } from './linked-helpers.js';

describe('user-configured context files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'zld-ctx-'));
    await writeFile(path.join(dir, 'lab.jsonld'), JSON.stringify({ '@context': { lab: 'https://lab.example/ns#', label: 'lab:label', sample: { '@id': 'lab:sample', '@type': '@id' } } }));
    await writeFile(path.join(dir, 'broken.jsonld'), '{ not json');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a configured file for its URL, offline', async () => {
    const url = 'https://lab.example/context.jsonld';
    const contexts = await loadContextFiles(parseContextPairs([`${url}=${path.join(dir, 'lab.jsonld')}`]));
    const index = new LinkedIndex({ contexts });
    const report = await index.addStore('mem://lab', [rec('mem://lab', '/a', 'group', { '@context': url, '@id': 'lab:a', label: 'first', sample: 'lab:s1' })]);
    expect(report.problems).toEqual([]);
    expect(index.byId('https://lab.example/ns#a')).toHaveLength(1);
    expect(index.outgoing('https://lab.example/ns#a')).toMatchObject([{ predicate: 'https://lab.example/ns#sample', object: 'https://lab.example/ns#s1' }]);
  });

  it('names a missing or broken file, and a bad pair', async () => {
    await expect(loadContextFiles({ 'https://x/ctx': path.join(dir, 'missing.jsonld') })).rejects.toThrow(/missing\.jsonld \(for https:\/\/x\/ctx\) cannot be read: ENOENT/);
    await expect(loadContextFiles({ 'https://x/ctx': path.join(dir, 'broken.jsonld') })).rejects.toThrow(/broken\.jsonld \(for https:\/\/x\/ctx\) is not JSON/);
    expect(() => parseContextPairs(['no-equals'])).toThrow(/is not of the form URL=FILE/);
  });
});

describe('bundled contexts as files', () => {
  it('core/assets/contexts/*.jsonld are the bundled contexts (regenerate with core/assets/contexts/generate.mjs)', async () => {
    const { CONTEXT_FILES } = await import('../src/linked/contexts/index.js');
    const { readFile } = await import('node:fs/promises');
    for (const [name, { document }] of Object.entries(CONTEXT_FILES)) {
      const file = new URL(`../assets/contexts/${name}.jsonld`, import.meta.url);
      expect(JSON.parse(await readFile(file, 'utf8')), name).toEqual(document);
    }
  });
});
