/** Every CLI command, in the order `zld --help` lists them. Add one line per command module. */
import type { Command } from '../command.js';
import { treeCommand } from './tree.js';
import { infoCommand } from './info.js';
import { consolidateCommand } from './consolidate.js';
import { getCommand } from './get.js';
import { statsCommand } from './stats.js';
import { argoCommands } from './argo-commands.js';
import { lookupCommand } from './lookup.js';
import { retrieveCommand } from './retrieve.js';
import { searchCommand } from './search.js';
import { linksCommand } from './links.js';
import { exportRdfCommand } from './export-rdf.js';
import { fakeCommand } from './fake.js';
import { demoCommand } from './demo.js';

export const commands: Command[] = [treeCommand, infoCommand, consolidateCommand, getCommand, statsCommand, lookupCommand, retrieveCommand, searchCommand, linksCommand, exportRdfCommand, fakeCommand, demoCommand, ...argoCommands];
