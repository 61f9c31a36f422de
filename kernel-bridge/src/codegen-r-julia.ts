/**
 * R (Rarr, Bioconductor) and Julia (Zarr.jl) cells: BEST EFFORT, marked so in the cell. zld does not run
 * them (no R or Julia here); they follow those packages' documented entry points. Slices are converted
 * to 1-based, stop-inclusive indexing; Zarr.jl also reverses the dimension order (column-major).
 * Every user string goes through `rStr`/`juliaStr`.
 */
import { ZldError } from '@zld/core';
import { juliaStr, rStr } from './literals.js';
import { CREDENTIALS_NOTE, header, type GenContext, type GeneratedCode, type SliceDim } from './codegen-common.js';

function noNegative(ctx: GenContext, lang: string): void {
  const neg = ctx.slice?.some((d) => ('index' in d ? d.index < 0 : (d.start ?? 0) < 0 || (d.stop ?? 0) < 0 || (d.step ?? 1) < 0));
  if (neg) throw new ZldError('BadInput', `slice ${JSON.stringify(ctx.request.slice)}: negative indices or steps are not supported for ${lang}`);
}

function rIndex(ctx: GenContext): string {
  noNegative(ctx, 'R');
  const dims = ctx.slice!.map((d) => {
    if ('index' in d) return String(d.index + 1);
    const from = (d.start ?? 0) + 1;
    if (d.stop === undefined) {
      if (d.start === undefined && d.step === undefined) return 'NULL';
      throw new ZldError('BadInput', `slice ${JSON.stringify(ctx.request.slice)}: R needs an explicit stop for "${from - 1}:"`);
    }
    return d.step !== undefined && d.step !== 1 ? `seq(${from}, ${d.stop}, by = ${d.step})` : `${from}:${d.stop}`;
  });
  return `list(${dims.join(', ')})`;
}

export function generateR(ctx: GenContext): GeneratedCode {
  const r = ctx.request;
  const v = ctx.variable;
  const packages = ['Rarr'];
  const loc = ctx.store.location;
  const lines = ['library(Rarr)', ''];
  let clientArg = '';
  if (loc.type === 'local') lines.push(`store <- ${rStr(loc.path)}`);
  else if (loc.type === 's3') {
    packages.push('paws.storage');
    const o = r.storeOptions ?? {};
    const cfg: string[] = [];
    if (o.endpoint) cfg.push(`endpoint = ${rStr(o.endpoint)}`);
    if (o.region) cfg.push(`region = ${rStr(o.region)}`);
    if (o.anonymous) cfg.push('credentials = list(anonymous = TRUE)');
    else lines.push(`# ${CREDENTIALS_NOTE}`);
    lines.push(`store <- ${rStr(loc.url)}`, `s3_client <- paws.storage::s3(config = list(${cfg.join(', ')}))`);
    clientArg = ', s3_client = s3_client';
  } else lines.push(`store <- ${rStr(loc.url)}`);
  if (r.zarrFormat === 3) ctx.notes.push('Rarr reads Zarr v2; Zarr v3 support depends on your Rarr version.');
  const where = ctx.nodePath ? `paste0(store, "/", ${rStr(ctx.nodePath)})` : 'store';
  if (r.kind === 'array') {
    const index = ctx.slice ? `, index = ${rIndex(ctx)}` : '';
    lines.push(`${v} <- read_zarr_array(${where}${index}${clientArg})`);
  } else {
    ctx.notes.push('Rarr reads arrays; for a group this lists its contents.');
    lines.push(`${v} <- zarr_overview(${where}${clientArg}, as_data_frame = TRUE)`);
  }
  lines.push(v, '');
  return { source: [...header(ctx, '#', packages, true), ...lines].join('\n'), packages, language: 'r', variable: v, notes: ctx.notes };
}

function juliaIndex(ctx: GenContext): string {
  const end = (i: number) => (i < 0 ? (i === -1 ? 'end' : `end-${-i - 1}`) : String(i + 1));
  const stopExcl = (i: number) => (i < 0 ? `end-${-i}` : String(i));
  const dims = ctx.slice!.map((d: SliceDim) => {
    if ('index' in d) return end(d.index);
    if ((d.step ?? 1) < 0) throw new ZldError('BadInput', `slice ${JSON.stringify(ctx.request.slice)}: negative steps are not supported for Julia`);
    if (d.start === undefined && d.stop === undefined && d.step === undefined) return ':';
    const from = d.start === undefined ? '1' : end(d.start);
    const to = d.stop === undefined ? 'end' : stopExcl(d.stop);
    const p = (s: string) => (s.includes("-") ? `(${s})` : s);
    return d.step !== undefined && d.step !== 1 ? `${p(from)}:${d.step}:${p(to)}` : `${p(from)}:${p(to)}`;
  });
  return `[${dims.reverse().join(', ')}]`;
}

export function generateJulia(ctx: GenContext): GeneratedCode {
  const r = ctx.request;
  const v = ctx.variable;
  const packages = ['Zarr'];
  const loc = ctx.store.location;
  const lines = ['using Zarr'];
  if (loc.type === 's3') {
    packages.push('AWS');
    lines.push('using AWS');
    const o = r.storeOptions ?? {};
    if (o.endpoint) ctx.notes.push(`Point AWS.jl at the endpoint ${o.endpoint} (e.g. a custom AWSConfig / Minio.jl).`);
    if (!o.anonymous) lines.push(`# ${CREDENTIALS_NOTE}`);
  }
  lines.push('');
  const storeText = loc.type === 'local' ? loc.path : loc.url;
  lines.push(`store = ${juliaStr(storeText)}`);
  const consolidated = r.consolidatedKey === '.zmetadata' ? ', consolidated=true' : '';
  if (r.consolidatedKey && r.consolidatedKey !== '.zmetadata') ctx.notes.push(`Zarr.jl reads consolidated metadata only from .zmetadata; ${r.consolidatedKey} is not used.`);
  const pathKw = ctx.nodePath ? `, path=${juliaStr(ctx.nodePath)}` : '';
  const open = `zopen(store, "r"${consolidated}${pathKw})`;
  if (ctx.slice) {
    ctx.notes.push('Zarr.jl lists dimensions in reverse (column-major) order: the slice below is reversed accordingly.');
    lines.push(`${v} = ${open}${juliaIndex(ctx)}`);
  } else lines.push(`${v} = ${open}`);
  if (r.zarrFormat === 3) ctx.notes.push('Zarr v3 stores need a Zarr.jl version that reads v3.');
  lines.push(v, '');
  return { source: [...header(ctx, '#', packages, true), ...lines].join('\n'), packages, language: 'julia', variable: v, notes: ctx.notes };
}
