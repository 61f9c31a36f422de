import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import * as cli from '../src/cli.js';

describe('@zld/kernel-bridge public API', () => {
  it('exports exactly these values (types are checked by the compiler)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'BRIDGE_NAMESPACE',
      'BYTES_MIME',
      'KernelStore',
      'PYTHON_HELPER',
      'commentText',
      'executorForKernel',
      'findMissingPackages',
      'generateLoadCode',
      'jsStr',
      'juliaStr',
      'parseSlice',
      'parseStoreUrl',
      'pyStr',
      'rStr',
      'safeIdentifier',
      'strLiteral',
      'targetForKernel',
      'unsupportedKernelMessage',
      'withMissingPackagesNote',
    ]);
    expect(Object.keys(cli).sort()).toEqual(['codeCommand', 'commands', 'detectNode']);
  });

  it('is browser-safe: the main entry reaches no node: module', async () => {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    const dir = fileURLToPath(new URL('../src/', import.meta.url));
    const seen = new Set<string>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const src = await readFile(dir + file, 'utf8');
      expect(src, file).not.toMatch(/from '(node:|vscode|@jupyterlab\/|@lumino\/)/);
      for (const m of src.matchAll(/from '\.\/([\w-]+)\.js'/g)) await visit(`${m[1]}.ts`);
    };
    await visit('index.ts');
    expect(seen.has('kernel-store.ts')).toBe(true);
  });
});
