/**
 * `@zld/jupyterlab-ext`: the zld side panel for JupyterLab 4 (plugin glue only; widgets live in `panel.ts`).
 *
 * @example
 * ```ts
 * // loaded by JupyterLab as a prebuilt extension: `labextensions/@zld/jupyterlab-ext`
 * import plugins from '@zld/jupyterlab-ext';
 * ```
 */
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ILabShell } from '@jupyterlab/application';
import { ZarrPanel } from './panel.js';

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: '@zld/jupyterlab-ext:panel',
  description: 'The Zarr side panel: stores, tree, details, linked data, retrieve.',
  autoStart: true,
  requires: [ILabShell],
  activate: (app: JupyterFrontEnd, shell: ILabShell) => {
    const panel = new ZarrPanel();
    shell.add(panel, 'left', { rank: 600 });
    void app;
  },
};

export default [panelPlugin];
