/**
 * Helpers for the native metadata walk's tests: scratch stores on disk, and checks that the native walk and
 * the TypeScript walk (walkLocalMetadataTree) agree.
 *
 * @example
 * ```ts
 * const dir = await store({ '.zgroup': '{"zarr_format": 2}' });
 * expectSameWalk(dir, 2);
 * ```
 */
import { promises as fs, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { FileStore } from '../../core/src/store/file.js';
import type { AbsolutePath } from '../../core/src/store/types.js';
import type { MetadataTreeReader } from '../../core/src/zarr/consolidated.js';
import { parseJsonObject } from '../../core/src/zarr/json.js';
import { readLocalMetadataDocs, readLocalMetadataTree, walkLocalMetadataTree } from '../../core/src/zarr/local-metadata.js';
import type { ZarrFormat } from '../../core/src/zarr/model.js';

const tmp: string[] = [];

/** Removes every folder `store` made (for afterAll). */
export async function removeStores(): Promise<void> {
  for (const d of tmp.splice(0)) await fs.rm(d, { recursive: true, force: true });
}

/** A fresh folder with these files (path -> content); its real path. */
export async function store(files: Record<string, string | Buffer> = {}): Promise<string> {
  const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'zld-walk-')));
  tmp.push(dir);
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), content);
  }
  return dir;
}

export const attempt = <T>(f: () => T): { value?: T; error?: Error & { code?: string } } => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: e as Error & { code?: string } };
  }
};

/** Both walks agree: same keys in the same order, same bytes, or the same error. */
export function expectSameWalk(root: string, format: ZarrFormat): Map<AbsolutePath, Uint8Array> {
  const ts = attempt(() => walkLocalMetadataTree(root, format));
  const nat = attempt(() => readLocalMetadataTree(root, format));
  if (ts.error) {
    expect(nat.error?.message, root).toBe(ts.error.message);
    expect(nat.error?.code).toBe(ts.error.code);
    return new Map();
  }
  expect(nat.error, root).toBeUndefined();
  expect([...nat.value!.keys()], root).toEqual([...ts.value!.keys()]);
  for (const [k, v] of ts.value!) expect(Buffer.compare(nat.value!.get(k)!, v), `${root} ${k}`).toBe(0);
  return ts.value!;
}

/** Both ways of parsing agree: the same documents in the same order, or the same BadMetadata. */
export function expectSameDocs(root: string, format: ZarrFormat): void {
  const url = `file://${root}`;
  const ts = attempt(() => new Map([...walkLocalMetadataTree(root, format)].map(([k, b]) => [k, parseJsonObject(b, url, k)])));
  const nat = attempt(() => readLocalMetadataDocs(root, format, url).docs);
  // deferring the attributes: the same documents once the deferred ones are parsed, the same errors
  const lazy = attempt(() => {
    const p = readLocalMetadataDocs(root, format, url, { deferAttributes: true });
    const more = p.deferred?.();
    return new Map((p.keys ?? [...p.docs.keys()]).map((k) => [k, p.docs.get(k) ?? more!.get(k)!]));
  });
  expect(lazy.error?.message).toBe(nat.error?.message);
  if (!nat.error) expect([...lazy.value!]).toEqual([...nat.value!]);
  if (ts.error) {
    expect(nat.error?.message, root).toBe(ts.error.message);
    expect((nat.error as { detail?: unknown })?.detail).toEqual((ts.error as { detail?: unknown }).detail);
    return;
  }
  expect(nat.error, root).toBeUndefined();
  expect([...nat.value!.keys()]).toEqual([...ts.value!.keys()]);
  expect([...nat.value!.values()]).toEqual([...ts.value!.values()]);
}

/** The FileStore as it was before the native walk: the TypeScript walk, each document parsed on its own. */
export function typescriptStore(s: FileStore): FileStore & MetadataTreeReader {
  const wrapped = Object.create(s) as FileStore & MetadataTreeReader;
  wrapped.readMetadataTree = async (format) => walkLocalMetadataTree(s.root, format);
  return wrapped;
}
