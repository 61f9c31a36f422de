// The part of jsonld.js (v9, ships without types) that zld uses.
declare module 'jsonld' {
  export interface RemoteDocument {
    contextUrl: string | null;
    documentUrl: string;
    document: unknown;
  }
  export type DocumentLoader = (url: string, options?: unknown) => Promise<RemoteDocument>;
  export interface JsonLdOptions {
    documentLoader?: DocumentLoader;
    base?: string | null;
    safe?: boolean;
    format?: string;
    useNativeTypes?: boolean;
  }
  interface JsonLd {
    expand(input: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>[]>;
    compact(input: unknown, ctx: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>>;
    toRDF(input: unknown, options?: JsonLdOptions): Promise<unknown>;
    fromRDF(input: unknown, options?: JsonLdOptions): Promise<Record<string, unknown>[]>;
  }
  const jsonld: JsonLd;
  export default jsonld;
}
