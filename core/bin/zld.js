#!/usr/bin/env node
import { main } from '../dist/cli/main.js';

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nzld: cancelling (Ctrl-C again to quit now)\n');
  controller.abort(new Error('interrupted'));
});
process.exitCode = await main(process.argv.slice(2), undefined, controller.signal);
