/** Argo connection settings as the argo CLI reads them, IDE overrides, pod files, warnings, and redaction. */
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  argoConnectionFromEnv,
  authorizationHeader,
  SERVICE_ACCOUNT_NAMESPACE_FILE,
  SERVICE_ACCOUNT_TOKEN_FILE,
} from '../src/argo/connection.js';
import { argoConnectionFromProcess, argoFetchFor } from '../src/argo/connection-node.js';
import { isZldError } from '../src/errors.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.secret-part.signature';

describe('argoConnectionFromEnv', () => {
  it('reads ARGO_SERVER, ARGO_SECURE (default https), ARGO_BASE_HREF, ARGO_NAMESPACE, ARGO_TOKEN', () => {
    const c = argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746', ARGO_BASE_HREF: '/argo/', ARGO_NAMESPACE: 'wf', ARGO_TOKEN: `Bearer ${TOKEN}` });
    expect(c.baseUrl).toBe('https://argo.lab:2746/argo/');
    expect(c.namespace).toBe('wf');
    expect(c.authorization()).toBe(`Bearer ${TOKEN}`);
    expect(c.tokenSource).toBe('ARGO_TOKEN');
    expect(c.warnings).toEqual([]);
    expect(c.http1).toBe(true);
  });

  it('accepts the token with or without "Bearer "', () => {
    expect(argoConnectionFromEnv({ ARGO_SERVER: 'a:1', ARGO_TOKEN: TOKEN }).authorization()).toBe(`Bearer ${TOKEN}`);
    expect(argoConnectionFromEnv({ ARGO_SERVER: 'a:1', ARGO_TOKEN: `bearer ${TOKEN}` }).authorization()).toBe(`Bearer ${TOKEN}`);
    expect(authorizationHeader('Basic dXNlcjpwYXNz')).toBe('Basic dXNlcjpwYXNz');
  });

  it('ARGO_SECURE=false is plain http, with a warning for a remote host only', () => {
    const remote = argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746', ARGO_SECURE: 'false', ARGO_TOKEN: TOKEN });
    expect(remote.baseUrl).toBe('http://argo.lab:2746/');
    expect(remote.warnings).toHaveLength(1);
    expect(remote.warnings[0]).toContain('argo.lab:2746 over plain http');
    expect(remote.warnings[0]).not.toContain(TOKEN);
    for (const host of ['127.0.0.1:2746', 'localhost:2746', '[::1]:2746']) {
      expect(argoConnectionFromEnv({ ARGO_SERVER: host, ARGO_SECURE: 'false' }).warnings).toEqual([]);
    }
  });

  it('ARGO_INSECURE_SKIP_VERIFY keeps https, warns, and makes the Node fetch skip verification', () => {
    const c = argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746', ARGO_INSECURE_SKIP_VERIFY: 'true' });
    expect(c.baseUrl.startsWith('https://')).toBe(true);
    expect(c.insecureSkipVerify).toBe(true);
    expect(c.warnings[0]).toContain('not checked');
    expect(typeof argoFetchFor(c)).toBe('function');
    expect(argoFetchFor(c)).not.toBe(argoFetchFor(argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746' })));
  });

  it('IDE settings override the environment', () => {
    const c = argoConnectionFromEnv(
      { ARGO_SERVER: 'env:1', ARGO_NAMESPACE: 'env-ns', ARGO_TOKEN: 'env-token', ARGO_SECURE: 'false' },
      { server: 'ide.lab:443', namespace: 'ide-ns', token: 'ide-token', secure: true },
    );
    expect(c.baseUrl).toBe('https://ide.lab/');
    expect(c.namespace).toBe('ide-ns');
    expect(c.authorization()).toBe('Bearer ide-token');
    expect(c.tokenSource).toBe('settings');
  });

  it('inside a pod: the service-account token and namespace files', () => {
    const files: Record<string, string> = { [SERVICE_ACCOUNT_TOKEN_FILE]: `${TOKEN}\n`, [SERVICE_ACCOUNT_NAMESPACE_FILE]: 'lab\n' };
    const c = argoConnectionFromEnv({ ARGO_SERVER: 'argo-server.argo:2746' }, {}, (p) => files[p]);
    expect(c.authorization()).toBe(`Bearer ${TOKEN}`);
    expect(c.tokenSource).toBe('service account');
    expect(c.namespace).toBe('lab');
    // ARGO_TOKEN and ARGO_NAMESPACE win over the pod files
    const d = argoConnectionFromEnv({ ARGO_SERVER: 'a:1', ARGO_TOKEN: 'mine', ARGO_NAMESPACE: 'x' }, {}, (p) => files[p]);
    expect([d.authorization(), d.namespace]).toEqual(['Bearer mine', 'x']);
    // outside a pod (the real files are absent here) the namespace is `default`
    expect(argoConnectionFromProcess({}, { ARGO_SERVER: 'a:1' }).namespace).toBe('default');
  });

  it('never shows the token: describe(), JSON, inspect', () => {
    const c = argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746', ARGO_TOKEN: TOKEN });
    for (const text of [c.describe(), JSON.stringify(c), inspect(c, { depth: 5 }), String(c.withNamespace('x').describe())]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('secret-part');
    }
    expect(c.describe()).toBe('https://argo.lab:2746/ namespace default, token from ARGO_TOKEN');
    expect(c.redact(`echo ${TOKEN} and Bearer ${TOKEN}`)).toBe('echo [REDACTED] and [REDACTED]');
  });

  it('rejects a missing or malformed ARGO_SERVER and non-boolean flags, naming the variable', () => {
    const cases: [Record<string, string>, string][] = [
      [{}, 'ARGO_SERVER'],
      [{ ARGO_SERVER: 'argo.lab:2746/path' }, 'ARGO_SERVER=argo.lab:2746/path'],
      [{ ARGO_SERVER: 'a:1', ARGO_SECURE: 'maybe' }, 'ARGO_SECURE=maybe'],
    ];
    for (const [env, text] of cases) {
      try {
        argoConnectionFromEnv(env);
        throw new Error('no error');
      } catch (e) {
        expect(isZldError(e, 'BadInput')).toBe(true);
        expect((e as Error).message).toContain(text);
      }
    }
  });

  it('accepts a full URL in ARGO_SERVER (the scheme decides https)', () => {
    expect(argoConnectionFromEnv({ ARGO_SERVER: 'http://127.0.0.1:2746' }).baseUrl).toBe('http://127.0.0.1:2746/');
    expect(argoConnectionFromEnv({ ARGO_SERVER: 'https://argo.lab' }).baseUrl).toBe('https://argo.lab/');
  });
});
