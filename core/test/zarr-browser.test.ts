// The Zarr layer exported from @zld/core must bundle for the browser (JupyterLab): no node:* module reachable.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('zarr layer in the browser bundle', () => {
  it('hierarchy, consolidated metadata, reads and writes bundle for platform=browser without Node built-ins', async () => {
    const dir = new URL('../src/zarr/', import.meta.url);
    const entries = ['hierarchy.ts', 'consolidated.ts', 'array.ts', 'write.ts', 'selection.ts'].map((f) => fileURLToPath(new URL(f, dir)));
    const r = await build({ entryPoints: entries, bundle: true, platform: 'browser', format: 'esm', write: false, outdir: 'out', logLevel: 'silent', metafile: true });
    const inputs = Object.keys(r.metafile!.inputs);
    expect(inputs.some((i) => i.includes('zarr/hierarchy.ts'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:') || /(^|\/)node_modules\/(fs|path|os|child_process)\//.test(i) || i.includes('local-metadata') || i.includes('npy.ts'))).toEqual([]);
  }, 60_000);
});
