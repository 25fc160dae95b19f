import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';

/**
 * The API contract, mock/openapi.yaml (OpenAPI 3.1: its schemas are JSON Schema 2020-12), read once per process.
 * It is the one home of every answer's shape: routes hand Fastify `responseSchemas(operationId)` as
 * `schema.response`, so the serializer (fast-json-stringify) writes what the document says, and the contract test
 * (__tests__/support/contract.ts) validates real answers against the same schemas.
 */

/** JSON Schema as the document writes it. */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI operation object (the fields read here; the rest as written). */
export interface OperationObject {
  operationId: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

/** An OpenAPI path item: its operations by lower-case method, and what they share. */
export interface PathItem {
  servers?: { url: string }[];
  parameters?: unknown[];
  [method: string]: unknown;
}

/** The parsed document; `paths` and `components` as OpenAPI names them. */
export interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** A response object with its `$ref`s resolved. */
interface ResolvedResponse {
  content?: Record<string, { schema?: JsonSchema }>;
  'x-error-codes'?: string[];
}

const DOCUMENT_PATH = path.join(__dirname, '..', '..', '..', 'openapi.yaml');
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

let cached: OpenApiDocument | null = null;

/** mock/openapi.yaml, parsed on first use. */
export function openApiDocument(): OpenApiDocument {
  if (!cached) cached = parse(fs.readFileSync(DOCUMENT_PATH, 'utf8')) as OpenApiDocument;
  return cached;
}

/** The node a local `$ref` ('#/components/...') points at; throws when it does not resolve. */
export function refTarget(doc: OpenApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>(
      (acc, k) =>
        acc && typeof acc === 'object' ? (acc as Record<string, unknown>)[k.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined,
      doc,
    );
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  return target;
}

/**
 * A deep copy of `node` with every local `$ref` replaced by a copy of its target (OpenAPI 3.1 lets a `$ref` have
 * siblings such as `description`: they are kept over the target's). The document has no recursive schema; a cycle
 * throws rather than looping.
 */
export function resolveRefs(doc: OpenApiDocument, node: unknown, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((n) => resolveRefs(doc, n, seen));
  if (!node || typeof node !== 'object') return node;
  const { $ref, ...rest } = node as Record<string, unknown>;
  const own = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, resolveRefs(doc, v, seen)]));
  if (typeof $ref !== 'string') return own;
  if (seen.includes($ref)) throw new Error(`recursive $ref ${$ref}`);
  return { ...(resolveRefs(doc, refTarget(doc, $ref), [...seen, $ref]) as object), ...own };
}

/** An operation of the document with where it is: `path` as written ('/stations/{id}'), its server's base URL. */
export interface Operation {
  operationId: string;
  method: string;
  path: string;
  baseUrl: string;
  /** The operation object, `$ref`s not resolved. */
  spec: OperationObject;
}

/** Every operation of the document, in document order. */
export function operations(doc: OpenApiDocument = openApiDocument()): Operation[] {
  const out: Operation[] = [];
  for (const [p, item] of Object.entries(doc.paths)) {
    const baseUrl: string = item.servers?.[0]?.url ?? doc.servers[0].url;
    for (const m of HTTP_METHODS) {
      const spec = item[m] as OperationObject | undefined;
      if (spec) out.push({ operationId: spec.operationId, method: m.toUpperCase(), path: p, baseUrl, spec });
    }
  }
  return out;
}

/**
 * The JSON body schema of each documented status of an operation, `$ref`s resolved: `{ '200': schema, ... }`.
 * Statuses without a body (204, 302) are left out.
 */
export function documentedBodies(operationId: string, doc: OpenApiDocument = openApiDocument()): Record<string, JsonSchema> {
  const op = operations(doc).find((o) => o.operationId === operationId);
  if (!op) throw new Error(`mock/openapi.yaml has no operation ${operationId}`);
  const out: Record<string, JsonSchema> = {};
  for (const [status, res] of Object.entries(op.spec.responses ?? {})) {
    const response = resolveRefs(doc, res) as ResolvedResponse;
    const schema = response.content?.['application/json']?.schema;
    if (schema) out[status] = schema;
  }
  return out;
}

const memo = new Map<string, Record<string, JsonSchema>>();

/**
 * Fastify's `schema.response` for the operation `operationId` of mock/openapi.yaml: each documented status's
 * body schema, and the error envelope (components/schemas/Error) for any other 4xx and 5xx, which the document's
 * description lets any request answer (a refused body 400/413/415, INTERNAL 500). Throws for an unknown id, so a
 * mistyped one stops the server at start. The same object for the same id: Fastify compiles it per route.
 */
export function responseSchemas(operationId: string): Record<string, JsonSchema> {
  let schemas = memo.get(operationId);
  if (!schemas) {
    const doc = openApiDocument();
    const envelope = resolveRefs(doc, { $ref: '#/components/schemas/Error' }) as JsonSchema;
    schemas = { '4xx': envelope, '5xx': envelope, ...documentedBodies(operationId, doc) };
    memo.set(operationId, schemas);
  }
  return schemas;
}
