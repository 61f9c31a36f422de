/**
 * JavaScript/TypeScript cells (Deno's Jupyter kernel, tslab) with zarrita. The same source is valid
 * JavaScript and TypeScript (no type annotations). Every user string goes through `jsStr`.
 */
import { jsStr } from './literals.js';
import { header, type CodeTarget, type GenContext, type GeneratedCode, type SliceDim } from './codegen-common.js';

const ZARRITA = '0.7';
const STORAGE = '0.2';

function jsSlice(dims: SliceDim[]): string {
  const n = (v: number | undefined) => (v === undefined ? 'null' : String(v));
  return `[${dims
    .map((d) => {
      if ('index' in d) return String(d.index);
      if (d.start === undefined && d.stop === undefined && d.step === undefined) return 'null';
      return `zarr.slice(${n(d.start)}, ${n(d.stop)}${d.step !== undefined ? `, ${d.step}` : ''})`;
    })
    .join(', ')}]`;
}

/** Path-style or virtual-host HTTPS URL of an S3 prefix (zarrita reads S3 over plain HTTP GETs). */
function s3HttpUrl(bucket: string, prefix: string, endpoint?: string, region?: string): string {
  const enc = prefix
    .split('/')
    .filter(Boolean)
    .map((p) => encodeURIComponent(p))
    .join('/');
  const tail = enc ? `/${enc}` : '';
  if (endpoint) return `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(bucket)}${tail}`;
  return `https://${bucket}.s3.${region ?? 'us-east-1'}.amazonaws.com${tail}`;
}

/** How zarrita turns a location path and a relative key into a store key (`Location.resolve`: URL rules). */
function zarritaResolve(path: string, rel: string): string | undefined {
  try {
    return decodeURIComponent(new URL(rel, new URL(`file://${path}/`)).pathname);
  } catch {
    return undefined;
  }
}

/**
 * The location path to give zarrita for the node. zarrita resolves every key as a URL, which drops
 * newlines and tabs, turns `\\` into `/`, cuts at `#`/`?` and decodes `%xx`; a path that would not survive
 * that is given percent-encoded (the decoding then restores the exact name).
 */
function zarritaPath(ctx: GenContext): string {
  const plain = `/${ctx.nodePath}`;
  if (zarritaResolve(plain, '.zarray') === `${plain}/.zarray`) return plain;
  ctx.notes.push('The node path is percent-encoded: zarrita resolves paths as URLs and decodes them again.');
  return `/${ctx.nodePath.split('/').map(encodeURIComponent).join('/')}`;
}

export function generateJavaScript(ctx: GenContext, target: CodeTarget): GeneratedCode {
  const r = ctx.request;
  const v = ctx.variable;
  const deno = target.runtime === 'deno';
  const spec = (pkg: string, version: string, sub = '') => jsStr(deno ? `npm:${pkg}@${version}${sub}` : `${pkg}${sub}`);
  const packages = ['zarrita'];
  const imports = [`import * as zarr from ${spec('zarrita', ZARRITA)};`];
  const loc = ctx.store.location;
  let storeExpr: string;
  if (loc.type === 'local') {
    packages.push('@zarrita/storage');
    imports.push(`import FileSystemStore from ${spec('@zarrita/storage', STORAGE, '/fs')};`);
    storeExpr = `new FileSystemStore(${jsStr(loc.path)})`;
  } else if (loc.type === 's3') {
    const o = r.storeOptions ?? {};
    if (!o.anonymous) {
      ctx.notes.push('zarrita does not sign S3 requests: this reads public buckets only; use a presigned or proxy URL for private ones.');
    }
    storeExpr = `new zarr.FetchStore(${jsStr(s3HttpUrl(loc.bucket, loc.prefix, o.endpoint, o.region))})`;
  } else {
    if (loc.type === 'other') ctx.notes.push(`zarrita cannot read ${loc.scheme}:// URLs; give an https:// URL instead.`);
    storeExpr = `new zarr.FetchStore(${jsStr(loc.url)})`;
  }
  if (r.consolidatedKey) {
    const opts = r.zarrFormat === 2 ? `{ format: "v2", metadataKey: ${jsStr(r.consolidatedKey)} }` : `{ format: "v3" }`;
    storeExpr = `await zarr.withConsolidatedMetadata(${storeExpr}, ${opts})`;
  }
  const location = ctx.nodePath ? `new zarr.Location(store, ${jsStr(zarritaPath(ctx))})` : 'zarr.root(store)';
  const open = `await zarr.open(${location}, { kind: ${jsStr(r.kind)} })`;
  const value = ctx.slice ? `await zarr.get(${open}, ${jsSlice(ctx.slice)})` : open;
  const body = [
    `const ${v} = await (async () => {`,
    `  const store = ${storeExpr};`,
    `  return ${value};`,
    `})();`,
    v,
  ];
  const source = [
    ...header(ctx, '//', packages, false),
    ...imports,
    '',
    ...body,
    '',
  ].join('\n');
  return { source, packages, language: target.language, variable: v, notes: ctx.notes };
}
