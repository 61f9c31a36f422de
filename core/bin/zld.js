#!/usr/bin/env node
import { main, registerCommandSource } from '../dist/cli/main.js';

// The AWS SDK warns on every run under Node 20 that its 2027 releases will need Node 22; zld pins a
// release that supports Node 20, so the warning is noise on the user's terminal.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// optional command packages (no build-time dependency from core on them), imported only when the command is
// not one of core's or for --help, so core's commands start without loading them
for (const name of ['@zld/kernel-bridge/cli']) {
  registerCommandSource(async () => {
    try {
      return (await import(name)).commands ?? [];
    } catch (e) {
      if (!(e?.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes(name.split('/').slice(0, 2).join('/')))) throw e;
      return [];
    }
  });
}

const controller = new AbortController();
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  process.stderr.write('\nzld: cancelling (Ctrl-C again to quit now)\n');
  controller.abort(new Error('interrupted'));
});
process.exitCode = await main(process.argv.slice(2), undefined, controller.signal);
