#!/usr/bin/env node
/**
 * Builds the zld JupyterLab test host (a JupyterLab 4.6.4 front end assembled from npm packages, bundled by
 * webpack) and the prebuilt `@zld/jupyterlab-ext` labextension, each once per content hash of its inputs,
 * into `$ZLD_CACHE` (default `~/.cache/zld`): `jupyterlab-host/<hash>/` and `jupyterlab-ext/<hash>/`.
 * Concurrent callers (vitest workers, `npm run lab`) wait on a lock folder; results appear by atomic rename.
 *
 * @example
 * ```js
 * import { ensureLabHost } from './build.mjs';
 * const { hostDir, labextensionsDir } = await ensureLabHost();
 * ```
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(HERE, '../../..');
const NODE_MODULES = path.join(repoRoot, 'node_modules');
const EXT_DIR = path.join(repoRoot, 'jupyterlab-ext');
const hostConfig = require('./host-config.cjs');

export const cacheRoot = () => process.env.ZLD_CACHE || path.join(os.homedir(), '.cache', 'zld');

function filesUnder(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

function hashOf(files, extra = '') {
  const h = createHash('sha256');
  h.update(extra);
  for (const f of files) {
    h.update(path.relative(repoRoot, f));
    h.update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 16);
}

/** Installed version of every package the host shares (all @jupyterlab/*, @lumino/* and a few more). */
function sharedVersions() {
  const names = [];
  for (const scope of ['@jupyterlab', '@lumino']) {
    for (const n of readdirSync(path.join(NODE_MODULES, scope))) {
      if (n !== 'builder') names.push(`${scope}/${n}`);
    }
  }
  names.push(...hostConfig.extraShared);
  const versions = {};
  for (const n of names.sort()) {
    const pj = installedPackageJson(n);
    if (pj) versions[n] = JSON.parse(readFileSync(pj, 'utf8')).version;
  }
  return versions;
}

/**
 * `node_modules/<name>/package.json`, or the one copy nested under another package (an npm `overrides` pin
 * such as `@microsoft/fast-foundation` may be installed below its only dependent instead of at the top).
 */
