/**
 * The lazy CLI registry: each entry's help text matches the command module it loads, and running one command
 * does not load the others' heavy dependencies (checked in a fresh Node process over the built CLI).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands, loadCommand } from '../src/cli/commands/index.js';
import { argoCommands } from '../src/cli/commands/argo-commands.js';
import { main, registerCommandSource } from '../src/cli/main.js';

describe('CLI command registry', () => {
  it('lists every command once, and each lazy entry loads the command it describes', async () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of argoCommands) expect(names).toContain(a.name);
    for (const entry of commands) {
      const cmd = await loadCommand(entry);
      expect({ name: cmd.name, summary: cmd.summary, usage: cmd.usage }).toEqual({ name: entry.name, summary: entry.summary, usage: entry.usage });
      expect(typeof cmd.run).toBe('function');
    }
  });

  it('--help shows every entry without running any', async () => {
    let out = '';
    expect(await main(['--help'], { stdout: (s) => void (out += s), stderr: () => {} })).toBe(0);
    for (const c of commands) expect(out).toContain(`zld ${c.name} `);
  });

  it('a command source is imported only for a command core lacks, or for --help', async () => {
    let loads = 0;
    let ran = '';
    registerCommandSource(async () => {
      loads++;
      return [{ name: 'zz-extra', summary: 'a test command', usage: 'X', positionals: [1, 1], run: async ({ positionals }) => void (ran = positionals[0]!) }];
    });
    const io = { stdout: () => {}, stderr: () => {} };
    expect(await main(['--version'], io)).toBe(0);
    expect(await main(['tree'], io)).toBe(1); // a core command (missing its argument): the source stays unloaded
    expect(loads).toBe(0);
    expect(await main(['zz-extra', 'hello'], io)).toBe(0);
    expect({ loads, ran }).toEqual({ loads: 1, ran: 'hello' });
    expect(await main(['zz-extra', 'again'], io)).toBe(0);
    expect(loads).toBe(1);
  });

  it('zld tree on a folder loads neither the AWS SDK (nor its signer) nor jsonld, ajv or yaml', () => {
    const root = path.resolve(__dirname, '../..');
    const store = mkdtempSync(path.join(tmpdir(), 'zld-registry-'));
    writeFileSync(path.join(store, '.zgroup'), '{"zarr_format": 2}');
    const probe = `
      const { main } = await import(${JSON.stringify(path.join(root, 'core/src/cli/main.ts'))});
      const code = await main(['tree', ${JSON.stringify(store)}, '--depth', '0', '--json'], { stdout: () => {}, stderr: (s) => process.stderr.write(s) });
      const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ code, loaded: loaded.filter((f) => /node_modules\\/(@aws-sdk|@smithy|jsonld|ajv|yaml)\\//.test(f)) }));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' });
    rmSync(store, { recursive: true, force: true });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout.trim())).toEqual({ code: 0, loaded: [] });
  });
});
