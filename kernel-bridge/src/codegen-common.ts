/**
 * Types and helpers shared by the per-language generators: the request/target/result shapes, parsing of
 * the store location (local path, `file://`, `s3://`, `http(s)://`), of the node path and of the slice, and
 * the provenance header. Nothing here writes user text into code except through `literals.ts`.
 */
import { ZldError, redactUrl } from '@zld/core';
import { commentText, safeIdentifier, type LiteralLanguage } from './literals.js';

export interface StoreOptions {
  /** S3-compatible endpoint (MinIO, s3rver), e.g. `http://127.0.0.1:9000`. */
  endpoint?: string;
  region?: string;
  /** Unsigned (public bucket) access. */
  anonymous?: boolean;
}

export interface LoadRequest {
  /** Where the store lives: a local path, `file://`, `s3://bucket/prefix`, `https://...`. */
  storeUrl: string;
  storeOptions?: StoreOptions;
  /** Node path inside the store (`''` or `/` for the root, `myBatch/sample1Dataset`). */
  path: string;
  kind: 'group' | 'array';
  zarrFormat: 2 | 3;
  /** The `@id` (URI) the node was found by: provenance. */
  uri?: string;
  /** numpy-style selection, 0-based, stop exclusive: `0:10, :, 5` (arrays only). */
  slice?: string;
  /** Target variable name (made a safe identifier, like the default); default: derived from the node name. */
  variable?: string;
  /** Consolidated metadata key at the store root (`.zmetadata`, `.all_metadata`), when known. */
  consolidatedKey?: string;
  /** Provenance date; default: now. */
  date?: Date;
}

export type CodeLanguage = LiteralLanguage;
export type Flavour = 'zarr' | 'xarray' | 'dask';

export interface CodeTarget {
  language: CodeLanguage;
  /** Python only; default `zarr`. */
  flavour?: Flavour;
  /** JavaScript/TypeScript only: how imports resolve. `deno` uses `npm:` specifiers; default `node` (tslab). */
  runtime?: 'deno' | 'node';
}

export interface GeneratedCode {
  /** The cell source. */
  source: string;
  /** Packages the cell needs (install names: pip/npm/CRAN-Bioconductor/Julia registry). */
  packages: string[];
  language: CodeLanguage;
  /** The variable the cell assigns. */
  variable: string;
  /** Caveats for the user (also written as comments in the cell). */
  notes: string[];
}

export type StoreLocation =
  | { type: 'local'; path: string }
  | { type: 's3'; bucket: string; prefix: string; url: string }
  | { type: 'http'; url: string }
  | { type: 'other'; url: string; scheme: string };

export interface ParsedStore {
  location: StoreLocation;
  /** A secret-free text for comments and messages. */
  display: string;
  /** Credentials were found in the URL and left out of the code. */
  strippedCredentials: boolean;
}

const SECRET_PARAM = /sig|signature|token|key|secret|credential|password|auth/i;

/** Parse where a store lives; user info and credential-like query parameters are dropped from remote URLs. */
export function parseStoreUrl(storeUrl: string): ParsedStore {
  if (!storeUrl) throw new ZldError('BadInput', 'empty store URL');
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(storeUrl)?.[1]?.toLowerCase();
  if (!scheme || /^[A-Za-z]:[\\/]/.test(storeUrl)) return { location: { type: 'local', path: storeUrl }, display: storeUrl, strippedCredentials: false };
  let u: URL;
  try {
    u = new URL(storeUrl);
  } catch {
    throw new ZldError('BadInput', `not a valid store URL: ${JSON.stringify(redactUrl(storeUrl))}`);
  }
  if (scheme === 'file') {
    const path = decodeURIComponent(u.pathname);
    return { location: { type: 'local', path }, display: path, strippedCredentials: false };
  }
  let stripped = false;
  if (u.username || u.password) {
    u.username = '';
    u.password = '';
    stripped = true;
  }
  for (const k of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(k)) {
      u.searchParams.delete(k);
      stripped = true;
    }
  }
  const clean = u.toString();
  if (scheme === 's3') {
    const bucket = u.hostname;
    if (!bucket) throw new ZldError('BadInput', `s3 URL without a bucket: ${JSON.stringify(clean)}`);
    const prefix = decodeURIComponent(u.pathname).replace(/^\/+|\/+$/g, '');
    const url = `s3://${bucket}${prefix ? `/${prefix}` : ''}`;
    return { location: { type: 's3', bucket, prefix, url }, display: url, strippedCredentials: stripped };
  }
  if (scheme === 'http' || scheme === 'https') {
    return { location: { type: 'http', url: clean.replace(/\/+$/, '') }, display: clean, strippedCredentials: stripped };
  }
  return { location: { type: 'other', url: clean, scheme }, display: clean, strippedCredentials: stripped };
}

/** `/a/b/` -> `a/b`; root -> `''`. `.`/`..` segments are refused. */
export function normalizeNodePath(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  const bad = parts.find((p) => p === '.' || p === '..');
  if (bad) throw new ZldError('BadInput', `node path ${JSON.stringify(path)} contains a "${bad}" segment`);
  return parts.join('/');
}

