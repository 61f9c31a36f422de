/**
 * A jsonld.js document loader that never touches the network unless asked to. It serves contexts from a
 * local map: the contexts bundled with zld (schema.org, PROV-O, DCAT, Cat+; written by us), plus documents
 * the user configured (on Node, {@link loadContextFiles} reads them from files). Any other URL fails at once
 * with a {@link ZldError} naming it; with `allowNetwork` the injected `fetch` is used instead.
 *
 * @example
 * ```ts
 * import jsonld from 'jsonld';
 * import { createDocumentLoader } from '@zld/core';
 * const documentLoader = createDocumentLoader({ contexts: { 'https://lab.example/ctx.jsonld': myCtx } });
 * const expanded = await jsonld.expand(doc, { documentLoader });
 * ```
 */
import type { RemoteDocument } from 'jsonld';
import { ZldError } from '../errors.js';
import { BUNDLED_CONTEXTS } from './contexts/index.js';

export interface ContextLoaderOptions {
  /** Extra context documents by URL (user-configured); they take precedence over the bundled ones. */
  contexts?: Record<string, unknown>;
  /** Fetch contexts that are neither bundled nor configured (default false). */
  allowNetwork?: boolean;
  /** The `fetch` used when `allowNetwork` is on (default: the global one). Hosts inject theirs. */
  fetch?: typeof globalThis.fetch;
  /** Give up on a remote context after this long (default 10 s). */
  timeoutMs?: number;
}

export type ContextDocumentLoader = (url: string) => Promise<RemoteDocument>;

/** The key a context URL is looked up under: no fragment, no trailing `#`. */
function contextKey(url: string): string {
  const hash = url.indexOf('#');
  return hash >= 0 ? url.slice(0, hash) : url;
}

/** Build a jsonld.js `documentLoader`; see the module documentation. */
export function createDocumentLoader(opts: ContextLoaderOptions = {}): ContextDocumentLoader {
  const local = new Map<string, unknown>();
  for (const [url, doc] of Object.entries(BUNDLED_CONTEXTS)) local.set(contextKey(url), doc);
  for (const [url, doc] of Object.entries(opts.contexts ?? {})) local.set(contextKey(url), doc);
  const cache = new Map<string, Promise<unknown>>();

  return async (url: string): Promise<RemoteDocument> => {
    const key = contextKey(url);
    if (local.has(key)) return { contextUrl: null, documentUrl: url, document: local.get(key) };
    if (!opts.allowNetwork) {
      throw new ZldError(
        'NotFound',
        `JSON-LD context ${url} is not bundled with zld nor configured, and network access is disallowed ` +
          `(allow it, or configure a local copy of this context)`,
        { detail: { contextUrl: url } },
      );
    }
    let pending = cache.get(key);
    if (!pending) {
      pending = fetchContext(url, opts);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return { contextUrl: null, documentUrl: url, document: await pending };
  };
}

async function fetchContext(url: string, opts: ContextLoaderOptions): Promise<unknown> {
  const doFetch = opts.fetch ?? globalThis.fetch;
  if (!/^https?:\/\//i.test(url)) {
    throw new ZldError('BadInput', `JSON-LD context ${url} is not an http(s) URL and is not configured locally`);
  }
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: { accept: 'application/ld+json, application/json;q=0.9' },
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
  } catch (e) {
    const timeout = (e as Error)?.name === 'TimeoutError';
    throw new ZldError(timeout ? 'Timeout' : 'Network', `JSON-LD context ${url} could not be fetched: ${(e as Error).message}`, { cause: e });
  }
  if (res.status === 401 || res.status === 403) {
    throw new ZldError('AccessDenied', `JSON-LD context ${url}: HTTP ${res.status}`, { status: res.status });
  }
  if (!res.ok) {
    throw new ZldError(res.status === 404 ? 'NotFound' : 'Remote', `JSON-LD context ${url}: HTTP ${res.status}`, { status: res.status });
  }
  try {
    return JSON.parse(await res.text());
  } catch (e) {
    throw new ZldError('BadMetadata', `JSON-LD context ${url} is not JSON: ${(e as Error).message}`, { cause: e });
  }
}