function installedPackageJson(name) {
  const top = path.join(NODE_MODULES, name, 'package.json');
  if (existsSync(top)) return top;
  const parents = readdirSync(NODE_MODULES).flatMap((d) =>
    d.startsWith('@') ? readdirSync(path.join(NODE_MODULES, d)).map((s) => path.join(NODE_MODULES, d, s)) : [path.join(NODE_MODULES, d)],
  );
  const nested = parents.map((p) => path.join(p, 'node_modules', name, 'package.json')).filter((f) => existsSync(f));
  return nested.length === 1 ? nested[0] : undefined;
}

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let out = '';
    child.stdout.on('data', (b) => (out = (out + b).slice(-20000)));
    child.stderr.on('data', (b) => (out = (out + b).slice(-20000)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}

async function withLock(name, fn) {
  const lock = path.join(cacheRoot(), `.lock-${name}`);
  await fs.mkdir(cacheRoot(), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch {
      const age = Date.now() - (await fs.stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 15 * 60_000) await fs.rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** The `--core-path` package.json for build-labextension, derived from what the host bundles and shares. */
function corePackage(versions) {
  const dependencies = {};
  for (const n of hostConfig.extensions) dependencies[n] = `~${versions[n]}`;
  const resolutions = {};
  for (const [n, v] of Object.entries(versions)) resolutions[n] = `~${v}`;
  return {
    name: '@zld/jupyterlab-host',
    version: versions['@jupyterlab/application'],
    private: true,
    dependencies,
    resolutions,
    jupyterlab: {
      extensions: hostConfig.extensions,
      singletonPackages: hostConfig.singletons.filter((n) => versions[n] !== undefined),
    },
  };
}

async function buildHostInto(dir, versions, log) {
  const stageDir = path.join(dir, 'stage');
  await fs.mkdir(stageDir, { recursive: true });
  for (const f of ['bootstrap.js', 'main.js']) await fs.copyFile(path.join(HERE, 'src', f), path.join(stageDir, f));
  const imports = hostConfig.extensions.map((n) => `  () => import(${JSON.stringify(n)}),`).join('\n');
  await fs.writeFile(
    path.join(stageDir, 'plugins.js'),
    `// generated by build.mjs\nexport const extensions = [\n${imports}\n];\nexport const disabledIds = ${JSON.stringify(hostConfig.disabled)};\n`,
  );
  const shared = {};
  for (const [n, v] of Object.entries(versions)) {
    shared[n] = { requiredVersion: `~${v}`, singleton: hostConfig.singletons.includes(n) || undefined };
  }
  const configs = require('./webpack.config.cjs')({ stageDir, outDir: dir, nodeModules: NODE_MODULES, shared, extensions: hostConfig.extensions });
  const webpack = require('webpack');
  const t0 = Date.now();
  await new Promise((resolve, reject) => {
    webpack(configs, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true }).slice(0, 8000)));
      resolve();
    });
  });
  log(`zld: JupyterLab host bundled in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await fs.mkdir(path.join(dir, 'core-package'), { recursive: true });
  await fs.writeFile(path.join(dir, 'core-package', 'package.json'), JSON.stringify(corePackage(versions), null, 2));
  await fs.writeFile(path.join(dir, 'host.json'), JSON.stringify({ version: versions['@jupyterlab/application'], builtAt: new Date().toISOString() }));
  await fs.rm(stageDir, { recursive: true, force: true });
}

async function ensureBuilt(kind, hash, build, log) {
  const final = path.join(cacheRoot(), kind, hash);
  if (existsSync(path.join(final, '.done'))) return final;
  return withLock(kind, async () => {
    if (existsSync(path.join(final, '.done'))) return final;
    const tmp = `${final}.tmp-${process.pid}`;
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.mkdir(tmp, { recursive: true });
    log(`zld: building ${kind} ${hash} (once per change of its inputs)`);
    try {
      await build(tmp);
    } catch (e) {
      await fs.rm(tmp, { recursive: true, force: true });
      throw e;
    }
    await fs.writeFile(path.join(tmp, '.done'), new Date().toISOString());
    await fs.rm(final, { recursive: true, force: true });
    await fs.rename(tmp, final);
    return final;
  });
}

/** Build (or reuse) the host bundle; returns its folder (static/, schemas/, themes/, core-package/). */
export async function ensureHostBundle({ log = console.log } = {}) {
  const versions = sharedVersions();
  const webpackVersion = require('webpack/package.json').version;
  // the lockfile: a changed pin (npm `overrides`) of any bundled package rebuilds the host
  const inputs = [...filesUnder(path.join(HERE, 'src')), path.join(HERE, 'host-config.cjs'), path.join(HERE, 'webpack.config.cjs'), path.join(repoRoot, 'package-lock.json')];
  const hash = hashOf(inputs, JSON.stringify({ versions, webpackVersion }));
  return ensureBuilt('jupyterlab-host', hash, (dir) => buildHostInto(dir, versions, log), log);
}

/** Build (or reuse) the prebuilt extension; returns a `labextensions` folder holding `@zld/jupyterlab-ext`. */
export async function ensureExtension(hostDir, { log = console.log } = {}) {
  const inputs = [
    ...['src', 'style', 'schema'].flatMap((d) => filesUnder(path.join(EXT_DIR, d))),
    path.join(EXT_DIR, 'package.json'),
    path.join(EXT_DIR, 'tsconfig.json'),
    ...filesUnder(path.join(repoRoot, 'core', 'src')),
    ...filesUnder(path.join(repoRoot, 'kernel-bridge', 'src')),
  ];
  const hash = hashOf(inputs, hostDir);
  const dir = await ensureBuilt(
    'jupyterlab-ext',
    hash,
    async (tmp) => {
      const t0 = Date.now();
      await run(process.execPath, [path.join(NODE_MODULES, 'typescript/bin/tsc'), '-b', EXT_DIR]);
      await run(process.execPath, [
        path.join(NODE_MODULES, '@jupyterlab/builder/lib/build-labextension.js'),
        '--core-path',
        path.join(hostDir, 'core-package'),
        EXT_DIR,
      ]);
      const out = path.join(tmp, 'labextensions', '@zld', 'jupyterlab-ext');
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.cp(path.join(EXT_DIR, 'labextension'), out, { recursive: true });
      log(`zld: jupyterlab-ext built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    },
    log,
  );
  return path.join(dir, 'labextensions');
}

/** Both: the host bundle and a labextensions folder with the zld extension. */
export async function ensureLabHost(opts = {}) {
  const hostDir = await ensureHostBundle(opts);
  const labextensionsDir = await ensureExtension(hostDir, opts);
  return { hostDir, labextensionsDir };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureLabHost().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
