#!/usr/bin/env node
/**
 * Benchmark 3: first level of a 100,000-node consolidated store.
 * `zld tree STORE --depth 1 --json` (a whole CLI process) vs a Python process doing
 * `zarr.open_consolidated(STORE)` + listing the root's children. Wall time and peak RSS of each process,
 * median of 5 runs. Targets: zld >= 3x faster and < 300 ms.
 *
 * Run: npm run build && node bench/zarr-tree-100k.mjs [--nodes 100000] [--runs 5]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { catLikeMetadata, measure, median, report, root, workDir, PYTHON } from './zarr-common.mjs';

const { values } = parseArgs({ options: { nodes: { type: 'string' }, runs: { type: 'string' } } });
const N = Number(values.nodes ?? 100_000);
const RUNS = Number(values.runs ?? 5);

const dir = path.join(workDir, `tree-${N}.zarr`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const meta = catLikeMetadata(N);
// the consolidated document is all either reader needs; the root's own files make it a valid store
writeFileSync(path.join(dir, '.zgroup'), JSON.stringify(meta['.zgroup'], null, 4));
writeFileSync(path.join(dir, '.zattrs'), JSON.stringify(meta['.zattrs'], null, 4));
writeFileSync(path.join(dir, '.zmetadata'), JSON.stringify({ metadata: meta, zarr_consolidated_format: 1 }, null, 4));
const nodes = Object.keys(meta).filter((k) => k.endsWith('.zgroup') || k.endsWith('.zarray')).length;

const py = `
import sys, json, zarr
g = zarr.open_consolidated(zarr.DirectoryStore(sys.argv[1]), mode='r')
print(json.dumps(sorted(list(g.group_keys()) + list(g.array_keys()))))`;

const zldRuns = [];
const pyRuns = [];
let zldOut;
let pyOut;
for (let i = 0; i < RUNS; i++) {
  const z = measure(process.execPath, [path.join(root, 'core/bin/zld.js'), 'tree', dir, '--depth', '1', '--json']);
  const p = measure(PYTHON, ['-c', py, dir]);
  zldRuns.push(z);
  pyRuns.push(p);
  zldOut = z.stdout;
  pyOut = p.stdout;
}
const zChildren = JSON.parse(zldOut).slice(1).map((n) => n.name).sort();
const same = JSON.stringify(zChildren) === JSON.stringify(JSON.parse(pyOut));
const zms = median(zldRuns.map((r) => r.ms));
const pms = median(pyRuns.map((r) => r.ms));
const ok = report('zarr-tree-100k', [
  {
    nodes,
    zldMs: Math.round(zms),
    pythonMs: Math.round(pms),
    ratio: +(pms / zms).toFixed(2),
    zldPeakRssMB: Math.round(median(zldRuns.map((r) => r.maxRssMB))),
    pythonPeakRssMB: Math.round(median(pyRuns.map((r) => r.maxRssMB))),
    sameChildren: same,
    target: '>= 3x faster and < 300 ms',
    pass: same && pms / zms >= 3 && zms < 300,
  },
]);
rmSync(dir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
