/**
 * The CLI's command contract. Each command lives in its own file under `cli/commands/` and is listed in
 * `cli/commands/index.ts`; `main.ts` parses arguments, runs it, and maps errors to exit codes
 * (0 ok, 1 user error with a one-line message naming the input, 2 internal error).
 */
import type { ParseArgsConfig } from 'node:util';
import type { Progress } from '../progress.js';

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  isTTY: boolean;
  /** Environment (for S3/Argo settings); defaults to process.env. */
  env: NodeJS.ProcessEnv;
  /** Working directory for relative paths. */
  cwd: string;
}

export interface CommandContext extends CommandIO {
  /** `--json` was given: print one JSON document on stdout and nothing else there. */
  json: boolean;
  signal: AbortSignal;
  /** A progress callback that draws a bar on stderr when it is a TTY and `--json`/`--quiet` are off. */
  progress: (p: Progress) => void;
  /** Finish the progress bar line (call before printing results). */
  endProgress: () => void;
}

export type ParsedValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Command {
  /** `tree`, `consolidate`, or a two-word name such as `argo submit`. */
  name: string;
  summary: string;
  /** Usage line after `zld NAME`, e.g. `STORE [PATH] [--depth N]`. */
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Minimum and maximum number of positional arguments. */
  positionals?: [min: number, max: number];
  run(args: { values: ParsedValues; positionals: string[] }, ctx: CommandContext): Promise<void>;
}
