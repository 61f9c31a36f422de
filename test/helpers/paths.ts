/**
 * Where things are, for tests: the repository root and `../shared` beside it (CI clones the repo with
 * shared/ next to it, so never hard-code an absolute path). `ZLD_SHARED` overrides the shared folder.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const sharedDir = process.env.ZLD_SHARED
  ? path.resolve(process.env.ZLD_SHARED)
  : path.resolve(repoRoot, '..', 'shared');

/** A path inside the shared folder; throws a clear error when shared/ is not beside the clone. */
export function shared(...parts: string[]): string {
  if (!existsSync(sharedDir)) {
    throw new Error(`the shared test data folder ${sharedDir} is missing: clone the repo with shared/ beside it or set ZLD_SHARED`);
  }
  return path.join(sharedDir, ...parts);
}

/** Debian's python with zarr-python 2.13, numpy, boto3 (the `python3` on PATH lacks them). */
export const debianPython = '/usr/bin/python3';
