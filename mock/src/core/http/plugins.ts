import { createHash } from 'crypto';
import fs from 'fs';
import { STATUS_CODES, type IncomingMessage, type ServerOptions, type ServerResponse } from 'http';
import type { Duplex } from 'stream';
import path from 'path';
import Ajv from 'ajv';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions, type RouteOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import type { Config, HttpTimeouts } from '../config';
import { staticCacheControl } from './staticCache';
import { ApiError } from './errors';

/**
 * The HTTP plumbing every route shares: logging without personal data, the validators, the JSON parser, gzip,
 * the one error envelope for everything (Node's own refusals included), and the h5 build at `/`.
 */

/** How many rounds of percent-decoding logPath undoes (`%2564` is `%64` is `d`). */
const DECODE_ROUNDS = 3;

/** `p` with percent-escapes decoded byte by byte (malformed ones kept), for matching only. */
function unescaped(p: string): string {
  let out = p;
  for (let i = 0; i < DECODE_ROUNDS; i++) {
    const next = out.replace(/%([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === out) break;
    out = next;
  }
  return out;
}

/**
 * The path as logs keep it: no query (it can hold a precise location, sensitive under PIPL art. 28) and no door
 * code (a printed or screen code in /d/ or /r/ opens a door; logs are read by more people than doors are).
 * The code is recognised however the path spells it (percent-escapes, doubled slashes, `/./`, capitals), since
 * the router or a proxy in front may read those spellings as the door link, and everything after it goes too.
 */
export const logPath = (url: string): string => {
  const p = url.split('?')[0];
  const plain = unescaped(p)
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/\/\.(?=\/|$)/g, '');
  const door = /^\/([dr])\/./i.exec(plain);
  return door ? `/${door[1].toLowerCase()}/[code]` : p;
};

/**
 * The parameters or body fields a failed schema validation names (Ajv errors): `lat` for `/lat`, the missing one
 * for `required`, the unknown one for `additionalProperties` (the top-level field holding it when nested), so a
 * client (or a developer) knows what to fix. Values are never echoed: they may be personal.
 */
function invalidFields(errors: unknown): string[] {
  type AjvError = { instancePath?: string; params?: { missingProperty?: string; additionalProperty?: string } };
  const names = (Array.isArray(errors) ? errors : []).map(
    (err: AjvError) =>
      err.params?.missingProperty ?? ((err.instancePath ?? '').replace(/^\//, '').split('/')[0] || err.params?.additionalProperty || ''),
  );
  return [...new Set(names.filter((n) => n !== ''))];
}

/** VALIDATION_FAILED naming the fields; a GET has no form to check, so it says the query is wrong. */
function validationFailed(method: string, fields: string[]): ApiError {
  return new ApiError('VALIDATION_FAILED', {
    details: { fields },
    ...(method === 'GET' || method === 'HEAD' ? { message: '查询条件有误，请返回后重新查询。' } : {}),
  });
}

/** Writes `error` as a complete raw HTTP answer in the envelope and closes the connection. */
function rawAnswer(socket: Duplex, error: ApiError): void {
  const body = JSON.stringify(error.toBody());
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KB, a raw non-ASCII URL) and
 * requests too slow to arrive (REQUEST_TIMEOUT_S, HEADERS_TIMEOUT_S: 408 REQUEST_TIMEOUT) get the API's
 * envelope too, not Fastify's default `{"error":"Bad Request","message":"Client Error"}`. Nothing is written
 * over an answer already under way.
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    rawAnswer(socket, new ApiError('REQUEST_TIMEOUT'));
    return;
  }
  rawAnswer(socket, new ApiError('BAD_REQUEST', { status: err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400 }));
}

/**
 * Node's limits on slow clients (http.createServer options) from config.http. Node checks them every
 * connectionsCheckingInterval (30 s by default, which would let a slow client stay up to 30 s past its limit);
 * a fifth of the shorter limit keeps the overrun within a fifth. Host is checked by the hook in httpServer
 * (requireHostHeader: false), whose refusal is in the envelope; Node's own is an empty 400.
 */
function nodeServerOptions(t: HttpTimeouts): ServerOptions {
  return {
    requestTimeout: t.requestTimeoutS * 1000,
    headersTimeout: t.headersTimeoutS * 1000,
    connectionsCheckingInterval: Math.max(100, (Math.min(t.requestTimeoutS, t.headersTimeoutS) * 1000) / 5),
    requireHostHeader: false,
  };
}

/** Log fields that may carry personal data; pino replaces them with "[redacted]". */
const REDACT = ['req.headers.authorization', 'body.idNumber', 'body.phone', 'body.name', '*.idNumber', '*.phone'];

/**
 * CSP sources for the inline scripts of the h5 build's index.html (Taro emits one: the rem sizing), as
 * 'sha256-...' hashes, so script-src needs no 'unsafe-inline'. Read at start: a rebuild needs a restart.
 */
function inlineScriptHashes(h5Dir: string): string[] {
  const index = path.join(h5Dir, 'index.html');
  if (!fs.existsSync(index)) return [];
  const scripts = fs.readFileSync(index, 'utf8').matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi);
  return [...scripts].filter((m) => m[1] !== '').map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}

