/**
 * The extension's one error policy: core's typed errors (`ZldError` codes) become notifications with the
 * actions that can fix them (Retry, Open Settings, Set S3 Credentials…, Show Log); details, causes and stacks go
 * to the "Zarr" log channel. Cancellation is logged, never shown as an error.
 *
 * @example
 * ```ts
 * const errors = new ErrorReporter(log);
 * await errors.guard('open store', () => registry.open(url), { retry: true });
 * ```
 */
import * as vscode from 'vscode';
import type { ZldErrorCode } from './core.js';
import { isZldErrorLike } from './lazy-core.js';

type Action = 'Retry' | 'Open Settings' | 'Set S3 Credentials…' | 'Set Argo Token' | 'Open Argo Settings' | 'Show Log';

const ACTIONS: Partial<Record<ZldErrorCode, Action[]>> = {
  NotFound: ['Retry', 'Open Settings'],
  AccessDenied: ['Set S3 Credentials…', 'Open Settings', 'Retry'],
  Network: ['Retry', 'Open Settings'],
  Timeout: ['Retry', 'Open Settings'],
  Remote: ['Retry', 'Show Log'],
  Conflict: ['Show Log'],
  BadMetadata: ['Show Log'],
  NotZarr: ['Open Settings', 'Show Log'],
  BadChunk: ['Show Log'],
  UnknownCodec: ['Show Log'],
  Unsupported: ['Show Log'],
  BadInput: [],
  Internal: ['Show Log'],
};

/** Errors from the Argo Server (core's client puts the server's message in `detail`) or its configuration. */
function argoActions(z: { status?: number; detail?: Record<string, unknown>; message: string; code: string }): Action[] | undefined {
  const fromServer = z.detail !== undefined && 'serverMessage' in z.detail;
  if (fromServer && z.status === 401) return ['Set Argo Token', 'Open Argo Settings'];
  if (fromServer && z.status === 403) return ['Open Argo Settings', 'Set Argo Token'];
  if (z.code === 'BadInput' && /Argo Server|ARGO_/.test(z.message)) return ['Open Argo Settings'];
  if (fromServer) return z.code === 'Remote' || z.code === 'Network' ? ['Retry', 'Show Log'] : ['Show Log'];
  return undefined;
}

/** Whether an error is a cancellation (core's `Aborted`, or VS Code's own). */
export function isCancellation(e: unknown): boolean {
  return (isZldErrorLike(e) && e.code === 'Aborted') || e instanceof vscode.CancellationError;
}

export class ErrorReporter {
  /** The last message shown (for tests and the log). */
  lastMessage: string | undefined;
  /** The actions the last message offered. */
  lastActions: string[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** Log `e` and show it with its actions; resolves after the user picked an action (or dismissed it). */
  async show(e: unknown, what: string, retry?: () => Promise<unknown>): Promise<void> {
    if (isCancellation(e)) {
      this.log.info(`${what}: cancelled`);
      return;
    }
    const z = isZldErrorLike(e) ? e : undefined;
    const code: ZldErrorCode = z?.code ?? 'Internal';
    const text = z ? z.message : `internal error while trying to ${what}: ${(e as Error)?.message ?? String(e)}`;
    this.log.error(`${what} failed [${code}${z?.status ? ` HTTP ${z.status}` : ''}]: ${text}`);
    const cause = (e as { cause?: unknown })?.cause;
    if (cause) this.log.debug(`cause: ${(cause as Error)?.message ?? String(cause)}`);
    if ((e as Error)?.stack) this.log.trace((e as Error).stack!);
    this.lastMessage = text;
    const actions = ((z && argoActions(z)) ?? ACTIONS[code] ?? ['Show Log']).filter((a) => a !== 'Retry' || retry);
    this.lastActions = actions;
    const show = code === 'BadInput' || code === 'NotFound' || code === 'Conflict' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    const picked = await show(`Zarr: ${text}`, ...actions);
    if (picked === 'Retry' && retry) await this.guard(what, retry, { retry: true });
    else if (picked === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'zld.');
    else if (picked === 'Set S3 Credentials…') await vscode.commands.executeCommand('zld.setS3Credentials');
    else if (picked === 'Set Argo Token') await vscode.commands.executeCommand('zld.argo.setToken');
    else if (picked === 'Open Argo Settings') await vscode.commands.executeCommand('workbench.action.openSettings', 'zld.argo');
    else if (picked === 'Show Log') this.log.show(true);
  }

  /**
   * Run `fn`; on failure show the error (without waiting for the user) and resolve to undefined.
   * With `retry`, the notification offers Retry, which runs `fn` again.
   */
  async guard<T>(what: string, fn: () => Promise<T>, opts: { retry?: boolean } = {}): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      void this.show(e, what, opts.retry ? fn : undefined);
      return undefined;
    }
  }
}
