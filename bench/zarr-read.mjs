#!/usr/bin/env node
/**
 * Benchmark 4: full read of a Cat+ array (9000 x 1000 float64, Blosc lz4, chunks 900 x 1000) into memory:
 * zld's readArray vs zarr-python's `array[:]`, both timed inside their process, median of --runs, and the
 * values compared (SHA-256 of the bytes). Target: zld no slower than 1.5x zarr-python.
 * The store is generated once by test/fixtures/make_fixtures.py into bench/.work/.
 *
 * Run: npm run build && node bench/zarr-read.mjs [--runs 5]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FileStore, installDecodeWorkers, installNativeBlosc, installSimdUnshuffle, loadNative, openHierarchy, readArray, uninstallNativeBlosc } from '../core/dist/node.js';
import { PYTHON, median, python, report, root, workDir } from './zarr-common.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 5);
const CATPLUS_SRC = process.env.ZLD_CATPLUS_SRC ?? path.resolve(root, '../shared/fixtures/cat-plus/metadata-only/test_store.zarr');
const out = path.join(workDir, 'fixtures');
const store = path.join(out, 'cat-plus/test_store.zarr');
if (!existsSync(path.join(store, 'myBatch/mySamplePrep/sample1/sample1Dataset/9.0'))) {
  const r = spawnSync(PYTHON, [path.join(root, 'test/fixtures/make_fixtures.py'), out, '--catplus-src', CATPLUS_SRC], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}
const ARRAY = '/myBatch/mySamplePrep/sample1/sample1Dataset';

const PY = `
import sys, json, time, hashlib, resource, zarr
a = zarr.open_array(zarr.DirectoryStore(sys.argv[1]), path=sys.argv[2].strip('/'), mode='r')
times = []
cpu = []
faults = []
for _ in range(int(sys.argv[3])):
    data = None
    f = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t = time.perf_counter()
    c = time.process_time()
    data = a[:]
    times.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
    faults.append(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f)
mid = lambda v: sorted(v)[len(v) // 2]
print(json.dumps({'ms': mid(times), 'cpuMs': mid(cpu), 'pageFaults': mid(faults), 'sha256': hashlib.sha256(data.tobytes()).hexdigest()}))`;

// opened once, as zarr-python's array is opened once before its reads are timed
const fs = await openHierarchy(await FileStore.open(store));
const workers = installDecodeWorkers(); // what @zld/core/node installs (none on fewer than 3 cores); its counters are reported
// what @zld/core/node installs lazily (core/assets/blosc-simd.wasm, built by `npm run build` when clang is there)
const simdUnshuffle = installSimdUnshuffle();
const cpuNow = () => {
  const u = process.cpuUsage(); // every thread of the process, decode workers and c-blosc's threads included
  return (u.user + u.system) / 1000;
};
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc');
/** Median wall, CPU and page faults of RUNS reads, and the last values read. */
async function measure() {
  const times = [];
  const cpu = [];
  const faults = [];
  let data;
  for (let i = 0; i < RUNS; i++) {
    // the previous result is released before the clock starts, on both sides: Python frees it at `data = None`
    // (reference counting, the memory unmapped there and then); JavaScript frees it at the next garbage
    // collection, so one is run here, and V8 unmaps it on a background thread, which is given time to finish
    data = undefined;
    collect();
    await new Promise((r) => setTimeout(r, 30));
    const f = process.resourceUsage().minorPageFault;
    const t = performance.now();
    const c = cpuNow();
    data = (await readArray(fs, ARRAY)).data;
    times.push(performance.now() - t);
    cpu.push(cpuNow() - c);
    faults.push(process.resourceUsage().minorPageFault - f);
  }
  return { ms: median(times), cpuMs: median(cpu), pageFaults: median(faults), data };
}
// what @zld/core/node uses: the native module (c-blosc + huge pages) when `npm run build` made it ...
const native = loadNative();
installNativeBlosc();
const z = await measure();
// ... and, for comparison in the same run, the TypeScript decoder it falls back to without the module
uninstallNativeBlosc();
const ts = await measure();
installNativeBlosc();
const data = z.data;
const sha = createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
const py = python(PY, [store, ARRAY, String(RUNS)]);
const zms = z.ms;
const tsSha = createHash('sha256').update(new Uint8Array(ts.data.buffer, ts.data.byteOffset, ts.data.byteLength)).digest('hex');
const ok = report('zarr-read', [
  {
    array: ARRAY,
    shape: [9000, 1000],
    zldMs: Math.round(zms),
    pythonMs: Math.round(py.ms),
    slowdown: +(zms / py.ms).toFixed(2),
    zldCpuMs: Math.round(z.cpuMs),
    pythonCpuMs: Math.round(py.cpuMs),
    zldPageFaults: z.pageFaults,
    pythonPageFaults: py.pageFaults,
    native: native ? `c-blosc ${native.bloscVersion()}` : false,
    typeScriptMs: Math.round(ts.ms),
    typeScriptCpuMs: Math.round(ts.cpuMs),
    typeScriptPageFaults: ts.pageFaults,
    decodeWorkers: workers?.size ?? 0,
    framesOnWorkers: workers?.decoded ?? 0,
    simdUnshuffle,
    sameValues: sha === py.sha256 && tsSha === sha,
    target: 'zld <= 1.5x zarr-python',
    pass: sha === py.sha256 && tsSha === sha && zms <= 1.5 * py.ms,
  },
]);
process.exitCode = ok ? 0 : 1;
