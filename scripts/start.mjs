#!/usr/bin/env node
/**
 * `npm start`: build, run the CLI journey (`zld demo`: fake the Cat+ store into `./demo/test_store.zarr`,
 * consolidate it, look up sample1, save its dataset), then open the real product: package the VS Code extension,
 * install code-server (once per machine, into a cache outside the repo) and start it on 127.0.0.1 with the
 * extension installed and the demo folder open, the demo store listed in the Zarr view. Prints the URL and runs
 * until Ctrl-C (code-server is stopped and its throw-away profile removed).
 *
 * When code-server cannot be installed here (no npm registry, no apt...), it says why and exits 0 after the CLI
 * journey. An Argo Server configured in the environment (`ARGO_SERVER`, `ARGO_TOKEN`, ...) shows in the
 * Workflows view (try `npm run argo:server` in another terminal).
 *
 * @example
 * ```sh
 * npm start                          # CLI journey, then VS Code in the browser: open the printed URL
 * npm start -- --no-ide              # the CLI journey only
 * node scripts/start.mjs --dir /tmp/zld-demo --shape 90,10 --exit-after-ready
 * ```
 *
 * Options: `--no-ide`; `--no-build` (use what is built); `--dir DIR` (demo folder, default `./demo`);
 * `--shape`, `--seed` (passed to `zld demo`); `--exit-after-ready` (check that the URL answers, stop, exit 0).
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ext = path.join(root, 'vscode-ext');

const { values } = parseArgs({
  options: {
    'no-ide': { type: 'boolean' },
    'no-build': { type: 'boolean' },
    dir: { type: 'string' },
    shape: { type: 'string' },
    seed: { type: 'string' },
    'exit-after-ready': { type: 'boolean' },
  },
});
const demoDir = path.resolve(values.dir ?? path.join(root, 'demo'));
const storeDir = path.join(demoDir, 'test_store.zarr');

function say(text) {
  process.stderr.write(`zld start: ${text}\n`);
}

/** Run a command with its output shown (or kept and shown only on failure with `quiet`). */
function run(cmd, args, { cwd = root, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let out = '';
    p.stdout?.on('data', (d) => (out += d));
    p.stderr?.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${code}${out ? `:\n${out.slice(-4000)}` : ''}`))));
  });
}

/** A notebook beside the store, so Retrieve has somewhere to put its cell. */
async function ensureNotebook() {
  const nb = path.join(demoDir, 'analysis.ipynb');
  if (existsSync(nb)) return;
  const notebook = {
    cells: [{ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: ['import numpy as np'] }],
    metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  await fs.writeFile(nb, `${JSON.stringify(notebook, null, 1)}\n`);
}

async function packageExtension() {
  const vsix = path.join(ext, 'dist', 'zld-vscode.vsix');
  await run(process.execPath, [path.join(ext, 'esbuild.mjs'), '--production'], { quiet: true });
  await run(
    process.execPath,
    [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix],
    { cwd: ext, quiet: true },
  );
  return vsix;
}

async function main() {
  if (!values['no-build']) {
    say('building (tsc -b)');
    await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b']);
  }
  // 1. the CLI journey
  const demoArgs = ['demo', '--dir', demoDir];
  if (values.shape) demoArgs.push('--shape', values.shape);
  if (values.seed) demoArgs.push('--seed', values.seed);
  await run(process.execPath, [path.join(root, 'core/bin/zld.js'), ...demoArgs]);
  if (values['no-ide']) return 0;

  // 2. the IDE: VS Code in the browser with the extension and the demo store
  let version;
  try {
    const { ensureVscodeHost, CODE_SERVER_VERSION } = await import('../test/hosts/vscode/install.mjs');
    version = CODE_SERVER_VERSION;
    say('making sure code-server is installed (the first time takes 2-3 minutes)');
    await ensureVscodeHost();
  } catch (e) {
    const lines = String(e?.message ?? e).split('\n').map((l) => l.trim()).filter(Boolean);
    const detail = lines.find((l) => /^npm (error|ERR!)/.test(l) && !/complete log|^npm (error|ERR!)\s*$/.test(l));
    say(`not starting VS Code: code-server cannot be installed here (${lines[0]}${detail ? ` ${detail}` : ''})`);
    say('the CLI journey above is complete; run `npm start -- --no-ide` to skip this step');
    return 0;
  }
  say('packaging the VS Code extension');
  const vsix = await packageExtension();
  await ensureNotebook();
  const { startCodeServer } = await import('../test/hosts/vscode/code-server.mjs');
  const cs = await startCodeServer({
    workspace: demoDir,
    vsix,
    settings: { 'zld.stores': [storeDir], 'zld.consolidatedKey': '.all_metadata' },
  });
  say(`code-server ${version} with the zld extension, workspace ${demoDir}`);
  console.log(`\nVS Code (code-server) with the demo store: ${cs.url}`);
  console.log('Open it in a browser, click the Zarr icon in the activity bar. Ctrl-C stops it.\n');

  if (values['exit-after-ready']) {
    const r = await fetch(cs.url);
    await cs.stop();
    if (!r.ok) throw new Error(`${cs.url} answered ${r.status}`);
    say(`${cs.url} answered ${r.status}; stopped (--exit-after-ready)`);
    return 0;
  }
  await new Promise((resolve) => {
    let stopping = false;
    const stop = (signal) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping code-server`);
      cs.stop().then(resolve, resolve);
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
  say('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`zld start: ${e?.message ?? e}`);
    process.exit(1);
  },
);
