/**
 * The browser-safe Argo Workflows API of zld (re-exported by `@zld/core`): client, connection parsing
 * (without file access), manifests, pipelines, content hashes and the API types.
 * Node-only parts (env + pod files, insecure TLS) are in `./node.ts` (re-exported by `@zld/core/node`).
 *
 * @example
 * ```ts
 * import { ArgoClient, argoConnectionFromEnv, consolidateWorkflow } from '@zld/core';
 * const argo = new ArgoClient(argoConnectionFromEnv({ ARGO_SERVER: 'argo.lab:2746' }, { token, namespace: 'argo' }));
 * await argo.create(await consolidateWorkflow({ store: 's3://lab/cat.zarr' }));
 * ```
 */
export {
  ArgoClient,
  type LintedManifest,
  parameterList,
  parseSubmittableKind,
  type ArgoClientOptions,
  type CallOptions as ArgoCallOptions,
  type CreateOptions as ArgoCreateOptions,
  type SubmitOptions as ArgoSubmitOptions,
  type ListOptions as ArgoListOptions,
  type LogOptions as ArgoLogOptions,
  type ParameterInput as ArgoParameterInput,
  type WorkflowPage,
} from './client.js';
export {
  ArgoConnection,
  argoConnectionFromEnv,
  authorizationHeader,
  isLoopbackHost,
  SERVICE_ACCOUNT_TOKEN_FILE,
  SERVICE_ACCOUNT_NAMESPACE_FILE,
  type ArgoConnectionInit,
  type ArgoConnectionOverrides,
  type PodFileReader,
  type TokenSource,
} from './connection.js';
export { ArgoTransport, type FetchLike, type StreamFormat, type QueryValue, type RequestSpec as ArgoRequestSpec } from './transport.js';
export { argoHttpError, argoStreamError, serverMessage as argoServerMessage, type ArgoErrorContext } from './argo-errors.js';
export { readArgoStream, parseStreamLine, type StreamReadOptions } from './stream.js';
export { watchWorkflows, type WatchOptions as ArgoWatchOptions, type ReconnectInfo } from './watch.js';
export { parseManifest, parseWorkflowManifest, asWorkflow, manifestToYaml } from './manifest.js';
export {
  consolidateWorkflow,
  retrieveWorkflow,
  fakeWorkflow,
  DEFAULT_ZLD_IMAGE,
  DEFAULT_CREDENTIALS_SECRET,
  DEFAULT_MEMO_CONFIGMAP,
  type PipelineOptions,
  type ConsolidateOptions as ConsolidatePipelineOptions,
  type RetrieveOptions as RetrievePipelineOptions,
  type FakeOptions as FakePipelineOptions,
  type PipelineName,
} from './pipelines.js';
export { contentHash, canonicalJson, hashStoreMetadata } from './content-hash.js';
export { workflowSummary, workflowNodes, formatDuration, podNameOf, type WorkflowSummary, type WorkflowNodeRow } from './summary.js';
export * from './types.js';
