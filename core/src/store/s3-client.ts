/**
 * S3 client settings shared by {@link S3Store} and hosts that build their own client: checksums only
 * when required (s3rver and MinIO store aws-chunked framing otherwise), retries, path-style
 * addressing for custom endpoints, anonymous (unsigned) access, region from the environment.
 *
 * @example
 * ```ts
 * const client = new S3Client(s3ClientConfig({ endpoint: 'http://127.0.0.1:9000', anonymous: true }));
 * ```
 */
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { ZldError } from '../errors.js';

export const DEFAULT_MAX_ATTEMPTS = 4;

export interface S3StoreOptions {
  /** Custom endpoint (`http://127.0.0.1:9000`); path-style addressing is then the default. */
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  /** Static keys or a provider (`AwsCredentialIdentity | AwsCredentialIdentityProvider`). */
  credentials?: S3ClientConfig['credentials'];
  /** Send unsigned requests (public buckets). */
  anonymous?: boolean;
  /** A ready client (hosts inject theirs); the connection options above are then ignored. */
  client?: S3Client;
  /** Requests in flight at once (default 16). */
  maxConcurrency?: number;
  /** Time limit of one request, retries included (default 30 s; 0 disables). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 4). */
  maxAttempts?: number;
  /** Refuse set/delete with `Unsupported`. */
  readOnly?: boolean;
  /** Keys per listing page (`MaxKeys`, default and maximum 1000). */
  pageSize?: number;
  /**
   * Plain GETs of a custom endpoint without the SDK's per-request work (default true; see `s3-fast-get.ts`);
   * false sends every request through the SDK.
   */
  fastGet?: boolean;
}

/** Client settings: s3rver/MinIO-friendly checksums, retries, and anonymous or given credentials. */
export function s3ClientConfig(opts: S3StoreOptions): S3ClientConfig {
  const config: S3ClientConfig = {
    region: opts.region ?? defaultRegion,
    followRegionRedirects: true,
    maxAttempts: opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (opts.endpoint) {
    config.endpoint = opts.endpoint;
    config.forcePathStyle = opts.forcePathStyle ?? true;
  } else if (opts.forcePathStyle !== undefined) {
    config.forcePathStyle = opts.forcePathStyle;
  }
  if (opts.anonymous) {
    // no identity, no signature: the request goes out without an Authorization header
    config.credentials = { accessKeyId: '', secretAccessKey: '' };
    config.signer = { sign: async (request) => request };
  } else if (opts.credentials) {
    config.credentials = opts.credentials;
  }
  return config;
}

/** The region from the environment (Node) or us-east-1; redirects fix a wrong guess. */
async function defaultRegion(): Promise<string> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.AWS_REGION || env?.AWS_DEFAULT_REGION || 'us-east-1';
}

/** `scheme://host:port` of an endpoint, without credentials, path or query. */
export function safeOrigin(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    throw new ZldError('BadInput', `invalid S3 endpoint URL ${JSON.stringify(endpoint.replace(/\/\/[^/@\s]*@/, '//'))}`);
  }
}

