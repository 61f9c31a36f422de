/** Every `zld argo ...` command, in the order `zld --help` lists them (registered in `commands/index.ts`). */
import type { Command } from '../command.js';
import { argoActionCommands } from './argo-actions.js';
import { argoGetCommand, argoWatchCommand } from './argo-get.js';
import { argoLintCommand } from './argo-lint.js';
import { argoListCommand } from './argo-list.js';
import { argoLogsCommand } from './argo-logs.js';
import { argoPipelineCommand } from './argo-pipeline.js';
import { argoSubmitCommand } from './argo-submit.js';

export const argoCommands: Command[] = [
  argoSubmitCommand,
  argoListCommand,
  argoGetCommand,
  argoWatchCommand,
  argoLogsCommand,
  ...argoActionCommands,
  argoLintCommand,
  argoPipelineCommand,
];
