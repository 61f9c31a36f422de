/**
 * Argo over https with a self-signed certificate (made by openssl for 127.0.0.1): refused by default,
 * accepted with ARGO_INSECURE_SKIP_VERIFY=true through the Node-only undici dispatcher, streams included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { argoClientFromProcess } from '../../core/src/node.js';
import { main } from '../../core/src/cli/main.js';
import { isZldError } from '../../core/src/errors.js';
import { startArgoServer, type ArgoServerHandle } from '../argo-server/server.js';
import { demoSeeds } from '../argo-server/fixtures.js';

describe('Argo over https with a self-signed certificate', () => {
  let argo: ArgoServerHandle;
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-argo-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    argo = await startArgoServer({
      tickMs: 15,
      tls: { key: await fs.readFile(path.join(dir, 'key.pem')), cert: await fs.readFile(path.join(dir, 'cert.pem')) },
      ...demoSeeds(),
    });
  });
  afterAll(async () => {
    await argo?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('is refused when the certificate is checked (the default)', async () => {
    const client = argoClientFromProcess({}, argo.env);
    expect(client.connection.baseUrl).toBe(`${argo.url}/`);
    try {
      await client.version();
      throw new Error('no error');
    } catch (e) {
      expect(isZldError(e, 'Network')).toBe(true);
      expect((e as Error).message).toContain(`the Argo Server at ${argo.url}/ did not answer`);
      expect((e as Error).message).toMatch(/certificate/i);
    }
  });

  it('works with ARGO_INSECURE_SKIP_VERIFY=true, watch and logs included', async () => {
    const client = argoClientFromProcess({}, { ...argo.env, ARGO_INSECURE_SKIP_VERIFY: 'true' });
    expect(client.connection.warnings[0]).toContain('not checked');
    expect((await client.version()).version).toBe('v4.1.2');
    const wf = await client.submit('WorkflowTemplate', 'hello', { parameters: { message: 'over tls' } });
    let last;
    for await (const ev of client.watchWorkflow(wf.metadata.name!)) last = ev.object;
    expect(last?.status?.phase).toBe('Succeeded');
    const lines = [];
    for await (const l of client.logs(wf.metadata.name!, { follow: true })) lines.push(l.content);
    expect(lines).toContain('over tls');
  });

  it('the CLI honours it too, with a warning', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: (s: string) => (stdout += s), stderr: (s: string) => (stderr += s), isTTY: false, cwd: dir };
    expect(await main(['argo', 'list'], { ...io, env: argo.env })).toBe(1);
    expect(await main(['argo', 'list', '--json'], { ...io, env: { ...argo.env, ARGO_INSECURE_SKIP_VERIFY: 'true' } })).toBe(0);
    expect(stderr).toContain('warning: ARGO_INSECURE_SKIP_VERIFY=true');
    expect(JSON.parse(stdout.trim().split('\n').pop()!).items.length).toBeGreaterThanOrEqual(1);
    expect(stdout + stderr).not.toContain(argo.token);
  });
});
