/**
 * Generated cells run for real: Python (zarr, xarray, dask flavours) by Debian's /usr/bin/python3 with
 * zarr-python 2.13, and JavaScript by Node with zarrita, against the Cat+ store (generated chunks:
 * `np.random.seed(1000); np.random.rand(9000, 1000)` for sample1Dataset) and against a store whose node
 * names are hostile. Each case checks the shape and every value against numpy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateLoadCode, type CodeTarget, type LoadRequest } from '@zld/kernel-bridge';
import { executorForKernel } from '@zld/kernel-bridge';
import { ensureFixtures, repoRoot, run } from '../helpers/fixtures.js';
import { startJupyterServer } from '../helpers/jupyter-server.js';
import { startKernel } from '../helpers/jupyter-kernel.js';

const PYTHON = '/usr/bin/python3';
const SAMPLE1 = 'myBatch/mySamplePrep/sample1/sample1Dataset';

/** Runs each case's cell in a fresh namespace and compares the result with `expected` (numpy code). */
const RUNNER = String.raw`
import json, sys
import numpy as np
cases = json.load(sys.stdin)
out = []
expected_cache = {}
for c in cases:
    ns = {}
    try:
        exec(compile(c['source'], '<cell>', 'exec'), ns)
        value = ns[c['variable']]
        if c['check'] == 'group':
            value = value[c['child']]
        if hasattr(value, 'compute'):
            value = value.compute()
        arr = np.asarray(value)
        if c['expected'] not in expected_cache:
            env = {'np': np}
            exec(c['expected'], env)
            expected_cache[c['expected']] = env['expected']
        want = expected_cache[c['expected']]
        sel = eval('want' + c['sel'], {'want': want})
        out.append({'ok': bool(arr.shape == sel.shape and np.array_equal(arr, sel)), 'shape': list(arr.shape), 'type': type(ns[c['variable']]).__name__})
    except Exception as e:
        out.append({'ok': False, 'error': '%s: %s' % (type(e).__name__, e)})
print(json.dumps(out))
`;

interface Case {
  name: string;
  request: LoadRequest;
  target: CodeTarget;
  check: 'array' | 'group';
  child?: string;
  expected: string;
  sel: string;
}
type Result = { ok: boolean; shape?: number[]; type?: string; error?: string };

async function runCells(cases: Case[]): Promise<Result[]> {
  const input = cases.map((c) => {
    const code = generateLoadCode(c.request, c.target);
    return { source: code.source, variable: code.variable, check: c.check, child: c.child, expected: c.expected, sel: c.sel };
  });
  const out = await run(PYTHON, ['-c', RUNNER], { input: JSON.stringify(input), cwd: os.tmpdir() });
  return JSON.parse(out.toString()) as Result[];
}

const CAT_EXPECTED = 'np.random.seed(1000)\nexpected = np.random.rand(9000, 1000)';

describe('generated Python loads sample1Dataset from the Cat+ store', () => {
  let catPlus: string;
  beforeAll(async () => {
    catPlus = (await ensureFixtures()).catPlus;
  });

  it('for every flavour, consolidated or not, whole or sliced, from a path or a file:// URL', async () => {
    const cases: Case[] = [];
    for (const flavour of ['zarr', 'xarray', 'dask'] as const) {
      for (const consolidatedKey of [undefined, '.all_metadata']) {
        for (const slice of [undefined, '100:105, 3:7', '8999, ::250']) {
          for (const storeUrl of [catPlus, pathToFileURL(catPlus).href]) {
            cases.push({
              name: `${flavour} key=${consolidatedKey} slice=${slice} ${storeUrl.slice(0, 7)}`,
              request: { storeUrl, path: SAMPLE1, kind: 'array', zarrFormat: 2, consolidatedKey, slice, uri: 'http://www.catplus.ch/ontology/concepts/sample1' },
              target: { language: 'python', flavour },
              check: 'array',
              expected: CAT_EXPECTED,
              sel: slice ? `[${slice}]` : '[...]',
            });
          }
        }
      }
    }
    // groups: zarr gives a Group, dask a dict of arrays
    for (const flavour of ['zarr', 'dask'] as const) {
      for (const consolidatedKey of [undefined, '.all_metadata']) {
        cases.push({
          name: `${flavour} group key=${consolidatedKey}`,
          request: { storeUrl: catPlus, path: 'myBatch/mySamplePrep/sample1', kind: 'group', zarrFormat: 2, consolidatedKey },
          target: { language: 'python', flavour },
          check: 'group',
          child: 'sample1Dataset',
          expected: CAT_EXPECTED,
          sel: '[...]',
        });
      }
    }
    const results = await runCells(cases);
    const failed = results.flatMap((r, i) => (r.ok ? [] : [{ name: cases[i]!.name, ...r }]));
    expect(failed).toEqual([]);
    expect(results[0]).toMatchObject({ ok: true, shape: [9000, 1000] });
    expect(results.length).toBe(40);
  });
});

