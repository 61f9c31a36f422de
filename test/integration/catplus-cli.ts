// Shared by the Cat+ integration tests: the CLI in-process, metadata files of a store, a numpy/zarr-python check.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { main } from '../../core/src/cli/main.js';
import { shared } from '../helpers/paths.js';

export const NS = 'http://www.catplus.ch/ontology/concepts/';
export const ORIGINAL = shared('fixtures/cat-plus/original_data.jsonld');
export const LEVELS = 'Campaign,Batch,SamplePreparation,Sample,SampleChemical,Chemical';

export async function zld(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => void (out += s), stderr: (s) => void (err += s), isTTY: false, cwd, env });
  return { code, out, err };
}

/** Every metadata file below a store folder (relative path -> parsed JSON), chunks left out. */
export async function metadataFiles(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const visit = async (rel: string) => {
    for (const e of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await visit(r);
      else if (e.name.startsWith('.')) out[r] = JSON.parse(await readFile(path.join(dir, r), 'utf8'));
    }
  };
  await visit('');
  return out;
}

/** numpy loads the .npy; compared with zarr-python's read of the array. */
export const COMPARE = `
import sys, json, zarr, numpy as np
a = np.load(sys.argv[1], allow_pickle=False)
root = zarr.open_consolidated(zarr.DirectoryStore(sys.argv[2]), metadata_key=sys.argv[4], mode='r')
z = root[sys.argv[3].strip('/')][...]
print(json.dumps({'shape': list(a.shape), 'dtype': a.dtype.str, 'equal': bool(np.array_equal(a, z)), 'mean': float(a.mean())}))
`;

