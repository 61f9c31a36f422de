/**
 * The Python wheel of zld for JupyterLab (`jupyterlab-ext/python`) builds and installs as a JupyterHub image
 * would use it: Debian's hatchling builds the wheel from a copy of the package with the prebuilt labextension
 * where `pyproject.toml`'s shared-data takes it from; Debian's `installer` installs it into a temporary prefix;
 * Debian's jupyter-server, with only that prefix on `PYTHONPATH`/`JUPYTER_PATH`/`JUPYTER_CONFIG_PATH`, loads the
 * Argo proxy because of the installed config file; and jupyterlab_server's discovery (what `jupyter labextension
 * list` and the lab page use) finds `@zld/jupyterlab-ext` in the prefix with its version and install.json.
 *
 * The labextension comes from the same cached builder as the JupyterLab e2e project (`build.mjs`): built once
 * per content hash, so only a fresh cache pays for the build (minutes), hence the long setup timeout.
 *
 * @example
 * ```sh
 * cd jupyterlab-ext/python && /usr/bin/python3 -m hatchling build -t wheel -d dist   # what this test runs
 * npx vitest run --project unit test/integration/jupyterlab-wheel.test.ts
 * ```
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLabHost } from '../hosts/jupyterlab/build.mjs';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { startJupyterServer, type JupyterServerHandle } from '../helpers/jupyter-server.js';
import { debianPython, repoRoot } from '../helpers/paths.js';

const EXT = '@zld/jupyterlab-ext';
const LABEXT_DEST = `share/jupyter/labextensions/${EXT}`;
const SERVER_CONFIG = 'etc/jupyter/jupyter_server_config.d/zld_jupyterlab.json';

async function py(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(debianPython, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, maxBuffer: 16 << 20 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${debianPython} ${args.join(' ')} failed: ${err.stderr || err.message}`);
  }
}

async function filesUnder(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const d of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) out.push(...(await filesUnder(dir, r)));
    else out.push(r);
  }
  return out.sort();
}

/** The source folder that pyproject.toml's shared-data maps onto `share/jupyter/labextensions/@zld/jupyterlab-ext`. */
const SHARED_SOURCE = `import sys, tomllib
data = tomllib.load(open("pyproject.toml", "rb"))["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
print(next(k for k, v in data.items() if v.rstrip("/") == sys.argv[1]))`;

const DISCOVER = `import json
from jupyter_core.paths import jupyter_path
from jupyterlab_server.config import get_federated_extensions
print(json.dumps(get_federated_extensions(jupyter_path("labextensions"))))`;

