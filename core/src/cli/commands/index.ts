/** Every CLI command, in the order `zld --help` lists them. Add one line per command module. */
import type { Command } from '../command.js';

export const commands: Command[] = [];
