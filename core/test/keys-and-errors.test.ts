import { describe, expect, it } from 'vitest';
import { checkKey, redactUrl, ZldError, isZldError } from '../src/index.js';

describe('checkKey', () => {
  it('accepts ordinary keys, including spaces and unicode', () => {
    for (const k of ['/', '/.zattrs', '/a/b/.zarray', '/my group with spaces/zarr.json', '/échantillon/c/0/0', '/a/']) {
      expect(() => checkKey(k, 'memory://')).not.toThrow();
    }
  });
  it.each(['a/b', '/../etc/passwd', '/a/../../b', '/a//b', '/./a', '/a\\b', '/a\0b'])('refuses %j with a BadInput naming it', (k) => {
    let err: unknown;
    try {
      checkKey(k, 'file:///store');
    } catch (e) {
      err = e;
    }
    expect(isZldError(err, 'BadInput')).toBe(true);
    expect((err as ZldError).message).toContain(JSON.stringify(k));
    expect((err as ZldError).message).toContain('file:///store');
  });
});

describe('redactUrl', () => {
  it('removes user info and credential-like query parameters', () => {
    const r = redactUrl('https://AKIDEXAMPLE:s3cr3t@host.example/x.zarr?X-Amz-Signature=abc&part=1');
    expect(r).not.toContain('s3cr3t');
    expect(r).not.toContain('AKIDEXAMPLE');
    expect(r).not.toContain('abc');
    expect(r).toContain('part=1');
  });
});
