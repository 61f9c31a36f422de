/**
 * A workflow as a read-only YAML document (`zld-argo:/<namespace>/<name>.yaml`), fetched from the Argo Server each
 * time it is opened or refreshed, so folding, search and the outline work on it.
 *
 * @example
 * ```ts
 * vscode.workspace.registerTextDocumentContentProvider(WORKFLOW_SCHEME, new WorkflowDocuments(argo));
 * await vscode.window.showTextDocument(workflowUri('argo', 'hello-x2c9'));
 * ```
 */
import * as vscode from 'vscode';
import { core } from '../lazy-core.js';
import type { ArgoService } from './argo-connection.js';

export const WORKFLOW_SCHEME = 'zld-argo';

export function workflowUri(namespace: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: WORKFLOW_SCHEME, path: `/${namespace}/${name}.yaml` });
}

export class WorkflowDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly argo: ArgoService) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const [, namespace, file] = uri.path.split('/');
    const name = (file ?? '').replace(/\.yaml$/, '');
    try {
      const wf = await (await this.argo.client()).get(name, { namespace });
      return core().manifestToYaml(wf);
    } catch (e) {
      return `# cannot get workflow ${name} in namespace ${namespace}:\n# ${(e as Error).message.replace(/\n/g, '\n# ')}\n`;
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}
