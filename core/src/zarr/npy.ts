/**
 * numpy's `.npy` format (version 1.0): {@link encodeNpyHeader} builds the header, {@link saveNpy} streams an
 * array (or a selection) into a file one row of chunks at a time, into a temporary file renamed at the end,
 * so a failed or cancelled save leaves nothing behind. Node only.
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
import { asHierarchy, planSelection, streamSelection } from './array.js';
import type { Hierarchy } from './hierarchy.js';
import type { SelectionInput } from './selection.js';

const DESCR: Record<string, string> = {
  bool: '|b1',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  float16: '<f2',
  float32: '<f4',
  float64: '<f8',
};

/** numpy's type string for a canonical dtype (`float64` -> `<f8`); undefined when .npy cannot hold it here. */
export function npyDescr(dtype: string): string | undefined {
  return DESCR[dtype];
}

/** A version 1.0 header: magic, version, length, the dict padded so the data starts at a multiple of 64. */
export function encodeNpyHeader(descr: string, shape: number[], fortranOrder = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  if (dict.length > 0xffff) throw new ZldError('BadInput', `array shape ${shapeText} is too large for a .npy 1.0 header`);
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]); // \x93NUMPY 1.0
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

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
  const h = await asHierarchy(source, opts);
  const plan = await planSelection(h, arrayPath, opts.slice, opts.signal);
  const { node } = plan.source;
  const descr = npyDescr(node.dtype);
  if (!descr) throw new ZldError('Unsupported', `cannot save array ${node.path} of store ${h.store.url} as .npy: data type ${node.dtype} is not supported`);
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
    const header = encodeNpyHeader(descr, plan.shape);
    await writeAll(fh, header);
    bytes += header.length;
    await streamSelection(
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
  return { file: target, shape: plan.shape, dtype: node.dtype, descr, bytes };
}

async function writeAll(fh: fs.FileHandle, data: Uint8Array): Promise<void> {
  let off = 0;
  while (off < data.length) {
    const { bytesWritten } = await fh.write(data, off, data.length - off);
    off += bytesWritten;
  }
}
