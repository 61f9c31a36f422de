/**
 * The extension's parts, created once in `activate()` and handed to the command modules (and, through the
 * returned API, to the integration tests).
 *
 * @example
 * ```ts
 * export function registerStoreCommands(s: Services): vscode.Disposable[] { ... }
 * ```
 */
import type * as vscode from 'vscode';
import type { ArgoService } from './argo/argo-connection.js';
import type { WorkflowDocuments } from './argo/workflow-document.js';
import type { WorkflowLogs } from './argo/workflow-logs.js';
import type { WorkflowsElement, WorkflowsTreeProvider } from './argo/workflows-tree.js';
import type { ErrorReporter } from './errors.js';
import type { CellInserter } from './notebook/insert-cell.js';
import type { CredentialStore } from './secrets.js';
import type { StoreRegistry } from './stores/store-registry.js';
import type { MetadataElement, MetadataTreeProvider } from './views/metadata-tree.js';
import type { StoresElement, StoresTreeProvider } from './views/stores-tree.js';

export interface Services {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  errors: ErrorReporter;
  credentials: CredentialStore;
  registry: StoreRegistry;
  storesTree: StoresTreeProvider;
  storesView: vscode.TreeView<StoresElement>;
  metadataTree: MetadataTreeProvider;
  metadataView: vscode.TreeView<MetadataElement>;
  inserter: CellInserter;
  argo: ArgoService;
  workflowsTree: WorkflowsTreeProvider;
  workflowsView: vscode.TreeView<WorkflowsElement>;
  workflowLogs: WorkflowLogs;
  workflowDocs: WorkflowDocuments;
}
