import { describe, expect, it } from 'vitest';
import { isZldError } from '@zld/core';
import { generateLoadCode, withMissingPackagesNote, type LoadRequest } from '../src/codegen.js';
import { parseSlice, parseStoreUrl } from '../src/codegen-common.js';
import { targetForKernel, unsupportedKernelMessage } from '../src/targets.js';

const base: LoadRequest = {
  storeUrl: '/data/cat.zarr',
  path: 'myBatch/mySamplePrep/sample1/sample1Dataset',
  kind: 'array',
  zarrFormat: 2,
  uri: 'http://www.catplus.ch/ontology/concepts/sample1',
  date: new Date('2026-01-02T03:04:05Z'),
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('provenance header', () => {
  it('records URI, store, path, format, kind and date, with fixed first two lines', () => {
    const { source } = generateLoadCode(base, { language: 'python' });
    const lines = source.split('\n');
    expect(lines[0]).toBe('# zld: load a Zarr array (generated cell, edit freely)');
    expect(lines[1]).toBe('# Needs: zarr');
    expect(lines).toContain('# URI:   http://www.catplus.ch/ontology/concepts/sample1');
    expect(lines).toContain('# Store: /data/cat.zarr');
    expect(lines).toContain('# Path:  /myBatch/mySamplePrep/sample1/sample1Dataset (Zarr v2 array)');
    expect(lines).toContain('# Date:  2026-01-02T03:04:05.000Z');
  });

  it('keeps a coding declaration out of the lines Python reads it from', () => {
    const { source } = generateLoadCode({ ...base, uri: '# -*- coding: utf-7 -*-' }, { language: 'python' });
    expect(source.split('\n').slice(0, 2).join('\n')).not.toMatch(/coding/);
  });
});

describe('Python', () => {
  it('opens with zarr.open(mode="r") by default, consolidated by key when known (zarr-python 2 and 3)', () => {
    const plain = generateLoadCode(base, { language: 'python' });
    expect(plain.source).toContain("sample1Dataset = zarr.open(store, mode='r', path='myBatch/mySamplePrep/sample1/sample1Dataset')");
    expect(plain.variable).toBe('sample1Dataset');
    expect(plain.packages).toEqual(['zarr']);
    const custom = generateLoadCode({ ...base, consolidatedKey: '.all_metadata' }, { language: 'python' }).source;
    expect(custom).toContain("root = zarr.open_consolidated(store, metadata_key='.all_metadata', mode='r')");
    expect(custom).toContain("root = zarr.open_group(store, mode='r', use_consolidated='.all_metadata')");
    const dflt = generateLoadCode({ ...base, consolidatedKey: '.zmetadata' }, { language: 'python' }).source;
    expect(dflt).toContain("root = zarr.open_consolidated(store, mode='r')");
  });

  it('reaches S3 through storage_options (endpoint, region, anonymous) and never writes credentials', () => {
    const req: LoadRequest = {
      ...base,
      storeUrl: 's3://AKIAEXAMPLE:verysecret@lab/cat.zarr?X-Amz-Signature=abc&versionId=1',
      storeOptions: { endpoint: 'http://127.0.0.1:9000', region: 'eu-central-1' },
    };
    const code = generateLoadCode(req, { language: 'python', flavour: 'dask' });
    expect(code.source).not.toMatch(/verysecret|AKIAEXAMPLE|abc/);
    expect(code.source).toContain("store = 's3://lab/cat.zarr'");
    expect(code.source).toContain("storage_options = {'client_kwargs': {'endpoint_url': 'http://127.0.0.1:9000', 'region_name': 'eu-central-1'}}");
    expect(code.source).toMatch(/# Credentials are not written here: they come from the kernel's environment/);
    expect(code.notes.join(' ')).toMatch(/Credentials found in the store URL were left out/);
    expect(code.packages).toEqual(['zarr', 's3fs', 'dask']);
    const anon = generateLoadCode({ ...req, storeOptions: { anonymous: true } }, { language: 'python' }).source;
    expect(anon).toContain("storage_options = {'anon': True}");
    expect(anon).not.toContain('Credentials are not written');
  });

  it('reads https:// stores through fsspec and drops user info from the URL', () => {
    const code = generateLoadCode({ ...base, storeUrl: 'https://user:pw@data.example.org/cat.zarr/' }, { language: 'python', flavour: 'xarray' });
    expect(code.source).toContain("store = 'https://data.example.org/cat.zarr'");
    expect(code.source).not.toContain('pw@');
    expect(code.packages).toEqual(['zarr', 'fsspec', 'aiohttp', 'xarray']);
  });

  it('turns slices into numpy indexing, and refuses bad ones and slices of groups', () => {
    expect(generateLoadCode({ ...base, slice: '[0:10, :, -1, ::2]' }, { language: 'python' }).source).toContain(
      'sample1Dataset = sample1Dataset_node[0:10, :, -1, ::2]',
    );
    expect(isZldError(thrown(() => generateLoadCode({ ...base, slice: '0:10; import os' }, { language: 'python' })), 'BadInput')).toBe(true);
    expect(isZldError(thrown(() => generateLoadCode({ ...base, slice: '::0' }, { language: 'python' })), 'BadInput')).toBe(true);
    const e = thrown(() => generateLoadCode({ ...base, kind: 'group', slice: '0' }, { language: 'python' }));
    expect((e as Error).message).toMatch(/slice applies to arrays only/);
  });

  it('xarray opens groups as Datasets and wraps arrays; dask gives lazy arrays or a dict of them', () => {
    const group = generateLoadCode({ ...base, kind: 'group', path: 'myBatch', consolidatedKey: '.zmetadata' }, { language: 'python', flavour: 'xarray' });
    expect(group.source).toContain("myBatch = xr.open_zarr(store, group='myBatch', consolidated=True)");
    const arr = generateLoadCode(base, { language: 'python', flavour: 'xarray' }).source;
    expect(arr).toContain("xr.DataArray(sample1Dataset_node[...], dims=sample1Dataset_node.attrs.get('_ARRAY_DIMENSIONS')");
    expect(generateLoadCode(base, { language: 'python', flavour: 'dask' }).source).toContain(
      "sample1Dataset = da.from_zarr(store, component='myBatch/mySamplePrep/sample1/sample1Dataset')",
    );
    expect(generateLoadCode({ ...base, kind: 'group', path: 'g' }, { language: 'python', flavour: 'dask' }).source).toContain(
      'g = {name: da.from_zarr(arr) for name, arr in g_group.arrays()}',
    );
  });

  it('names the variable after the node, safely, or as asked', () => {
    expect(generateLoadCode({ ...base, path: 'a/list' }, { language: 'python' }).variable).toBe('list_');
    expect(generateLoadCode({ ...base, path: 'a/1 st-run' }, { language: 'python' }).variable).toBe('_1_st_run');
    expect(generateLoadCode({ ...base, path: '', kind: 'group', storeUrl: '/x/My Store.zarr' }, { language: 'python' }).variable).toBe('My_Store');
    expect(generateLoadCode({ ...base, variable: 'import os' }, { language: 'python' }).variable).toBe('import_os');
  });

  it('refuses . and .. segments and unknown kinds, formats and flavours', () => {
    expect((thrown(() => generateLoadCode({ ...base, path: 'a/../b' }, { language: 'python' })) as Error).message).toMatch(/"\.\." segment/);
    expect(isZldError(thrown(() => generateLoadCode({ ...base, zarrFormat: 4 as 2 }, { language: 'python' })), 'BadInput')).toBe(true);
    expect(isZldError(thrown(() => generateLoadCode(base, { language: 'r', flavour: 'xarray' })), 'BadInput')).toBe(true);
    expect(isZldError(thrown(() => generateLoadCode(base, { language: 'cobol' as 'r' })), 'Unsupported')).toBe(true);
    expect(isZldError(thrown(() => generateLoadCode({ ...base, date: new Date('nope') }, { language: 'python' })), 'BadInput')).toBe(true);
  });
});

describe('JavaScript / TypeScript (zarrita)', () => {
  it('uses npm: specifiers for Deno and bare ones for Node/tslab; local stores through @zarrita/storage', () => {
    const deno = generateLoadCode({ ...base, consolidatedKey: '.all_metadata' }, { language: 'typescript', runtime: 'deno' });
    expect(deno.source).toContain('import * as zarr from "npm:zarrita@0.7";');
    expect(deno.source).toContain('import FileSystemStore from "npm:@zarrita/storage@0.2/fs";');
    expect(deno.source).toContain('await zarr.withConsolidatedMetadata(new FileSystemStore("/data/cat.zarr"), { format: "v2", metadataKey: ".all_metadata" })');
    expect(deno.packages).toEqual(['zarrita', '@zarrita/storage']);
    const node = generateLoadCode({ ...base, slice: '0:2, 5' }, { language: 'javascript' });
    expect(node.source).toContain('import * as zarr from "zarrita";');
    expect(node.source).toContain('[zarr.slice(0, 2), 5]');
  });

  it('reads S3 over HTTP (path style with an endpoint), saying that private buckets need another way', () => {
    const code = generateLoadCode({ ...base, storeUrl: 's3://lab/my cat.zarr', storeOptions: { endpoint: 'http://127.0.0.1:9000/' } }, { language: 'javascript' });
    expect(code.source).toContain('new zarr.FetchStore("http://127.0.0.1:9000/lab/my%20cat.zarr")');
    expect(code.notes.join(' ')).toMatch(/does not sign S3 requests/);
    const aws = generateLoadCode({ ...base, storeUrl: 's3://lab/cat.zarr', storeOptions: { anonymous: true, region: 'eu-west-1' } }, { language: 'javascript' });
    expect(aws.source).toContain('"https://lab.s3.eu-west-1.amazonaws.com/cat.zarr"');
    expect(aws.notes).toEqual([]);
  });
});

describe('R and Julia (best effort)', () => {
  it('marks the cell as best effort and converts slices to 1-based indexing (Julia: reversed dimensions)', () => {
    const r = generateLoadCode({ ...base, slice: '0:10, 3, :' }, { language: 'r' });
    expect(r.source.split('\n')[0]).toMatch(/BEST EFFORT/);
    expect(r.source).toContain('sample1Dataset <- read_zarr_array(paste0(store, "/", "myBatch/mySamplePrep/sample1/sample1Dataset"), index = list(1:10, 4, NULL))');
    const j = generateLoadCode({ ...base, slice: '0:10, -1, 2:, ::3' }, { language: 'julia' });
    expect(j.source.split('\n')[0]).toMatch(/BEST EFFORT/);
    expect(j.source).toContain('sample1Dataset = zopen(store, "r", path="myBatch/mySamplePrep/sample1/sample1Dataset")[1:3:end, 3:end, end, 1:10]');
    expect(isZldError(thrown(() => generateLoadCode({ ...base, slice: '-3:' }, { language: 'r' })), 'BadInput')).toBe(true);
    expect(isZldError(thrown(() => generateLoadCode({ ...base, slice: '5:' }, { language: 'r' })), 'BadInput')).toBe(true);
  });

  it('uses paws.storage / AWS.jl for S3 with no credentials in the cell', () => {
    const r = generateLoadCode({ ...base, storeUrl: 's3://lab/cat.zarr', storeOptions: { endpoint: 'http://minio:9000' } }, { language: 'r' });
    expect(r.source).toContain('s3_client <- paws.storage::s3(config = list(endpoint = "http://minio:9000"))');
    expect(r.packages).toEqual(['Rarr', 'paws.storage']);
    const j = generateLoadCode({ ...base, storeUrl: 's3://lab/cat.zarr', consolidatedKey: '.zmetadata' }, { language: 'julia' });
    expect(j.source).toContain('zopen(store, "r", consolidated=true, path=');
    expect(j.packages).toEqual(['Zarr', 'AWS']);
  });
});

describe('missing packages note', () => {
  it('goes in as a comment after the fixed header lines', () => {
    const code = withMissingPackagesNote(generateLoadCode(base, { language: 'python', flavour: 'xarray' }), ['xarray']);
    expect(code.source.split('\n')[2]).toBe('# Missing in this kernel: xarray (install before running this cell)');
    expect(code.notes.at(-1)).toMatch(/xarray/);
    const js = withMissingPackagesNote(generateLoadCode(base, { language: 'javascript' }), ['zarrita']);
    expect(js.source.split('\n')[2]).toMatch(/^\/\/ Missing in this kernel: zarrita/);
  });
});

describe('parsing helpers', () => {
  it('parses store locations', () => {
    expect(parseStoreUrl('file:///data/my%20cat.zarr').location).toEqual({ type: 'local', path: '/data/my cat.zarr' });
    expect(parseStoreUrl('C:\\data\\cat.zarr').location).toEqual({ type: 'local', path: 'C:\\data\\cat.zarr' });
    expect(parseStoreUrl('s3://b/p/q/').location).toEqual({ type: 's3', bucket: 'b', prefix: 'p/q', url: 's3://b/p/q' });
    expect(parseStoreUrl('gs://b/p').location).toMatchObject({ type: 'other', scheme: 'gs' });
    expect(isZldError(thrown(() => parseStoreUrl('')), 'BadInput')).toBe(true);
  });
  it('parses slices', () => {
    expect(parseSlice(' 1, 2:5, :, ::-1 ')).toEqual([{ index: 1 }, { start: 2, stop: 5, step: undefined }, { start: undefined, stop: undefined, step: undefined }, { start: undefined, stop: undefined, step: -1 }]);
    expect(() => parseSlice('')).toThrow(/bad slice/);
    expect(() => parseSlice('1:2:3:4')).toThrow(/bad slice/);
  });
});

describe('targetForKernel', () => {
  it('maps language_info and kernelspecs to generators', () => {
    expect(targetForKernel({ name: 'python', file_extension: '.py' })).toEqual({ language: 'python', flavour: 'zarr' });
    expect(targetForKernel({ name: 'python3', language: 'python', display_name: 'Python 3 (ipykernel)' })).toEqual({ language: 'python', flavour: 'zarr' });
    expect(targetForKernel({ name: 'deno', language: 'typescript' })).toEqual({ language: 'typescript', runtime: 'deno' });
    expect(targetForKernel({ name: 'typescript', file_extension: '.ts', mimetype: 'text/x.typescript' })).toEqual({ language: 'typescript', runtime: 'deno' });
    expect(targetForKernel({ name: 'tslab', language: 'typescript' })).toEqual({ language: 'typescript', runtime: 'node' });
    expect(targetForKernel({ name: 'jslab', language: 'javascript' })).toEqual({ language: 'javascript', runtime: 'node' });
    expect(targetForKernel({ name: 'ir', language: 'R' })).toEqual({ language: 'r' });
    expect(targetForKernel({ name: 'julia-1.10', language: 'julia' })).toEqual({ language: 'julia' });
    expect(targetForKernel({ name: 'unknown', file_extension: '.jl' })).toEqual({ language: 'julia' });
  });
  it('is undefined for other languages, with a message naming the language', () => {
    expect(targetForKernel({ name: 'scala', file_extension: '.scala' })).toBeUndefined();
    expect(targetForKernel({ name: 'xcpp17', language: 'C++17' })).toBeUndefined();
    expect(targetForKernel(undefined)).toBeUndefined();
    expect(unsupportedKernelMessage({ name: 'xcpp17', language: 'C++17' })).toMatch(/"C\+\+17" kernel language.*copied to the clipboard/);
    expect(unsupportedKernelMessage(undefined)).toMatch(/No notebook kernel is active/);
  });
});
