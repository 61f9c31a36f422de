/**
 * `zld lookup URI --store S [--store S2] [--key K] [--pick N]`: which node carries a URI and which arrays hold
 * its data, across stores. Several candidates are all listed and make it exit 1 unless `--pick N` chooses one;
 * an unknown URI exits 1 with the nearest known URIs. Also the shared helpers of the linked-data commands.
 *
 * @example
 * ```sh
 * zld lookup http://www.catplus.ch/ontology/concepts/sample1 --store ./demo/test_store.zarr --json
 * zld lookup cat:sample1 --store s3://lab/a.zarr --store s3://lab/b.zarr --pick 2
 * ```
 */
import path from 'node:path';
import { ZldError } from '../../errors.js';
import { canList, type ReadableStore } from '../../store/types.js';
import { loadContextFiles, parseContextPairs } from '../../linked/context-files.js';
import { LinkedIndex } from '../../linked/index.js';
import { indexStore } from '../../linked/open.js';
import { resolveUri, type Candidate, type Resolution } from '../../linked/resolve.js';
import { compactIri } from '../../linked/terms.js';
import type { Hierarchy } from '../../zarr/hierarchy.js';
import type { Command, CommandContext, ParsedValues } from '../command.js';
import { intOption, openCliStore, stringOption } from '../open-store.js';

const MAX_WARNINGS = 20;

/** Options every linked-data command takes. */
export const LINKED_OPTIONS = {
  store: { type: 'string', multiple: true, short: 's' },
  key: { type: 'string' },
  context: { type: 'string', multiple: true },
  'allow-network': { type: 'boolean' },
} as const;

export interface LinkedStores {
  index: LinkedIndex;
  /** Store URL -> its opened hierarchy. */
  hierarchies: Map<string, Hierarchy>;
  /** Problems met while indexing (also printed on stderr unless --json). */
  problems: string[];
}

