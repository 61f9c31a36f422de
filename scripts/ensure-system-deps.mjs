#!/usr/bin/env node
/**
 * Installs what the tests need from outside npm when it is missing: Debian packages (as root, through
 * apt-get). Run by `npm test` before the tests; safe to run again (it checks before installing).
 * Usage: node scripts/ensure-system-deps.mjs [python|jupyter|wheel|browser|wasm|native|vscodeBuild|all]...
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const GROUPS = {
  python: {
    check: () => ok('/usr/bin/python3', ['-c', 'import zarr, numcodecs, numpy, boto3, xarray, dask.array, fsspec']),
    apt: ['python3-zarr', 'python3-numcodecs', 'python3-numpy', 'python3-boto3', 'python3-xarray', 'python3-dask', 'python3-fsspec'],
  },
  jupyter: {
    check: () => ok('/usr/bin/python3', ['-c', 'import jupyter_server, jupyterlab_server, ipykernel']),
    apt: ['python3-jupyter-server', 'python3-jupyterlab-server', 'python3-ipykernel'],
  },
  wheel: {
    // test/integration/jupyterlab-wheel.test.ts: build and install the zld_jupyterlab wheel
    check: () => ok('/usr/bin/python3', ['-c', 'import hatchling, installer']),
    apt: ['python3-hatchling', 'python3-installer'],
  },
  browser: {
    check: () => existsSync('/usr/bin/chromium'),
    apt: ['chromium'],
  },
  wasm: {
    // core/wasm/build.mjs: the Blosc SIMD unshuffle
    check: () => ok('clang', ['--version']) && ok('wasm-ld', ['--version']),
    apt: ['clang', 'lld'],
  },
  native: {
    // core/native/build.mjs: the N-API accelerator, linked with Debian's c-blosc
    check: () => ok('cc', ['--version']) && existsSync('/usr/include/blosc.h'),
    apt: ['gcc', 'libc6-dev', 'libblosc-dev'],
  },
  vscodeBuild: {
    check: () => existsSync('/usr/include/krb5.h') || existsSync('/usr/include/gssapi/gssapi.h'),
    apt: ['libkrb5-dev'],
  },
};

function ok(cmd, args) {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

let updated = false;
function aptInstall(pkgs) {
  if (process.getuid?.() !== 0) {
    console.error(`zld setup: missing Debian packages ${pkgs.join(' ')}; install them with: sudo apt-get install -y ${pkgs.join(' ')}`);
    process.exit(1);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    updated = true;
  }
  console.error(`zld setup: apt-get install ${pkgs.join(' ')}`);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

const wanted = process.argv.slice(2);
const names = wanted.length === 0 || wanted.includes('all') ? Object.keys(GROUPS) : wanted;
const missing = [];
for (const name of names) {
  const g = GROUPS[name];
  if (!g) {
    console.error(`zld setup: unknown group ${name} (known: ${Object.keys(GROUPS).join(', ')})`);
    process.exit(1);
  }
  if (!g.check()) missing.push(...g.apt);
}
if (missing.length) aptInstall(missing);
