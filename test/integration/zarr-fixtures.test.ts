/** The generated fixtures are what the brief says: upstream Cat+ metadata byte for byte, chunks present, matrix described. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATPLUS_METADATA_SRC, ensureFixtures, expectedMatrix, pythonRead } from '../helpers/fixtures.js';

async function metadataFiles(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await metadataFiles(dir, r)));
    else if (d.name.startsWith('.z') || d.name === '.all_metadata') out.push(r);
  }
  return out.sort();
}

describe('zarr fixtures', () => {
  it('Cat+ metadata files equal the upstream ones byte for byte', async () => {
    const fx = await ensureFixtures();
    const upstream = await metadataFiles(CATPLUS_METADATA_SRC);
    const ours = await metadataFiles(fx.catPlus);
    expect(ours).toEqual(upstream);
    expect(upstream).toContain('.all_metadata');
    for (const f of upstream) {
      const a = await fs.readFile(path.join(CATPLUS_METADATA_SRC, f));
      const b = await fs.readFile(path.join(fx.catPlus, f));
      expect(b.equals(a), f).toBe(true);
    }
  });

  it('Cat+ arrays hold 9000x1000 float64 random values in 10 chunks', async () => {
    const fx = await ensureFixtures();
    const { catPlusArrays } = await expectedMatrix();
    expect(catPlusArrays).toEqual(['/myBatch/mySamplePrep/sample1/sample1Dataset', '/myBatch/mySamplePrep/sample2/sample2Dataset']);
    for (const a of catPlusArrays) {
      const chunks = (await fs.readdir(path.join(fx.catPlus, a))).filter((n) => !n.startsWith('.'));
      expect(chunks.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `${i}.0`).sort());
    }
    const r = await pythonRead(fx.catPlus, catPlusArrays[0]!, { slice: '0:2, 0:3' });
    expect(r.shape).toEqual([2, 3]);
    const v = new Float64Array(r.bytes.buffer, r.bytes.byteOffset, 6);
    for (const x of v) expect(x >= 0 && x < 1).toBe(true);
    expect(new Set(v).size).toBe(6);
  });

  it('matrix covers dtypes, compressors, orders, separators, NaN, missing chunks, 0-d', async () => {
    const exp = await expectedMatrix();
    const dtypes = new Set(Object.values(exp.arrays).map((a) => a.dtype));
    for (const d of ['<f4', '<f8', '|i1', '<i2', '<i4', '<i8', '|u1', '<u2', '<u4', '<u8', '|b1']) expect(dtypes).toContain(d);
    expect(Object.values(exp.arrays).some((a) => a.order === 'F')).toBe(true);
    expect(Object.values(exp.arrays).some((a) => a.shape.length === 0)).toBe(true);
    expect(exp.arrays['/special/nan_f8']!.values).toContain('NaN');
    expect(exp.groups['/nested/child one/grandchild']).toMatchObject({ level: 3 });
  });
});
