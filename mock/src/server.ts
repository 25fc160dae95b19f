import fs from 'fs';
import { STATUS_CODES } from 'http';
import type { Duplex } from 'stream';
import path from 'path';
import Ajv from 'ajv';
import type Database from 'better-sqlite3';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyServerOptions, type RouteOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyCompress from '@fastify/compress';
import { slotWindowDays, type Config } from './config';
import type { AppContext } from './context';
import { openDatabase } from './db/database';
import { materializeSessions, seedDatabase } from './db/seed';
import { loadSeed } from '../seed/load';
import { deriveKeys, loadMasterKey } from './services/keys';
import { NearbyIndex } from './services/nearbyIndex';
import type { GrantRelay } from './services/grantHub';
import { allStations } from './repos/stations';
import { listedPoints, type ListedStation } from './services/nearbyAnswer';
import { weChatClient, weChatTestDouble, weChatUnavailable, type WeChatAuth } from './services/wechat';
import { ApiError } from './http/errors';
import { staticCacheControl } from './http/staticCache';
import { sessionRoutes } from './routes/sessions';
import { workerRoutes } from './routes/workers';
import { meRoutes } from './routes/me';
import { stationRoutes } from './routes/stations';
import { doorRoutes } from './routes/doors';
import { healthRoutes } from './routes/health';
import { workerStaffRoutes } from './routes/workersStaff';
import { placeRoutes } from './routes/places';

/**
 * The path as logs keep it: no query (it can hold a precise location, sensitive under PIPL art. 28) and no door
 * code (a printed or screen code in /d/ or /r/ opens a door; logs are read by more people than doors are).
 */
export const logPath = (url: string): string => url.split('?')[0].replace(/^\/(d|r)\/[^/]+/, '/$1/[code]');

export interface ServerOptions {
  /** The clock; tests pass a fake one. Epoch milliseconds. */
  now?: () => number;
  /** Where structured logs go (default stdout); tests capture them to check redaction. */
  logStream?: NodeJS.WritableStream;
  wechat?: WeChatAuth;
  /** Called for every route as it is registered; the OpenAPI test collects the routes with it. */
  onRoute?: (route: RouteOptions) => void;
  /** In a cluster's worker: how door grants reach the other processes (mock/src/cluster.ts). */
  grantRelay?: GrantRelay;
}

/**
 * The parameters or body fields a failed schema validation names (Ajv errors): `lat` for `/lat`, the missing one
 * for `required`, so a client (or a developer) knows what to fix. Values are never echoed: they may be personal.
 */
