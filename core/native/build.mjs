#!/usr/bin/env node
/**
 * Builds core/assets/zld-native.node, zld's optional native accelerator (an N-API module: Blosc decoding by
 * Debian's c-blosc, huge-page advice for big results, the local metadata walk), from the C files in this folder
 * with the system C compiler, against the Node-API headers of the `node-api-headers` package and libblosc-dev.
 * Optional: without a compiler or c-blosc's headers it says so and exits 0 (zld then runs its TypeScript code).
 * N-API is stable across Node versions, so one build serves Node 20 and code-server's Node 24. Skips the build
 * when the module is newer than every source. The module is a build product, never committed.
 * Usage: node core/native/build.mjs [--force]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../assets/zld-native.node');
const sources = readdirSync(here).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(here, f));
const inputs = [...sources, ...readdirSync(here).filter((f) => f.endsWith('.h')).map((f) => path.join(here, f))];

const newest = Math.max(...inputs.map((f) => statSync(f).mtimeMs));
if (!process.argv.includes('--force') && existsSync(out) && statSync(out).mtimeMs >= newest) process.exit(0);

const say = (m) => console.error(`zld build: ${m}`);
const cc = ['cc', 'gcc', 'clang'].find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!cc || !existsSync('/usr/include/blosc.h')) {
  say('no C compiler or no c-blosc headers; Blosc decoding and the metadata walk stay in TypeScript (apt-get install gcc libblosc-dev)');
  process.exit(0);
}
let include;
try {
  include = createRequire(import.meta.url)('node-api-headers').include_dir;
} catch {
  say('the node-api-headers package is missing (npm ci); the native module is not built');
  process.exit(0);
}
mkdirSync(path.dirname(out), { recursive: true });
// built beside, then renamed: concurrent builds never expose a half-written module
const tmp = `${out}.${process.pid}.tmp`;
const args = ['-O2', '-std=gnu11', '-Wall', '-Wextra', '-Wno-unused-parameter', '-fPIC', '-shared', '-fvisibility=hidden', '-pthread', `-I${include}`, '-o', tmp, ...sources, '-lblosc'];
const r = spawnSync(cc, args, { stdio: 'inherit' });
if (r.status !== 0) {
  rmSync(tmp, { force: true });
  say(`${cc} failed to build ${path.relative(process.cwd(), out)}`);
  process.exit(1);
}
// a module with an unresolved symbol links fine and fails only when loaded: load it once before it is used
const check = spawnSync(process.execPath, ['-e', `process.dlopen({ exports: {} }, ${JSON.stringify(tmp)})`], { stdio: 'inherit' });
if (check.status !== 0) {
  rmSync(tmp, { force: true });
  say(`${path.relative(process.cwd(), out)} was built but does not load`);
  process.exit(1);
}
renameSync(tmp, out);
