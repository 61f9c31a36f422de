/**
 * Python cells: zarr-python 2 and 3 (`zarr.open(..., mode='r')`, `zarr.open_consolidated`), xarray
 * (`xr.open_zarr`) and dask (`da.from_zarr`), for local paths, `s3://` (fsspec/s3fs `storage_options`) and
 * `https://`. Every user string goes through `pyStr`.
 */
import { ZldError } from '@zld/core';
import { pyStr } from './literals.js';
import { CREDENTIALS_NOTE, header, type GenContext, type GeneratedCode, type SliceDim } from './codegen-common.js';

function pySlice(dims: SliceDim[]): string {
  const n = (v: number | undefined) => (v === undefined ? '' : String(v));
  return `[${dims
    .map((d) => ('index' in d ? String(d.index) : `${n(d.start)}:${n(d.stop)}${d.step !== undefined ? `:${d.step}` : ''}`))
    .join(', ')}]`;
}

/** `store = ...` and `storage_options = {...}` lines, and the keyword argument to pass (if any). */
function storeLines(ctx: GenContext, packages: Set<string>): { lines: string[]; kw: string } {
  const loc = ctx.store.location;
  const opts = ctx.request.storeOptions ?? {};
  switch (loc.type) {
    case 'local':
      return { lines: [`store = ${pyStr(loc.path)}`], kw: '' };
    case 's3': {
      packages.add('s3fs');
      const items: string[] = [];
      if (opts.anonymous) items.push(`'anon': True`);
      const client: string[] = [];
      if (opts.endpoint) client.push(`'endpoint_url': ${pyStr(opts.endpoint)}`);
      if (opts.region) client.push(`'region_name': ${pyStr(opts.region)}`);
      if (client.length) items.push(`'client_kwargs': {${client.join(', ')}}`);
      const lines = [`store = ${pyStr(loc.url)}`];
      if (!opts.anonymous) lines.push(`# ${CREDENTIALS_NOTE}`);
      lines.push(`storage_options = {${items.join(', ')}}`);
      return { lines, kw: ', storage_options=storage_options' };
    }
    case 'http':
      packages.add('fsspec');
      packages.add('aiohttp');
      return { lines: [`store = ${pyStr(loc.url)}`], kw: '' };
    case 'other':
      packages.add('fsspec');
      ctx.notes.push(`The ${loc.scheme}:// protocol is read through fsspec: install its fsspec backend.`);
      return { lines: [`store = ${pyStr(loc.url)}`, `# ${CREDENTIALS_NOTE}`], kw: '' };
  }
}

/** Lines that bind `target` to the zarr node (array or group), consolidated when a key is known. */
function zarrOpenLines(ctx: GenContext, target: string, kw: string): string[] {
  const { request: r, nodePath } = ctx;
  const key = r.consolidatedKey;
  const pathKw = nodePath ? `, path=${pyStr(nodePath)}` : '';
  if (!key) return [`${target} = zarr.open(store, mode='r'${pathKw}${kw})`];
  const index = nodePath ? `[${pyStr(nodePath)}]` : '';
  const lines: string[] = [];
  if (r.zarrFormat === 3 || key === '.zmetadata') {
    lines.push(`root = zarr.open_consolidated(store, mode='r'${kw})`);
  } else {
    lines.push(
      `if zarr.__version__.startswith('2.'):`,
      `    root = zarr.open_consolidated(store, metadata_key=${pyStr(key)}, mode='r'${kw})`,
      `else:  # zarr-python 3`,
      `    root = zarr.open_group(store, mode='r', use_consolidated=${pyStr(key)}${kw})`,
    );
  }
  lines.push(`${target} = root${index}`);
  return lines;
}

export function generatePython(ctx: GenContext, flavour: 'zarr' | 'xarray' | 'dask'): GeneratedCode {
  const r = ctx.request;
  const v = ctx.variable;
  const packages = new Set<string>([r.zarrFormat === 3 ? 'zarr>=3' : 'zarr']);
  const { lines: storeCode, kw } = storeLines(ctx, packages);
  const imports: string[] = [];
  const body: string[] = [];
  const sel = ctx.slice ? pySlice(ctx.slice) : '';
  if (r.zarrFormat === 3) ctx.notes.push('Zarr v3 stores need zarr-python 3 or later.');

  if (flavour === 'zarr') {
    imports.push('import zarr');
    if (sel) {
      body.push(...zarrOpenLines(ctx, `${v}_node`, kw), `${v} = ${v}_node${sel}  # a numpy array`);
    } else body.push(...zarrOpenLines(ctx, v, kw));
  } else if (flavour === 'xarray') {
    packages.add('xarray');
    imports.push('import xarray as xr');
    const consolidated = r.consolidatedKey === undefined ? 'None' : r.consolidatedKey === '.zmetadata' || r.zarrFormat === 3 ? 'True' : 'False';
    if (r.kind === 'array') {
      // through zarr, so arrays without dimension names (_ARRAY_DIMENSIONS) load too
      imports.unshift('import zarr');
      body.push(
        ...zarrOpenLines(ctx, `${v}_node`, kw),
        `${v} = xr.DataArray(${v}_node${sel || '[...]'}, dims=${sel ? 'None' : `${v}_node.attrs.get('_ARRAY_DIMENSIONS')`}, name=${pyStr(ctx.nodeName)}, attrs=dict(${v}_node.attrs))`,
      );
    } else {
      const groupKw = ctx.nodePath ? `, group=${pyStr(ctx.nodePath)}` : '';
      if (r.consolidatedKey && consolidated === 'False') {
        ctx.notes.push(`xarray reads consolidated metadata only from .zmetadata; ${r.consolidatedKey} is not used.`);
      }
      ctx.notes.push('xarray needs dimension names (_ARRAY_DIMENSIONS in Zarr v2, dimension_names in v3) on the arrays of the group.');
      body.push(`${v} = xr.open_zarr(store${groupKw}, consolidated=${consolidated}${kw})`);
    }
  } else {
    packages.add('dask');
    imports.push('import dask.array as da');
    if (r.kind === 'array') {
      const comp = ctx.nodePath ? `, component=${pyStr(ctx.nodePath)}` : '';
      body.push(`${v} = da.from_zarr(store${comp}${kw})${sel}  # lazy: call .compute() to load`);
    } else {
      imports.unshift('import zarr');
      ctx.notes.push('dask loads arrays: this gives a dict of the arrays directly in the group.');
      body.push(...zarrOpenLines(ctx, `${v}_group`, kw), `${v} = {name: da.from_zarr(arr) for name, arr in ${v}_group.arrays()}`);
    }
  }

  const pkgs = [...packages];
  const source = [...header(ctx, '#', pkgs, false), ...imports, '', ...storeCode, ...body, v, ''].join('\n');
  return { source, packages: pkgs, language: 'python', variable: v, notes: ctx.notes };
}
