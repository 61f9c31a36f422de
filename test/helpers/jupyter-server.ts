/**
 * A real Jupyter server for tests: Debian's jupyter-server 1.23 (`/usr/bin/python3 -m jupyter_server`) on
 * 127.0.0.1, on a free port, with a random token, serving `rootDir`. Its Jupyter config/data/runtime and
 * IPython folders are private temporary folders (so parallel servers and kernels do not share state), removed
 * by `stop()`. The Debian `python3` kernelspec (`/usr/share/jupyter/kernels/python3`) runs `/usr/bin/python3`.
 *
 * `stop()` sends SIGTERM (the server then shuts its kernels down), and SIGKILLs the whole process group
 * (server and kernels) if it has not exited after a few seconds.
 *
 * @example
 * ```ts
 * const jupyter = await startJupyterServer({ rootDir: '/tmp/work' });
 * const res = await fetch(`${jupyter.baseUrl}api/kernelspecs`, { headers: { Authorization: `token ${jupyter.token}` } });
 * await jupyter.stop();
 * ```
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './s3rver.js';

export interface JupyterServerOptions {
  /** The folder the server serves (notebooks, files); default: a new temporary folder removed by `stop()`. */
  rootDir?: string;
  /** Extra environment for the server and the kernels it starts. */
  env?: Record<string, string>;
  /** Extra command-line arguments (e.g. `--ServerApp.jpserver_extensions=...`). */
  args?: string[];
  /** How long to wait for the server to answer (default 30 s). */
  timeoutMs?: number;
  /** Serve under this path (`--ServerApp.base_url`), as JupyterHub does (`/user/NAME/`); default `/`. */
  basePath?: string;
}

export interface JupyterServerHandle {
  /** `http://127.0.0.1:PORT/` plus the base path (with the trailing slash `@jupyterlab/services` expects). */
  baseUrl: string;
  /** `ws://127.0.0.1:PORT/` */
  wsUrl: string;
  token: string;
  port: number;
  rootDir: string;
  /** The server's last few KB of output (for failure messages). */
  log(): string;
  /** SIGTERM (kernels are shut down), SIGKILL of the process group after 5 s; removes temporary folders. Safe to call twice. */
  stop(): Promise<void>;
}

const PYTHON = '/usr/bin/python3';

async function waitUntilAnswering(
  baseUrl: string,
  token: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`jupyter-server exited early (code ${child.exitCode}, signal ${child.signalCode}): ${log()}`);
    }
    try {
      const res = await fetch(`${baseUrl}api/status`, {
        headers: { Authorization: `token ${token}` },
        signal: AbortSignal.timeout(1000),
      });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`jupyter-server did not answer on ${baseUrl} within ${timeoutMs} ms: ${log()}`);
}

function killGroup(child: ChildProcess, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig); // the server and the kernels it started (same process group)
  } catch {
    child.kill(sig);
  }
}

export async function startJupyterServer(opts: JupyterServerOptions = {}): Promise<JupyterServerHandle> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'zld-jupyter-'));
  const rootDir = opts.rootDir ?? path.join(scratch, 'root');
  const dirs = {
    JUPYTER_CONFIG_DIR: path.join(scratch, 'config'),
    JUPYTER_DATA_DIR: path.join(scratch, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(scratch, 'runtime'),
    IPYTHONDIR: path.join(scratch, 'ipython'),
  };
  for (const d of [rootDir, ...Object.values(dirs)]) await fs.mkdir(d, { recursive: true });
  const token = randomBytes(24).toString('hex');
  const env = {
    ...process.env,
    ...dirs,
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
    ...(opts.env ?? {}),
  };
  let lastError: unknown;
  // a port can be taken between probing and binding (--port-retries=0 makes the server fail instead of moving)
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const basePath = `/${(opts.basePath ?? '').replace(/^\/+|\/+$/g, '')}/`.replace('//', '/');
    const baseUrl = `http://127.0.0.1:${port}${basePath}`;
    const child = spawn(
      PYTHON,
      [
        '-m',
        'jupyter_server',
        `--ServerApp.token=${token}`,
        `--port=${port}`,
        '--port-retries=0',
        '--ServerApp.ip=127.0.0.1',
        '--allow-root',
        '--no-browser',
        `--ServerApp.root_dir=${rootDir}`,
        ...(basePath === '/' ? [] : [`--ServerApp.base_url=${basePath}`]),
        ...(opts.args ?? []),
      ],
      { cwd: rootDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    let output = '';
    const keep = (b: Buffer) => {
      output = (output + b.toString()).slice(-8000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const log = () => output.replaceAll(token, '<token>');
    try {
      await waitUntilAnswering(baseUrl, token, child, log, opts.timeoutMs ?? 30_000);
    } catch (e) {
      lastError = e;
      killGroup(child, 'SIGKILL');
      continue;
    }
    let stopped = false;
    return {
      baseUrl,
      wsUrl: `ws://127.0.0.1:${port}${basePath}`,
      token,
      port,
      rootDir,
      log,
      async stop() {
        if (stopped) return;
        stopped = true;
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
          await exited;
          clearTimeout(timer);
        }
        await fs.rm(scratch, { recursive: true, force: true });
      },
    };
  }
  await fs.rm(scratch, { recursive: true, force: true });
  throw lastError;
}
