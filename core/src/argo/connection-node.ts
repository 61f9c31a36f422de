/**
 * Node-only side of the Argo connection: reads `process.env` and the pod's service-account files, and
 * builds a fetch that skips TLS verification (undici `Agent`) when `ARGO_INSECURE_SKIP_VERIFY=true`.
 * Exported from `@zld/core/node`.
 *
 * @example
 * ```ts
 * import { argoClientFromProcess } from '@zld/core/node';
 * const argo = argoClientFromProcess({ namespace: 'argo' }); // env + pod files + these overrides
 * console.log(argo.connection.describe());
 * ```
 */
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import { ArgoClient } from './client.js';
import { argoConnectionFromEnv, type ArgoConnection, type ArgoConnectionOverrides } from './connection.js';
import type { FetchLike } from './transport.js';

/** A small text file's content, or undefined when it cannot be read (not in a pod). */
export function readPodFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The connection from the process environment, the pod's service-account files and `overrides`. */
export function argoConnectionFromProcess(
  overrides: ArgoConnectionOverrides = {},
  env: Record<string, string | undefined> = process.env,
  readFile = readPodFile,
): ArgoConnection {
  return argoConnectionFromEnv(env, overrides, readFile);
}

let insecureAgent: Agent | undefined;

/** The fetch for a connection: the global one, or undici's with certificate checks off when asked. */
export function argoFetchFor(connection: ArgoConnection): FetchLike {
  if (!connection.insecureSkipVerify) return (input, init) => fetch(input, init);
  insecureAgent ??= new Agent({ connect: { rejectUnauthorized: false } });
  const agent = insecureAgent;
  return (input, init) => undiciFetch(input, { ...(init as object), dispatcher: agent }) as unknown as Promise<Response>;
}

/** An {@link ArgoClient} configured the way the argo CLI is (env, pod files), with IDE overrides. */
export function argoClientFromProcess(overrides: ArgoConnectionOverrides = {}, env: Record<string, string | undefined> = process.env): ArgoClient {
  const connection = argoConnectionFromProcess(overrides, env);
  return new ArgoClient(connection, { fetch: argoFetchFor(connection) });
}
