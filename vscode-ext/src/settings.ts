/**
 * The `zld.*` settings, read when used (so changes apply at once), and the S3 options they make together with
 * the keys kept in SecretStorage. Without stored keys the AWS SDK's default chain applies (environment, profile,
 * a pod's service account through web identity).
 *
 * @example
 * ```ts
 * const s3 = await s3Options(secrets);
 * const store = await openStore('s3://lab/cat.zarr', { s3 });
 * ```
 */
import * as vscode from 'vscode';
import type { Flavour, S3StoreOptions } from './core.js';
import type { CredentialStore } from './secrets.js';

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('zld');
}

export function configuredStores(): string[] {
  return (config().get<unknown[]>('stores') ?? []).filter((s): s is string => typeof s === 'string' && s.trim() !== '');
}

export function consolidatedKeySetting(): string {
  return config().get<string>('consolidatedKey') || '.zmetadata';
}

export function codeFlavour(): Flavour {
  const f = config().get<string>('codeFlavour');
  return f === 'xarray' || f === 'dask' ? f : 'zarr';
}

export function datasetLinkPredicates(): string[] | undefined {
  const p = config().get<string[]>('datasetLinkPredicates');
  return Array.isArray(p) && p.length ? p : undefined;
}

export function s3Settings(): { endpoint?: string; region?: string; forcePathStyle?: boolean } {
  const c = config();
  const endpoint = c.get<string>('s3.endpoint')?.trim() || undefined;
  const region = c.get<string>('s3.region')?.trim() || undefined;
  const inspect = c.inspect<boolean>('s3.forcePathStyle');
  const explicit = inspect?.workspaceFolderValue ?? inspect?.workspaceValue ?? inspect?.globalValue;
  // an explicit value wins; otherwise path style whenever a custom endpoint is set (MinIO, s3rver, Ceph)
  return { endpoint, region, forcePathStyle: explicit ?? (endpoint ? true : undefined) };
}

export async function s3Options(secrets: CredentialStore): Promise<S3StoreOptions> {
  const s = s3Settings();
  const credentials = await secrets.get();
  return {
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    ...(s.region ? { region: s.region } : {}),
    ...(s.forcePathStyle !== undefined ? { forcePathStyle: s.forcePathStyle } : {}),
    ...(credentials ? { credentials } : {}),
  };
}
