/**
 * A race for tests of what native code opens: another thread swaps a folder and a symlink (renames, as fast as
 * it can) for a while, so a check of a path and the open that follows it see different things.
 *
 * @example
 * ```ts
 * const ended = swapFolderAndLink(path.join(root, 'd'), path.join(root, 'link'), 3000);
 * // ... read through root/d meanwhile ...
 * await ended;
 * ```
 */
import { Worker } from 'node:worker_threads';

/** Swaps `folder` and `link` for `ms` milliseconds on a worker thread; resolves when it has stopped (both back). */
export function swapFolderAndLink(folder: string, link: string, ms: number): Promise<void> {
  const worker = new Worker(
    `const { renameSync } = require('node:fs');
const [d, l, end] = [${JSON.stringify(folder)}, ${JSON.stringify(link)}, Date.now() + ${ms}];
while (Date.now() < end) {
  renameSync(d, d + '.real'); renameSync(l, d);
  renameSync(d, l); renameSync(d + '.real', d);
}`,
    { eval: true },
  );
  return new Promise((done, fail) => {
    worker.on('error', fail);
    worker.on('exit', () => done());
  });
}
