/**
 * numpy's `.npy` format (version 1.0) into a local file: {@link saveNpy} streams an
 * array (or a selection) into a file one row of chunks at a time, into a temporary file renamed at the end,
 * so a failed or cancelled save leaves nothing behind. Node only; the header and the streaming
 * are browser-safe in `npy-encode.ts`.
 *
 * @example
 * ```ts
 * await saveNpy(store, '/myBatch/mySamplePrep/sample1/sample1Dataset', 'sample1.npy', { slice: '0:10, :' });
 * // python: numpy.load('sample1.npy').shape == (10, 1000)
 * ```
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ZldError } from '../errors.js';
import type { TaskOptions } from '../progress.js';
import type { ReadableStore } from '../store/types.js';
import type { Hierarchy } from './hierarchy.js';
import { planNpy, streamNpy } from './npy-encode.js';
import type { SelectionInput } from './selection.js';

export { npyDescr, encodeNpyHeader } from './npy-encode.js';

export interface SaveNpyOptions extends TaskOptions {
  slice?: SelectionInput;
  concurrency?: number;
  consolidated?: string | false;
}

export interface SaveNpyResult {
  file: string;
  shape: number[];
  dtype: string;
  descr: string;
  bytes: number;
}

/** Save an array (or a selection) as a .npy file, streamed; the file appears only when complete. */
export async function saveNpy(source: ReadableStore | Hierarchy, arrayPath: string, outFile: string, opts: SaveNpyOptions = {}): Promise<SaveNpyResult> {
  const plan = await planNpy(source, arrayPath, opts);
  const target = path.resolve(outFile);
  const tmp = path.join(path.dirname(target), `.zld-tmp-${randomBytes(6).toString('hex')}-${path.basename(target)}`);
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(tmp, 'wx');
  } catch (e) {
    throw new ZldError('BadInput', `cannot write ${target}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  let bytes = 0;
  try {
    await streamNpy(
      plan,
      async (block) => {
        await writeAll(fh, block);
        bytes += block.length;
      },
      opts,
    );
    await fh.close();
    await fs.rename(tmp, target);
  } catch (e) {
    await fh.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw e;
  }
  return { file: target, shape: plan.shape, dtype: plan.dtype, descr: plan.descr, bytes };
}

async function writeAll(fh: fs.FileHandle, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}
