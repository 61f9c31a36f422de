/**
 * Map AWS SDK failures to {@link ZldError}s that name the S3 location (bucket and key, and the endpoint
 * when it is a custom one) and the HTTP status. Only error codes and statuses are copied from the
 * server's answer, never its free text (some S3 implementations echo the request or the access key
 * id), and never credentials.
 */
import { ZldError } from '../errors.js';

/** What an S3 call was about, for messages. */
export interface S3Target {
  /** `s3://bucket/key` (or `s3://bucket/prefix/` for listings). */
  location: string;
  bucket: string;
  key?: string;
  /** Custom endpoint origin, shown in connection errors. */
  endpoint?: string;
  /** `read`, `write`, `list`, `delete`. */
  op: string;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  Code?: string;
}

export function s3Status(e: unknown): number | undefined {
  return (e as SdkError)?.$metadata?.httpStatusCode;
}

/** The S3 error code (`NoSuchKey`, `AccessDenied`, `SlowDown`...) or the Node error code. */
export function s3Code(e: unknown): string {
  const err = e as SdkError;
  const known = (c: string | undefined) => (c && c !== 'Error' && c !== 'Unknown' && c !== 'UnknownError' ? c : undefined);
  // a HEAD error has no body: the SDK calls it `Unknown`; name it after the status instead
  const byStatus = err?.$metadata?.httpStatusCode === 403 ? 'Forbidden' : err?.$metadata?.httpStatusCode === 404 ? 'NotFound' : undefined;
  return known(err?.Code) ?? known(err?.name) ?? byStatus ?? err?.code ?? 'Error';
}

/** A missing object (404 NoSuchKey / NotFound), as opposed to a missing bucket. */
export function isMissingKey(e: unknown): boolean {
  const code = s3Code(e);
  if (code === 'NoSuchBucket') return false;
  return code === 'NoSuchKey' || code === 'NotFound' || s3Status(e) === 404;
}

export function mapS3Error(e: unknown, t: S3Target, state: { timedOut: boolean; aborted: boolean }): ZldError {
  if (e instanceof ZldError) return e;
  const where = t.endpoint ? `${t.location} (endpoint ${t.endpoint})` : t.location;
  const status = s3Status(e);
  const code = s3Code(e);
  if (state.aborted) return new ZldError('Aborted', `S3 ${t.op} of ${t.location} was cancelled`, { cause: safeCause(e, code, status), detail: detail(t) });
  if (state.timedOut) {
    return new ZldError('Timeout', `S3 ${t.op} of ${where} timed out: the server did not answer in time`, { cause: safeCause(e, code, status), detail: detail(t) });
  }
  const opts = { cause: safeCause(e, code, status), status, detail: { ...detail(t), s3Code: code } };
  if (code === 'NoSuchBucket') {
    return new ZldError('NotFound', `bucket ${t.bucket} does not exist (HTTP ${status ?? 404} NoSuchBucket) for ${where}`, opts);
  }
  if (code === 'CredentialsProviderError' || code === 'ProviderError') {
    return new ZldError(
      'AccessDenied',
      `no AWS credentials found for ${where}: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or a profile, or use anonymous access for public buckets`,
      opts,
    );
  }
  if (status === 401 || status === 403 || /^(AccessDenied|Forbidden|InvalidAccessKeyId|SignatureDoesNotMatch|AllAccessDisabled)$/.test(code)) {
    return new ZldError('AccessDenied', `access denied (HTTP ${status ?? 403} ${code}) for ${where}: check the credentials and the bucket policy`, opts);
  }
  if (status === 404) return new ZldError('NotFound', `not found (HTTP 404 ${code}) for ${where}`, opts);
  if (status !== undefined && status >= 500) {
    return new ZldError('Network', `S3 server error (HTTP ${status} ${code}) for ${where}, still failing after retries`, opts);
  }
  if (status !== undefined) return new ZldError('Remote', `S3 refused the ${t.op} (HTTP ${status} ${code}) for ${where}`, opts);
  if (code === 'AbortError' || code === 'TimeoutError') {
    return new ZldError('Timeout', `S3 ${t.op} of ${where} timed out`, opts);
  }
  const endpoint = t.endpoint ?? 'the S3 endpoint';
  return new ZldError('Network', `cannot reach ${endpoint} for ${t.location} (${code})`, opts);
}

/**
 * SDK errors carry the raw response (with the signed request and its `Authorization` header) and the
 * server's free text: keep only code and status so logged causes cannot leak credentials.
 */
function safeCause(e: unknown, code: string, status: number | undefined): unknown {
  const err = e as { $metadata?: unknown; $response?: unknown };
  if (err && typeof err === 'object' && ('$metadata' in err || '$response' in err)) {
    return Object.assign(new Error(status ? `HTTP ${status} ${code}` : code), { name: code, status });
  }
  return e;
}

function detail(t: S3Target): Record<string, unknown> {
  return { bucket: t.bucket, ...(t.key !== undefined ? { key: t.key } : {}) };
}
