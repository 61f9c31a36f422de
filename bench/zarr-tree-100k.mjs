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
import { catLikeMetadata, measure, median, python, report, root, workDir, PYTHON } from './zarr-common.mjs';

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

// the same work inside each process (no start-up, no module loading)
const pyInProcess = `
import sys, json, time, zarr
t = time.perf_counter()
g = zarr.open_consolidated(zarr.DirectoryStore(sys.argv[1]), mode='r')
names = sorted(list(g.group_keys()) + list(g.array_keys()))
print(json.dumps({'ms': (time.perf_counter() - t) * 1000, 'n': len(names)}))`;
const { FileStore, openHierarchy } = await import('../core/dist/node.js');
const inZld = [];
const inPy = [];
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  const h = await openHierarchy(await FileStore.open(dir));
  await h.children('/');
  inZld.push(performance.now() - t);
  inPy.push(python(pyInProcess, [dir]).ms);
}

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
    zldCpuMs: Math.round(median(zldRuns.map((r) => r.cpuMs))),
    pythonCpuMs: Math.round(median(pyRuns.map((r) => r.cpuMs))),
    zldPeakRssMB: Math.round(median(zldRuns.map((r) => r.maxRssMB))),
    pythonPeakRssMB: Math.round(median(pyRuns.map((r) => r.maxRssMB))),
    sameChildren: same,
    zldInProcessMs: Math.round(median(inZld)),
    pythonInProcessMs: Math.round(median(inPy)),
    target: '>= 3x faster and < 300 ms',
    pass: same && pms / zms >= 3 && zms < 300,
  },
]);
rmSync(dir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
