#!/usr/bin/env node
/**
 * Benchmarks 1 and 2: consolidate a generated 10,000-node Cat+-like store (groups with JSON-LD attributes,
 * float64 arrays with 10 small chunk files each, as the Cat+ arrays have; `--chunks N` changes that).
 *   1. On disk: zld's writeConsolidated vs zarr-python's `zarr.consolidate_metadata(DirectoryStore)`.
 *   2. On s3rver: zld through its S3 store vs zarr-python through a ~30-line boto3-backed MutableMapping.
 * Both sides are timed inside their own process (no interpreter start-up), median of --runs; the documents
 * they write are compared. Targets: zld >= 5x faster in both.
 *
 * Run: npm run build && node bench/zarr-consolidate.mjs [--nodes 10000] [--chunks 10] [--runs 3] [--only disk|s3]
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FileStore, mapLimit, openStore, s3OptionsFromEnv, withLocalMetadataTree, writeConsolidated } from '../core/dist/node.js';
import { nodeFastGetTransport } from '../core/dist/store/s3-fast-get-node.js';
import { setFastGetTransport } from '../core/dist/store/s3-fast-get.js';
import { startS3rver, s3rverEnv } from './s3rver-lite.mjs';
import { catLikeMetadata, median, python, report, workDir, writeStore } from './zarr-common.mjs';

const { values } = parseArgs({ options: { nodes: { type: 'string' }, runs: { type: 'string' }, only: { type: 'string' }, chunks: { type: 'string' } } });
const N = Number(values.nodes ?? 10_000);
const CHUNKS = Number(values.chunks ?? 10);
const RUNS = Number(values.runs ?? 3);

const BOTO_MAPPING = `
import boto3
from collections.abc import MutableMapping
class S3Map(MutableMapping):
    """zarr-python's view of s3://bucket/prefix through boto3 (about 30 lines)."""
    def __init__(self, bucket, prefix, client):
        self.b, self.p, self.c = bucket, prefix.strip('/') + '/', client
    def __getitem__(self, key):
        try:
            return self.c.get_object(Bucket=self.b, Key=self.p + key)['Body'].read()
        except self.c.exceptions.NoSuchKey:
            raise KeyError(key)
    def __setitem__(self, key, value):
        self.c.put_object(Bucket=self.b, Key=self.p + key, Body=bytes(value))
    def __delitem__(self, key):
        self.c.delete_object(Bucket=self.b, Key=self.p + key)
    def __contains__(self, key):
        try:
            self.c.head_object(Bucket=self.b, Key=self.p + key)
            return True
        except Exception:
            return False
    def __iter__(self):
        for page in self.c.get_paginator('list_objects_v2').paginate(Bucket=self.b, Prefix=self.p):
            for o in page.get('Contents', []):
                yield o['Key'][len(self.p):]
    def __len__(self):
        return sum(1 for _ in self)
    def listdir(self, path=''):
        pre = self.p + (path.strip('/') + '/' if path else '')
        out = set()
        for page in self.c.get_paginator('list_objects_v2').paginate(Bucket=self.b, Prefix=pre, Delimiter='/'):
            out.update(x['Prefix'][len(pre):].strip('/') for x in page.get('CommonPrefixes', []))
            out.update(x['Key'][len(pre):] for x in page.get('Contents', []))
        return sorted(out)
`;

const PY_DISK = `
import sys, json, time, zarr
store = zarr.DirectoryStore(sys.argv[1])
t = time.perf_counter()
c = time.process_time()
zarr.consolidate_metadata(store, metadata_key='.zmetadata_py')
print(json.dumps({'ms': (time.perf_counter() - t) * 1000, 'cpuMs': (time.process_time() - c) * 1000}))`;

const PY_S3 = `${BOTO_MAPPING}
import sys, json, time, zarr, os
client = boto3.client('s3', endpoint_url=os.environ['AWS_ENDPOINT_URL'], region_name='us-east-1')
store = S3Map(sys.argv[1], sys.argv[2], client)
requests = [0]
def count(**kwargs):
    requests[0] += 1
client.meta.events.register('before-send.s3', count)
t = time.perf_counter()
c = time.process_time()
zarr.consolidate_metadata(store, metadata_key='.zmetadata_py')
print(json.dumps({'ms': (time.perf_counter() - t) * 1000, 'cpuMs': (time.process_time() - c) * 1000, 'requests': requests[0]}))`;

const meta = catLikeMetadata(N);
const nodes = Object.keys(meta).filter((k) => k.endsWith('.zgroup') || k.endsWith('.zarray')).length;
const dir = path.join(workDir, `consolidate-${N}.zarr`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
writeStore(dir, meta, { chunks: CHUNKS });

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Wall and CPU time (all threads of this process) of one consolidation. */
async function zldRun(store, key) {
  const t = performance.now();
  const c = cpuNow();
  await writeConsolidated(store, { key, overwrite: true });
  return { ms: performance.now() - t, cpuMs: cpuNow() - c };
}

function sameDocs(a, b) {
  return JSON.stringify(sortDeep(a)) === JSON.stringify(sortDeep(b));
}
function sortDeep(v) {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
  return v;
}

/**
 * What s3rver itself needs for the work both sides must ask of it: the same flat listing (1,000 keys a page)
 * and one GET per metadata document, 16 in flight, from a minimal client (plain HTTP keep-alive, unsigned:
 * s3rver checks no signature) that costs next to no CPU. No client can consolidate faster than this here.
 */
