/**
 * The zld VS Code extension: a thin `activate()` that creates the parts (stores, views, notebook inserter, error
 * policy), registers the providers and commands, and pushes every disposable into `context.subscriptions`.
 * Activation is cheap: stores open and index only when a view, command or hover needs them.
 *
 * @example
 * ```ts
 * const api = await vscode.extensions.getExtension<ZldApi>('zld.zld-vscode')!.activate();
 * await vscode.commands.executeCommand('zld.openStore', '/data/cat.zarr');
 * const index = await api.registry.index();
 * ```
 */
import * as vscode from 'vscode';
import { ArgoService } from './argo/argo-connection.js';
import { WORKFLOW_SCHEME, WorkflowDocuments } from './argo/workflow-document.js';
import { WorkflowLogs } from './argo/workflow-logs.js';
import { WorkflowsTreeProvider } from './argo/workflows-tree.js';
import { registerArgoCommands } from './commands/argo-commands.js';
import { registerArgoSubmitCommands } from './commands/argo-submit-commands.js';
import { registerConsolidatedCommands } from './commands/consolidated-commands.js';
import { registerLookupCommands } from './commands/lookup-commands.js';
import { registerNpyCommand } from './commands/npy-command.js';
import { registerRetrieveCommands } from './commands/retrieve-commands.js';
import { registerStoreCommands } from './commands/store-commands.js';
import { ErrorReporter } from './errors.js';
import { IdHoverProvider, ZARR_JSON_FILES } from './hover.js';
import { CellInserter } from './notebook/insert-cell.js';
import { CredentialStore } from './secrets.js';
import type { Services } from './services.js';
import { StoreRegistry } from './stores/store-registry.js';
import { MetadataTreeProvider } from './views/metadata-tree.js';
import { StoresTreeProvider } from './views/stores-tree.js';

/** Set by the bundle's first line (see esbuild.mjs): when VS Code started loading `dist/extension.js`. */
declare const __zld_load_start: number | undefined;
const loadMs = typeof __zld_load_start === 'number' ? performance.now() - __zld_load_start : undefined;

/** What `activate()` returns: the extension's parts, for other extensions and the integration tests. */
export type ZldApi = Services & { timings: { loadMs?: number; activateMs: number } };

export function activate(context: vscode.ExtensionContext): ZldApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Zarr', { log: true });
  const errors = new ErrorReporter(log);
  const credentials = new CredentialStore(context.secrets);
  const registry = new StoreRegistry(log, credentials);
  const storesTree = new StoresTreeProvider(registry, errors);
  const storesView = vscode.window.createTreeView('zld.stores', { treeDataProvider: storesTree, showCollapseAll: true });
  const metadataTree = new MetadataTreeProvider(registry);
  const metadataView = vscode.window.createTreeView('zld.metadata', { treeDataProvider: metadataTree, showCollapseAll: true });
  const inserter = new CellInserter();
  const argo = new ArgoService(context.secrets, log);
  const workflowsTree = new WorkflowsTreeProvider(argo, log);
  const workflowsView = vscode.window.createTreeView('zld.workflows', { treeDataProvider: workflowsTree, showCollapseAll: true });
  const workflowLogs = new WorkflowLogs(argo, errors);
  const workflowDocs = new WorkflowDocuments(argo);
  const s: Services = {
    ...{ context, log, errors, credentials, registry, storesTree, storesView, metadataTree, metadataView, inserter },
    ...{ argo, workflowsTree, workflowsView, workflowLogs, workflowDocs },
  };
  workflowsTree.onNamespace = (ns) => (workflowsView.description = `namespace ${ns}`);
  // the workflows are listed and watched once the view is shown (or a command needs them), not at activation
  if (workflowsView.visible) void workflowsTree.ensureStarted();

  context.subscriptions.push(
    log,
    registry,
    storesTree,
    storesView,
    metadataTree,
    metadataView,
    storesView.onDidChangeSelection((e) => {
      const el = e.selection[0];
      if (el?.type === 'node') void metadataTree.show({ entry: el.entry, storeUrl: el.storeUrl, node: el.node });
    }),
    ...registerStoreCommands(s),
    ...registerRetrieveCommands(s),
    ...registerLookupCommands(s),
    ...registerConsolidatedCommands(s),
    ...registerNpyCommand(s),
    vscode.languages.registerHoverProvider(ZARR_JSON_FILES, new IdHoverProvider(s)),
    argo,
    workflowsTree,
    workflowsView,
    workflowLogs,
    workflowsView.onDidChangeVisibility((e) => (e.visible ? void workflowsTree.ensureStarted() : undefined)),
    vscode.workspace.registerTextDocumentContentProvider(WORKFLOW_SCHEME, workflowDocs),
    ...registerArgoCommands(s),
    ...registerArgoSubmitCommands(s),
  );
  const activateMs = performance.now() - started;
  log.info(`zld activated: bundle loaded in ${loadMs?.toFixed(1) ?? '?'} ms, activate() took ${activateMs.toFixed(1)} ms`);
  return { ...s, timings: { ...(loadMs !== undefined ? { loadMs } : {}), activateMs } };
}

export function deactivate(): void {}
