/**
 * Kernels of a test Jupyter server, reached from Node with `@jupyterlab/services` (it uses the `ws`
 * package for the kernel websocket there), the same client JupyterLab uses in the browser.
 *
 * @example
 * ```ts
 * const jupyter = await startJupyterServer();
 * const k = await startKernel(jupyter);
 * const executor = executorForKernel(k.kernel);
 * await k.dispose();
 * ```
 */
import { KernelManager, ServerConnection, type Kernel } from '@jupyterlab/services';
import type { JupyterServerHandle } from './jupyter-server.js';

export interface KernelHandle {
  kernel: Kernel.IKernelConnection;
  manager: KernelManager;
  /** Shut the kernel down (if still alive) and close the connection. */
  dispose(): Promise<void>;
}

export function serverSettings(server: Pick<JupyterServerHandle, 'baseUrl' | 'wsUrl' | 'token'>): ServerConnection.ISettings {
  return ServerConnection.makeSettings({ baseUrl: server.baseUrl, wsUrl: server.wsUrl, token: server.token, appendToken: true });
}

/** Start a kernel (default the Debian `python3` kernelspec) and wait until it answers kernel_info. */
export async function startKernel(server: JupyterServerHandle, name = 'python3'): Promise<KernelHandle> {
  const manager = new KernelManager({ serverSettings: serverSettings(server) });
  await manager.ready;
  const kernel = await manager.startNew({ name });
  await kernel.info;
  return {
    kernel,
    manager,
    async dispose() {
      if (!kernel.isDisposed && kernel.status !== 'dead') await kernel.shutdown().catch(() => undefined);
      kernel.dispose();
      manager.dispose();
    },
  };
}
