/**
 * Entry point VS Code loads in the extension host (`extensionTestsPath`): runs the mocha suites bundled next to
 * it and writes one JSON record per test to `$ZLD_VSCODE_TEST_RESULTS` (or `<workspace>/.zld-test-results.json`),
 * so the vitest side can report each mocha test as its own test.
 *
 * @example
 * ```text
 * /?folder=/ws&payload=[["extensionDevelopmentPath","vscode-remote://127.0.0.1:PORT/…/vscode-ext"],
 *                       ["extensionTestsPath","vscode-remote://127.0.0.1:PORT/…/vscode-ext/out/test/index.js"]]
 * ```
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';

export interface MochaRecord {
  title: string;
  suite: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

function resultsFile(): string {
  if (process.env.ZLD_VSCODE_TEST_RESULTS) return process.env.ZLD_VSCODE_TEST_RESULTS;
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  return path.join(ws, '.zld-test-results.json');
}

export function run(): Promise<void> {
  const grep = process.env.ZLD_VSCODE_TEST_GREP;
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec', ...(grep ? { grep } : {}) });
  const dir = path.join(__dirname, 'suite');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, f));
  const records: MochaRecord[] = [];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeFileSync(resultsFile(), JSON.stringify({ durationMs: Date.now() - started, records }, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
      else resolve();
    });
    const suiteOf = (t: Mocha.Runnable) => t.parent?.fullTitle() ?? '';
    runner.on('pass', (t) => records.push({ title: t.title, suite: suiteOf(t), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('pending', (t) => records.push({ title: t.title, suite: suiteOf(t), state: 'pending', durationMs: 0 }));
    runner.on('fail', (t, err: Error) =>
      records.push({ title: t.title, suite: suiteOf(t), state: 'failed', durationMs: t.duration ?? 0, error: err.stack ?? String(err) }),
    );
  });
}
