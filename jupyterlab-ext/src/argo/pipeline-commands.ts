/**
 * zld's own pipelines on Argo from the Zarr panel (issue 5's "Submit retrieve to Argo"): right-click a store
 * -> "Run Consolidate on Argo", right-click a node or an `@id` link -> "Retrieve on Argo". The parameters
 * are prefilled from the store/URI (store URL, S3 endpoint, output next to the store, image and credentials
 * secret from the settings), the manifest is built by core's pipeline builders (memoized by the store's
 * metadata hash) and created through the Jupyter server's Argo proxy. Only stores a pod in the cluster can
 * read are offered: a store on the Jupyter server's disk is explained, not submitted.
 *
 * @example
 * ```ts
 * addPipelineCommands(deps, explorer, () => ({ image: 'ghcr.io/zld/zld:0.1.0' }));
 * await app.commands.execute('zld:argo-retrieve', { storeUrl: 's3://lab/cat.zarr', path: '/sample1', uri: 'http://…/sample1' });
 * ```
 */
import type { IZarrExplorer } from '../tokens.js';
import { announce, type ArgoCommandDeps } from './argo-commands.js';
import { ArgoCommandIDs } from './command-ids.js';
import { consolidateWorkflow, DEFAULT_CREDENTIALS_SECRET, DEFAULT_ZLD_IMAGE, hashStoreMetadata, localName, retrieveWorkflow, ZldError, type PipelineOptions } from './core.js';
import { askForm, explain, type FormField } from './dialogs.js';
import { guarded, withProgress } from './guard.js';

/** The `argo` settings that shape generated workflows (never credentials: only the secret's name). */
export interface ArgoPipelineSettings {
  image?: string;
  credentialsSecret?: string;
  /** The S3 endpoint as pods see it, when it differs from the one this page uses. */
  s3Endpoint?: string;
}

type Args = { storeUrl?: string; path?: string; uri?: string };

interface Target {
  storeUrl: string;
  path: string;
  uri?: string;
}

/**
 * What the last context menu in the Zarr panel was opened on (a tree row: store root or node, or an `@id`
 * link), read when the right-click happens: the tree re-renders its rows right after, so the clicked element
 * is gone by the time a menu item runs.
 */
let lastContext: Target | undefined;
function rememberContext(ev: MouseEvent): void {
  const el = (ev.target as HTMLElement | null)?.closest?.<HTMLElement>('.zld-ZarrPanel .zld-Tree-row, .zld-ZarrPanel .zld-Link');
  if (!el) {
    lastContext = undefined;
    return;
  }
  if (el.classList.contains('zld-Link')) lastContext = el.dataset.uri ? { storeUrl: '', path: '', uri: el.dataset.uri } : undefined;
  else lastContext = el.dataset.store ? { storeUrl: el.dataset.store, path: el.dataset.path || '/' } : undefined;
}

function contextTarget(explorer: IZarrExplorer, args: Args): Target | undefined {
  if (args.storeUrl) return { storeUrl: args.storeUrl, path: args.path || '/', uri: args.uri };
  if (lastContext && !lastContext.storeUrl && lastContext.uri) {
    // a link: the node it names (or the dataset it leads to) tells the store
    const ref = explorer.model.reveal(lastContext.uri).targets[0];
    return ref ? { storeUrl: ref.storeUrl, path: ref.path, uri: lastContext.uri } : undefined;
  }
  return lastContext;
}

const CLUSTER_SCHEMES = /^(s3|https?):\/\//i;

