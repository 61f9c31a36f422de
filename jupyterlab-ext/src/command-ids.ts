/**
 * Command ids of the zld JupyterLab extension (`zld:verb-noun`, the same verbs as the VS Code extension).
 *
 * @example
 * ```ts
 * await app.commands.execute(CommandIDs.lookupUri, { uri: 'http://www.catplus.ch/ontology/concepts/sample1' });
 * ```
 */
export namespace CommandIDs {
  export const showPanel = 'zld:show-panel';
  export const openStore = 'zld:open-store';
  export const openFolderAsStore = 'zld:open-folder-as-store';
  export const removeStore = 'zld:remove-store';
  export const refreshStore = 'zld:refresh-store';
  export const lookupUri = 'zld:lookup-uri';
  export const insertCell = 'zld:insert-cell';
  export const insertAndRun = 'zld:insert-and-run-cell';
  export const copyCode = 'zld:copy-code';
  export const copyUri = 'zld:copy-uri';
  export const copyPath = 'zld:copy-path';
  export const consolidate = 'zld:consolidate';
  export const checkConsolidated = 'zld:check-consolidated';
  export const showConsolidated = 'zld:show-consolidated';
  export const saveNpy = 'zld:save-npy';
  export const search = 'zld:search';
  export const revealNode = 'zld:reveal-node';
  export const setS3Credentials = 'zld:set-s3-credentials';
  export const forgetS3Credentials = 'zld:forget-s3-credentials';
  export const signInStore = 'zld:sign-in-store';
}
