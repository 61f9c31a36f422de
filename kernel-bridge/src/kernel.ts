/**
 * "A kernel that can execute code and return its messages": the one thing each host provides to the
 * kernel data path. JupyterLab wraps its session's kernel connection with {@link executorForKernel}; tests
 * do the same with `@jupyterlab/services` from Node. No host package is imported here: the kernel
 * connection is described structurally.
 *
 * @example
 * ```ts
 * import { executorForKernel, findMissingPackages, generateLoadCode } from '@zld/kernel-bridge';
 * const executor = executorForKernel(sessionContext.session!.kernel!);
 * const reply = await executor.execute('print(1)', { timeoutMs: 5000 });
 * const missing = await findMissingPackages(executor, generateLoadCode(request, { language: 'python' }));
 * ```
 */
import { ZldError } from '@zld/core';
import { pyStr } from './literals.js';
import type { GeneratedCode } from './codegen-common.js';

export interface KernelOutput {
  type: 'stream' | 'display_data' | 'execute_result' | 'error';
  /** MIME bundle of display_data / execute_result. */
  data?: Record<string, unknown>;
  /** Text of a stream. */
  text?: string;
  ename?: string;
  evalue?: string;
}

export interface KernelReply {
  status: 'ok' | 'error';
  outputs: KernelOutput[];
  /** For `status: 'error'`. */
  ename?: string;
  evalue?: string;
}

export interface KernelExecuteOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface KernelExecutor {
  /**
   * Run `code` (without storing it in the history, without stopping queued cells on error) and collect its
   * outputs. Rejects with `ZldError('Timeout')` / `ZldError('Aborted')`, and with `ZldError('Network')`
   * when the kernel dies or the connection drops before the reply.
   */
  execute(code: string, opts?: KernelExecuteOptions): Promise<KernelReply>;
  /** Interrupt what the kernel is running (used after a timeout). */
  interrupt?(): Promise<void>;
}

/** The parts of `@jupyterlab/services`' `Kernel.IKernelConnection` used here. */
export interface JupyterKernelLike {
  readonly id?: string;
  readonly status?: string;
  requestExecute(
    content: { code: string; silent?: boolean; store_history?: boolean; stop_on_error?: boolean; allow_stdin?: boolean },
    disposeOnDone?: boolean,
  ): JupyterFutureLike;
  interrupt?(): Promise<void>;
}

export interface JupyterFutureLike {
  // the message type is the host's; only header.msg_type and content are read
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  onIOPub: (msg: any) => void | PromiseLike<void>;
  readonly done: Promise<{ content: { status: string; ename?: string; evalue?: string } }>;
  dispose(): void;
}

function toOutput(msgType: string, content: Record<string, unknown>): KernelOutput | undefined {
  switch (msgType) {
    case 'stream':
      return { type: 'stream', text: String(content.text ?? '') };
    case 'display_data':
    case 'execute_result':
      return { type: msgType, data: (content.data ?? {}) as Record<string, unknown> };
    case 'error':
      return { type: 'error', ename: String(content.ename ?? ''), evalue: String(content.evalue ?? '') };
    default:
      return undefined;
  }
}

/** A {@link KernelExecutor} over a Jupyter kernel connection (`@jupyterlab/services`). */
export function executorForKernel(kernel: JupyterKernelLike): KernelExecutor {
  const what = `kernel ${kernel.id ?? ''}`.trim();
  return {
    interrupt: kernel.interrupt ? () => kernel.interrupt!() : undefined,
    execute(code, opts = {}) {
      if (kernel.status === 'dead') return Promise.reject(new ZldError('Network', `${what} is dead`));
      if (opts.signal?.aborted) return Promise.reject(new ZldError('Aborted', `execution in ${what} was cancelled`));
      return new Promise<KernelReply>((resolve, reject) => {
        const outputs: KernelOutput[] = [];
        let settled = false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          if (timer) clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          fn();
        };
        let future: JupyterFutureLike;
        try {
          future = kernel.requestExecute({ code, silent: false, store_history: false, stop_on_error: false, allow_stdin: false }, true);
        } catch (e) {
          reject(new ZldError('Network', `cannot send code to ${what}: ${(e as Error).message}`, { cause: e }));
          return;
        }
        const stop = (err: ZldError) =>
          finish(() => {
            future.dispose();
            reject(err);
          });
        const onAbort = () => stop(new ZldError('Aborted', `execution in ${what} was cancelled`, { cause: opts.signal?.reason }));
        opts.signal?.addEventListener('abort', onAbort, { once: true });
        if (opts.timeoutMs !== undefined) {
          timer = setTimeout(() => {
            void kernel.interrupt?.().catch(() => undefined);
            stop(new ZldError('Timeout', `${what} did not answer within ${opts.timeoutMs} ms`));
          }, opts.timeoutMs);
        }
        future.onIOPub = (msg: { header: { msg_type: string }; content: Record<string, unknown> }) => {
          const out = toOutput(msg.header.msg_type, msg.content);
          if (out) outputs.push(out);
        };
        future.done.then(
          (reply) =>
            finish(() =>
              resolve({
                status: reply.content.status === 'ok' ? 'ok' : 'error',
                outputs,
                ename: reply.content.ename,
                evalue: reply.content.evalue,
              }),
            ),
          (e: unknown) =>
            finish(() =>
              reject(new ZldError('Network', `${what} stopped before replying (died, restarted or disconnected): ${(e as Error)?.message ?? e}`, { cause: e })),
            ),
        );
      });
    },
  };
}

/** Python module names to check for each package name a generator lists. */
const PY_MODULE: Record<string, string> = { 'zarr>=3': 'zarr', 'aiohttp': 'aiohttp' };

/**
 * Packages of a generated Python cell that the kernel cannot import (empty for other languages: zld cannot
 * check those). Pair with `withMissingPackagesNote` so the cell still goes in, naming what to install.
 */
export async function findMissingPackages(executor: KernelExecutor, code: GeneratedCode, opts?: KernelExecuteOptions): Promise<string[]> {
  if (code.language !== 'python' || code.packages.length === 0) return [];
  const names = code.packages.map((p) => PY_MODULE[p] ?? p.replace(/[<>=!~].*$/, ''));
  const src = [
    'import importlib.util as _zld_iu',
    `print('zld-missing:' + ','.join(str(i) for i, n in enumerate([${names.map(pyStr).join(', ')}]) if _zld_iu.find_spec(n) is None))`,
    'del _zld_iu',
  ].join('\n');
  const reply = await executor.execute(src, { timeoutMs: 30_000, ...opts });
  const text = reply.outputs.map((o) => o.text ?? '').join('');
  const m = /zld-missing:([\d,]*)/.exec(text);
  if (reply.status !== 'ok' || !m) {
    throw new ZldError('Remote', `could not check the kernel's packages: ${reply.ename ?? 'no answer'} ${reply.evalue ?? ''}`.trim());
  }
  return m[1] ? m[1].split(',').map((i) => code.packages[Number(i)]!) : [];
}
