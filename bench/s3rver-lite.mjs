/**
 * s3rver for the benchmarks (plain Node, no test helpers): one server on a free loopback port with the
 * buckets created at start-up, and an upload of a folder through zld's own S3 store (16 PUTs in flight).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mapLimit, openStore, s3OptionsFromEnv } from '../core/dist/node.js';
import { root } from './zarr-common.mjs';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function s3rverEnv(handle) {
  return {
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: handle.endpoint,
    AWS_ENDPOINT_URL: handle.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
  };
}

export async function startS3rver({ buckets = [] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zld-bench-s3-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const args = ['--openssl-legacy-provider', path.join(root, 'node_modules/s3rver/bin/s3rver.js'), '-d', dir, '-a', '127.0.0.1', '-p', String(port), '-s'];
  for (const b of buckets) args.push('--configure-bucket', b);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  for (let i = 0; ; i++) {
    try {
      await fetch(endpoint);
      break;
    } catch {
      if (i > 100) throw new Error(`s3rver did not start on ${endpoint}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const handle = {
    endpoint,
    async uploadDir(local, bucket, prefix) {
      const store = await openStore(`s3://${bucket}/${prefix}`, { s3: s3OptionsFromEnv(s3rverEnv(handle)) });
      const files = [];
      const walk = (d, rel) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name), `${rel}/${e.name}`);
          else files.push(`${rel}/${e.name}`);
        }
      };
      walk(local, '');
      await mapLimit(files, 16, (f) => store.set(f, readFileSync(path.join(local, f))));
      return files.length;
    },
    async stop() {
      kill();
      process.removeListener('exit', kill);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
