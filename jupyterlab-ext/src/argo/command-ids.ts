/**
 * Command ids of the Argo Workflows part of the zld JupyterLab extension (`zld:argo-<verb>`, the same verbs as
 * `zld argo ...` and the VS Code commands).
 *
 * @example
 * ```ts
 * await app.commands.execute(ArgoCommandIDs.submit, { path: 'workflows/hello.yaml' });
 * ```
 */
export namespace ArgoCommandIDs {
  export const submit = 'zld:argo-submit';
  export const submitTemplate = 'zld:argo-submit-template';
  export const list = 'zld:argo-list';
  export const get = 'zld:argo-get';
  export const logs = 'zld:argo-logs';
  export const watch = 'zld:argo-watch';
  export const retry = 'zld:argo-retry';
  export const resubmit = 'zld:argo-resubmit';
  export const stop = 'zld:argo-stop';
  export const terminate = 'zld:argo-terminate';
  export const suspend = 'zld:argo-suspend';
  export const resume = 'zld:argo-resume';
  export const del = 'zld:argo-delete';
  export const lint = 'zld:argo-lint';
  export const setToken = 'zld:argo-set-token';
  export const clearToken = 'zld:argo-clear-token';
  export const refresh = 'zld:argo-refresh';
  export const runConsolidate = 'zld:argo-run-consolidate';
  export const retrieve = 'zld:argo-retrieve';
}
