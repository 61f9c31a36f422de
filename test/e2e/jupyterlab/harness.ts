/**
 * A real JupyterLab for one test file: the zld test host (`test/hosts/jupyterlab/zld_lab_host.py`, a
 * jupyterlab_server `LabServerApp` loaded into Debian's jupyter-server as a server extension) on 127.0.0.1 with
 * a token, serving `rootDir`, plus headless Chromium (playwright-core, `/usr/bin/chromium`) on `/lab`.
 *
 * @example
 * ```ts
 * const lab = await startLab({ files: { 'store.zarr': catPlus } });
 * await lab.page.getByRole('tab', { name: 'Zarr' }).click();
 * await lab.shot('journey1-store');
 * await lab.close();
 * ```
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject, onTestFailed } from 'vitest';
import { startJupyterServer, type JupyterServerHandle } from '../../helpers/jupyter-server.js';
import { repoRoot } from '../../helpers/paths.js';

export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots', 'jupyterlab');

export interface LabOptions {
  /** Copied into the served root folder: name in the root -> source file or folder. */
  files?: Record<string, string>;
  /** Extra environment for the server and its kernels. */
  env?: Record<string, string>;
  /** User settings of the zld extension (`@zld/jupyterlab-ext:plugin`), written before the server starts. */
  zldSettings?: Record<string, unknown>;
  /** Browser viewport (default 1400x900). */
  viewport?: { width: number; height: number };
  /** Serve under this base URL, as JupyterHub does (`/user/NAME/`). */
  basePath?: string;
}

export interface Lab {
  server: JupyterServerHandle;
  browser: Browser;
  page: Page;
  rootDir: string;
  /** Where the server keeps user settings (`user-settings/<plugin package>/<plugin>.jupyterlab-settings`). */
  stateDir: string;
  /** `http://127.0.0.1:PORT/lab` (without the token). */
  url: string;
  /** Messages the page logged as errors (minus the known harmless ones of this server version); `close()` fails on a recursion among them. */
  consoleErrors: string[];
  /** Saves `test-results/screenshots/jupyterlab/<name>.png`; returns its path. */
  shot(name: string): Promise<string>;
  /** Fetch a Jupyter REST path (e.g. `api/contents/x`) with the token. */
  api(pathname: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

// jupyter-server 1.23 lacks the 2.x event and identity APIs
const HARMLESS = [/api\/events\/subscribe/, /api\/me/, /status of 404/, /kernelInfoTimeout/];
// a runaway recursion (FAST design tokens froze the dark theme before @microsoft/fast-foundation was pinned)
const RECURSION = /Maximum call stack size exceeded/;

/** Save a screenshot named after the current test when it fails (call inside a test). */
export function shotOnFailure(lab: Lab, name: string): void {
  onTestFailed(async () => {
    await lab.shot(`failed-${name}`).catch(() => undefined);
  });
}

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const { hostDir, labextensionsDir } = inject('labHost');
  const rootDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-lab-root-'));
  const stateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-lab-state-'));
  if (opts.zldSettings) {
    const dir = path.join(stateDir, 'user-settings', '@zld', 'jupyterlab-ext');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'plugin.jupyterlab-settings'), JSON.stringify(opts.zldSettings));
  }
  for (const [name, src] of Object.entries(opts.files ?? {})) {
    await fs.cp(src, path.join(rootDir, name), { recursive: true });
  }
  const server = await startJupyterServer({
    rootDir,
    basePath: opts.basePath,
    env: {
      // the test host and zld's own server extension (the Argo proxy, part of the product)
      PYTHONPATH: [path.join(repoRoot, 'test', 'hosts', 'jupyterlab'), path.join(repoRoot, 'jupyterlab-ext', 'python')].join(path.delimiter),
      ZLD_LAB_BUILD: hostDir,
      ZLD_LAB_EXTENSIONS: labextensionsDir,
      ZLD_LAB_STATE: stateDir,
      ...(opts.env ?? {}),
    },
    // Zarr v2 keys are dot-files, which jupyter-server hides from the Contents API unless allowed
    args: ['--ServerApp.jpserver_extensions=zld_lab_host=True', '--ServerApp.jpserver_extensions=zld_jupyterlab=True', '--ContentsManager.allow_hidden=True'],
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.baseUrl).origin });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !HARMLESS.some((re) => re.test(m.text()))) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  const url = `${server.baseUrl}lab`;
  await page.goto(`${url}?token=${server.token}`);
  await page.waitForSelector('body[data-zld-lab-ready]', { state: 'attached', timeout: 90_000 });
  await fs.mkdir(screenshotDir, { recursive: true });
  return {
    server,
    browser,
    page,
    rootDir,
    stateDir,
    url,
    consoleErrors,
    async shot(name) {
      const file = path.join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    api(pathname, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `token ${server.token}`);
      return fetch(`${server.baseUrl}${pathname}`, { ...init, headers });
    },
    async close() {
      await browser.close().catch(() => {});
      await server.stop();
      await fs.rm(rootDir, { recursive: true, force: true });
      await fs.rm(stateDir, { recursive: true, force: true });
      const recursions = consoleErrors.filter((e) => RECURSION.test(e)).length;
      if (recursions) throw new Error(`the page logged "Maximum call stack size exceeded" ${recursions} time(s)`);
    },
  };
}
