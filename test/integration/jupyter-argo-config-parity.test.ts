/**
 * The Jupyter server extension reads the Argo configuration with the same rules as core's client
 * (`argoConnectionFromEnv` + the pod's service-account files): for each environment, the Python side
 * (`zld_jupyterlab.argo_config`, run by Debian's python) and the TypeScript side agree on the server URL,
 * namespace, Authorization header, token source and whether the input is refused.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoConnectionFromEnv, isZldError } from '../../core/src/index.js';
import { repoRoot } from '../helpers/paths.js';

type Env = Record<string, string>;

const CASES: Env[] = [
  { ARGO_SERVER: 'argo-server.argo:2746' },
  { ARGO_SERVER: 'argo-server.argo:2746', ARGO_SECURE: 'false', ARGO_TOKEN: 'Bearer abc.def' },
  { ARGO_SERVER: '127.0.0.1:2746', ARGO_SECURE: 'false', ARGO_TOKEN: 'abc.def', ARGO_NAMESPACE: 'lab' },
  { ARGO_SERVER: 'https://argo.example.org', ARGO_BASE_HREF: '/argo/', ARGO_TOKEN: 'bearer   xyz' },
  { ARGO_SERVER: 'http://argo.example.org:8080/ignored/path', ARGO_SECURE: 'true' },
  { ARGO_SERVER: 'argo.example.org:443', ARGO_INSECURE_SKIP_VERIFY: 'yes', ARGO_TOKEN: 'Basic dXNlcjpwdw==' },
  { ARGO_SERVER: '[::1]:2746', ARGO_SECURE: '0' },
  { ARGO_SERVER: 'localhost:2746', ARGO_SECURE: 'off', ARGO_BASE_HREF: 'a/b' },
  { ARGO_SERVER: '  argo:2746  ', ARGO_NAMESPACE: '  spaced  ' },
  { ARGO_SERVER: 'argo:notaport' },
  { ARGO_SERVER: 'argo:2746', ARGO_SECURE: 'maybe' },
  { ARGO_SERVER: '' },
  { ARGO_SERVER: 'argo:2746', SA: 'yes' },
  { ARGO_SERVER: 'argo:2746', SA: 'yes', ARGO_TOKEN: 'from-env', ARGO_NAMESPACE: 'env-ns' },
];

interface Side {
  refused: boolean;
  configured?: boolean;
  server?: string | null;
  namespace?: string;
  authorization?: string | null;
  tokenSource?: string;
  warnings?: number;
}

const PY = `
import json, sys
from zld_jupyterlab.argo_config import argo_config_from_env, ArgoConfigError
out = []
for env, sa in json.load(sys.stdin):
    try:
        c = argo_config_from_env(env, sa)
        p = c.public()
        out.append({"refused": False, "configured": p["configured"], "server": p["server"], "namespace": p["namespace"],
                    "authorization": c.authorization(), "tokenSource": p["tokenSource"], "warnings": len(p["warnings"])})
    except ArgoConfigError:
        out.append({"refused": True})
print(json.dumps(out))
`;

describe('Argo configuration: the Jupyter server extension and core agree', () => {
  let sa: string;
  let none: string;
  beforeAll(async () => {
    sa = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-sa-'));
    none = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-no-sa-'));
    await fs.writeFile(path.join(sa, 'token'), 'sa-token-123\n');
    await fs.writeFile(path.join(sa, 'namespace'), 'sa-namespace\n');
  });
  afterAll(async () => {
    await fs.rm(sa, { recursive: true, force: true });
    await fs.rm(none, { recursive: true, force: true });
  });

  it('reads every environment the same way', async () => {
    const input = CASES.map(({ SA, ...env }) => [env, SA ? sa : none]);
    const python = JSON.parse(
      execFileSync('/usr/bin/python3', ['-c', PY], {
        input: JSON.stringify(input),
        env: { ...process.env, PYTHONPATH: path.join(repoRoot, 'jupyterlab-ext', 'python') },
      }).toString(),
    ) as Side[];
    const sources: Record<string, string> = { ARGO_TOKEN: 'env', 'service account': 'service-account', none: 'none' };
    const typescript = await Promise.all(
      CASES.map(async ({ SA, ...env }): Promise<Side> => {
        const read = (p: string) => (SA ? (p.endsWith('/token') ? 'sa-token-123\n' : p.endsWith('/namespace') ? 'sa-namespace\n' : undefined) : undefined);
        if (!env.ARGO_SERVER?.trim()) {
          // core refuses outright; the extension answers "not configured"
          expect(() => argoConnectionFromEnv(env, {}, read)).toThrow(/no Argo Server configured/);
          return { refused: false, configured: false, server: null, namespace: 'default', authorization: null, tokenSource: 'none', warnings: 0 };
        }
        try {
          const c = argoConnectionFromEnv(env, {}, read);
          return {
            refused: false,
            configured: true,
            server: c.baseUrl.replace(/\/$/, ''),
            namespace: c.namespace,
            authorization: c.authorization() ?? null,
            tokenSource: sources[c.tokenSource],
            warnings: c.warnings.length,
          };
        } catch (e) {
          if (isZldError(e) && e.code === 'BadInput') return { refused: true };
          throw e;
        }
      }),
    );
    expect(python).toEqual(typescript);
    expect(python.filter((p) => p.refused)).toHaveLength(2);
    expect(python.find((p) => p.configured === false)).toMatchObject({ server: null, tokenSource: 'none' });
  });
});
