/**
 * Every CLI command, in the order `zld --help` lists them: one entry per command with the name, summary and
 * usage line `--help` shows, and a `load()` that imports the command's module only when it runs, so
 * `zld tree ./local.zarr` never loads the AWS SDK, jsonld, ajv or yaml that other commands need. Add one
 * entry per command (a unit test checks that each entry matches the module's own `Command`).
 *
 * @example
 * ```ts
 * const entry = commands.find((c) => c.name === 'tree')!;
 * const cmd = await loadCommand(entry);
 * ```
 */
import type { Command } from '../command.js';

/** A command known by its help text; its module is imported by `load()` when it is run. */
export interface LazyCommand {
  name: string;
  summary: string;
  usage: string;
  load(): Promise<Command>;
}

export type CommandEntry = Command | LazyCommand;

/** The runnable command of an entry (imports its module when the entry is lazy). */
export async function loadCommand(entry: CommandEntry): Promise<Command> {
  return 'load' in entry ? entry.load() : entry;
}

function pick(list: readonly Command[], name: string): Command {
  const c = list.find((k) => k.name === name);
  if (!c) throw new Error(`command module has no command "${name}"`);
  return c;
}

type Mod = Record<string, unknown>;
function lazy(name: string, summary: string, usage: string, load: () => Promise<Mod>, exported: string): LazyCommand {
  return {
    name,
    summary,
    usage,
    load: async () => {
      const value = (await load())[exported] as Command | Command[];
      return Array.isArray(value) ? pick(value, name) : value;
    },
  };
}

const ARGO_NS = '[-n NS]';
export const commands: CommandEntry[] = [
  lazy('tree', 'show the groups and arrays of a Zarr store', 'STORE [PATH] [--depth N] [--key K]', () => import('./tree.js'), 'treeCommand'),
  lazy('info', 'show the metadata of one group or array', 'STORE PATH [--key K]', () => import('./info.js'), 'infoCommand'),
  lazy(
    'consolidate',
    'write (or --check) the consolidated metadata of a Zarr store',
    'STORE [--key .zmetadata] [--check] [--format 2|3] [--force]',
    () => import('./consolidate.js'),
    'consolidateCommand',
  ),
  lazy('get', 'save an array (or a --slice of it) as a .npy file', 'STORE PATH --out FILE.npy [--slice 0:10,:] [--key K]', () => import('./get.js'), 'getCommand'),
  lazy('stats', 'min, max, mean and NaN count of an array', 'STORE PATH [--slice S] [--key K]', () => import('./stats.js'), 'statsCommand'),
  lazy(
    'lookup',
    'find the node and the arrays behind a URI, across stores',
    'URI --store S [--store S2] [--key K] [--pick N] [--predicate P]... [--context URL=FILE]...',
    () => import('./lookup.js'),
    'lookupCommand',
  ),
  lazy(
    'retrieve',
    'save the array behind a URI as a .npy file',
    'URI --store S [--store S2] --out FILE.npy [--pick N] [--slice 0:10,:] [--key K]',
    () => import('./retrieve.js'),
    'retrieveCommand',
  ),
  lazy(
    'search',
    'search the metadata of stores (text, @type, predicate=value)',
    '[TEXT] --store S [--store S2] [--type T] [--where p=v]... [--limit N] [--key K]',
    () => import('./search.js'),
    'searchCommand',
  ),
  lazy('links', 'show the outgoing and incoming links of a URI', 'URI --store S [--store S2] [--key K]', () => import('./links.js'), 'linksCommand'),
  lazy(
    'export-rdf',
    'export all metadata of a store as N-Quads or Turtle',
    'STORE --format nquads|turtle [--out FILE] [--key K]',
    () => import('./export-rdf.js'),
    'exportRdfCommand',
  ),
  lazy(
    'fake',
    'make a fake linked-data store from JSON-LD instances (groups from links, random datasets)',
    '--jsonld F --levels A,B --data-level B --prefix NS --out STORE [--shape N,M] [--format 2|3] [--seed N] [--key K] [--force]',
    () => import('./fake.js'),
    'fakeCommand',
  ),
  lazy(
    'demo',
    'run the Cat+ journey locally: fake store, consolidate, look up sample1, save its dataset as .npy',
    '[--dir DIR] [--shape 9000,1000] [--seed N]',
    () => import('./demo.js'),
    'demoCommand',
  ),
  lazy(
    'argo submit',
    'submit a workflow from a manifest or a template (--watch follows it)',
    `FILE|--template NAME [--kind K] [-p k=v]... [--watch] ${ARGO_NS}`,
    () => import('./argo-submit.js'),
    'argoSubmitCommand',
  ),
  lazy(
    'argo list',
    'list workflows (label/field selectors, --status, pages with --limit/--continue)',
    '[-l SELECTOR] [--field-selector F] [--status P,...] [--limit N] [--continue T] [--all]',
    () => import('./argo-list.js'),
    'argoListCommand',
  ),
  lazy('argo get', 'show a workflow: phase, progress, duration, nodes', `NAME ${ARGO_NS}`, () => import('./argo-get.js'), 'argoGetCommand'),
  lazy('argo watch', 'follow a workflow until it ends (reconnects when the stream drops)', `NAME ${ARGO_NS}`, () => import('./argo-get.js'), 'argoWatchCommand'),
  lazy(
    'argo logs',
    'print (or --follow) the logs of a workflow or one of its pods',
    `NAME [POD] [--follow] [--container C] [--tail N] [--grep RE] ${ARGO_NS}`,
    () => import('./argo-logs.js'),
    'argoLogsCommand',
  ),
  ...(
    [
      ['argo retry', 're-run the failed nodes of a Failed/Error workflow', `NAME [--restart-successful] [-p k=v]... ${ARGO_NS}`],
      ['argo resubmit', 'submit a workflow again as a new one (--memoized reuses succeeded nodes)', `NAME [--memoized] [-p k=v]... ${ARGO_NS}`],
      ['argo suspend', 'pause a running workflow', `NAME ${ARGO_NS}`],
      ['argo resume', 'continue a suspended workflow', `NAME ${ARGO_NS}`],
      ['argo stop', 'stop a workflow (exit handlers still run)', `NAME [--message M] ${ARGO_NS}`],
      ['argo terminate', 'terminate a workflow at once (no exit handlers)', `NAME ${ARGO_NS}`],
      ['argo delete', 'delete a workflow', `NAME ${ARGO_NS}`],
    ] as const
  ).map(([name, summary, usage]) => lazy(name, summary, usage, () => import('./argo-actions.js'), 'argoActionCommands')),
  lazy(
    'argo lint',
    'validate a workflow, template or cron workflow manifest on the Argo Server',
    `FILE ${ARGO_NS}`,
    () => import('./argo-lint.js'),
    'argoLintCommand',
  ),
  lazy(
    'argo pipeline',
    'run zld consolidate / retrieve / fake as an Argo workflow (--dry-run prints the YAML)',
    'consolidate STORE | retrieve URI --store S --output s3://B/K | fake --jsonld J ... [--dry-run]',
    () => import('./argo-pipeline.js'),
    'argoPipelineCommand',
  ),
];