describe('the zld_jupyterlab wheel', () => {
  let work: string;
  let builtExt: string;
  let wheel: string;
  let names: string[];
  let version: string;
  /** Where the installer put things for the prefix (sysconfig's scheme: Debian adds `local/`). */
  let purelib: string;
  let data: string;
  /** Only the prefix on the paths (no user site either: nothing installed for the user may stand in for it). */
  let prefixEnv: Record<string, string>;
  /** The same, plus empty user Jupyter folders, for Python snippets (the server helper has private ones). */
  let pythonEnv: Record<string, string>;
  let argo: ArgoServerHandle | undefined;
  const servers: JupyterServerHandle[] = [];

  beforeAll(async () => {
    const { labextensionsDir } = await ensureLabHost({ log: (m: string) => console.log(m) });
    builtExt = path.join(labextensionsDir, EXT);
    version = (JSON.parse(await fs.readFile(path.join(builtExt, 'package.json'), 'utf8')) as { version: string }).version;
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-wheel-'));
    const project = path.join(work, 'python');
    await fs.cp(path.join(repoRoot, 'jupyterlab-ext', 'python'), project, {
      recursive: true,
      filter: (src) => !/__pycache__|\.egg-info|[\\/](dist|build)$/.test(src),
    });
    const source = (await py(['-c', SHARED_SOURCE, LABEXT_DEST], { cwd: project })).trim();
    await fs.cp(builtExt, path.resolve(project, source), { recursive: true });
    await py(['-m', 'hatchling', 'build', '-t', 'wheel', '-d', path.join(work, 'dist')], { cwd: project });
    const built = (await fs.readdir(path.join(work, 'dist'))).filter((f) => f.endsWith('.whl'));
    expect(built).toHaveLength(1);
    wheel = path.join(work, 'dist', built[0]!);
    names = JSON.parse(await py(['-c', 'import json, sys, zipfile; print(json.dumps(zipfile.ZipFile(sys.argv[1]).namelist()))', wheel])) as string[];
    const prefix = path.join(work, 'prefix');
    await py(['-m', 'installer', '--prefix', prefix, wheel]);
    const scheme = JSON.parse(
      await py(['-c', 'import json, sys, sysconfig; print(json.dumps(sysconfig.get_paths(vars={"base": sys.argv[1], "platbase": sys.argv[1]})))', prefix]),
    ) as Record<string, string>;
    purelib = scheme.purelib!;
    data = scheme.data!;
    prefixEnv = {
      PYTHONPATH: purelib,
      PYTHONNOUSERSITE: '1',
      JUPYTER_PATH: path.join(data, 'share', 'jupyter'),
      JUPYTER_CONFIG_PATH: path.join(data, 'etc', 'jupyter'),
    };
    pythonEnv = { ...prefixEnv, JUPYTER_DATA_DIR: path.join(work, 'user-data'), JUPYTER_CONFIG_DIR: path.join(work, 'user-config') };
  }, 15 * 60_000);

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await argo?.close();
    if (work) await fs.rm(work, { recursive: true, force: true });
  });

  it('holds the server extension, every file of the prebuilt labextension with install.json, and the server config', async () => {
    // the wheel (pyproject.toml) carries the version of the labextension (package.json)
    expect(path.basename(wheel)).toBe(`zld_jupyterlab-${version}-py3-none-any.whl`);
    const dataDir = `zld_jupyterlab-${version}.data/data/`;
    expect(names).toEqual(expect.arrayContaining(['zld_jupyterlab/__init__.py', 'zld_jupyterlab/argo_proxy.py', 'zld_jupyterlab/argo_config.py']));
    const labFiles = await filesUnder(builtExt);
    expect(labFiles).toEqual(expect.arrayContaining(['package.json', expect.stringMatching(/^static\/remoteEntry\.[0-9a-f]+\.js$/)]));
    const inWheel = names.filter((n) => n.startsWith(`${dataDir}${LABEXT_DEST}/`)).map((n) => n.slice(`${dataDir}${LABEXT_DEST}/`.length));
    expect(inWheel.sort()).toEqual([...labFiles, 'install.json'].sort());
    expect(names).toContain(`${dataDir}${SERVER_CONFIG}`);
    // nothing else: the package, the data files and the dist-info
    expect(names.filter((n) => !n.startsWith('zld_jupyterlab/') && !n.startsWith(dataDir) && !n.startsWith(`zld_jupyterlab-${version}.dist-info/`))).toEqual([]);
  });

  it('installs into a prefix: the package on purelib, the labextension and the config under the data path', async () => {
    const installed = JSON.parse(await fs.readFile(path.join(data, LABEXT_DEST, 'install.json'), 'utf8')) as Record<string, string>;
    expect(installed).toMatchObject({ packageManager: 'python', packageName: 'zld_jupyterlab' });
    expect(JSON.parse(await fs.readFile(path.join(data, SERVER_CONFIG), 'utf8'))).toEqual({ ServerApp: { jpserver_extensions: { zld_jupyterlab: true } } });
    expect(await filesUnder(path.join(data, LABEXT_DEST))).toEqual([...(await filesUnder(builtExt)), 'install.json'].sort());
    const imported = (await py(['-c', 'import zld_jupyterlab; print(zld_jupyterlab.__file__, zld_jupyterlab.__version__)'], { cwd: work, env: pythonEnv })).trim();
    expect(imported).toBe(`${path.join(purelib, 'zld_jupyterlab', '__init__.py')} ${version}`);
  });

  it('is loaded by jupyter-server through the installed config alone, and proxies to Argo', async () => {
    argo = await startArgoServer();
    const start = async (env: Record<string, string>) => {
      const s = await startJupyterServer({ env: { ...env, ARGO_BASE_HREF: '', ...argo!.env } });
      servers.push(s);
      return s;
    };
    const get = (s: JupyterServerHandle, p: string) => fetch(`${s.baseUrl}${p}`, { headers: { Authorization: `token ${s.token}` } });
    const jupyter = await start(prefixEnv);
    const res = await get(jupyter, 'zld/argo/config');
    expect(res.status, jupyter.log()).toBe(200);
    expect(await res.json()).toMatchObject({ configured: true, server: `http://${argo.env.ARGO_SERVER}`, namespace: 'argo', tokenSource: 'env' });
    const list = await get(jupyter, 'zld/argo/api/v1/workflows/argo');
    expect(list.status).toBe(200);
    expect(await list.json()).toHaveProperty('items');
    // the same server without the prefix's etc/jupyter: the package is importable, but nothing enables it
    const bare = await start({ ...prefixEnv, JUPYTER_CONFIG_PATH: '' });
    const missing = await get(bare, 'zld/argo/config');
    await missing.arrayBuffer();
    expect(missing.status).toBe(404);
  });

  it('points a develop install (_jupyter_labextension_paths) at the prebuilt labextension beside the package', async () => {
    const script = `import json, os, zld_jupyterlab as z
p = z._jupyter_labextension_paths()[0]
src = os.path.join(os.path.dirname(z.__file__), p["src"])
print(json.dumps({"dest": p["dest"], "name": json.load(open(os.path.join(src, "package.json")))["name"]}))`;
    const found = JSON.parse(await py(['-c', script], { cwd: path.join(work, 'python') })) as { dest: string; name: string };
    expect(found).toEqual({ dest: EXT, name: EXT });
  });

  it('is found by JupyterLab\'s labextension discovery in the prefix, with its version and install.json', async () => {
    const found = JSON.parse(await py(['-c', DISCOVER], { cwd: work, env: pythonEnv })) as Record<string, Record<string, unknown>>;
    expect(found[EXT]).toMatchObject({
      name: EXT,
      version,
      ext_dir: path.join(data, 'share', 'jupyter', 'labextensions'),
      ext_path: path.join(data, LABEXT_DEST),
      install: { packageManager: 'python', packageName: 'zld_jupyterlab' },
    });
    expect(found[EXT]!.jupyterlab).toMatchObject({ _build: { load: expect.stringMatching(/^static\/remoteEntry\.[0-9a-f]+\.js$/) } });
  });
});
