/**
 * A real S3 endpoint for tests: s3rver 3.7 on 127.0.0.1 in a child process, on a free port, over a
 * temporary folder that `stop()` removes.
 *
 * s3rver needs `--openssl-legacy-provider` (it encrypts continuation tokens with DES; without the flag
 * paginated listings fail with 500). Clients must use path-style addressing and the `WHEN_REQUIRED`
 * checksum settings, otherwise streamed uploads are stored with their aws-chunked framing.
 *
 * @example
 * ```ts
 * const s3 = await startS3rver({ buckets: ['data'] });
 * await s3.uploadDir('/tmp/cat.zarr', 'data', 'cat.zarr');
 * spawn('/usr/bin/python3', ['read.py'], { env: { ...process.env, ...s3rverEnv(s3) } });
 * await s3.stop();
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutBucketCorsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface S3rverHandle {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  port: number;
  /** The folder s3rver keeps its buckets in. */
  dir: string;
  /** A client configured for this server (path style, test credentials, checksums only when required). */
  client: S3Client;
  /** Kill the server and remove its folder. Safe to call twice. */
  stop(): Promise<void>;
  /** Upload every file below `localDir` to `s3://bucket/prefix/...`; returns the number of objects. */
  uploadDir(localDir: string, bucket: string, prefix: string): Promise<number>;
}

/**
 * Let pages of any origin call `bucket` (a CORS rule, as an endpoint configured for browser reads needs);
 * `methods` defaults to reading only.
 */
export async function allowBrowserAccess(s3: S3rverHandle, bucket: string, methods: string[] = ['GET', 'HEAD']): Promise<void> {
  await s3.client.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: methods, AllowedHeaders: ['*'], ExposeHeaders: ['ETag', 'Content-Range'] }] },
    }),
  );
}

export const S3RVER_ACCESS_KEY = 'S3RVER';
export const S3RVER_SECRET_KEY = 'S3RVER';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A client for an S3-compatible endpoint with the settings s3rver needs. */
export function makeS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: S3RVER_SECRET_KEY },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`s3rver exited early (code ${child.exitCode}, signal ${child.signalCode}): ${log()}`);
    }
    try {
      const res = await fetch(`${endpoint}/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return; // any HTTP answer (200 list of buckets, or 403) means it is up
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`s3rver did not answer on ${endpoint} within ${timeoutMs} ms: ${log()}`);
}

export async function startS3rver(opts: { buckets?: string[] } = {}): Promise<S3rverHandle> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-s3rver-'));
  const bin = path.join(repoRoot, 'node_modules', 's3rver', 'bin', 's3rver.js');
  let lastError: unknown;
  // a port can be taken between probing and binding: retry a few times
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ['--openssl-legacy-provider', bin, '-d', dir, '-a', '127.0.0.1', '-p', String(port), '-s'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await waitUntilAnswering(endpoint, child, () => output);
    } catch (e) {
      lastError = e;
      child.kill('SIGKILL');
      continue;
    }
    const client = makeS3Client(endpoint);
    let stopped = false;
    // never leave an orphan server behind when a test run ends without stop()
    const killOnExit = () => child.kill('SIGKILL');
    process.once('exit', killOnExit);
    const handle: S3rverHandle = {
      endpoint,
      port,
      dir,
      client,
      async stop() {
        if (stopped) return;
        stopped = true;
        process.removeListener('exit', killOnExit);
        client.destroy();
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
          await exited;
          clearTimeout(timer);
        }
        await fs.rm(dir, { recursive: true, force: true });
      },
      uploadDir: (localDir, bucket, prefix) => uploadDir(client, localDir, bucket, prefix),
    };
    try {
      for (const b of opts.buckets ?? []) await client.send(new CreateBucketCommand({ Bucket: b }));
    } catch (e) {
      await handle.stop();
      throw e;
    }
    return handle;
  }
  await fs.rm(dir, { recursive: true, force: true });
  throw lastError;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const d of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) yield* walk(p);
    else if (d.isFile()) yield p;
  }
}

async function uploadDir(client: S3Client, localDir: string, bucket: string, prefix: string): Promise<number> {
  const files: string[] = [];
  for await (const f of walk(localDir)) files.push(f);
  const base = prefix.replace(/^\/+|\/+$/g, '');
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++]!;
      const rel = path.relative(localDir, f).split(path.sep).join('/');
      const Key = base ? `${base}/${rel}` : rel;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: await fs.readFile(f) }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, Math.max(1, files.length)) }, worker));
  return files.length;
}

/** Environment variables for child processes (boto3, our CLI) to reach this server. */
export function s3rverEnv(handle: Pick<S3rverHandle, 'endpoint'>): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: S3RVER_ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: S3RVER_SECRET_KEY,
    AWS_ENDPOINT_URL_S3: handle.endpoint,
    AWS_ENDPOINT_URL: handle.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}
