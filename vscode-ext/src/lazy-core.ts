/**
 * Loads zld's core (stores, Zarr, JSON-LD, code generation: `dist/core.js`, most of the extension's size) on
 * first use instead of at activation, so activating the extension stays cheap. Types come from `./core.js`
 * statically; values through {@link core}.
 *
 * @example
 * ```ts
 * import { core } from './lazy-core.js';
 * const index = new (core().LinkedIndex)();
 * ```
 */
import type * as Core from './core.js';

let loaded: typeof Core | undefined;

export function core(): typeof Core {
  // a plain require, kept external by the bundler: dist/extension.js loads dist/core.js here, once
  loaded ??= require('./core.js') as typeof Core;
  return loaded;
}

/** Whether an error is one of core's typed errors (without loading core to ask). */
export function isZldErrorLike(e: unknown): e is Core.ZldError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && e.name.startsWith('ZldError');
}
