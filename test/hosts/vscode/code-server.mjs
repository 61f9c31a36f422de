#!/usr/bin/env node
/**
 * Starts code-server (installed by `install.mjs`) on 127.0.0.1 with a free port and a fresh, throw-away
 * user-data-dir, extensions-dir and `XDG_*` folders, so nothing lands in `$HOME` and runs never share state.
 *
 * `smokeTestDriver: true` adds `--vscode-option enable-smoke-test-driver`, which the extension-host test run
 * needs (it reports the exit code through `codeAutomationExit`); toasts are suppressed in that mode, so UI
 * journeys use a server started without it.
 *
 * @example
 * ```ts
 * import { startCodeServer } from '../../hosts/vscode/code-server.mjs';
 * const cs = await startCodeServer({ workspace: '/tmp/ws', vsix: 'vscode-ext/dist/zld-vscode.vsix' });
 * console.log(cs.url);        // http://127.0.0.1:PORT/?folder=/tmp/ws
 * await cs.stop();
 * ```
 * ```sh
 * node test/hosts/vscode/code-server.mjs /path/to/workspace [--vsix file.vsix] [--store cat.zarr]   # prints the URL, Ctrl-C stops
 * ```
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureVscodeHost } from './install.mjs';

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
};

async function waitHealthy(url, child, logs, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${logs.join('')}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms:\n${logs.join('')}`);
}

/**
 * @param {{ workspace: string, vsix?: string[] | string, smokeTestDriver?: boolean,
 *   settings?: Record<string, unknown>, env?: Record<string, string>, keep?: boolean }} opts
 */
export async function startCodeServer(opts) {
  const host = await ensureVscodeHost();
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-code-server-'));
  const dirs = {
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    xdgData: path.join(root, 'xdg/data'),
    xdgConfig: path.join(root, 'xdg/config'),
    xdgCache: path.join(root, 'xdg/cache'),
  };
  for (const d of Object.values(dirs)) await fs.mkdir(d, { recursive: true });
  await fs.mkdir(path.join(dirs.userData, 'User'), { recursive: true });
  await fs.writeFile(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...opts.settings }, null, 2));
  const config = path.join(root, 'config.yaml');
  await fs.writeFile(config, 'auth: none\ncert: false\n');
  const env = {
    ...process.env,
    XDG_DATA_HOME: dirs.xdgData,
    XDG_CONFIG_HOME: dirs.xdgConfig,
    XDG_CACHE_HOME: dirs.xdgCache,
    VSCODE_PROXY_URI: '',
    // no extension gallery: nothing but loopback is reachable, and the tests install from .vsix
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/', itemUrl: 'http://127.0.0.1:9/', resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}' }),
    ...opts.env,
  };
  delete env.NODE_OPTIONS;
  const nodeBin = path.dirname(host.node);
  env.PATH = `${nodeBin}${path.delimiter}${env.PATH ?? ''}`;
  const base = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  const vsixes = opts.vsix === undefined ? [] : Array.isArray(opts.vsix) ? opts.vsix : [opts.vsix];
  for (const vsix of vsixes) {
    await new Promise((resolve, reject) => {
      const p = spawn(host.node, [host.codeServer, ...base, '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`installing ${vsix} failed (${code}):\n${out}`))));
    });
  }

  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = [
      host.codeServer,
      ...base,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      opts.workspace,
    ];
    const logs = [];
    const child = spawn(host.node, args, { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const keep = (d) => {
      logs.push(d.toString());
      if (logs.length > 400) logs.splice(0, logs.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const origin = `http://127.0.0.1:${port}`;
    try {
      await waitHealthy(origin, child, logs, 60_000);
    } catch (e) {
      lastError = e;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone already
      }
      if (/EADDRINUSE/.test(String(e))) continue;
      break;
    }
    const exited = new Promise((r) => child.once('exit', r));
    return {
      origin,
      port,
      root,
      dirs,
      workspace: opts.workspace,
      /** URL that opens the workspace folder. */
      url: `${origin}/?folder=${encodeURIComponent(opts.workspace)}`,
      /** Workbench URL with a `payload` (e.g. `extensionDevelopmentPath`, `extensionTestsPath`: absolute paths). */
      workbenchUrl(payload = {}) {
        const entries = Object.entries(payload).map(([k, v]) => [k, v.startsWith('/') ? `vscode-remote://127.0.0.1:${port}${v}` : v]);
        const q = `folder=${encodeURIComponent(opts.workspace)}${entries.length ? `&payload=${encodeURIComponent(JSON.stringify(entries))}` : ''}`;
        return `${origin}/?${q}`;
      },
      /** The server's output so far. */
      log: () => logs.join(''),
      async stop() {
        if (child.exitCode === null) {
          try {
            process.kill(-child.pid, 'SIGTERM');
          } catch {
            // gone already
          }
          const timer = setTimeout(() => {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // gone already
            }
          }, 5000);
          await exited;
          clearTimeout(timer);
        }
        if (!opts.keep) await fs.rm(root, { recursive: true, force: true });
      },
    };
  }
  await fs.rm(root, { recursive: true, force: true });
  throw lastError;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { vsix: { type: 'string', multiple: true }, store: { type: 'string', multiple: true } },
  });
  const workspace = path.resolve(positionals[0] ?? '.');
  const vsix = (values.vsix ?? []).map((v) => path.resolve(v));
  // stores listed in the zld.stores setting show in the Zarr view at once
  const settings = values.store?.length ? { 'zld.stores': values.store } : {};
  const cs = await startCodeServer({ workspace, vsix, settings });
  console.log(cs.url);
  const stop = () => cs.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
