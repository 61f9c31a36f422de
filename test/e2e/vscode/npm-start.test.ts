/**
 * `npm start` (scripts/start.mjs): the CLI journey, then code-server on 127.0.0.1 with the packaged extension and
 * the demo store listed in the Zarr view; the URL answers 200 and Ctrl-C (SIGINT) stops everything cleanly. Where
 * code-server cannot be installed, it says why and still exits 0 after the CLI journey.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../helpers/fixtures.js';
import { launchBrowser } from './harness.js';
import { openZarrContainer, pane, shot, treeRow, waitForWorkbench } from './workbench.js';

const START = path.join(repoRoot, 'scripts', 'start.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];

async function tmp(): Promise<string> {
  const d = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-start-test-'));
  dirs.push(d);
  return d;
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [START, ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, out: () => out, err: () => err };
}

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

describe('npm start', () => {
  test('runs the CLI journey, then serves VS Code with the extension and the demo store; Ctrl-C stops it', async () => {
    const dir = path.join(await tmp(), 'demo');
    const s = start(['--dir', dir, '--shape', '90,10']);
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /VS Code \(code-server\) with the demo store: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(s.out());
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 200);
      void s.exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`start.mjs exited (${code}) before printing the URL:\n${s.out()}\n${s.err()}`));
      });
    });
    // the CLI journey ran first and said what it did
    expect(s.out()).toContain('zld demo: the Cat+ journey');
    expect(s.out()).toMatch(/saved it as .*sample1Dataset\.npy/);
    expect(existsSync(path.join(dir, 'test_store.zarr', '.all_metadata'))).toBe(true);
    expect(existsSync(path.join(dir, 'sample1Dataset.npy'))).toBe(true);

    const r = await fetch(url);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('vscode');

    // in the browser: the Zarr view lists the demo store from the settings
    const browser = await launchBrowser();
    try {
      await browser.page.goto(url);
      await waitForWorkbench(browser.page);
      await openZarrContainer(browser.page);
      await treeRow(pane(browser.page, 'Stores'), 'test_store.zarr').waitFor({ timeout: 30_000 });
      await shot(browser.page, 'start-01-demo-store');
    } finally {
      await browser.close();
    }

    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.err()).toContain('SIGINT: stopping code-server');
    // nothing answers there any more
    await expect(fetch(url)).rejects.toThrow();
  });

  test('--exit-after-ready: checks that the URL answers 200, stops code-server and exits 0', async () => {
    const dir = path.join(await tmp(), 'demo');
    const s = start(['--no-build', '--exit-after-ready', '--dir', dir, '--shape', '90,10']);
    expect(await s.exited).toBe(0);
    const url = /with the demo store: (\S+)/.exec(s.out())?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?folder=/);
    expect(s.err()).toContain(`${url} answered 200; stopped (--exit-after-ready)`);
    await expect(fetch(url!)).rejects.toThrow();
  });

  test('--no-ide: the CLI journey only', async () => {
    const dir = path.join(await tmp(), 'demo');
    const s = start(['--no-build', '--no-ide', '--dir', dir, '--shape', '90,10']);
    expect(await s.exited).toBe(0);
    expect(s.out()).toContain('zld demo: the Cat+ journey');
    expect(s.out()).not.toContain('code-server');
    expect(existsSync(path.join(dir, 'test_store.zarr', '.all_metadata'))).toBe(true);
  });

  test('where code-server cannot be installed: says why and exits 0 after the CLI journey', async () => {
    const root = await tmp();
    const s = start(['--no-build', '--dir', path.join(root, 'demo'), '--shape', '90,10'], {
      // an empty host cache and an npm registry that refuses connections
      ZLD_HOSTS_CACHE: path.join(root, 'hosts'),
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_fetch_retries: '0',
    });
    expect(await s.exited).toBe(0);
    expect(s.out()).toContain('zld demo: the Cat+ journey');
    expect(s.err()).toMatch(/not starting VS Code: code-server cannot be installed here \(.*ECONNREFUSED/);
    expect(s.out()).not.toContain('127.0.0.1:');
  });
});
