import type { FastifyInstance, RouteOptions } from 'fastify';
import { slotWindowDays, type Config } from './core/config';
import type { AppContext } from './core/context';
import { openDatabase, type Db } from './core/db/database';
import { seedDatabase } from './core/db/seed';
import { deriveKeys, loadMasterKey } from './core/keys';
import { httpServer, serveH5 } from './core/http/plugins';
import { loadSeed } from '../seed/load';
import { accountPort, accountRoutes, weChatClient, weChatTestDouble, weChatUnavailable, type WeChatAuth } from './features/accounts';
import { nearbyIndexOf, stationsRoutes, type ListedStation, type NearbyIndex } from './features/stations';
import { doorLinkRoutes, doorsRoutes, type GrantRelay } from './features/doors';
import { bookingRoutes, materializeSessions, startScheduler } from './features/booking';

/**
 * The backend composed: the shared HTTP plumbing (core/http), the four features under /api/v1, the door links
 * and the h5 build at the root, and the booking scheduler. main.ts and cluster.ts start it.
 */

/** The logPath redaction rule lives with the logger (core/http/plugins.ts). */
export { logPath } from './core/http/plugins';

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

/** The server's context: what every feature gets (AppContext), plus the stations' in-memory nearby index. */
export interface ServerContext extends AppContext {
  nearby: NearbyIndex<ListedStation>;
}

/**
 * Seeds an empty database, materialises the slot window at `nowMs` (epoch ms) and reads the master key (creating
 * a development key on the first run). Idempotent; returns the master key. Migrations ran when the database opened.
 */
async function prepareData(config: Config, db: Db, nowMs: number): Promise<Buffer> {
  seedDatabase(db, loadSeed());
  await materializeSessions(db, nowMs, slotWindowDays(config));
  return loadMasterKey(config.dataDir, config.masterKey);
}

/**
 * Creates or brings up to date the data folder (`config.dataDir`): migrations, the seed, the slot window, the
 * development master key. buildServer does the same; a cluster's primary runs this once before starting its
 * workers, whose first runs on an empty folder would otherwise race (two seeds, two different master keys).
 */
export async function prepareDataDir(config: Config, nowMs: number): Promise<void> {
  const { db, close } = openDatabase(config.dataDir);
  try {
    await prepareData(config, db, nowMs);
  } finally {
    await close();
  }
}

/**
 * Builds the backend: opens and migrates the SQLite database in `config.dataDir`, seeds an empty one,
 * materialises the slot window, builds the nearby index, registers the API under /api/v1 plus the door links and
 * the h5 build at /, and starts the booking scheduler (config.booking.schedulerIntervalS; 0: off). Call `listen`
 * on the result.
 */
export async function buildServer(config: Config, opts: ServerOptions = {}): Promise<{ app: FastifyInstance; ctx: ServerContext }> {
  const now = opts.now ?? Date.now;
  const { db, close } = openDatabase(config.dataDir);
  const keys = deriveKeys(await prepareData(config, db, now()), process.env.DOOR_KEY_IDS || '1');
  const nearby = await nearbyIndexOf(db);
  const ctx: ServerContext = { config, db, keys, now, accounts: accountPort(db), nearby };

  const app = await httpServer(config, { logStream: opts.logStream, onRoute: opts.onRoute });
  app.addHook('onClose', async () => close());
  // The test double maps any code to a made-up openid: never in production, where a code without credentials fails.
  const wechat =
    opts.wechat ?? (config.wechat ? weChatClient(config.wechat.appId, config.wechat.secret) : config.production ? weChatUnavailable : weChatTestDouble);
  await app.register(
    async (api) => {
      accountRoutes(api, ctx, wechat);
      stationsRoutes(api, ctx, nearby);
      doorsRoutes(api, ctx, opts.grantRelay);
      bookingRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  doorLinkRoutes(app, ctx);
  await serveH5(app, config);
  startScheduler(app, ctx);
  return { app, ctx };
}
