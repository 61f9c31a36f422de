/**
 * `zld`: the command-line face of zld core.
 *
 * @example
 * ```sh
 * zld tree ./cat.zarr --depth 2
 * zld consolidate s3://bucket/cat.zarr --key .all_metadata
 * zld lookup http://www.catplus.ch/ontology/concepts/sample1 --store ./cat.zarr --json
 * ```
 */
import { parseArgs } from 'node:util';
import { ZldError, isUserError } from '../errors.js';
import type { Command, CommandContext, CommandIO } from './command.js';
import { commands, loadCommand, type CommandEntry } from './commands/index.js';
import { progressBar } from './progress-bar.js';
import { installDecodeWorkers } from '../zarr/decode-workers.js';
import { installSimdUnshuffle } from '../zarr/blosc-simd-node.js';
import { installNativeBlosc } from '../zarr/blosc-native-node.js';
import { setFastGetTransport } from '../store/s3-fast-get.js';

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Add commands from another package (e.g. `@zld/kernel-bridge/cli`, imported optionally by `bin/zld.js`
 * so core has no build-time dependency on it). A name already registered is kept.
 */
export function registerCommands(extra: readonly CommandEntry[]): void {
  for (const c of extra) if (!commands.some((k) => k.name === c.name)) commands.push(c);
}

const sources: (() => Promise<readonly CommandEntry[]>)[] = [];

/**
 * Like {@link registerCommands}, but the package is imported only when needed: when a command is not one of
 * those already registered, or for `--help`. `zld tree DIR` then never loads it.
 */
export function registerCommandSource(load: () => Promise<readonly CommandEntry[]>): void {
  sources.push(load);
}

async function loadSources(): Promise<void> {
  while (sources.length) registerCommands(await sources.shift()!());
}

function findCommand(argv: string[]): { cmd: CommandEntry; rest: string[] } | undefined {
  // two-word commands first (`argo submit`), then one-word
  const two = argv.length >= 2 ? `${argv[0]} ${argv[1]}` : undefined;
  const byTwo = two ? commands.find((c) => c.name === two) : undefined;
  if (byTwo) return { cmd: byTwo, rest: argv.slice(2) };
  const byOne = commands.find((c) => c.name === argv[0]);
  if (byOne) return { cmd: byOne, rest: argv.slice(1) };
  return undefined;
}

export function usage(filter?: string): string {
  const list = commands.filter((c) => !filter || c.name.startsWith(`${filter} `) || c.name === filter);
  // one line per command: the usage, then the summary indented beneath it (usages are too long to align)
  const lines = list.flatMap((c) => [`  zld ${c.name} ${c.usage}`.trimEnd(), `      ${c.summary}`]);
  return [
    'zld: Zarr Linked Data toolkit',
    '',
    'Usage:',
    ...lines,
    '',
    'Every command takes --json (machine-readable output on stdout) and --quiet (no progress bar).',
    'Exit codes: 0 ok, 1 bad input (the message names it), 2 internal error.',
  ].join('\n');
}

/** Run the CLI; returns the exit code instead of exiting, so tests and hosts can call it in-process. */
export async function main(argv: string[], io?: Partial<CommandIO>, signal?: AbortSignal): Promise<number> {
  installDecodeWorkers(); // on 3+ cores; workers start only when a big Blosc chunk is read
  installSimdUnshuffle({ lazy: true }); // Blosc unshuffle in WebAssembly SIMD, loaded with the first shuffled chunk
  // light S3 GETs of custom endpoints through node:http, loaded with the first one
  setFastGetTransport({ load: async () => (await import('../store/s3-fast-get-node.js')).nodeFastGetTransport });
  installNativeBlosc(); // c-blosc through core/assets/zld-native.node when built, loaded with the first chunk
  const fullIO: CommandIO = {
    stdout: io?.stdout ?? ((s) => process.stdout.write(s)),
    stderr: io?.stderr ?? ((s) => process.stderr.write(s)),
    isTTY: io?.isTTY ?? Boolean(process.stderr.isTTY),
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
  };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    await loadSources();
    fullIO.stdout(`${usage()}\n`);
    return argv.length === 0 ? 1 : 0;
  }
  if (argv[0] === '--version') {
    fullIO.stdout('zld 0.1.0\n');
    return 0;
  }
  let found = findCommand(argv);
  if (!found && sources.length) {
    await loadSources();
    found = findCommand(argv);
  }
  if (!found) {
    const group = commands.some((c) => c.name.startsWith(`${argv[0]} `));
    fullIO.stderr(
      group
        ? `zld: unknown command "${argv.slice(0, 2).join(' ')}"\n${usage(argv[0])}\n`
        : `zld: unknown command "${argv[0]}" (see zld --help)\n`,
    );
    return 1;
  }
  const { rest } = found;
  let cmd: Command;
  try {
    cmd = await loadCommand(found.cmd);
  } catch (e) {
    fullIO.stderr(`zld ${found.cmd.name}: internal error: cannot load the command: ${(e as Error)?.message ?? String(e)}\n`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...(cmd.options ?? {}) },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    fullIO.stderr(`zld ${cmd.name}: ${(e as Error).message}\nusage: zld ${cmd.name} ${cmd.usage}\n`);
    return 1;
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  if (values.help) {
    fullIO.stdout(`usage: zld ${cmd.name} ${cmd.usage}\n  ${cmd.summary}\n`);
    return 0;
  }
  const [min, max] = cmd.positionals ?? [0, Infinity];
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    fullIO.stderr(`zld ${cmd.name}: expected ${min === max ? min : `${min} to ${max}`} argument(s)\nusage: zld ${cmd.name} ${cmd.usage}\n`);
    return 1;
  }
  const json = Boolean(values.json);
  const bar = progressBar(fullIO.stderr, fullIO.isTTY && !json && !values.quiet);
  const ctx: CommandContext = {
    ...fullIO,
    json,
    signal: signal ?? new AbortController().signal,
    progress: bar.update,
    endProgress: bar.end,
  };
  try {
    await cmd.run({ values, positionals: parsed.positionals }, ctx);
    bar.end();
    return 0;
  } catch (e) {
    bar.end();
    if (isUserError(e)) {
      fullIO.stderr(`zld ${cmd.name}: ${(e as ZldError).message}\n`);
      return 1;
    }
    const err = e as Error;
    fullIO.stderr(`zld ${cmd.name}: internal error: ${err?.message ?? String(e)}\n`);
    if (fullIO.env.ZLD_DEBUG) fullIO.stderr(`${err?.stack ?? ''}\n`);
    return 2;
  }
}
