/**
 * Reads workflow manifests as users write them, YAML or JSON, with errors that point at the line and
 * column, and serialises generated manifests back to YAML.
 *
 * @example
 * ```ts
 * const wf = parseWorkflowManifest(await fs.readFile('hello.yaml', 'utf8'), 'hello.yaml');
 * console.log(manifestToYaml(wf));
 * ```
 */
import { parseAllDocuments, stringify } from 'yaml';
import { ZldError } from '../errors.js';
import type { Workflow } from './types.js';

/** Parse one YAML or JSON document. `source` (a file name) is used in messages. */
export function parseManifest(text: string, source = 'manifest'): Record<string, unknown> {
  const docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) {
      const pos = err.linePos?.[0];
      const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
      const reason = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      throw new ZldError('BadInput', `${source}: invalid YAML${where}: ${reason}`, { detail: { line: pos?.line, column: pos?.col } });
    }
  }
  const values = list.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
  if (values.length === 0) throw new ZldError('BadInput', `${source}: the manifest is empty`);
  if (values.length > 1) throw new ZldError('BadInput', `${source}: holds ${values.length} documents; give one manifest at a time`);
  const value = values[0];
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ZldError('BadInput', `${source}: a manifest must be a mapping (apiVersion, kind, metadata, spec), not ${Array.isArray(value) ? 'a list' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

/** Parse a manifest that must be a Workflow (`kind` missing is taken as Workflow). */
export function parseWorkflowManifest(text: string, source = 'manifest'): Workflow {
  const m = parseManifest(text, source);
  return asWorkflow(m, source);
}

/** Check the kind of an already parsed manifest and fill in apiVersion/kind. */
export function asWorkflow(m: Record<string, unknown>, source = 'manifest'): Workflow {
  const kind = m.kind ?? 'Workflow';
  if (kind !== 'Workflow') {
    const hint = ['WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow'].includes(String(kind))
      ? `; to run it, submit it with --template NAME --kind ${String(kind).toLowerCase()}`
      : '';
    throw new ZldError('BadInput', `${source}: is a ${String(kind)}, not a Workflow${hint}`);
  }
  if (typeof m.metadata !== 'object' || m.metadata === null) m.metadata = {};
  return { apiVersion: 'argoproj.io/v1alpha1', ...m, kind: 'Workflow' } as Workflow;
}

/** A manifest as YAML (block style, keys in their insertion order). */
export function manifestToYaml(manifest: unknown): string {
  return stringify(manifest, { lineWidth: 0, aliasDuplicateObjects: false });
}
