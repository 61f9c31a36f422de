/** Types of `install.mjs` (Node 24 + code-server in the hosts cache). */
export declare const NODE_VERSION: string;
export declare const CODE_SERVER_VERSION: string;
export interface HostPaths {
  cache: string;
  /** Folder holding `bin/node` and `include/node`. */
  nodeDir: string;
  node: string;
  codeServerDir: string;
  /** code-server's entry script, run with `node`. */
  codeServer: string;
}
export declare function hostsCache(): string;
export declare function hostPaths(cache?: string): HostPaths;
export declare function ensureVscodeHost(opts?: { cache?: string }): Promise<HostPaths>;
