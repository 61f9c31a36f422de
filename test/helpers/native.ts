/**
 * zld's native module for tests: builds core/assets/zld-native.node (core/native/build.mjs, with gcc and Debian's
 * libblosc-dev, which scripts/ensure-system-deps.mjs installs) and loads it, failing when it cannot.
 *
 * @example
 * ```ts
 * const native = await buildNative();
 * ```
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadNative, type ZldNative } from '../../core/src/native/native-node.js';
import { repoRoot } from './fixtures.js';

export const NATIVE_MODULE = path.join(repoRoot, 'core/assets/zld-native.node');

/** Build (when stale) and load the module; throws when it cannot be built or loaded. */
export async function buildNative(): Promise<ZldNative> {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'core/native/build.mjs')]);
  const native = loadNative(pathToFileURL(NATIVE_MODULE));
  if (!native) throw new Error(`${NATIVE_MODULE} was not built or does not load`);
  return native;
}