function invalidFields(errors: unknown): string[] {
  const names = (Array.isArray(errors) ? errors : []).map((err: { instancePath?: string; params?: { missingProperty?: string } }) =>
    err.params?.missingProperty ?? (err.instancePath ?? '').replace(/^\//, '').split('/')[0],
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

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over 16 KB, a raw non-ASCII URL) get the
 * API's envelope too, not Fastify's default `{"error":"Bad Request","message":"Client Error"}`.
 */
function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify(new ApiError('BAD_REQUEST', { status }).toBody());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Log fields that may carry personal data; pino replaces them with "[redacted]". */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-staff-key"]',
  'body.idNumber',
  'body.phone',
  'body.name',
  '*.idNumber',
  '*.phone',
];

/**
 * Seeds an empty database, materialises the slot window at `nowMs` (epoch ms) and reads the master key (creating
 * a development key on the first run). Idempotent; returns the master key. Migrations ran when `sqlite` opened.
 */
function prepareData(config: Config, sqlite: Database.Database, nowMs: number): Buffer {
  seedDatabase(sqlite, loadSeed());
  materializeSessions(sqlite, nowMs, slotWindowDays(config));
  return loadMasterKey(config.dataDir, config.masterKey);
}

/**
 * Creates or brings up to date the data folder (`config.dataDir`): migrations, the seed, the slot window, the
 * development master key. buildServer does the same; a cluster's primary runs this once before starting its
 * workers, whose first runs on an empty folder would otherwise race (two seeds, two different master keys).
 */
export async function prepareDataDir(config: Config, nowMs: number): Promise<void> {
  const { sqlite, close } = openDatabase(config.dataDir);
  try {
    prepareData(config, sqlite, nowMs);
  } finally {
    await close();
  }
}

/**
 * Builds the backend: opens and migrates the SQLite database in `config.dataDir`, seeds an empty one,
 * materialises the slot window, builds the nearby index, and registers the API under /api/v1 plus
 * the h5 build at /. Call `listen` on the result.
 */
export async function buildServer(config: Config, opts: ServerOptions = {}): Promise<{ app: FastifyInstance; ctx: AppContext }> {
  const now = opts.now ?? Date.now;
  const { db, sqlite, close } = openDatabase(config.dataDir);
  const keys = deriveKeys(prepareData(config, sqlite, now()), process.env.DOOR_KEY_IDS || '1');
  const nearby = new NearbyIndex<ListedStation>();
  nearby.rebuild(listedPoints(await allStations(db)));
  const ctx: AppContext = { config, db, sqlite, keys, now, nearby, grantRelay: opts.grantRelay };

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
    trustProxy: false,
    bodyLimit: 64 * 1024,
    forceCloseConnections: true,
  });
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, path: logPath(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
  if (opts.onRoute) app.addHook('onRoute', opts.onRoute);
  app.addHook('onClose', async () => close());
  app.decorateRequest('account', null);
  // Query strings and path parameters are text, so they are coerced to the schema's types; JSON bodies already
  // carry types, and coercing them let "Infinity" pass as a coordinate and "true" as an explicit consent.
  const ajvText = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: true, allErrors: false });
  const ajvJson = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: true, allErrors: false });
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
  // an empty body is no body, not a parse error.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      const err = new Error('malformed JSON') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  await app.register(fastifyCompress, { global: true, threshold: 1024 });

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

  // The test double maps any code to a made-up openid: never in production, where a code without credentials fails.
  const wechat =
    opts.wechat ?? (config.wechat ? weChatClient(config.wechat.appId, config.wechat.secret) : config.production ? weChatUnavailable : weChatTestDouble);
  // At the root, not inside the /api/v1 plugin: the h5 build's static wildcard `/*` also catches unknown
  // GET /api/v1 paths and hands them to the root handler, which must answer the API's envelope too.
  app.setNotFoundHandler((req, reply) => {
    const message = req.url.startsWith('/api/') ? '没有这个接口' : '没有这个页面';
    reply.code(404).send(new ApiError('NOT_FOUND', { message }).toBody());
  });
  await app.register(
    async (api) => {
      sessionRoutes(api, ctx, wechat);
      workerRoutes(api, ctx);
      workerStaffRoutes(api, ctx);
      meRoutes(api, ctx);
      stationRoutes(api, ctx);
      doorRoutes(api, ctx);
      healthRoutes(api, ctx);
      placeRoutes(api);
    },
    { prefix: '/api/v1' },
  );

  // A printed (/d/) or screen (/r/) door URL opened outside WeChat (a phone's camera app) lands on the h5 unlock page.
  for (const kind of ['d', 'r']) {
    app.get(`/${kind}/:code`, async (req, reply) => {
      const url = `https://${config.doorHost}${req.url.split('?')[0]}`;
      return reply.redirect(`/#/packages/unlock/pages/index/index?code=${encodeURIComponent(url)}`);
    });
  }

  if (fs.existsSync(path.join(config.h5Dir, 'index.html'))) {
    const root = config.h5Dir;
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      // The h5 build ships each script also as .br and .gz (config/index.ts), smaller than compressing per request.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => res.setHeader('cache-control', staticCacheControl(path.relative(root, filePath))),
    });
  } else {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain; charset=utf-8').send('h5 build not found: run `npm run build:h5` first.'),
    );
  }
  return { app, ctx };
}
