/** Workflow summaries and node rows, as the CLI and the IDE views show them. */
import { describe, expect, it } from 'vitest';
import { formatDuration, podNameOf, workflowNodes, workflowSummary } from '../src/argo/summary.js';

/** FNV-1a 32 (reference implementation for the test). */
function fnv(text: string): number {
  let h = 2166136261n;
  for (const c of Buffer.from(text)) h = ((h ^ BigInt(c)) * 16777619n) % 2n ** 32n;
  return Number(h);
}
import type { Workflow } from '../src/argo/types.js';

const wf: Workflow = {
  metadata: { name: 'w', namespace: 'argo' },
  spec: {},
  status: {
    phase: 'Running',
    progress: '1/2',
    startedAt: '2026-01-01T00:00:00Z',
    nodes: {
      w: { id: 'w', name: 'w', displayName: 'w', type: 'Steps', phase: 'Running', children: ['g0'] },
      g0: { id: 'g0', name: 'w[0]', displayName: '[0]', type: 'StepGroup', phase: 'Running', children: ['p1', 'p2'] },
      p1: { id: 'p1', name: 'w[0].a', displayName: 'a', type: 'Pod', phase: 'Succeeded', memoizationStatus: { hit: true, key: 'k', cacheName: 'zld-memo' } },
      p2: { id: 'p2', name: 'w[0].b', displayName: 'b', type: 'Pod', phase: 'Running', message: 'working' },
    },
  },
};

describe('workflow summaries', () => {
  it('phase, progress and the duration so far', () => {
    expect(workflowSummary(wf, Date.parse('2026-01-01T00:01:05Z'))).toEqual({
      name: 'w', namespace: 'argo', phase: 'Running', progress: '1/2', startedAt: '2026-01-01T00:00:00Z',
      finishedAt: undefined, durationSeconds: 65, message: undefined,
    });
    expect(workflowSummary({ metadata: { name: 'new' }, spec: {} }).phase).toBe('Unknown');
  });

  it('nodes in display order with depth, pods and memoization', () => {
    expect(workflowNodes(wf).map((n) => [n.depth, n.displayName, n.type, n.phase, n.podName ?? '', n.memoized])).toEqual([
      [0, 'w', 'Steps', 'Running', '', false],
      [1, '[0]', 'StepGroup', 'Running', '', false],
      [2, 'a', 'Pod', 'Succeeded', `w--${fnv('w[0].a')}`, true],
      [2, 'b', 'Pod', 'Running', `w--${fnv('w[0].b')}`, false],
    ]);
    expect(workflowNodes({ metadata: {}, spec: {} })).toEqual([]);
  });

  it('names pods as the controller does (v2 by default, node id for v1)', () => {
    const node = { id: 'w-123', name: 'w[0].a', templateName: 'say' };
    expect(podNameOf(wf, node)).toBe(`w-say-${fnv('w[0].a')}`);
    expect(podNameOf({ ...wf, metadata: { name: 'w', annotations: { 'workflows.argoproj.io/pod-name-format': 'v1' } } }, node)).toBe('w-123');
    expect(podNameOf(wf, { id: 'w', name: 'w', templateName: 'main' })).toBe('w');
    expect(fnv('a')).toBe(0xe40c292c); // FNV-1a test vector
  });

  it('formats durations', () => {
    expect([undefined, 0, 59, 60, 185, 3600, 7620].map(formatDuration)).toEqual(['-', '0s', '59s', '1m', '3m5s', '1h0m', '2h7m']);
  });
});