describe('generated cells on stores with hostile names', () => {
  let dir: string;
  const hostile = [
    "it's \"q\"",
    'a\nb\tc %41#?',
    "'); import os; os.system('touch /tmp/zld-pwned')#",
    '${x} `y` ☕ é',
    '"""',
    '%%bash\ntouch /tmp/zld-pwned',
    '!touch /tmp/zld-pwned',
    'help??',
  ];
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "zld-hostile-'\"-"));
    const make = String.raw`
import json, sys
import numpy as np, zarr, xarray as xr
root_dir, names = json.load(sys.stdin)
g = zarr.open_group(root_dir + '/h.zarr', mode='w')
for i, n in enumerate(names):
    g.create_group(n).array('values', np.arange(12, dtype='i4').reshape(3, 4) * (i + 1), chunks=(2, 2))
zarr.consolidate_metadata(root_dir + '/h.zarr')
ds = xr.Dataset({'t': (('x', 'y'), np.arange(6.0).reshape(2, 3))})
ds.to_zarr(root_dir + '/x.zarr', group=names[0], mode='w')
`;
    await run(PYTHON, ['-c', make], { input: JSON.stringify([dir, hostile]) });
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('loads exactly the named node and runs nothing else (Python, every flavour)', async () => {
    await fs.rm('/tmp/zld-pwned', { force: true });
    const cases: Case[] = [];
    hostile.forEach((name, i) => {
      for (const flavour of ['zarr', 'xarray', 'dask'] as const) {
        cases.push({
          name: `${flavour} ${JSON.stringify(name)}`,
          request: { storeUrl: path.join(dir, 'h.zarr'), path: `${name}/values`, kind: 'array', zarrFormat: 2, consolidatedKey: '.zmetadata', uri: `urn:x:${name}` },
          target: { language: 'python', flavour },
          check: 'array',
          expected: `expected = np.arange(12, dtype='i4').reshape(3, 4) * ${i + 1}`,
          sel: '[...]',
        });
      }
    });
    cases.push({
      name: 'xarray group (Dataset)',
      request: { storeUrl: path.join(dir, 'x.zarr'), path: hostile[0]!, kind: 'group', zarrFormat: 2 },
      target: { language: 'python', flavour: 'xarray' },
      check: 'group',
      child: 't',
      expected: 'expected = np.arange(6.0).reshape(2, 3)',
      sel: '[...]',
    });
    const results = await runCells(cases);
    expect(results.flatMap((r, i) => (r.ok ? [] : [{ name: cases[i]!.name, ...r }]))).toEqual([]);
    await expect(fs.stat('/tmp/zld-pwned')).rejects.toThrow();
  });

  it('runs in a real IPython kernel too (magics, shell escapes and help syntax stay inert)', async () => {
    await fs.rm('/tmp/zld-pwned', { force: true });
    const jupyter = await startJupyterServer();
    try {
      const k = await startKernel(jupyter);
      const exec = executorForKernel(k.kernel);
      for (const [i, name] of hostile.entries()) {
        for (const flavour of ['zarr', 'xarray', 'dask'] as const) {
          const code = generateLoadCode(
            { storeUrl: path.join(dir, 'h.zarr'), path: `${name}/values`, kind: 'array', zarrFormat: 2, uri: `urn:x:${name}?`, slice: '1:, 1' },
            { language: 'python', flavour },
          );
          const reply = await exec.execute(`${code.source}\nimport json, numpy as _np\nprint(json.dumps(_np.asarray(${code.variable}).tolist()))`);
          const text = reply.outputs.map((o) => o.text ?? '').join('');
          expect(reply.status, `${flavour} ${JSON.stringify(name)}: ${reply.ename} ${reply.evalue}`).toBe('ok');
          expect(JSON.parse(text.trim().split('\n').pop()!)).toEqual([5, 9].map((v) => v * (i + 1)));
        }
      }
      await k.dispose();
    } finally {
      await jupyter.stop();
    }
    await expect(fs.stat('/tmp/zld-pwned')).rejects.toThrow();
  });

  it('JavaScript (zarrita in Node) reads the same values, sliced, through consolidated metadata', async () => {
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-js-'));
    try {
      await fs.symlink(path.join(repoRoot, 'node_modules'), path.join(work, 'node_modules'));
      const outputs: unknown[] = [];
      for (const [i, name] of hostile.entries()) {
        const code = generateLoadCode(
          { storeUrl: path.join(dir, 'h.zarr'), path: `${name}/values`, kind: 'array', zarrFormat: 2, consolidatedKey: '.zmetadata', slice: '1:3, ::2' },
          { language: 'javascript', runtime: 'node' },
        );
        const file = path.join(work, `cell${i}.mjs`);
        await fs.writeFile(file, `${code.source}\nconsole.log(JSON.stringify({ shape: ${code.variable}.shape, data: Array.from(${code.variable}.data) }));\n`);
        outputs.push(JSON.parse((await run(process.execPath, [file], { cwd: work })).toString()));
      }
      // rows 1..2, columns 0 and 2 of arange(12).reshape(3, 4) * (i + 1)
      expect(outputs).toEqual(hostile.map((_, i) => ({ shape: [2, 2], data: [4, 6, 8, 10].map((v) => v * (i + 1)) })));
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  });
});
