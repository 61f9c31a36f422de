/**
 * Stores the JupyterLab journeys need besides the Cat+ fixture, written into a folder: a Cat+ copy whose
 * consolidated metadata is stale, a 100,000-node store (consolidated), a folder that is not Zarr, and a
 * hostile store (HTML/JS in names and attributes).
 *
 * @example
 * ```ts
 * const big = await writeBigStore('/tmp/root/big.zarr', 100_000);
 * ```
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify(value));
}

/** Copy of the Cat+ store with one `.zattrs` changed after consolidation (so `.all_metadata` is stale). */
export async function writeStaleCopy(catPlus: string, dest: string): Promise<string> {
  await fs.cp(catPlus, dest, { recursive: true });
  const file = path.join(dest, 'myBatch', '.zattrs');
  const attrs = JSON.parse(await fs.readFile(file, 'utf8'));
  attrs['http://www.catplus.ch/ontology/concepts/note'] = [{ '@value': 'edited after consolidation' }];
  await fs.writeFile(file, JSON.stringify(attrs, null, 2));
  return 'myBatch/.zattrs';
}

/** A v2 store whose group `/nodes` has `count` child groups, described only by its `.zmetadata`. */
export async function writeBigStore(dest: string, count: number): Promise<void> {
  const metadata: Record<string, unknown> = { '.zgroup': { zarr_format: 2 }, 'nodes/.zgroup': { zarr_format: 2 } };
  for (let i = 0; i < count; i++) metadata[`nodes/n${String(i).padStart(6, '0')}/.zgroup`] = { zarr_format: 2 };
  await writeJson(path.join(dest, '.zgroup'), { zarr_format: 2 });
  await writeJson(path.join(dest, 'nodes', '.zgroup'), { zarr_format: 2 });
  await writeJson(path.join(dest, '.zmetadata'), { zarr_consolidated_format: 1, metadata });
}

export async function writeNotZarr(dest: string): Promise<void> {
  await fs.mkdir(dest, { recursive: true });
  await fs.writeFile(path.join(dest, 'README.txt'), 'just a folder\n');
}

/** Names and attributes that would run script if they were ever put in the page as HTML. */
export const HOSTILE_NAME = '<img src=x onerror="window.__zldPwned=1">';
export const HOSTILE_ID = 'javascript:window.__zldPwned=2';
export const HOSTILE_TYPE = 'http://x.example/<script>window.__zldPwned=3</script>';
export const HOSTILE_VALUE = '<b onmouseover="window.__zldPwned=4">bold</b><iframe src="javascript:window.__zldPwned=5"></iframe>';

export async function writeHostileStore(dest: string): Promise<void> {
  await writeJson(path.join(dest, '.zgroup'), { zarr_format: 2 });
  await writeJson(path.join(dest, '.zattrs'), { '<svg onload="window.__zldPwned=6">': '<script>window.__zldPwned=7</script>' });
  const child = path.join(dest, HOSTILE_NAME);
  await writeJson(path.join(child, '.zgroup'), { zarr_format: 2 });
  await writeJson(path.join(child, '.zattrs'), {
    '@id': HOSTILE_ID,
    '@type': [HOSTILE_TYPE],
    'http://x.example/value': [{ '@value': HOSTILE_VALUE }],
    'http://x.example/link': [{ '@id': 'javascript:window.__zldPwned=8' }],
  });
}
