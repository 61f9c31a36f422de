#!/usr/bin/env node
/**
 * `npm run bench`: every benchmark in this folder, one after the other (each prints JSON lines with its
 * figures and ratios); exits 1 when any target was missed. `vscode-activation.mjs` is left out (it drives
 * code-server in Chromium for minutes); run it on its own. Pass a name filter to run some: `node bench/run-all.mjs zarr`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const helpers = new Set(['run-all.mjs', 'zarr-common.mjs', 's3rver-lite.mjs']);
// needs code-server, Chromium, a packaged .vsix and the test fixtures (minutes): run it on its own
const separate = new Set(['vscode-activation.mjs']);
const filter = process.argv[2] ?? '';
let failed = 0;
const all = readdirSync(here).filter((n) => n.endsWith('.mjs') && !helpers.has(n) && n.includes(filter));
for (const f of all.filter((n) => separate.has(n))) console.log(`# ${f}: not run here (needs code-server and Chromium); run node bench/${f}`);
for (const f of all.filter((n) => !separate.has(n)).sort()) {
  console.log(`\n# ${f}`);
  const r = spawnSync(process.execPath, [path.join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(failed ? `\n${failed} benchmark(s) missed a target` : '\nall benchmark targets met');
process.exitCode = failed ? 1 : 0;
