/**
 * Kubernetes label and field selectors, as the API server evaluates them for list and watch:
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; field selectors `metadata.name=x`,
 * `metadata.namespace!=y`, `status.phase=Running`.
 *
 * @example
 * ```ts
 * labelMatcher('app=zld,workflows.argoproj.io/phase in (Running,Pending)')({ app: 'zld', 'workflows.argoproj.io/phase': 'Running' }); // true
 * ```
 */
import { ArgoError } from './errors.js';

type Pred = (labels: Record<string, string>) => boolean;

/** Split on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter(Boolean);
}

export function labelMatcher(selector: string | undefined): Pred {
  if (!selector?.trim()) return () => true;
  const preds: Pred[] = splitTerms(selector).map((term) => {
    let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const [, key, op, list] = m;
      const values = list!.split(',').map((v) => v.trim());
      return op === 'in' ? (l) => values.includes(l[key!] ?? '\u0000') : (l) => !values.includes(l[key!] ?? '\u0000');
    }
    m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(term);
    if (m) {
      const [, key, op, value] = m;
      return op === '!=' ? (l) => l[key!] !== value : (l) => l[key!] === value;
    }
    m = /^(!?)([\w./-]+)$/.exec(term);
    if (m) {
      const [, not, key] = m;
      return not ? (l) => !(key! in l) : (l) => key! in l;
    }
    throw ArgoError.badRequest(`unable to parse requirement: found '${term}', expected: identifier`);
  });
  return (labels) => preds.every((p) => p(labels));
}

export function fieldMatcher(selector: string | undefined): (obj: Record<string, unknown>) => boolean {
  if (!selector?.trim()) return () => true;
  const preds = splitTerms(selector).map((term) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw ArgoError.badRequest(`invalid selector: '${term}'; can't understand '${term}'`);
    const [, field, op, value] = m;
    return (obj: Record<string, unknown>) => {
      let cur: unknown = obj;
      for (const part of field!.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
      const actual = cur === undefined ? '' : String(cur);
      return op === '!=' ? actual !== value : actual === value;
    };
  });
  return (obj) => preds.every((p) => p(obj));
}
