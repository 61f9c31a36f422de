/**
 * The Argo part of the public API: `@zld/core` (browser-safe: nothing it reaches imports `node:*` or undici)
 * and `@zld/core/node` (env + pod files, insecure TLS fetch).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '../src/index.js';
import * as node from '../src/node.js';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module specifier reachable from `entry` through relative imports (type-only imports skipped). */
function reachableImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else bare.add(spec);
    }
  };
  visit(entry);
  return bare;
}

describe('Argo exports', () => {
  it('the browser entry reaches no Node-only module through the Argo code', () => {
    const bare = [...reachableImports(path.join(src, 'argo/index.ts'))];
    expect(bare.filter((s) => s.startsWith('node:') || s === 'undici')).toEqual([]);
    expect(bare.sort()).toEqual(['yaml']);
  });

  it('@zld/core exports the client, connection parsing, manifests and pipelines', () => {
    for (const name of ['ArgoClient', 'ArgoConnection', 'argoConnectionFromEnv', 'parseWorkflowManifest', 'manifestToYaml', 'consolidateWorkflow', 'retrieveWorkflow', 'fakeWorkflow', 'hashStoreMetadata', 'contentHash', 'watchWorkflows', 'readArgoStream', 'isFinishedPhase']) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(core.DEFAULT_ZLD_IMAGE).toBe('ghcr.io/zld/zld:0.1.0');
    expect('argoClientFromProcess' in core).toBe(false);
  });

  it('@zld/core/node adds the env/pod-file connection and the TLS-aware fetch', () => {
    for (const name of ['argoClientFromProcess', 'argoConnectionFromProcess', 'argoFetchFor', 'readPodFile', 'ArgoClient']) {
      expect(typeof (node as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