/**
 * Security headers on every answer, pages and API alike (@fastify/helmet): a Content-Security-Policy that fits
 * the h5 build (scripts only its own files and its hashed inline script, never eval; styles may be inline, which
 * Taro's components set), no framing (frame-ancestors 'none', X-Frame-Options DENY: a door page inside another
 * site's frame could be clickjacked), nosniff, and no Referer (door links carry codes in their paths).
 */
async function securityHeaders(app: FastifyInstance, h5Dir: string): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'", ...inlineScriptHashes(h5Dir)],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  // API answers carry personal data (sessions, masked workers, check-in codes, entries, exports) and the rest
  // answer a precise location: none may be stored by a browser or a proxy. A route or the h5 files (serveH5) may
  // set their own Cache-Control; everything else is no-store.
  app.addHook('onSend', async (_req, reply) => {
    if (!reply.hasHeader('cache-control') && !reply.raw.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}

export interface HttpOptions {
  /** Where structured logs go (default stdout); tests capture them to check redaction. */
  logStream?: NodeJS.WritableStream;
  /** Called for every route as it is registered; the OpenAPI test collects the routes with it. */
  onRoute?: (route: RouteOptions) => void;
}

/**
 * A Fastify instance with the shared plumbing registered: logger (redacted, path only), validators, JSON
 * parser, compression, the error envelope and the 404 answer. Features are registered on it after.
 */
export async function httpServer(config: Config, opts: HttpOptions): Promise<FastifyInstance> {
  const logger: FastifyServerOptions['logger'] = {
    level: config.logLevel,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      // The query string can hold a precise location; it is sensitive (PIPL art. 28), so logs keep the path only.
      req: (req: { method: string; url: string }) => ({ method: req.method, path: logPath(req.url) }),
    },
    ...(opts.logStream ? { stream: opts.logStream } : {}),
  };
  // forceCloseConnections: a long-polling door controller must not hold a shutdown for seconds.
  // One access line per request (not Fastify's two), with the path only: the query can hold a location.
  const app = Fastify({
    logger,
    clientErrorHandler,
    // A malformed percent-escape (`/stations/%ZZ`) is refused before routing; it answers in the envelope too,
    // without echoing the path back.
    frameworkErrors: (_err, _req, reply) => {
      void (reply as FastifyReply).code(400).send(new ApiError('BAD_REQUEST').toBody());
    },
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For is believed from the listed proxies only (TRUST_PROXY); req.ip is then the real client.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
    http: nodeServerOptions(config.http),
    requestTimeout: config.http.requestTimeoutS * 1000,
    connectionTimeout: config.http.idleTimeoutS * 1000,
    keepAliveTimeout: config.http.keepAliveTimeoutS * 1000,
  });
  // Node answers an Expect it cannot meet (anything but 100-continue) with an empty 417 unless asked.
  app.server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
    const body = JSON.stringify(new ApiError('BAD_REQUEST', { status: 417 }).toBody());
    res.writeHead(417, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'close',
    });
    res.end(body);
  });
  // HTTP/1.1 requires Host (RFC 9112 3.2); Node's own check (off in nodeServerOptions) answers an empty 400.
  app.addHook('onRequest', async (req) => {
    if (req.raw.httpVersion === '1.1' && req.headers.host === undefined) throw new ApiError('BAD_REQUEST');
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, path: logPath(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.decorateRequest('account', null);
  // Query strings and path parameters are text, so they are coerced to the schema's types; JSON bodies already
  // carry types, and coercing them let "Infinity" pass as a coordinate and "true" as an explicit consent.
  // A body field the schema does not list is refused (every body schema says additionalProperties: false, as
  // openapi.yaml does), not dropped: a client sending it has a bug or a purpose, and either should hear of it.
  const ajvText = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: false });
  const ajvJson = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? ajvJson : ajvText).compile(schema));
  // Ajv coerces "Infinity", "0x25", numbers too large for a double ("1e400") and blanks (to 0) in a query string
  // to numbers that pass its min/max checks; no parameter of this API is written that way, so they are refused.
  app.addHook('preValidation', async (req) => {
    for (const [name, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) {
      for (const item of Array.isArray(v) ? v : [v]) {
        if (typeof item !== 'string') continue;
        const overflows = /^\s*[+-]?(\d|\.\d)/.test(item) && Math.abs(Number(item)) === Infinity;
        // Blanks would be coerced to 0: `lat=%20` is not the equator.
        const blank = item !== '' && item.trim() === '';
        if (overflows || blank || /^\s*[+-]?(infinity|nan|0[xbo])/i.test(item)) {
          throw validationFailed(req.method, [name]);
        }
      }
    }
  });
  // Clients (Taro.request among them) may send `content-type: application/json` on a bodiless DELETE;
  // an empty body is no body, not a parse error. Anything else goes to Fastify's own parser (secure-json-parse),
  // which refuses `__proto__` and `constructor.prototype` keys (400) instead of building objects with them.
  const fastifyJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    fastifyJson(req, body as string, done);
  });
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  await securityHeaders(app, config.h5Dir);

  app.setErrorHandler((err, req, reply) => {
    // Everything leaves as the envelope {error: {code, message, details?}} with the catalogue's Chinese message.
    const e = err as { validation?: unknown; statusCode?: number };
    let apiError: ApiError;
    if (err instanceof ApiError) apiError = err;
    else if (e.validation) apiError = validationFailed(req.method, invalidFields(e.validation));
    else if (e.statusCode === 429) apiError = new ApiError('RATE_LIMITED');
    else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) apiError = new ApiError('BAD_REQUEST', { status: e.statusCode });
    else {
      req.log.error({ err }, 'unhandled error');
      apiError = new ApiError('INTERNAL');
    }
    if (apiError.headers) reply.headers(apiError.headers);
    return reply.code(apiError.status).send(apiError.toBody());
  });

  // At the root, not inside the /api/v1 plugin: the h5 build's static wildcard `/*` also catches unknown
  // GET /api/v1 paths and hands them to the root handler, which must answer the API's envelope too.
  app.setNotFoundHandler((req, reply) => {
    const message = req.url.startsWith('/api/') ? '没有这个接口' : '没有这个页面';
    reply.code(404).send(new ApiError('NOT_FOUND', { message }).toBody());
  });
  return app;
}

/**
 * Serves the h5 build (config.h5Dir) at `/`, or a line saying how to build it, with each file's Cache-Control from
 * staticCacheControl (content-hashed scripts for a year; index.html and the service worker revalidated with their
 * ETag / Last-Modified, a 304 when unchanged), and a script's precompressed .br/.gz when the client accepts it.
 */
export async function serveH5(app: FastifyInstance, config: Config): Promise<void> {
  if (fs.existsSync(path.join(config.h5Dir, 'index.html'))) {
    const root = config.h5Dir;
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // The h5 build ships each script also as .br and .gz (config/index.ts), smaller than compressing per request.
      preCompressed: true,
      cacheControl: false,
      etag: true,
      lastModified: true,
      setHeaders: (res, filePath) => res.setHeader('cache-control', staticCacheControl(path.relative(root, filePath))),
    });
  } else {
    app.get('/', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('h5 build not found: run `npm run build:h5` first.'));
  }
}
