/**
 * What the VS Code end-to-end tests share: building and packaging the extension, fresh workspaces holding a
 * copy of the Cat+ store and a notebook, headless Chromium on a code-server page, and the extension-host test run
 * (mocha inside VS Code's real extension host, started through the workbench URL `payload`).
 *
 * @example
 * ```ts
 * const ws = await makeWorkspace();
 * const run = await runExtensionHostTests({ workspace: ws.dir });
 * for (const r of run.records) console.log(r.state, r.suite, r.title);
 * ```
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { format } from 'node:util';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCodeServer } from '../../hosts/vscode/code-server.mjs';
import { ensureFixtures, repoRoot } from '../../helpers/fixtures.js';
import type { MochaRecord } from '../../../vscode-ext/test/index.js';

export const extensionDir = path.join(repoRoot, 'vscode-ext');
export const vsixPath = path.join(extensionDir, 'dist', 'zld-vscode.vsix');
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots', 'vscode');
export const CHROMIUM = '/usr/bin/chromium';

function run(cmd: string, args: string[], cwd = repoRoot): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${out}`))));
  });
}

/**
 * Bundle the extension as it ships (minified) and its extension-host suites, then package the `.vsix` the UI
 * journeys install.
 */
export async function buildExtension(): Promise<void> {
  await run(process.execPath, [path.join(extensionDir, 'esbuild.mjs'), '--production', '--tests']);
  await run(
    process.execPath,
    [path.join(repoRoot, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsixPath],
    extensionDir,
  );
}

/** Copy a folder: small files copied, large chunk files hard-linked (tests never write chunks). */
async function copyStore(src: string, dest: string): Promise<void> {
  await fs.mkdir(dest, { recursive: true });
  for (const e of await fs.readdir(src, { withFileTypes: true })) {
    const from = path.join(src, e.name);
    const to = path.join(dest, e.name);
    if (e.isDirectory()) await copyStore(from, to);
    else if (!e.name.startsWith('.') && e.name !== 'zarr.json' && (await fs.stat(from)).size > 64 * 1024) await fs.link(from, to);
    else await fs.copyFile(from, to);
  }
}

export const CATPLUS_SAMPLE1 = 'http://www.catplus.ch/ontology/concepts/sample1';

/** A minimal nbformat 4 notebook with one code cell. */
export function notebookJson(cells: string[] = ['import numpy as np']): string {
  return JSON.stringify(
    {
      cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: [source] })),
      metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' }, language_info: { name: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

export interface Workspace {
  dir: string;
  /** `<dir>/cat-plus.zarr` */
  catPlus: string;
  /** `<dir>/analysis.ipynb` */
  notebook: string;
  remove(): Promise<void>;
}

/** A fresh workspace: the Cat+ store (copy), a notebook, and whatever `extra` files are given. */
export async function makeWorkspace(extra: Record<string, string> = {}): Promise<Workspace> {
  const fx = await ensureFixtures();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-vscode-ws-'));
  const catPlus = path.join(dir, 'cat-plus.zarr');
  await copyStore(fx.catPlus, catPlus);
  const notebook = path.join(dir, 'analysis.ipynb');
  await fs.writeFile(notebook, notebookJson());
  for (const [rel, text] of Object.entries(extra)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), text);
  }
  return { dir, catPlus, notebook, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** Headless Chromium with a throw-away profile. */
export async function launchBrowser(): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
    // chromium's own config and cache (crash reports...) go to the throw-away profile, not to $HOME
    env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') } as Record<string, string>,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      await fs.rm(profile, { recursive: true, force: true });
    },
  };
}

/** One mocha test as the extension-host runner records it. */
export type { MochaRecord };

export interface ExtensionHostRun {
  exitCode: number;
  records: MochaRecord[];
  /** What the workbench and the extension host logged (console, `codeAutomationLog`, the log files at exit). */
  log: string;
  durationMs: number;
}

/**
 * Run the mocha suites inside code-server's real extension host: a server started with the smoke-test driver,
 * a page opened on the workbench URL with `extensionDevelopmentPath`/`extensionTestsPath`, and the exit code read
 * back through `codeAutomationExit`.
 */
export async function runExtensionHostTests(opts: {
  workspace: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<ExtensionHostRun> {
  const started = Date.now();
  const resultsFile = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'zld-mocha-')), 'results.json');
  const cs = await startCodeServer({
    workspace: opts.workspace,
    smokeTestDriver: true,
    settings: opts.settings,
    env: { ZLD_VSCODE_TEST_RESULTS: resultsFile, ...opts.env },
  });
  const browser = await launchBrowser();
  const logs: string[] = [];
  try {
    let exit!: (v: { code: number; logs: unknown }) => void;
    const exited = new Promise<{ code: number; logs: unknown }>((r) => (exit = r));
    await browser.page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      logs.push(`[${type}] ${format(...(Array.isArray(args) ? args : [args]))}`);
    });
    await browser.page.exposeFunction('codeAutomationExit', (code: number, exitLogs: unknown) => exit({ code, logs: exitLogs }));
    browser.page.on('pageerror', (e) => logs.push(`[pageerror] ${e.message}`));
    await browser.page.goto(
      cs.workbenchUrl({
        extensionDevelopmentPath: extensionDir,
        extensionTestsPath: path.join(extensionDir, 'out', 'test', 'index.js'),
      }),
    );
    const timeoutMs = opts.timeoutMs ?? 240_000;
    const result = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the extension-host tests did not finish within ${timeoutMs} ms`)), timeoutMs)),
    ]);
    if (Array.isArray(result.logs)) {
      for (const l of result.logs as { relativePath?: string; contents?: string }[]) {
        if (l?.contents) logs.push(`--- ${l.relativePath ?? 'log'} ---\n${l.contents}`);
      }
    }
    const parsed = await fs
      .readFile(resultsFile, 'utf8')
      .then((t) => JSON.parse(t) as { records: MochaRecord[] })
      .catch(() => ({ records: [] as MochaRecord[] }));
    return { exitCode: result.code, records: parsed.records, log: logs.join('\n'), durationMs: Date.now() - started };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- workbench log ---\n${logs.join('\n')}\n--- code-server log ---\n${cs.log()}`);
  } finally {
    await browser.close();
    await cs.stop();
    await fs.rm(path.dirname(resultsFile), { recursive: true, force: true });
  }
}
