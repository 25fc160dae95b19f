import type { FastifyInstance, RouteOptions } from 'fastify';
import { slotWindowDays, type Config } from './core/config';
import type { AppContext } from './core/context';
import { openDataFolder, type OpenedDataFolder } from './core/dataFolder';
import { seedDatabase } from './core/db/seed';
import { deriveKeys } from './core/keys';
import { httpServer, serveH5 } from './core/http/plugins';
import { serveConsole } from './core/http/console';
import { pgChannel, type PgChannel } from './core/db/pgChannels';
import { loadSeed } from '../seed/load';
import { accountPort, accountRoutes, weChatClient, weChatTestDouble, weChatUnavailable, type WeChatAuth } from './features/accounts';
import { nearbyIndexOf, stationsRoutes, type ListedStation, type NearbyIndex, type StationRelay } from './features/stations';
import { doorLinkRoutes, doorsRoutes, runDoorsPass, type GrantRelay } from './features/doors';
import { bookingRoutes, materializeSessions, runScheduler } from './features/booking';
import { staffFeatureRoutes, staffPort } from './features/staff';
import { consoleFeatureRoutes, consolePort, runConsolePass } from './features/console';
import { reportsRoutes } from './features/reports';
import { statsFeatureRoutes } from './features/stats';
import { notifierFor } from './core/notifier';
import { startScheduler } from './core/scheduler';

/**
 * The backend composed: the shared HTTP plumbing (core/http), the features under /api/v1, the door links
 * and the h5 build at the root, the notifier, and the scheduler (booking and doors passes). main.ts and cluster.ts start it.
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
  /** In a cluster's worker: how station changes (closures) reach the other processes' caches (mock/src/cluster.ts). */
  stationRelay?: StationRelay;
  /**
   * The data folder was checked by the cluster's primary (prepareDataDir): skip the integrity check (PRAGMA
   * quick_check reads the whole file; once per start is enough). The key check still runs (one row).
   */
  prepared?: boolean;
}

/** The LISTEN/NOTIFY channel of door grants on PostgreSQL (core/db/pgChannels.ts). */
const GRANT_CHANNEL = 'yizhan_door_grants';

/** The LISTEN/NOTIFY channel of station changes (closures) on PostgreSQL: every server reloads the station. */
const STATION_CHANNEL = 'yizhan_station_changes';

/** How long a start waits for the grant channel to listen before going on without it (it keeps trying). */
const CHANNEL_READY_MS = 5000;

/** A relay of ids between server processes: door grants (GrantRelay) and station changes (StationRelay) alike. */
interface IdRelay {
  publish(id: string): void;
  subscribe(on: (id: string) => void): () => void;
}

/**
 * How door grants (or station changes) reach the other server processes: the cluster's relay through its primary
 * (processes of one host), and on PostgreSQL also the database's notification channel (servers on other hosts). A
 * grant heard both ways wakes its controllers twice, a station change reloads the station twice: no harm either
 * way (a woken poll reads its grants from the database, a reload reads the station).
 */
function relayOf(cluster: IdRelay | undefined, channel: PgChannel | null): IdRelay | undefined {
  const relays = [cluster, channel].filter((r): r is IdRelay => r != null);
  if (relays.length <= 1) return relays[0];
  return {
    publish: (doorId) => relays.forEach((r) => r.publish(doorId)),
    subscribe: (wake) => {
      const offs = relays.map((r) => r.subscribe(wake));
      return () => offs.forEach((off) => off());
    },
  };
}

/** The server's context: what every feature gets (AppContext), plus the stations' in-memory nearby index. */
export interface ServerContext extends AppContext {
  nearby: NearbyIndex<ListedStation>;
}

/**
 * Opens the data folder (core/dataFolder.ts: the database and its master key, created in a new folder, checked
 * together otherwise), seeds a database without stations and materialises the slot window at `nowMs` (epoch ms).
 * Idempotent. Migrations ran when the database opened. @throws StartupError (see openDataFolder)
 */
async function openData(config: Config, nowMs: number, checkIntegrity: boolean): Promise<OpenedDataFolder> {
  const folder = await openDataFolder(config, { checkIntegrity });
  try {
    await seedDatabase(folder.db, loadSeed());
    await materializeSessions(folder.db, nowMs, slotWindowDays(config));
    return folder;
  } catch (err) {
    await folder.close();
    throw err;
  }
}

