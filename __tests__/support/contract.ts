/**
 * The answers the API tests see, checked against mock/openapi.yaml (OpenAPI 3.1, so its schemas are JSON Schema
 * 2020-12 and Ajv's 2020 dialect reads them as written: `type: [string, 'null']`, `const`, no `nullable`).
 *
 * `answerRecorder()` gives an `onRoute` hook for buildServer (startServer passes it) that wraps every documented
 * route: for each answer it notes the operation and status, and records a violation when
 * - the status is not documented for the operation (besides the document's generic ones: 500 and the HTTP-level
 *   refusals 400/408/417/431 for any request, 413/415 for a body the parser refused),
 * - the body does not match the status's schema, read with every object closed (`additionalProperties: false`
 *   unless the document says otherwise): the serializer writes only documented properties, so a field the code
 *   sends and the document does not list would be lost to clients,
 * - an error's code is not one the response lists in `x-error-codes`, or
 * - serialising through the response schema (fast-json-stringify) changed the body: a dropped field, a null
 *   written as "", a number truncated to an integer.
 * Precomputed bodies (GET /stations/nearby writes bytes) skip the serializer and are validated the same way. A
 * file (CSV, XLSX) must be of a media type its status documents; its contents are checked by its own suite.
 */
import { isDeepStrictEqual } from 'util';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { openApiDocument, operations, resolveRefs, type JsonSchema, type Operation } from '../../mock/src/core/http/contract';

/** `/stations/{id}` and `/stations/:id` both become `/stations/{}`. */
export const normalisePath = (p: string): string => p.replace(/\/:[^/]+/g, '/{}').replace(/\/\{[^}/]+\}/g, '/{}');

/** 'METHOD /full/{}/path' of a documented operation (its server's base URL joined). */
export const operationKey = (op: Operation): string => `${op.method} ${normalisePath(`${op.baseUrl.replace(/\/$/, '')}${op.path}`)}`;

/** 'METHOD /full/{}/path' of a route as Fastify registered it. */
export const routeKey = (method: string, url: string): string => `${method} ${normalisePath(url)}`;

/**
 * Statuses any operation may answer with the error envelope (info.description of the document): INTERNAL, and what
 * is refused at the HTTP level before a route runs (no Host, an unmet Expect, headers too large, too slow).
 */
const GENERIC_ANY: Record<string, string[]> = {
  '400': ['BAD_REQUEST'],
  '408': ['REQUEST_TIMEOUT'],
  '417': ['BAD_REQUEST'],
  '431': ['BAD_REQUEST'],
  '500': ['INTERNAL'],
};
/** ... and those of an operation with a request body: the parser refused the body before the route ran. */
const GENERIC_BODY: Record<string, string[]> = { '413': ['BAD_REQUEST'], '415': ['BAD_REQUEST'] };

/** A copy of `schema` with every object that lists properties closed, unless it says what else it allows. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === 'properties' ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, closeObjects(s)])) : closeObjects(v),
    ]),
  );
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

/** What one documented status of an operation allows. */
interface StatusRule {
  validate: ValidateFunction | null;
  /** Codes of an error answer, from `x-error-codes`; null when the response lists none. */
  codes: string[] | null;
  /** The media types the document gives this status (a photo: image/png...; a file: text/csv, an XLSX workbook). */
  media: string[];
}

const ajv = new Ajv2020({ allErrors: true, strict: true });
// RFC 3339, as JSON Schema's date-time means; the document's ShanghaiIso pattern pins the +08:00 offset.
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
ajv.addVocabulary(['example']);

/** Each operation's rules by status, built once: `operationId -> status -> rule`. */
function buildRules(): Map<string, Map<string, StatusRule>> {
  const doc = openApiDocument();
  const envelope = resolveRefs(doc, { $ref: '#/components/schemas/Error' }) as JsonSchema;
  const rules = new Map<string, Map<string, StatusRule>>();
  for (const op of operations(doc)) {
    const byStatus = new Map<string, StatusRule>();
    const generic = { ...GENERIC_ANY, ...(op.spec.requestBody ? GENERIC_BODY : {}) };
    for (const [status, codes] of Object.entries(generic))
      byStatus.set(status, { validate: ajv.compile(closeObjects(envelope) as object), codes, media: ['application/json'] });
    for (const [status, res] of Object.entries<any>(op.spec.responses ?? {})) {
      const response = resolveRefs(doc, res) as any;
      const schema = response.content?.['application/json']?.schema;
      const codes: string[] | null = response['x-error-codes'] ?? null;
      const before = byStatus.get(status);
      byStatus.set(status, {
        validate: schema ? ajv.compile(closeObjects(schema) as object) : null,
        codes: codes && before?.codes ? [...codes, ...before.codes] : codes,
        media: Object.keys(response.content ?? {}),
      });
    }
    rules.set(op.operationId, byStatus);
  }
  return rules;
}

