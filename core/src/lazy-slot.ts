/**
 * A hook installed as a loader and loaded once, at its first use (so a process that never needs it never loads
 * it): how the optional accelerators (the native module, the Node S3 transport) plug into browser-safe code.
 *
 * @example
 * ```ts
 * const decoder = new LazySlot<Decoder>();
 * decoder.set(() => loadNative()?.decode); // may load to undefined: callers then take their own path
 * const d = decoder.get();
 * ```
 */
export class LazySlot<T> {
  private value: T | undefined;
  private loader: (() => T | undefined) | undefined;

  /** Install a loader (called once, by the first `get`), or clear the slot with undefined. */
  set(load: (() => T | undefined) | undefined): void {
    this.value = undefined;
    this.loader = load;
  }

  /** The loaded value, loading it now if this is the first use; undefined when none is installed or it loaded to none. */
  get(): T | undefined {
    if (this.loader) {
      const load = this.loader;
      this.loader = undefined;
      this.value = load();
    }
    return this.value;
  }
}
