import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cliMain, registerCommands } from '@zld/core/node';
import { commands } from '../src/cli.js';
import { ensureFixtures, repoRoot, run } from '../../test/helpers/fixtures.js';

registerCommands(commands);

async function zld(argv: string[], cwd = repoRoot): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await cliMain(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), isTTY: false, env: {}, cwd });
  return { code, out, err };
}

const SAMPLE1 = 'myBatch/mySamplePrep/sample1/sample1Dataset';

describe('zld code', () => {
  let catPlus: string;
  beforeAll(async () => {
    catPlus = (await ensureFixtures()).catPlus;
  });

  it('prints a Python cell, finding kind and format in the store (relative store path kept as typed)', async () => {
    const rel = path.relative(repoRoot, catPlus);
    const r = await zld(['code', rel, SAMPLE1, '--uri', 'http://www.catplus.ch/ontology/concepts/sample1']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('# Path:  /myBatch/mySamplePrep/sample1/sample1Dataset (Zarr v2 array)');
    expect(r.out).toContain(`store = '${rel}'`);
    expect(r.out).toContain(`sample1Dataset = zarr.open(store, mode='r', path='${SAMPLE1}')`);
    const g = await zld(['code', catPlus, 'myBatch', '--lang', 'julia', '--key', '.all_metadata']);
    expect(g.out).toMatch(/^# zld: load a Zarr group/);
    expect(g.out).toContain('myBatch = zopen(store, "r", path="myBatch")');
  });

  it('--json gives the generated code object; flags skip the store lookup (remote stores need them)', async () => {
    const r = await zld(['code', 's3://lab/cat.zarr', SAMPLE1, '--kind', 'array', '--format', '2', '--flavour', 'xarray', '--endpoint', 'http://127.0.0.1:9000', '--json']);
    expect(r.code).toBe(0);
    const code = JSON.parse(r.out) as { source: string; packages: string[]; language: string; variable: string };
    expect(code).toMatchObject({ language: 'python', variable: 'sample1Dataset', packages: ['zarr', 's3fs', 'xarray'] });
    expect(code.source).toContain("'endpoint_url': 'http://127.0.0.1:9000'");
  });

  it('reports bad input with exit code 1 and a message naming it', async () => {
    const missing = await zld(['code', catPlus, 'myBatch/nothing']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no Zarr array or group at "\/myBatch\/nothing"/);
    const lang = await zld(['code', catPlus, 'myBatch', '--lang', 'cobol']);
    expect(lang.code).toBe(1);
    expect(lang.err).toMatch(/--lang must be one of python, javascript, typescript, r, julia, not "cobol"/);
    const slice = await zld(['code', catPlus, SAMPLE1, '--slice', '1;2']);
    expect(slice.code).toBe(1);
    expect(slice.err).toMatch(/bad slice "1;2"/);
  });

  it('is registered in the zld binary through the optional import', async () => {
    const help = (await run(process.execPath, [path.join(repoRoot, 'core/bin/zld.js'), '--help'])).toString();
    expect(help).toMatch(/zld code STORE PATH/);
    const out = (await run(process.execPath, [path.join(repoRoot, 'core/bin/zld.js'), 'code', catPlus, SAMPLE1, '--lang', 'javascript', '--slice', '0:2, 0:3'])).toString();
    expect(out).toContain('const sample1Dataset = await (async () => {');
    expect(out).toContain('[zarr.slice(0, 2), zarr.slice(0, 3)]');
  });
});
