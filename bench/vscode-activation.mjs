#!/usr/bin/env node
/**
 * Activation time of the VS Code extension on the Cat+ workspace (not asserted; target < 50 ms): code-server with
 * the packaged `.vsix`, a fresh profile per run, headless Chromium opening a workspace that holds the Cat+ store
 * (activation through `workspaceContains:**\/.zattrs`). The extension logs how long loading its bundle and running
 * `activate()` took; this reads that line from its "Zarr" log, and reports the median over --runs.
 *
 * Run: node bench/vscode-activation.mjs [--runs 3]   (after `npm test` or `npm run test:vscode` generated the fixtures)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { startCodeServer } from '../test/hosts/vscode/code-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const RUNS = Number(values.runs ?? 3);
const catPlus = path.join(root, 'test/.fixtures/cat-plus/test_store.zarr');
if (!existsSync(catPlus)) {
  console.error(`bench: ${catPlus} is missing; generate the fixtures first (npm run test:vscode)`);
  process.exit(1);
}

const ext = path.join(root, 'vscode-ext');
const vsix = path.join(ext, 'dist', 'zld-vscode.vsix');
for (const [cmd, args, cwd] of [
  [process.execPath, [path.join(ext, 'esbuild.mjs'), '--production'], root],
  [process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], ext],
]) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

function findFile(dir, name) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const hit = findFile(p, name);
      if (hit) return hit;
    } else if (e.name === name) return p;
  }
  return undefined;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const loads = [];
const activates = [];
for (let run = 0; run < RUNS; run++) {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'zld-bench-ws-'));
  // metadata only: activation never reads chunks
  cpSync(catPlus, path.join(ws, 'cat-plus.zarr'), { recursive: true, filter: (src) => statSync(src).isDirectory() || path.basename(src).startsWith('.') });
  const cs = await startCodeServer({ workspace: ws, vsix });
  const profile = mkdtempSync(path.join(os.tmpdir(), 'zld-bench-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'], env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') } });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(cs.url);
    const deadline = Date.now() + 60_000;
    let line;
    while (!line && Date.now() < deadline) {
      const log = findFile(cs.root, 'Zarr.log');
      line = log ? readFileSync(log, 'utf8').split('\n').find((l) => l.includes('zld activated')) : undefined;
      if (!line) await new Promise((r) => setTimeout(r, 250));
    }
    if (!line) throw new Error('the extension did not log its activation within 60 s');
    const m = /bundle loaded in ([\d.?]+) ms, activate\(\) took ([\d.]+) ms/.exec(line);
    loads.push(Number(m?.[1]));
    activates.push(Number(m?.[2]));
    console.log(`run ${run + 1}: ${line.replace(/^.*zld activated: /, '')}`);
  } finally {
    await browser.close();
    await cs.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(ws, { recursive: true, force: true });
  }
}
const total = loads.map((l, i) => l + activates[i]);
console.log(
  `vscode activation on Cat+ (median of ${RUNS}): bundle load ${median(loads).toFixed(1)} ms + activate() ${median(activates).toFixed(1)} ms = ${median(total).toFixed(1)} ms (target < 50 ms)`,
);