async function serverFloor(endpoint, bucket, prefix) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const fetchText = (p) =>
    new Promise((resolve, reject) => {
      http.get(`${endpoint}${p}`, { agent }, (res) => {
        const parts = [];
        res.on('data', (d) => parts.push(d));
        res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(parts).toString()) : reject(new Error(`HTTP ${res.statusCode} for ${p}`))));
      }).on('error', reject);
    });
  const t = performance.now();
  const keys = [];
  let token;
  do {
    const q = `list-type=2&prefix=${encodeURIComponent(`${prefix}/`)}&max-keys=1000${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
    const xml = await fetchText(`/${bucket}?${q}`);
    for (const m of xml.matchAll(/<Key>([^<]*)<\/Key>/g)) keys.push(m[1]);
    token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? /<NextContinuationToken>([^<]*)</.exec(xml)?.[1] : undefined;
  } while (token);
  const listMs = performance.now() - t;
  const docs = keys.filter((k) => /\/\.z(array|attrs|group)$/.test(k));
  const encode = (k) => k.split('/').map(encodeURIComponent).join('/');
  await mapLimit(docs, 16, (k) => fetchText(`/${bucket}/${encode(k)}`));
  agent.destroy();
  return { ms: performance.now() - t, listMs, gets: docs.length };
}

const rows = [];
if (values.only !== 's3') {
  // what `zld consolidate DIR` uses for local folders: one synchronous walk of the folder tree
  const store = withLocalMetadataTree(await FileStore.open(dir));
  const z = [];
  const p = [];
  for (let i = 0; i < RUNS; i++) {
    z.push(await zldRun(store, '.zmetadata_zld'));
    p.push(python(PY_DISK, [dir]));
  }
  const ours = JSON.parse(readFileSync(path.join(dir, '.zmetadata_zld'), 'utf8'));
  const theirs = JSON.parse(readFileSync(path.join(dir, '.zmetadata_py'), 'utf8'));
  const zms = median(z.map((r) => r.ms));
  const pms = median(p.map((r) => r.ms));
  const zcpu = median(z.map((r) => r.cpuMs));
  const pcpu = median(p.map((r) => r.cpuMs));
  rows.push({ case: 'disk', nodes, chunksPerArray: CHUNKS, zldMs: Math.round(zms), pythonMs: Math.round(pms), ratio: +(pms / zms).toFixed(2),
    zldCpuMs: Math.round(zcpu), pythonCpuMs: Math.round(pcpu), cpuRatio: +(pcpu / zcpu).toFixed(2), sameDocument: sameDocs(ours, theirs), target: '>= 5x faster', pass: pms / zms >= 5 });
}
if (values.only !== 'disk') {
  const s3 = await startS3rver({ buckets: ['bench'] });
  try {
    const t = performance.now();
    await s3.uploadDir(dir, 'bench', 'store.zarr');
    const uploadMs = performance.now() - t;
    const env = s3rverEnv(s3);
    const store = await openStore('s3://bench/store.zarr', { s3: s3OptionsFromEnv(env) });
    // every request zld sends, counted in the S3 client's middleware and in the transport of its light GETs
    // (what @zld/core/node installs); zarr-python's through boto3's events
    let zldRequests = 0;
    store.client.middlewareStack.add((next) => (args) => {
      zldRequests++;
      return next(args);
    }, { step: 'initialize', name: 'benchRequestCounter' });
    setFastGetTransport((url, headers, signal) => {
      zldRequests++;
      return nodeFastGetTransport(url, headers, signal);
    });
    const z = [];
    const p = [];
    let pyRequests = 0;
    for (let i = 0; i < RUNS; i++) {
      zldRequests = 0;
      z.push(await zldRun(store, '.zmetadata_zld'));
      const r = python(PY_S3, ['bench', 'store.zarr'], env);
      p.push(r);
      pyRequests = r.requests;
    }
    const floor = await serverFloor(s3.endpoint, 'bench', 'store.zarr');
    const get = async (k) => JSON.parse(new TextDecoder().decode(await store.get(`/${k}`)));
    const ours = await get('.zmetadata_zld');
    const theirs = await get('.zmetadata_py');
    // zarr-python's listing also sees our document (and vice versa is excluded): compare the node entries
    delete theirs.metadata['.zmetadata_zld'];
    const zms = median(z.map((r) => r.ms));
    const pms = median(p.map((r) => r.ms));
    rows.push({ case: 's3rver', nodes, chunksPerArray: CHUNKS, uploadMs: Math.round(uploadMs), zldMs: Math.round(zms), pythonMs: Math.round(pms),
      zldCpuMs: Math.round(median(z.map((r) => r.cpuMs))), pythonCpuMs: Math.round(median(p.map((r) => r.cpuMs))),
      serverFloorMs: Math.round(floor.ms), serverFloorListMs: Math.round(floor.listMs), serverFloorGets: floor.gets, bestPossibleRatio: +(pms / floor.ms).toFixed(2),
      zldRequests, pythonRequests: pyRequests, zldRequestsPerSec: Math.round((zldRequests / zms) * 1000), pythonRequestsPerSec: Math.round((pyRequests / pms) * 1000), ratio: +(pms / zms).toFixed(2), sameDocument: sameDocs(ours, theirs), target: '>= 5x faster', pass: pms / zms >= 5 });
  } finally {
    await s3.stop();
  }
}
const ok = report('zarr-consolidate', rows);
rmSync(dir, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
