/**
 * Tokens other JupyterLab plugins can require to use the zld panel.
 *
 * @example
 * ```ts
 * const plugin = { id: 'x', requires: [IZarrExplorer], activate: (app, zarr) => zarr.openStore({ url: 'data/cat.zarr' }) };
 * ```
 */
import { Token } from '@lumino/coreutils';
import type { ExplorerModel, OpenedStore, StoreSpec, NodeRef } from './model.js';

export interface IZarrExplorer {
  readonly model: ExplorerModel;
  /** Open a store and remember it in the settings. */
  openStore(spec: StoreSpec): Promise<OpenedStore>;
  /** Reveal the node a URI names (or the dataset it links to). */
  lookup(uri: string): Promise<NodeRef | undefined>;
  /**
   * Whether a node (`storeUrl` + `path`) or an `@id` (`uri`) is an array or leads to one, from the linked index
   * already built (synchronous, for menus; `true` when the store is not indexed yet).
   */
  leadsToArray(ref: { storeUrl?: string; path?: string; uri?: string }): boolean;
}

export const IZarrExplorer = new Token<IZarrExplorer>('@zld/jupyterlab-ext:IZarrExplorer', 'The zld Zarr explorer: open stores and look up URIs.');
