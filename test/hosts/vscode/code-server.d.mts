/** Types of `code-server.mjs` (a throw-away code-server on a free loopback port). */
export interface CodeServerOptions {
  workspace: string;
  vsix?: string | string[];
  /** Adds `--vscode-option enable-smoke-test-driver` (extension tests; notifications are suppressed). */
  smokeTestDriver?: boolean;
  /** User settings (merged over quiet defaults). */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Keep the temporary folders after `stop()`. */
  keep?: boolean;
}
export interface CodeServer {
  origin: string;
  port: number;
  /** Temporary folder holding the profile, extensions and XDG folders. */
  root: string;
  dirs: { userData: string; extensions: string; xdgData: string; xdgConfig: string; xdgCache: string };
  workspace: string;
  /** URL that opens the workspace folder. */
  url: string;
  /** Workbench URL with a `payload`; absolute paths become `vscode-remote://` URIs of this server. */
  workbenchUrl(payload?: Record<string, string>): string;
  log(): string;
  stop(): Promise<void>;
}
export declare function freePort(): Promise<number>;
export declare function startCodeServer(opts: CodeServerOptions): Promise<CodeServer>;
