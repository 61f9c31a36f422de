/**
 * The Argo Server API contract, compiled from Argo's own `swagger.json` (and `schema.json` for manifests):
 * route matching, path/query/body validation as grpc-gateway does it (400, `{"code":3,"message":...}`), and
 * response validation so tests can assert the test server only says what the real one could.
 *
 * Deviations, all in the direction of what the real (Go) server accepts: `Parameter.value/default/enum`
 * are Argo `AnyString`s (numbers and booleans are accepted and turned into strings) and `IntOrString` takes
 * numbers; the spec declares both as plain strings.
 *
 * @example
 * ```ts
 * const c = loadContract();
 * const route = c.match('GET', '/api/v1/workflows/argo');
 * const query = c.parseQuery(route!, new URLSearchParams('listOptions.limit=2'));
 * ```
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { ArgoError } from './errors.js';

import { sharedDir } from '../helpers/paths.js';

/** Argo's published contract: `<shared>/argo` (`../shared` beside the clone, or `ZLD_SHARED`). */
export const SHARED_ARGO = path.join(sharedDir, 'argo');

interface SwaggerParam {
  name: string;
  in: 'path' | 'query' | 'body';
  required?: boolean;
  type?: string;
  format?: string;
  items?: { type?: string };
  schema?: Record<string, unknown>;
}
interface SwaggerOp {
  operationId: string;
  parameters?: SwaggerParam[];
  responses: Record<string, { schema?: Record<string, unknown> }>;
}

export interface Route {
  method: string;
  template: string;
  operationId: string;
  params: Record<string, string>;
  op: SwaggerOp;
}

type Json = Record<string, unknown>;

function relaxAnyString(defs: Record<string, Json>): void {
  const anyScalar = { type: ['string', 'number', 'boolean'] };
  const p = defs['io.argoproj.workflow.v1alpha1.Parameter']?.properties as Record<string, Json> | undefined;
  if (p) {
    p.value = { ...p.value, ...anyScalar };
    p.default = { ...p.default, ...anyScalar };
    p.enum = { ...p.enum, items: anyScalar };
  }
  const ios = defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'];
  if (ios) defs['io.k8s.apimachinery.pkg.util.intstr.IntOrString'] = { ...ios, type: ['string', 'integer'] };
}

