// The linked-data API must bundle for the browser (JupyterLab): no node:* module reachable from it.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('linked data in the browser bundle', () => {
  it('bundles for platform=browser without Node built-ins, bundled contexts included', async () => {
    const entry = fileURLToPath(new URL('../src/linked/public.ts', import.meta.url));
    const r = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent', metafile: true });
    const inputs = Object.keys(r.metafile!.inputs);
    expect(inputs.filter((i) => i.startsWith('node:') || /(^|\/)node_modules\/(fs|path|os|child_process)\//.test(i))).toEqual([]);
    const text = r.outputFiles[0]!.text;
    expect(text).toContain('https://zld.dev/contexts/catplus.jsonld');
    expect(text).toContain('http://www.w3.org/ns/prov#');
  }, 60_000);
});