/**
 * Creates, checks or brings up to date the data folder (`config.dataDir`): migrations, the seed, the slot window,
 * the development master key, the integrity and key checks. buildServer does the same; a cluster's primary runs
 * this once before starting its workers (which then start with `prepared`), so a folder that must not be used
 * stops the start once, before any worker, and first runs on an empty folder do not race (two seeds, two keys).
 * @throws StartupError
 */
export async function prepareDataDir(config: Config, nowMs: number): Promise<void> {
  await (await openData(config, nowMs, true)).close();
}

/**
 * Builds the backend: opens, checks and migrates the SQLite database in `config.dataDir` with its master key
 * (refusing a lost or damaged database or another key: StartupError), seeds a new one,
 * materialises the slot window, builds the nearby index, registers the API under /api/v1 plus the door links and
 * the h5 build at /, and starts the booking scheduler (config.booking.schedulerIntervalS; 0: off; on PostgreSQL
 * in one server of the database at a time). With DATABASE_URL, door grants also travel by LISTEN/NOTIFY, so a
 * controller long-polling any server hears an unlock made through any other, and a station closed through one
 * server shows as 暂停开放 on every other at once (features/stations/changes.ts). Call `listen` on the result.
 */
export async function buildServer(config: Config, opts: ServerOptions = {}): Promise<{ app: FastifyInstance; ctx: ServerContext }> {
  const now = opts.now ?? Date.now;
  const { db, close, masterKey } = await openData(config, now(), !opts.prepared);
  const keys = deriveKeys(masterKey, process.env.DOOR_KEY_IDS || '1');
  const nearby = await nearbyIndexOf(db);
  const app = await httpServer(config, { logStream: opts.logStream, onRoute: opts.onRoute });
  app.addHook('onClose', async () => close());
  const grants = config.databaseUrl
    ? pgChannel(config.databaseUrl, GRANT_CHANNEL, (err) => app.log.warn({ err }, 'door grant channel: connection lost; connecting again'))
    : null;
  const stationChanges = config.databaseUrl
    ? pgChannel(config.databaseUrl, STATION_CHANNEL, (err) =>
        app.log.warn({ err }, 'station change channel: connection lost; connecting again'),
      )
    : null;
  for (const channel of [grants, stationChanges]) {
    if (!channel) continue;
    app.addHook('onClose', async () => channel.close());
    await Promise.race([channel.ready(), new Promise((r) => setTimeout(r, CHANNEL_READY_MS).unref())]);
  }
  const notifier = notifierFor(config.wechat, { ...config.booking.templates, alarm: config.staff.alarmTemplate }, app.log);
  const ctx: ServerContext = {
    config,
    db,
    keys,
    now,
    accounts: accountPort(db),
    staff: staffPort(db),
    consoles: consolePort(db),
    notifier,
    nearby,
  };
  // The test double maps any code to a made-up openid: never in production, where a code without credentials fails.
  const wechat =
    opts.wechat ??
    (config.wechat ? weChatClient(config.wechat.appId, config.wechat.secret) : config.production ? weChatUnavailable : weChatTestDouble);
  await app.register(
    async (api) => {
      accountRoutes(api, ctx, wechat);
      stationsRoutes(api, ctx, nearby, relayOf(opts.stationRelay, stationChanges));
      doorsRoutes(api, ctx, relayOf(opts.grantRelay, grants));
      bookingRoutes(api, ctx);
      staffFeatureRoutes(api, ctx);
      consoleFeatureRoutes(api, ctx);
      reportsRoutes(api, ctx);
      statsFeatureRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  doorLinkRoutes(app, ctx);
  await serveConsole(app, config);
  await serveH5(app, config);
  startScheduler(app, ctx, [
    { name: 'booking', run: async (nowMs) => ({ ...(await runScheduler(ctx, nowMs, notifier)) }) },
    { name: 'doors', run: async (nowMs) => ({ ...(await runDoorsPass(ctx, nowMs, notifier)) }) },
    { name: 'console', run: async (nowMs) => ({ ...(await runConsolePass(db, nowMs)) }) },
  ]);
  return { app, ctx };
}