export type SliceDim = { index: number } | { start?: number; stop?: number; step?: number };

/** Parse `0:10, :, 5` (0-based, stop exclusive, optional surrounding brackets) into dimensions. */
export function parseSlice(slice: string): SliceDim[] {
  const body = slice.trim().replace(/^\[(.*)\]$/s, '$1');
  const bad = () => new ZldError('BadInput', `bad slice ${JSON.stringify(slice)}: expected e.g. "0:10, :, 5" (integers, ":" and ",")`);
  if (body.trim() === '') throw bad();
  const int = (s: string | undefined) => {
    const t = (s ?? '').trim();
    if (t === '') return undefined;
    if (!/^-?\d{1,15}$/.test(t)) throw bad();
    return Number(t);
  };
  return body.split(',').map((part) => {
    const pieces = part.split(':');
    if (pieces.length === 1) {
      const index = int(pieces[0]);
      if (index === undefined) throw bad();
      return { index };
    }
    if (pieces.length > 3) throw bad();
    const step = int(pieces[2]);
    if (step === 0) throw bad();
    return { start: int(pieces[0]), stop: int(pieces[1]), step };
  });
}

/** An endpoint must be an http(s) URL without credentials; a region a plain AWS-style name. */
export function checkStoreOptions(o: StoreOptions | undefined): void {
  if (o?.endpoint !== undefined) {
    let u: URL | undefined;
    try {
      u = new URL(o.endpoint);
    } catch {
      u = undefined;
    }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || /[\s]/.test(o.endpoint)) {
      throw new ZldError('BadInput', `S3 endpoint ${JSON.stringify(redactUrl(o.endpoint))} is not an http(s) URL without credentials`);
    }
  }
  if (o?.region !== undefined && !/^[A-Za-z0-9-]{1,64}$/.test(o.region)) {
    throw new ZldError('BadInput', `S3 region ${JSON.stringify(o.region)} is not a region name (letters, digits, "-")`);
  }
}

/** Everything a language generator needs, already validated. */
export interface GenContext {
  request: LoadRequest;
  store: ParsedStore;
  /** Normalised node path (`''` for the root). */
  nodePath: string;
  /** Last path segment (or the store's name for the root). */
  nodeName: string;
  variable: string;
  slice?: SliceDim[];
  notes: string[];
}

export function makeContext(request: LoadRequest, lang: CodeLanguage): GenContext {
  const store = parseStoreUrl(request.storeUrl);
  const nodePath = normalizeNodePath(request.path);
  const storeName = store.display.replace(/\/+$/, '').split('/').pop()?.replace(/\.zarr$/i, '') ?? 'data';
  const nodeName = nodePath ? nodePath.split('/').pop()! : storeName;
  const variable = safeIdentifier(request.variable ?? nodeName, lang);
  const slice = request.slice !== undefined && request.slice.trim() !== '' ? parseSlice(request.slice) : undefined;
  if (slice && request.kind !== 'array') {
    throw new ZldError('BadInput', `a slice applies to arrays only; ${JSON.stringify(nodePath || '/')} is a group`);
  }
  checkStoreOptions(request.storeOptions);
  if (request.date !== undefined && Number.isNaN(request.date.getTime())) throw new ZldError('BadInput', 'the provenance date is not a valid date');
  const notes: string[] = [];
  if (store.strippedCredentials) {
    notes.push('Credentials found in the store URL were left out; provide them through the environment instead.');
  }
  return { request, store, nodePath, nodeName, variable, slice, notes };
}

/**
 * The cell header. Lines 1-2 hold no user text (Python reads a `coding:` declaration from them), then the
 * provenance (URI, store, path, date) and the notes, all through {@link commentText}.
 */
export function header(ctx: GenContext, prefix: '#' | '//', packages: string[], bestEffort: boolean): string[] {
  const r = ctx.request;
  const lines = [
    `${prefix} zld: load a Zarr ${r.kind === 'array' ? 'array' : 'group'} (generated cell, edit freely)${bestEffort ? ' - BEST EFFORT: not tested by zld' : ''}`,
    `${prefix} Needs: ${packages.map(commentText).join(', ')}`,
  ];
  if (r.uri !== undefined) lines.push(`${prefix} URI:   ${commentText(r.uri)}`);
  lines.push(`${prefix} Store: ${commentText(ctx.store.display)}`);
  lines.push(`${prefix} Path:  ${commentText(ctx.nodePath ? `/${ctx.nodePath}` : '/')} (Zarr v${r.zarrFormat} ${r.kind})`);
  lines.push(`${prefix} Date:  ${(r.date ?? new Date()).toISOString()}`);
  for (const n of ctx.notes) lines.push(`${prefix} Note:  ${commentText(n)}`);
  return lines;
}

export const CREDENTIALS_NOTE = "Credentials are not written here: they come from the kernel's environment (AWS_* variables, AWS_PROFILE, ~/.aws).";
