/**
 * The semantic checks the Argo Server runs before it accepts a workflow (a subset of Argo's
 * `workflow/validate`), with Argo's messages: entrypoint, template references, template types, arguments.
 *
 * @example
 * ```ts
 * validateWorkflow(wf); // throws ArgoError(3, "spec.entrypoint template 'mian' undefined")
 * ```
 */
import { ArgoError } from './errors.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TYPES = ['container', 'containerSet', 'steps', 'script', 'resource', 'dag', 'suspend', 'http', 'plugin', 'data'];

/** The parameter values a workflow starts with: spec.arguments.parameters (value, or unset). */
export function argumentValues(params: Json[] | undefined): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  for (const p of params ?? []) {
    const v = p.value ?? p.default;
    out.set(String(p.name), v === undefined || v === null ? undefined : String(v));
  }
  return out;
}

/** Throws what Argo would say about a workflow spec (already merged with its template, if any). */
export function validateSpec(spec: Json, opts: { lint?: boolean } = {}): void {
  for (const p of spec.arguments?.parameters ?? []) {
    if (p.value === undefined && p.valueFrom === undefined && p.default === undefined && !opts.lint) {
      throw ArgoError.badRequest(`spec.arguments.${p.name}.value is required`);
    }
  }
  if (!spec.entrypoint) throw ArgoError.badRequest('spec.entrypoint is required');
  const templates = new Map<string, Json>();
  for (const t of spec.templates ?? []) {
    if (!t.name) throw ArgoError.badRequest('templates.name is required');
    if (templates.has(t.name)) throw ArgoError.badRequest(`template '${t.name}' is defined more than once`);
    templates.set(t.name, t);
  }
  if (!templates.has(spec.entrypoint)) throw ArgoError.badRequest(`spec.entrypoint template '${spec.entrypoint}' undefined`);
  if (spec.onExit && !templates.has(spec.onExit)) throw ArgoError.badRequest(`spec.onExit template '${spec.onExit}' undefined`);
  for (const t of templates.values()) {
    const types = TYPES.filter((k) => t[k] !== undefined && t[k] !== null);
    if (types.length === 0) throw ArgoError.badRequest(`templates.${t.name} template type unspecified. choose one of: ${TYPES.join(', ')}`);
    if (types.length > 1) throw ArgoError.badRequest(`templates.${t.name} multiple template types specified: [${types.join(' ')}]`);
    const refs: [string, Json][] = [];
    (t.steps ?? []).forEach((group: Json[], i: number) => (group ?? []).forEach((s) => refs.push([`templates.${t.name}.steps[${i}].${s.name}`, s])));
    for (const task of t.dag?.tasks ?? []) refs.push([`templates.${t.name}.tasks.${task.name}`, task]);
    const names = new Set<string>();
    for (const [where, s] of refs) {
      if (!s.name) throw ArgoError.badRequest(`${where}.name is required`);
      if (t.dag) {
        if (names.has(s.name)) throw ArgoError.badRequest(`templates.${t.name}.tasks.${s.name} is defined more than once`);
        names.add(s.name);
      }
      if (s.templateRef) continue;
      const target = templates.get(s.template);
      if (!s.template || !target) throw ArgoError.badRequest(`${where} template name '${s.template ?? ''}' undefined`);
      const supplied = new Set((s.arguments?.parameters ?? []).map((p: Json) => p.name));
      for (const ip of target.inputs?.parameters ?? []) {
        if (ip.value === undefined && ip.default === undefined && !supplied.has(ip.name)) {
          throw ArgoError.badRequest(`${where}.arguments.parameters.${ip.name} was not supplied`);
        }
      }
    }
    for (const task of t.dag?.tasks ?? []) {
      for (const dep of task.dependencies ?? []) {
        if (!names.has(dep)) throw ArgoError.badRequest(`templates.${t.name}.tasks.${task.name} dependency '${dep}' not defined`);
      }
    }
  }
}
