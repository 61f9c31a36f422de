/**
 * The committed `core/src/argo/api-types.ts` is what `scripts/gen-argo-types.mjs` (openapi-typescript@5)
 * generates from Argo's swagger.json today: regenerate it when the spec changes.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs script without type declarations
import { generateArgoTypes, OUTPUT, DEFAULT_SPEC } from '../../scripts/gen-argo-types.mjs';

describe('generated Argo API types', () => {
  it('are up to date with the shared swagger.json', async () => {
    const generated: string = await generateArgoTypes(DEFAULT_SPEC);
    const committed = readFileSync(OUTPUT, 'utf8');
    expect(committed.length).toBe(generated.length);
    expect(committed === generated).toBe(true);
  });

  it('cover the operations the client uses', () => {
    const committed = readFileSync(OUTPUT, 'utf8');
    for (const op of ['WorkflowService_CreateWorkflow', 'WorkflowService_SubmitWorkflow', 'WorkflowService_WatchWorkflows', 'WorkflowService_WorkflowLogs', 'WorkflowService_ResubmitWorkflow', 'WorkflowService_LintWorkflow']) {
      expect(committed).toContain(`  ${op}: {`);
    }
  });
});
