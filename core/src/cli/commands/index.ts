/** Every CLI command, in the order `zld --help` lists them. Add one line per command module. */
import type { Command } from '../command.js';
import { treeCommand } from './tree.js';
import { infoCommand } from './info.js';
import { consolidateCommand } from './consolidate.js';
import { getCommand } from './get.js';
import { statsCommand } from './stats.js';

export const commands: Command[] = [treeCommand, infoCommand, consolidateCommand, getCommand, statsCommand];