/** `/a/b` style path from an ajv instancePath, for messages (`.workflow.spec.templates`). */
function fieldPath(e: ErrorObject): string {
  return e.instancePath.replace(/\//g, '.') || '(root)';
}

/** A Go-json-like message for a body that does not fit the request type. */
export function describeBodyError(errors: ErrorObject[] | null | undefined, what: string): string {
  const e = errors?.[0];
  if (!e) return `invalid ${what}`;
  if (e.keyword === 'type') {
    return `json: cannot unmarshal into Go struct field ${what}${fieldPath(e)} of type ${String(e.params.type)}`;
  }
  if (e.keyword === 'required') return `${what}${fieldPath(e) === '(root)' ? '' : fieldPath(e)}.${String(e.params.missingProperty)} is required`;
  if (e.keyword === 'const') return `${what}${fieldPath(e)} must be ${JSON.stringify(e.params.allowedValue)}`;
  return `${what}${fieldPath(e)} ${e.message ?? 'is invalid'}`;
}

export class Contract {
  readonly swagger: { paths: Record<string, Record<string, SwaggerOp>>; definitions: Record<string, Json> };
  readonly #ajv: Ajv;
  readonly #schemaAjv: Ajv2020;
  readonly #cache = new Map<string, ValidateFunction>();
  readonly #routes: { method: string; template: string; re: RegExp; names: string[]; literals: number; op: SwaggerOp }[] = [];

  constructor(dir = SHARED_ARGO) {
    this.swagger = JSON.parse(readFileSync(path.join(dir, 'swagger.json'), 'utf8'));
    const defs = structuredClone(this.swagger.definitions);
    relaxAnyString(defs);
    this.#ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false });
    this.#ajv.addSchema({ $id: 'swagger.json', definitions: defs });
    const schema = JSON.parse(readFileSync(path.join(dir, 'schema.json'), 'utf8')) as Json;
    relaxAnyString(schema.definitions as Record<string, Json>);
    this.#schemaAjv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false });
    this.#schemaAjv.addSchema(schema, 'schema.json');
    for (const [template, ops] of Object.entries(this.swagger.paths)) {
      const names: string[] = [];
      const re = new RegExp(
        `^${template.replace(/\{([^}]+)\}|[^{]+/g, (m, name?: string) => {
          if (name) {
            names.push(name);
            return '([^/]+)';
          }
          return m.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })}$`,
      );
      const literals = template.split('/').filter((s) => s && !s.startsWith('{')).length;
      for (const [method, op] of Object.entries(ops)) {
        if (method === 'parameters') continue;
        this.#routes.push({ method: method.toUpperCase(), template, re, names, literals, op });
      }
    }
    this.#routes.sort((a, b) => b.literals - a.literals);
  }

  /** The operation for a method and path, or undefined (404 / 405 territory). */
  match(method: string, pathname: string): Route | undefined {
    for (const r of this.#routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { method, template: r.template, operationId: r.op.operationId, params, op: r.op };
    }
    return undefined;
  }

  /** Validate and convert the query string the way grpc-gateway populates a request (unknown keys ignored). */
  parseQuery(route: Route, search: URLSearchParams): Record<string, string | number | boolean | string[]> {
    const out: Record<string, string | number | boolean | string[]> = {};
    for (const p of route.op.parameters ?? []) {
      if (p.in !== 'query') continue;
      const values = search.getAll(p.name);
      if (values.length === 0) continue;
      if (p.type === 'array') {
        out[p.name] = values;
        continue;
      }
      const v = values[values.length - 1]!;
      if (p.type === 'boolean') {
        if (!['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) {
          throw ArgoError.badRequest(`type mismatch, parameter: ${p.name}, error: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`);
        }
        out[p.name] = ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
      } else if (p.type === 'integer' || p.format === 'int64' || p.format === 'int32') {
        if (!/^[+-]?\d+$/.test(v)) {
          throw ArgoError.badRequest(`type mismatch, parameter: ${p.name}, error: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
        }
        out[p.name] = Number(v);
      } else {
        out[p.name] = v;
      }
    }
    return out;
  }

  /** Validate path parameters (all required strings; an empty segment is what the real server rejects). */
  checkPath(route: Route): void {
    for (const p of route.op.parameters ?? []) {
      if (p.in === 'path' && p.required && !route.params[p.name]) throw ArgoError.badRequest(`missing parameter ${p.name}`);
    }
  }

  #compile(key: string, schema: () => Json, ajv: Ajv | Ajv2020): ValidateFunction {
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const v = ajv.compile(schema());
    this.#cache.set(key, v);
    return v;
  }

  /** Parse and validate the JSON body against the operation's body schema; returns the parsed body. */
  parseBody(route: Route, raw: string): Json {
    const bodyParam = (route.op.parameters ?? []).find((p) => p.in === 'body');
    if (!bodyParam) return {};
    let body: unknown = {};
    if (raw.trim()) {
      try {
        body = JSON.parse(raw);
      } catch (e) {
        throw ArgoError.badRequest(`invalid character in request body: ${(e as Error).message}`);
      }
    }
    const v = this.#compile(`body:${route.operationId}`, () => this.#swaggerRef(bodyParam.schema!), this.#ajv);
    if (!v(body)) {
      const ref = String(bodyParam.schema?.$ref ?? '').split('.').pop() ?? 'body';
      throw ArgoError.badRequest(describeBodyError(v.errors, ref));
    }
    return body as Json;
  }

  #swaggerRef(schema: Json): Json {
    // `#/definitions/X` inside the operation -> the registered swagger document
    return JSON.parse(JSON.stringify(schema).replace(/"#\/definitions\//g, '"swagger.json#/definitions/'));
  }

  /** Errors of a response body against the operation's schema for `status` (or `default`), or []. */
  checkResponse(route: Route, status: number, body: unknown): string[] {
    const res = route.op.responses[String(status)] ?? route.op.responses.default;
    if (!res?.schema) return [];
    const v = this.#compile(`res:${route.operationId}:${status in route.op.responses ? status : 'default'}`, () => this.#swaggerRef(res.schema!), this.#ajv);
    return v(body) ? [] : (v.errors ?? []).map((e) => `${route.operationId} ${status} ${e.instancePath} ${e.message}`);
  }

  /** Errors of a manifest against schema.json's definition of `kind` (Workflow, WorkflowTemplate...), or []. */
  checkManifest(kind: string, manifest: unknown): ErrorObject[] {
    const v = this.#compile(`schema:${kind}`, () => ({ $ref: `schema.json#/definitions/io.argoproj.workflow.v1alpha1.${kind}` }), this.#schemaAjv);
    return v(manifest) ? [] : [...(v.errors ?? [])];
  }
}

let shared: Contract | undefined;
/** The contract, compiled once per process. */
export function loadContract(): Contract {
  shared ??= new Contract();
  return shared;
}
