import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startJupyterServer, type JupyterServerHandle } from '../helpers/jupyter-server.js';

describe('jupyter-server test helper', () => {
  let jupyter: JupyterServerHandle;
  let root: string;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-jroot-'));
    await fs.writeFile(path.join(root, 'hello.txt'), 'hi');
    jupyter = await startJupyterServer({ rootDir: root });
  });
  afterAll(async () => {
    await jupyter?.stop();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('serves the root folder on 127.0.0.1 behind its token', async () => {
    expect(jupyter.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const auth = { Authorization: `token ${jupyter.token}` };
    const denied = await fetch(`${jupyter.baseUrl}api/contents/hello.txt`);
    expect(denied.status).toBe(403);
    const res = await fetch(`${jupyter.baseUrl}api/contents/hello.txt?content=1`, { headers: auth });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { content: string }).content).toBe('hi');
  });

  it('offers the Debian python3 kernelspec', async () => {
    const res = await fetch(`${jupyter.baseUrl}api/kernelspecs`, { headers: { Authorization: `token ${jupyter.token}` } });
    const specs = (await res.json()) as { kernelspecs: Record<string, { spec: { argv: string[]; language: string } }> };
    expect(specs.kernelspecs.python3?.spec.language).toBe('python');
    expect(specs.kernelspecs.python3?.spec.argv[0]).toBe('/usr/bin/python3');
  });

  it('stops: the port no longer answers and a second stop is harmless', async () => {
    const other = await startJupyterServer();
    const url = other.baseUrl;
    await other.stop();
    await other.stop();
    await expect(fetch(`${url}api/status`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
