import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory.js';
import { HttpStore } from '../src/store/http.js';
import { countKeys, walkKeys } from '../src/store/walk.js';
import type { Progress } from '../src/progress.js';
import { caughtZldError } from './store-contract.js';

const one = new Uint8Array([1]);
const keys = ['/.zgroup', '/a/.zgroup', '/a/x/.zarray', '/a/x/0.0', '/a/x/0.1', '/b/deep/er/.zarray', '/c d/é/0'];

describe('walkKeys', () => {
  it('walks every key below a prefix of a listable store, depth first, reporting progress', async () => {
    const store = new MemoryStore(keys.map((k) => [k, one]));
    const seen: string[] = [];
    const reports: Progress[] = [];
    for await (const k of walkKeys(store, '/', { onProgress: (p) => reports.push(p) })) seen.push(k);
    expect(seen.sort()).toEqual([...keys].sort());
    expect(reports.at(-1)).toEqual({ done: 7, total: 7, unit: 'keys' });
    expect(await countKeys(store, '/a/')).toBe(4);
    expect(await countKeys(store, '/a')).toBe(4);
    expect(await countKeys(store, '/missing/')).toBe(0);
  });

  it('uses a flat listing when the store has one', async () => {
    const store = Object.assign(new MemoryStore(), {
      async *listAll(prefix: string) {
        yield `${prefix}k1` as `/${string}`;
        yield `${prefix}k2` as `/${string}`;
      },
    });
    const seen: string[] = [];
    for await (const k of walkKeys(store, '/p/')) seen.push(k);
    expect(seen).toEqual(['/p/k1', '/p/k2']);
  });

  it('stops when aborted', async () => {
    const store = new MemoryStore(keys.map((k) => [k, one]));
    const ctl = new AbortController();
    const e = await caughtZldError(
      (async () => {
        for await (const _ of walkKeys(store, '/', { signal: ctl.signal })) ctl.abort();
      })(),
    );
    expect(e.code).toBe('Aborted');
  });

  it('refuses stores that cannot list, naming them', async () => {
    const e = await caughtZldError(countKeys(new HttpStore('http://127.0.0.1:9/cat.zarr')));
    expect(e.code).toBe('Unsupported');
    expect(e.message).toContain('http://127.0.0.1:9/cat.zarr');
  });
});
