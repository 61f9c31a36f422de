/**
 * Retrieve in a notebook whose kernel speaks a language zld has no code generator for: a wrapper kernel
 * (`fakelang_kernel.py`, language_info name "fakelang") registered through JUPYTER_PATH. Insert code cell must
 * leave the notebook alone, copy the Python load code to the clipboard and warn, naming the language.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../helpers/fixtures.js';
import { shotOnFailure, startLab, type Lab } from './harness.js';
import { addStore, expandPath, openZarrPanel, row } from './panel-driver.js';

const here = path.dirname(fileURLToPath(import.meta.url));
type LabWindow = { zldLab: { commands: { execute(id: string, a?: unknown): Promise<unknown> } } };

/** A JUPYTER_PATH folder holding the `zld-fakelang` kernelspec; returns the folder. */
async function fakeLangKernelspec(): Promise<string> {
  const jupyterPath = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-fakelang-'));
  const dir = path.join(jupyterPath, 'kernels', 'zld-fakelang');
  await fs.mkdir(dir, { recursive: true });
  const spec = {
    argv: ['/usr/bin/python3', '-m', 'fakelang_kernel', '-f', '{connection_file}'],
    display_name: 'FakeLang (zld test)',
    language: 'fakelang',
    env: { PYTHONPATH: here },
  };
  await fs.writeFile(path.join(dir, 'kernel.json'), JSON.stringify(spec));
  return jupyterPath;
}

describe('Retrieve in a notebook whose kernel language zld cannot generate code for', () => {
  let lab: Lab;
  let jupyterPath: string;
  beforeAll(async () => {
    const fx = await ensureFixtures();
    jupyterPath = await fakeLangKernelspec();
    lab = await startLab({ files: { 'catplus.zarr': fx.catPlus }, env: { JUPYTER_PATH: jupyterPath } });
  });
  afterAll(async () => {
    await lab?.close();
    if (jupyterPath) await fs.rm(jupyterPath, { recursive: true, force: true });
  });

  it('inserts no cell, copies the Python load code to the clipboard and warns naming "fakelang"', async () => {
    const { page } = lab;
    shotOnFailure(lab, 'unsupported-kernel');
    const specs = (await (await lab.api('api/kernelspecs')).json()) as { kernelspecs: Record<string, unknown> };
    expect(Object.keys(specs.kernelspecs)).toContain('zld-fakelang');
    await page.evaluate(() => navigator.clipboard.writeText('before'));
    await page.evaluate(() => (window as unknown as LabWindow).zldLab.commands.execute('notebook:create-new', { kernelName: 'zld-fakelang' }));
    const cells = page.locator('.jp-NotebookPanel .jp-Cell');
    await cells.first().waitFor();
    await expect.poll(() => page.locator('#jp-main-statusbar').textContent(), { timeout: 60_000 }).toContain('Idle');
    await expect.poll(() => page.locator('#jp-main-statusbar').textContent()).toContain('FakeLang');
    const before = await cells.count();
    await openZarrPanel(page);
    await addStore(page, 'catplus.zarr');
    await expandPath(page, ['/myBatch', '/myBatch/mySamplePrep', '/myBatch/mySamplePrep/sample1']);
    await row(page, '/myBatch/mySamplePrep/sample1/sample1Dataset').click({ button: 'right' });
    await page.locator('.lm-Menu-item', { hasText: 'Insert code cell' }).click();
    const toast = page.locator('.Toastify__toast', { hasText: 'cannot write load code' });
    await toast.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await toast.textContent()).toContain('"fakelang"');
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    expect(clip).toContain('sample1Dataset');
    expect(clip).toContain('import zarr');
    expect(await cells.count()).toBe(before);
    await lab.shot('28-unsupported-kernel');
  });
});
