/**
 * How the test Argo server lays out a workflow before running it: the node tree (Steps, StepGroup, DAG,
 * Pod, as the controller names them) and the pods grouped in waves that run together, with parameters
 * substituted into each pod's template. Nodes that a memoized resubmit or a retry carries over are reused.
 *
 * @example
 * ```ts
 * const { nodes, waves } = planWorkflow(wf, wf.spec);
 * substitute('echo {{inputs.parameters.text}}', { 'inputs.parameters.text': 'hi' }); // 'echo hi'
 * ```
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** FNV-1a (32 bit), the hash Argo's controller names nodes and pods with. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(text)) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** Argo's pod name (POD_NAMES=v2): the workflow's name for a one-pod workflow, else `<wf>-<template>-<hash of node name>`. */
export function podNameFor(workflowName: string, node: { name: string; templateName?: string }): string {
  if (node.name === workflowName) return workflowName;
  return `${workflowName}-${node.templateName ?? ''}-${fnv32a(node.name)}`;
}

export interface Leaf {
  nodeId: string;
  template: Json;
  vars: Record<string, string>;
}

/** Replace `{{workflow.parameters.x}}`, `{{inputs.parameters.x}}`, `{{workflow.name}}` ... from `vars`. */
export function substitute(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (m, key: string) => vars[key] ?? m);
}

function workflowVars(wf: Json, spec: Json): Record<string, string> {
  const vars: Record<string, string> = { 'workflow.name': wf.metadata.name, 'workflow.namespace': wf.metadata.namespace, 'workflow.uid': wf.metadata.uid };
  for (const p of spec.arguments?.parameters ?? []) vars[`workflow.parameters.${p.name}`] = String(p.value ?? p.default ?? '');
  return vars;
}

/** Lay out the nodes: a tree under the root node, and leaf pods grouped in waves (steps group by group, DAG tasks level by level). */
export function planWorkflow(wf: Json, spec: Json, carried?: Json): { nodes: Json; waves: Leaf[][] } {
  const templates = new Map<string, Json>((spec.templates ?? []).map((t: Json) => [t.name, t]));
  const name = wf.metadata.name as string;
  const waves: Leaf[][] = [];
  const nodes: Json = {};
  const idFor = (nodeName: string) => `${name}-${fnv32a(nodeName)}`;
  const walk = (tmplName: string, nodeName: string, id: string, vars: Record<string, string>, depth: number, boundary?: string): void => {
    const t = templates.get(tmplName) ?? {};
    const base = { id, name: nodeName, displayName: nodeName.split('.').pop()!.replace(/^.*\]/, '') || nodeName, templateName: tmplName, phase: 'Pending', boundaryID: boundary, children: [] as string[] };
    if (t.steps) {
      nodes[id] = { ...base, type: 'Steps' };
      (t.steps as Json[][]).forEach((group, gi) => {
        const gid = idFor(`${nodeName}[${gi}]`);
        nodes[id].children.push(gid);
        nodes[gid] = { id: gid, name: `${nodeName}[${gi}]`, displayName: `[${gi}]`, type: 'StepGroup', phase: 'Pending', boundaryID: id, templateName: tmplName, children: [] };
        for (const s of group ?? []) {
          const sid = idFor(`${nodeName}[${gi}].${s.name}`);
          nodes[gid].children.push(sid);
          walk(s.template, `${nodeName}[${gi}].${s.name}`, sid, inputVars(templates.get(s.template), s, vars), depth + gi + 1, id);
        }
      });
    } else if (t.dag) {
      nodes[id] = { ...base, type: 'DAG' };
      const level = new Map<string, number>();
      const levelOf = (task: Json): number => {
        if (level.has(task.name)) return level.get(task.name)!;
        const deps = (task.dependencies ?? []).map((d: string) => t.dag.tasks.find((x: Json) => x.name === d)).filter(Boolean);
        const l = deps.length ? Math.max(...deps.map(levelOf)) + 1 : 0;
        level.set(task.name, l);
        return l;
      };
      for (const task of t.dag.tasks ?? []) {
        const tid = idFor(`${nodeName}.${task.name}`);
        nodes[id].children.push(tid);
        walk(task.template, `${nodeName}.${task.name}`, tid, inputVars(templates.get(task.template), task, vars), depth + levelOf(task), id);
      }
    } else {
      nodes[id] = { ...base, type: t.suspend ? 'Suspend' : 'Pod' };
      const prev = carried?.[nodeName.slice(name.length)];
      if (prev) {
        nodes[id] = { ...prev, id, name: nodeName, boundaryID: boundary };
        return;
      }
      (waves[depth] ??= []).push({ nodeId: id, template: t, vars });
    }
  };
  walk(spec.entrypoint, name, name, workflowVars(wf, spec), 0);
  return { nodes, waves: waves.filter(Boolean) };
}

function inputVars(t: Json | undefined, call: Json, outer: Record<string, string>): Record<string, string> {
  const vars = { ...outer };
  for (const k of Object.keys(vars)) if (k.startsWith('inputs.')) delete vars[k];
  for (const p of t?.inputs?.parameters ?? []) if (p.value ?? p.default) vars[`inputs.parameters.${p.name}`] = String(p.value ?? p.default);
  for (const p of call.arguments?.parameters ?? []) vars[`inputs.parameters.${p.name}`] = substitute(String(p.value ?? ''), outer);
  return vars;
}
