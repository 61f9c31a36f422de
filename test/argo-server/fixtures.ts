/**
 * Templates the test Argo server starts with (`npm run argo:server`) and that tests reuse: a `hello`
 * WorkflowTemplate whose `message` parameter has no value (submitting without `-p message=...` is refused),
 * a `hello-cluster` ClusterWorkflowTemplate and a `nightly` CronWorkflow.
 *
 * @example
 * ```ts
 * const argo = await startArgoServer({ ...demoSeeds(), tickMs: 20 });
 * ```
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const helloSpec = (message?: string): Json => ({
  entrypoint: 'main',
  arguments: { parameters: [message === undefined ? { name: 'message' } : { name: 'message', value: message }] },
  templates: [
    {
      name: 'main',
      steps: [[{ name: 'say', template: 'echo', arguments: { parameters: [{ name: 'text', value: '{{workflow.parameters.message}}' }] } }]],
    },
    { name: 'echo', inputs: { parameters: [{ name: 'text' }] }, container: { image: 'busybox:1.36', command: ['echo'], args: ['{{inputs.parameters.text}}'] } },
  ],
});

export function demoSeeds(namespace = 'argo'): { workflowTemplates: Json[]; clusterWorkflowTemplates: Json[]; cronWorkflows: Json[] } {
  return {
    workflowTemplates: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'WorkflowTemplate', metadata: { name: 'hello', namespace }, spec: helloSpec() }],
    clusterWorkflowTemplates: [
      { apiVersion: 'argoproj.io/v1alpha1', kind: 'ClusterWorkflowTemplate', metadata: { name: 'hello-cluster' }, spec: helloSpec('from the cluster') },
    ],
    cronWorkflows: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'CronWorkflow',
        metadata: { name: 'nightly', namespace },
        spec: { schedules: ['0 2 * * *'], workflowSpec: helloSpec('nightly run') },
      },
    ],
  };
}