/** Stop with an explanation when pods cannot read the store (a path on the Jupyter server). */
async function ensureReachable(storeUrl: string, what: string, writes: boolean): Promise<boolean> {
  if (writes ? /^s3:\/\//i.test(storeUrl) : CLUSTER_SCHEMES.test(storeUrl)) return true;
  await explain(`${what} needs a store the cluster can reach`, [
    `${storeUrl} is ${CLUSTER_SCHEMES.test(storeUrl) ? 'read-only over HTTP' : 'a path on this Jupyter server'}: the workflow runs in a pod of the Argo cluster, which ${CLUSTER_SCHEMES.test(storeUrl) ? 'cannot write there' : 'cannot see this server\'s files'}.`,
    `Copy the store to S3 (or MinIO) and open it in the Zarr panel as s3://bucket/path.zarr, then run ${what} again. The pods get the S3 keys from the Kubernetes secret named in the settings (default "${DEFAULT_CREDENTIALS_SECRET}").`,
  ]);
  return false;
}

function commonFields(settings: ArgoPipelineSettings, endpoint: string | undefined): FormField[] {
  return [
    { name: 'endpoint', label: 'S3 endpoint (as pods see it)', value: settings.s3Endpoint || endpoint || '', placeholder: 'http://minio.argo:9000 (empty: AWS)' },
    { name: 'image', label: 'Image', value: settings.image || DEFAULT_ZLD_IMAGE },
    { name: 'secret', label: 'Credentials secret', value: settings.credentialsSecret || DEFAULT_CREDENTIALS_SECRET, help: 'Kubernetes secret with keys accesskey and secretkey' },
  ];
}

function pipelineOptions(values: Record<string, string>, hash: string): PipelineOptions {
  return {
    image: values.image || undefined,
    endpoint: values.endpoint || undefined,
    credentialsSecret: values.secret ? { name: values.secret } : undefined,
    storeMetadataHash: hash,
  };
}

export function addPipelineCommands(deps: ArgoCommandDeps, explorer: IZarrExplorer, settings: () => ArgoPipelineSettings): void {
  const { app, session } = deps;
  document.addEventListener('contextmenu', rememberContext, true);
  const storeOf = (url: string) => {
    const opened = explorer.model.get(url);
    if (!opened) throw new ZldError('NotFound', `store ${url} is not open in the Zarr panel`);
    return opened;
  };

  app.commands.addCommand(ArgoCommandIDs.runConsolidate, {
    label: (a) => {
      const t = contextTarget(explorer, a as Args);
      return t && !/^s3:\/\//i.test(t.storeUrl) ? 'Run Consolidate on Argo (needs an s3:// store)' : 'Run Consolidate on Argo';
    },
    caption: 'Consolidate this store\'s metadata in a pod of the Argo cluster (memoized by the metadata hash)',
    execute: async (a) => {
      await guarded(session, 'run consolidate on Argo', async () => {
        const t = contextTarget(explorer, a as Args);
        if (!t) throw new ZldError('BadInput', 'right-click a store in the Zarr panel to run Consolidate on Argo');
        if (!(await ensureReachable(t.storeUrl, 'Consolidate on Argo', true))) return;
        const opened = storeOf(t.storeUrl);
        const values = await askForm(
          'Run Consolidate on Argo',
          [
            { name: 'store', label: 'Store', value: t.storeUrl },
            { name: 'key', label: 'Consolidated metadata key', value: opened.consolidatedKey ?? '.zmetadata' },
            ...commonFields(settings(), opened.storeOptions?.endpoint ?? opened.spec.endpoint),
          ],
          `A workflow runs "zld consolidate" on ${t.storeUrl} in namespace ${await session.namespace()}.`,
        );
        if (!values) return;
        const client = await session.client();
        const wf = await withProgress(`Preparing Consolidate on Argo for ${values.store}…`, async (signal) => {
          const hash = await hashStoreMetadata(opened.store, { signal });
          const manifest = await consolidateWorkflow({ ...pipelineOptions(values, hash), store: values.store || t.storeUrl, key: values.key || undefined });
          return client.create(manifest, { source: `consolidate ${values.store}`, signal });
        });
        announce(deps, wf, `Consolidate of ${values.store}`);
      });
    },
  });

  app.commands.addCommand(ArgoCommandIDs.retrieve, {
    label: 'Retrieve on Argo',
    caption: 'Run "zld retrieve" for this URI in a pod of the Argo cluster; the dataset is uploaded to S3',
    // not on a node whose @id leads to no array (a batch, a sample preparation): there is nothing to retrieve
    isVisible: (a) => Boolean((a as Args).storeUrl) || !lastContext || explorer.leadsToArray(lastContext),
    execute: async (a) => {
      await guarded(session, 'retrieve on Argo', async () => {
        const t = contextTarget(explorer, a as Args);
        if (!t) throw new ZldError('BadInput', 'right-click a node or an @id link in the Zarr panel to retrieve it on Argo');
        if (!(await ensureReachable(t.storeUrl, 'Retrieve on Argo', false))) return;
        const opened = storeOf(t.storeUrl);
        let uri = t.uri;
        if (!uri) {
          const node = await explorer.model.node({ storeUrl: t.storeUrl, path: t.path as never });
          const id = node?.attributes?.['@id'];
          uri = typeof id === 'string' ? id : undefined;
        }
        if (!uri) throw new ZldError('BadInput', `${t.path} in ${t.storeUrl} has no @id: Retrieve on Argo looks a node up by its URI`);
        const bucket = /^s3:\/\/([^/]+)/i.exec(t.storeUrl)?.[1];
        const values = await askForm(
          'Retrieve on Argo',
          [
            { name: 'uri', label: 'URI', value: uri },
            { name: 'store', label: 'Store', value: t.storeUrl },
            { name: 'output', label: 'Output (.npy on S3)', value: bucket ? `s3://${bucket}/zld-out/${localName(uri)}.npy` : 's3://', help: 'where the workflow uploads the dataset' },
            ...commonFields(settings(), opened.storeOptions?.endpoint ?? opened.spec.endpoint),
          ],
          `A workflow runs "zld retrieve" for this URI in namespace ${await session.namespace()}.`,
        );
        if (!values) return;
        const client = await session.client();
        const wf = await withProgress(`Preparing Retrieve on Argo for ${values.uri}…`, async (signal) => {
          const hash = await hashStoreMetadata(opened.store, { signal });
          const manifest = await retrieveWorkflow({ ...pipelineOptions(values, hash), uri: values.uri || uri!, store: values.store || t.storeUrl, output: values.output });
          return client.create(manifest, { source: `retrieve ${values.uri}`, signal });
        });
        announce(deps, wf, `Retrieve of ${values.uri}`);
      });
    },
  });
}