function strings(values: ParsedValues, name: string): string[] {
  const v = values[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
}

/** The consolidated key to use: `--key`, else `.zmetadata` or `.all_metadata` when present, else listing. */
async function consolidatedKey(store: ReadableStore, key: string | undefined, signal: AbortSignal): Promise<string | false | undefined> {
  if (key) return key;
  for (const k of ['.zmetadata', '.all_metadata'] as const) {
    if ((await store.get(`/${k}`, { signal })) !== undefined) return k;
  }
  return canList(store) ? undefined : false;
}

/** Open and index the `--store` stores (or `locations`). */
export async function openLinkedStores(values: ParsedValues, ctx: CommandContext, locations = strings(values, 'store')): Promise<LinkedStores> {
  if (locations.length === 0) throw new ZldError('BadInput', 'give at least one --store STORE');
  const files = parseContextPairs(strings(values, 'context'));
  for (const [url, file] of Object.entries(files)) files[url] = path.resolve(ctx.cwd, file);
  const index = new LinkedIndex({ contexts: await loadContextFiles(files), allowNetwork: Boolean(values['allow-network']) });
  const hierarchies = new Map<string, Hierarchy>();
  const problems: string[] = [];
  for (const location of locations) {
    const store = await openCliStore(location, ctx);
    const consolidated = await consolidatedKey(store, stringOption(values, 'key'), ctx.signal);
    const r = await indexStore(index, store, { consolidated, signal: ctx.signal, onProgress: ctx.progress });
    hierarchies.set(r.storeUrl, r.hierarchy);
    problems.push(...r.problems.map((p) => p.message));
  }
  ctx.endProgress();
  if (!ctx.json) {
    for (const p of problems.slice(0, MAX_WARNINGS)) ctx.stderr(`warning: ${p}\n`);
    if (problems.length > MAX_WARNINGS) ctx.stderr(`warning: ... and ${problems.length - MAX_WARNINGS} more problems (zld lookup --json lists them all)\n`);
  }
  return { index, hierarchies, problems };
}

/** One line per candidate, numbered for `--pick`. */
export function candidateLines(candidates: Candidate[]): string[] {
  return candidates.map((c, i) => {
    const how = c.via === 'link' ? `via ${compactIri(c.predicate!)} -> ${compactIri(c.target!)}` : c.via === 'self' ? 'the URI names this array' : 'by the <name>Dataset convention';
    return `  [${i + 1}] ${c.path}  in ${c.storeUrl}  (${how}, score ${c.score.toFixed(2)})`;
  });
}

/**
 * The one candidate to use: the only one, or `--pick N`; otherwise `NotFound` (with suggestions) or
 * `Conflict` listing every candidate. Never silently one of several.
 */
export function chooseCandidate(r: Resolution, pick: number | undefined, stores: string[]): Candidate {
  if (r.candidates.length === 0) {
    const where = stores.length === 1 ? `store ${stores[0]}` : `stores ${stores.join(', ')}`;
    if (r.subject.length === 0) {
      const hint = r.suggestions.length ? `; nearest known URIs: ${r.suggestions.join(', ')}` : '';
      throw new ZldError('NotFound', `URI ${r.uri} is not in ${where}${hint}`, { detail: { uri: r.uri, suggestions: r.suggestions } });
    }
    const nodes = r.subject.map((s) => `${s.kind} ${s.path} in ${s.storeUrl}`).join(', ');
    const hint = r.suggestions.length ? `; linked URIs with data: ${r.suggestions.join(', ')}` : '';
    throw new ZldError('NotFound', `URI ${r.uri} (${nodes}) has no dataset${hint}`, { detail: { uri: r.uri, suggestions: r.suggestions } });
  }
  if (pick !== undefined) {
    const c = r.candidates[pick - 1];
    if (!c) throw new ZldError('BadInput', `--pick ${pick}: URI ${r.uri} has ${r.candidates.length} candidate(s)`);
    return c;
  }
  if (r.candidates.length > 1) {
    throw new ZldError('Conflict', `URI ${r.uri} is ambiguous: ${r.candidates.length} arrays hold its data; choose one with --pick N:\n${candidateLines(r.candidates).join('\n')}`, {
      detail: { uri: r.uri, candidates: r.candidates },
    });
  }
  return r.candidates[0]!;
}

export function predicateOptions(values: ParsedValues): string[] | undefined {
  const p = strings(values, 'predicate');
  return p.length ? p : undefined;
}

export const lookupCommand: Command = {
  name: 'lookup',
  summary: 'find the node and the arrays behind a URI, across stores',
  usage: 'URI --store S [--store S2] [--key K] [--pick N] [--predicate P]... [--context URL=FILE]...',
  positionals: [1, 1],
  options: { ...LINKED_OPTIONS, pick: { type: 'string' }, predicate: { type: 'string', multiple: true } },
  async run({ values, positionals }, ctx) {
    const { index, problems } = await openLinkedStores(values, ctx);
    const r = resolveUri(index, positionals[0]!, { predicates: predicateOptions(values) });
    const pick = intOption(values, 'pick');
    let chosen: Candidate | undefined;
    let failure: unknown;
    // a known URI without data is an answer (exit 0); an unknown or ambiguous one is not (exit 1)
    if (r.subject.length === 0 || r.candidates.length > 0) {
      try {
        chosen = chooseCandidate(r, pick, index.storeUrls());
      } catch (e) {
        failure = e;
      }
    }
    if (ctx.json) {
      ctx.stdout(`${JSON.stringify({ ...r, chosen, problems })}\n`);
    } else if (!failure) {
      const lines = [r.uri];
      for (const s of r.subject) lines.push(`  node  ${s.kind} ${s.path}  in ${s.storeUrl}`);
      if (chosen) lines.push(`  data  ${chosen.path}  in ${chosen.storeUrl}`);
      else lines.push('  data  none', ...(r.suggestions.length ? [`  linked URIs with data: ${r.suggestions.join(', ')}`] : []));
      if (r.candidates.length > 1) lines.push(`  (picked ${pick} of ${r.candidates.length}:)`, ...candidateLines(r.candidates));
      ctx.stdout(`${lines.join('\n')}\n`);
    }
    if (failure) throw failure;
  },
};
