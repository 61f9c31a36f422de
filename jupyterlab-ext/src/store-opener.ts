/**
 * How the panel reaches a store in JupyterLab: server paths through the Contents API; `s3://` through a
 * kernel (kernel-bridge's `KernelStore`, with the kernel's credentials), or directly from the browser when
 * the user configured that endpoint as CORS-enabled ({@link BrowserS3Store}: unsigned, or signed with keys the
 * user types when the endpoint refuses, held in memory only, never in settings); `https://` from the browser.
 *
 * @example
 * ```ts
 * const model = new ExplorerModel(storeOpener({ contents, kernel: startKernel, s3Endpoints: () => settings.s3Endpoints, credentials }));
 * ```
 */
import type { Contents, Kernel } from '@jupyterlab/services';
import { BrowserS3Store } from './browser-s3-store.js';
import { ContentsStore } from './contents-store.js';
import { KernelStore, ZldError, executorForKernel, openStore } from './core.js';
import type { StoreOpener, StoreSpec } from './model.js';
import type { S3CredentialStore } from './s3-credentials.js';

/** One `s3Endpoints` setting: which buckets it serves and whether the browser may call it directly. */
export interface S3EndpointSetting {
  endpoint: string;
  region?: string;
  /** Buckets served by this endpoint (`*` or absent: all). */
  buckets?: string[];
  /** The endpoint allows CORS from this page: read directly from the browser. */
  browser?: boolean;
  anonymous?: boolean;
  /** Browser reads: `prompt` asks for keys before the first read; default: unsigned until the endpoint refuses (401/403). */
  auth?: 'prompt' | 'auto';
}

export interface OpenerDeps {
  contents: Contents.IManager;
  /** The kernel used for the kernel data path (started on first use). */
  kernel: () => Promise<Kernel.IKernelConnection>;
  s3Endpoints: () => S3EndpointSetting[];
  /** Credentials for direct browser reads, held in memory for the page's life; without it those reads stay unsigned. */
  credentials?: S3CredentialStore;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

function endpointFor(spec: StoreSpec, all: S3EndpointSetting[]): S3EndpointSetting | undefined {
  const bucket = /^s3:\/\/([^/]+)/i.exec(spec.url)?.[1];
  const fromSettings = all.find((e) => !e.buckets?.length || e.buckets.includes('*') || (bucket !== undefined && e.buckets.includes(bucket)));
  if (spec.endpoint) {
    const same = fromSettings?.endpoint === spec.endpoint;
    return { ...fromSettings, endpoint: spec.endpoint, region: spec.region ?? fromSettings?.region, browser: same ? fromSettings.browser : false, auth: same ? fromSettings.auth : undefined };
  }
  return fromSettings;
}

async function serverStore(contents: Contents.IManager, path: string): Promise<ContentsStore> {
  const clean = path.trim().replace(/^\/+|\/+$/g, '');
  let model: Contents.IModel;
  try {
    model = await contents.get(clean, { content: false });
  } catch (e) {
    const status = (e as { response?: { status?: number } }).response?.status;
    if (status === 404) throw new ZldError('NotFound', `there is no folder ${clean || '/'} on the Jupyter server`);
    throw new ZldError('Network', `cannot reach ${clean || '/'} on the Jupyter server${status ? ` (HTTP ${status})` : ''}`, { cause: e });
  }
  if (model.type !== 'directory') throw new ZldError('NotZarr', `${clean} on the Jupyter server is a file, not a Zarr store folder`);
  return new ContentsStore(contents, clean);
}

export function storeOpener(deps: OpenerDeps): StoreOpener {
  return async (spec, opts = {}) => {
    const url = spec.url.trim();
    const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
    if (!scheme) return { store: await serverStore(deps.contents, url), via: 'contents' };
    if (scheme === 's3') {
      const ep = endpointFor(spec, deps.s3Endpoints());
      if (ep?.browser) {
        const storeOptions = { endpoint: ep.endpoint, region: ep.region, anonymous: ep.anonymous };
        if (!deps.credentials) return { store: await openStore(url, { s3: { endpoint: ep.endpoint, region: ep.region, anonymous: true } }), via: 'browser', storeOptions };
        const store = new BrowserS3Store(url, { endpoint: ep.endpoint, region: ep.region, credentials: deps.credentials, askFirst: ep.auth === 'prompt', quiet: opts.quiet });
        return { store, via: 'browser', storeOptions, opened: () => store.allowPrompt() };
      }
      const kernel = await deps.kernel();
      const storeOptions = ep ? { endpoint: ep.endpoint, region: ep.region, anonymous: ep.anonymous } : undefined;
      const store = new KernelStore(executorForKernel(kernel), url, { storeOptions });
      return { store, via: 'kernel', storeOptions };
    }
    if (scheme === 'http' || scheme === 'https') return { store: await openStore(url), via: 'browser' };
    throw new ZldError('BadInput', `cannot open ${url}: use a path on the Jupyter server, s3://bucket/prefix or https://…`);
  };
}
