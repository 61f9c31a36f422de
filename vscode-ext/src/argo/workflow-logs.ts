/**
 * Workflow logs streamed into an output channel per workflow ("Argo: <name>"), following until the workflow
 * ends; opening the logs of a workflow again stops its previous stream first. The lines are also kept (the last
 * 10,000 per workflow) for tests and Copy.
 *
 * @example
 * ```ts
 * const logs = new WorkflowLogs(argoService, errors);
 * const stream = logs.open('hello-x2c9', { follow: true });
 * await stream.done;
 * logs.lines('hello-x2c9'); // ['hello-x2c9: hi', ...]
 * ```
 */
import * as vscode from 'vscode';
import type { ArgoService } from './argo-connection.js';
import type { ErrorReporter } from '../errors.js';

interface Stream {
  channel: vscode.OutputChannel;
  lines: string[];
  controller?: AbortController;
}

export interface LogStream {
  channelName: string;
  /** Resolves when the stream ended (workflow finished, no follow, stopped or failed). */
  done: Promise<void>;
}

export class WorkflowLogs implements vscode.Disposable {
  private readonly streams = new Map<string, Stream>();

  constructor(
    private readonly argo: ArgoService,
    private readonly errors: ErrorReporter,
  ) {}

  /** Stream the logs of `workflow` (all pods, or one) into its channel and show it. */
  open(workflow: string, opts: { podName?: string; follow?: boolean; show?: boolean } = {}): LogStream {
    let s = this.streams.get(workflow);
    if (!s) {
      s = { channel: vscode.window.createOutputChannel(`Argo: ${workflow}`), lines: [] };
      this.streams.set(workflow, s);
    }
    s.controller?.abort();
    s.channel.clear();
    s.lines = [];
    if (opts.show !== false) s.channel.show(true);
    const controller = new AbortController();
    s.controller = controller;
    const stream = s;
    const done = (async () => {
      try {
        const client = await this.argo.client();
        const entries = client.logs(workflow, { podName: opts.podName, follow: opts.follow ?? true, signal: controller.signal });
        for await (const e of entries) {
          const line = `${e.podName ?? workflow}: ${e.content ?? ''}`;
          stream.lines.push(line);
          if (stream.lines.length > 10_000) stream.lines.shift();
          stream.channel.appendLine(line);
        }
        stream.channel.appendLine(`--- end of the logs of ${workflow}${opts.podName ? ` pod ${opts.podName}` : ''} ---`);
      } catch (e) {
        if (controller.signal.aborted) return;
        stream.channel.appendLine(`--- the log stream failed: ${(e as Error).message} ---`);
        void this.errors.show(e, `read the logs of workflow ${workflow}`);
      } finally {
        if (stream.controller === controller) stream.controller = undefined;
      }
    })();
    return { channelName: s.channel.name, done };
  }

  /** The lines received so far for a workflow. */
  lines(workflow: string): string[] {
    return [...(this.streams.get(workflow)?.lines ?? [])];
  }

  /** Stop following a workflow's logs (the channel stays). */
  stop(workflow: string): void {
    this.streams.get(workflow)?.controller?.abort();
  }

  /** Stop and close a workflow's channel (it was deleted). */
  close(workflow: string): void {
    const s = this.streams.get(workflow);
    if (!s) return;
    s.controller?.abort();
    s.channel.dispose();
    this.streams.delete(workflow);
  }

  dispose(): void {
    for (const name of [...this.streams.keys()]) this.close(name);
  }
}
