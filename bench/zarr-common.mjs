/**
 * Shared pieces of the Zarr benchmarks: store generators (Cat+-like groups with JSON-LD attributes and
 * float64 arrays), a child-process runner that reports wall time and peak RSS (through Python's
 * `resource.getrusage(RUSAGE_CHILDREN)`), and result printing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const workDir = path.join(root, 'bench/.work');
export const PYTHON = '/usr/bin/python3';
const NS = 'http://www.catplus.ch/ontology/concepts/';

/** The metadata documents of a Cat+-like v2 hierarchy with about `nodes` nodes: key (relative) -> JSON. */
export function catLikeMetadata(nodes) {
  const meta = { '.zgroup': { zarr_format: 2 }, '.zattrs': { '@id': `${NS}campaign`, '@type': [`${NS}Campaign`] } };
  let count = 1;
  const perBatch = 33; // each batch: a group + 33 samples, each sample a group + 1 array + 1 chemical group
  for (let b = 0; count < nodes; b++) {
    const batch = `batch${b}`;
    meta[`${batch}/.zgroup`] = { zarr_format: 2 };
    meta[`${batch}/.zattrs`] = { '@id': NS + batch, '@type': [`${NS}Batch`], [`${NS}name`]: [{ '@value': `Batch ${b}` }] };
    count++;
    for (let s = 0; s < perBatch && count < nodes; s++) {
      const sample = `${batch}/sample${s}`;
      meta[`${sample}/.zgroup`] = { zarr_format: 2 };
      meta[`${sample}/.zattrs`] = {
        '@id': `${NS}${batch}sample${s}`,
        '@type': [`${NS}Sample`],
        [`${NS}hasDataset`]: [{ '@id': `${NS}${batch}sample${s}Dataset` }],
        [`${NS}quantity`]: [{ '@value': String(s / 10) }],
      };
      count++;
      if (count >= nodes) break;
      meta[`${sample}/data/.zarray`] = {
        chunks: [900, 1000], compressor: { blocksize: 0, clevel: 5, cname: 'lz4', id: 'blosc', shuffle: 1 },
        dtype: '<f8', fill_value: 0.0, filters: null, order: 'C', shape: [9000, 1000], zarr_format: 2,
      };
      count++;
      if (count >= nodes) break;
      meta[`${sample}/chemical/.zgroup`] = { zarr_format: 2 };
      meta[`${sample}/chemical/.zattrs`] = { '@id': `${NS}${batch}chemical${s}`, '@type': [`${NS}Chemical`] };
      count++;
    }
  }
  return meta;
}

/**
 * Write metadata documents as files (zarr-python's layout: 4-space indent), plus `chunks` small chunk files per
 * array (the Cat+ arrays have 10 chunks each; readers that list everything pay for them, as they would for real).
 */
export function writeStore(dir, meta, { chunks = 10 } = {}) {
  for (const [key, doc] of Object.entries(meta)) {
    const file = path.join(dir, key);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(doc, null, 4));
    if (key.endsWith('.zarray')) for (let c = 0; c < chunks; c++) writeFileSync(path.join(path.dirname(file), `${c}.0`), Buffer.alloc(64, 7));
  }
}

/**
 * Run a command; returns { ms, cpuMs, maxRssMB, stdout }. CPU time (user + system, all threads) and peak RSS
 * are measured by a Python parent process; CPU time moves less than wall time on a loaded machine.
 */
export function measure(cmd, args, { env, cwd } = {}) {
  const code = `
import sys, json, subprocess, time, resource
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True)
ms = (time.perf_counter() - t) * 1000
if p.returncode != 0:
    sys.stderr.write(p.stderr.decode())
    sys.exit(p.returncode)
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({'ms': ms, 'cpuMs': (ru.ru_utime + ru.ru_stime) * 1000, 'maxRssMB': ru.ru_maxrss / 1024, 'stdout': p.stdout.decode()}))`;
  const r = spawnSync(PYTHON, ['-c', code, cmd, ...args], { env: { ...process.env, ...env }, cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Run a Python snippet that prints JSON; returns the parsed value. */
export function python(code, args = [], env = {}) {
  const r = spawnSync(PYTHON, ['-c', code, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Print one JSON line per result and a human summary; returns whether every target held. */
export function report(name, rows) {
  let ok = true;
  for (const r of rows) {
    console.log(JSON.stringify({ bench: name, ...r }));
    if (r.pass === false) ok = false;
  }
  return ok;
}