let rulesMemo: Map<string, Map<string, StatusRule>> | null = null;
const rules = () => (rulesMemo ??= buildRules());

/** An answer the server gave: which operation, which status. */
export interface Answer {
  operationId: string;
  status: number;
}

/**
 * The problem with one answer of `operationId`, or null: `sent` is the body as sent (parsed JSON, or null when
 * empty), `intended` the handler's payload as JSON.stringify would have written it (null when the route wrote
 * its own bytes).
 */
export function answerViolation(operationId: string, status: number, sent: unknown, intended: unknown | null): string | null {
  const where = `${operationId} ${status}`;
  const rule = rules().get(operationId)?.get(String(status));
  if (!rule) return `${where}: status not documented in mock/openapi.yaml; body ${JSON.stringify(sent)?.slice(0, 300)}`;
  if (intended !== null && !isDeepStrictEqual(sent, intended)) {
    return `${where}: serialising through the response schema changed the body:\n  handler: ${JSON.stringify(intended).slice(0, 600)}\n  sent:    ${JSON.stringify(sent).slice(0, 600)}`;
  }
  if (!rule.validate)
    return sent === null
      ? null
      : `${where}: the document has no body for this status, the server sent ${JSON.stringify(sent).slice(0, 300)}`;
  if (!rule.validate(sent)) {
    const errors = (rule.validate.errors ?? []).map(
      (e) =>
        `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` '${e.params.additionalProperty}'` : ''}`,
    );
    return `${where}: body does not match mock/openapi.yaml: ${errors.slice(0, 5).join('; ')}\n  body: ${JSON.stringify(sent).slice(0, 600)}`;
  }
  const code = (sent as { error?: { code?: unknown } } | null)?.error?.code;
  if (typeof code === 'string' && rule.codes && !rule.codes.includes(code)) {
    return `${where}: error code ${code} is not in the response's x-error-codes [${rule.codes.join(', ')}]`;
  }
  return null;
}

export interface AnswerRecorder {
  /** Pass as buildServer's `onRoute`. */
  onRoute: (route: RouteOptions) => void;
  /** Every answer of a documented route so far (HEAD left out). */
  answers: Answer[];
  /** One line per answer that broke the contract, naming the operation. */
  violations: string[];
}

const asArray = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);

/** A recorder of the answers of one server (see the module comment). */
export function answerRecorder(): AnswerRecorder {
  const byKey = new Map(operations().map((op) => [operationKey(op), op.operationId]));
  const intended = new WeakMap<FastifyReply, string>();
  const recorder: AnswerRecorder = { answers: [], violations: [], onRoute };

  function check(req: FastifyRequest, reply: FastifyReply, operationId: string, payload: unknown): void {
    if (req.method === 'HEAD') return;
    const status = reply.statusCode;
    recorder.answers.push({ operationId, status });
    // Not JSON (a report's photo, an export): its media type must be one the status documents; its bytes are the
    // suite's to check.
    const media = String(reply.getHeader('content-type') ?? '')
      .split(';')[0]
      .trim();
    if (media && media !== 'application/json') {
      const rule = rules().get(operationId)?.get(String(status));
      if (!rule?.media.includes(media)) recorder.violations.push(`${operationId} ${status}: media type ${media} not documented`);
      return;
    }
    let sent: unknown = null;
    const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (payload !== null && payload !== undefined && text === null) {
      recorder.violations.push(`${operationId} ${status}: an answer body that is neither text nor bytes`);
      return;
    }
    if (text) {
      try {
        sent = JSON.parse(text);
      } catch {
        recorder.violations.push(`${operationId} ${status}: not JSON: ${text.slice(0, 200)}`);
        return;
      }
    }
    const before = intended.get(reply);
    const problem = answerViolation(operationId, status, sent, before === undefined ? null : JSON.parse(before));
    if (problem) recorder.violations.push(`${req.method} ${req.url.split('?')[0]} -> ${problem}`);
  }

  function onRoute(route: RouteOptions): void {
    const methods = asArray(route.method as string | string[]).filter((m) => m !== 'HEAD');
    if (methods.length !== 1) return;
    const operationId = byKey.get(routeKey(methods[0], route.url));
    if (!operationId) return;
    // First in line: before the route's own onSend (gzip of the nearby answer) and @fastify/compress.
    route.preSerialization = [
      async (_req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        intended.set(reply, JSON.stringify(payload));
        return payload;
      },
      ...asArray(route.preSerialization as any),
    ] as any;
    route.onSend = [
      async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        check(req, reply, operationId, payload);
        return payload;
      },
      ...asArray(route.onSend as any),
    ] as any;
  }
  return recorder;
}
