import net from 'net';
import os from 'os';
import path from 'path';
import { loadBookingConfig, type BookingConfig } from './bookingConfig';
import { loadDoorConfig, type DoorConfig } from './doorConfig';
import { loadStaffConfig, type StaffConfig } from './staffConfig';

/**
 * Server configuration, read once from environment variables. Every value has a safe default for a
 * developer's machine; production sets secrets explicitly.
 */
export interface Config {
  /** TCP port; 0 picks a free one (tests). */
  port: number;
  host: string;
  /**
   * Server processes (WORKERS; default the CPU count, at most 4). Above 1, mock/src/cluster.ts runs them on one
   * port and one database; 1 runs a single process.
   */
  workers: number;
  /** Folder for the SQLite file and the development key; created if missing. */
  dataDir: string;
  /**
   * DATABASE_URL (`postgres://user:password@host:5432/db`): PostgreSQL instead of the SQLite file in dataDir
   * (which then holds only the development master key). Null: SQLite.
   */
  databaseUrl: string | null;
  /** Most pooled PostgreSQL connections per server process (DATABASE_POOL_MAX, default 10). */
  databasePoolMax: number;
  /** Folder of the h5 build served at `/`. */
  h5Dir: string;
  /** CONSOLE_DIR (dist/console): the desk console's build, served at /console/ (issue 15). */
  consoleDir: string;
  logLevel: string;
  /** `off` disables every rate limit (load tests only). */
  rateLimit: 'on' | 'off';
  /** Base64 32-byte master key; absent in development: generated once into dataDir with mode 0600. */
  masterKey: string | null;
  /** Host printed in door codes (`https://{doorHost}/d/...`). */
  doorHost: string;
  /** Session lifetime in seconds. */
  sessionTtlS: number;
  /** Live sessions an account (one device id or one WeChat openid) may hold (SESSIONS_PER_ACCOUNT_MAX); a new one ends the oldest. */
  sessionsPerAccountMax: number;
  /** Days ahead for which slots are materialised from the weekly templates. */
  bookingWindowDays: number;
  wechat: { appId: string; secret: string } | null;
  /** Health booking: policy, scheduler and reminder templates (bookingConfig.ts). */
  booking: BookingConfig;
  /** Door entry: distance limit and rate limits (doorConfig.ts). */
  door: DoorConfig;
  /** Staff: alarm escalation, door controller health, per-person limits, invitations (staffConfig.ts). */
  staff: StaffConfig;
  /**
   * Sign-in and registration limits per window of door.rateWindowS: sessions per address
   * (RATE_SESSION_ADDRESS_MAX), registrations per account (RATE_REGISTER_WORKER_MAX) and per address
   * (RATE_REGISTER_ADDRESS_MAX). They slow down
   * anyone testing identity numbers against ID_NUMBER_TAKEN; addresses are shared (carrier NAT), so high.
   */
  accountLimits: { sessionsPerAddress: number; registrationsPerAccount: number; registrationsPerAddress: number };
  /**
   * Sign-in by device id (the h5 / development path). Off by default once WeChat login is configured, since a
   * device id is then the weaker credential; DEVICE_LOGIN=on|off overrides.
   */
  deviceLogin: boolean;
  /** NODE_ENV=production: development defaults (generated master key, WeChat test double) refused. */
  production: boolean;
  /**
   * TRUST_PROXY: addresses or CIDR ranges of the proxies (TLS terminator, load balancer) whose X-Forwarded-For
   * is believed; the client address (and every per-address rate limit) is then the first address in that
   * header not of a listed proxy. Empty (the default): the peer's own address, X-Forwarded-For ignored.
   */
  trustProxy: string[];
  /** How long a slow client may hold a connection (HttpTimeouts). */
  http: HttpTimeouts;
}

/**
 * Connection time limits, seconds. Node's own request limit is off under Fastify (its requestTimeout defaults
 * to 0), so without these a client trickling a body one byte at a time holds a connection for minutes.
 */
export interface HttpTimeouts {
  /** REQUEST_TIMEOUT_S: the whole request, headers and body, must arrive within this (else 408). */
  requestTimeoutS: number;
  /** HEADERS_TIMEOUT_S: the headers must arrive within this (else 408); at most requestTimeoutS. */
  headersTimeoutS: number;
  /**
   * IDLE_TIMEOUT_S: a connection with no traffic either way is closed after this. A door controller's long poll
   * is silent while it waits (up to 25 s), so this must be longer (MIN_IDLE_TIMEOUT_S).
   */
  idleTimeoutS: number;
  /**
   * KEEP_ALIVE_TIMEOUT_S: how long an idle kept-alive connection stays open between requests. Above the idle
   * timeout of the proxy in front (nginx's upstream keepalive_timeout and cloud load balancers: 60 s), so the
   * proxy always closes first; otherwise a request it sends as Node closes the connection fails with 502.
   */
  keepAliveTimeoutS: number;
}

/** The shortest IDLE_TIMEOUT_S: longer than the door controllers' longest grant poll (features/doors, 25 s). */
export const MIN_IDLE_TIMEOUT_S = 30;

/** A whole number of seconds from 1 up, or `dflt` when unset; anything else is refused, naming the variable. */
function secondsOf(env: NodeJS.ProcessEnv, name: string, dflt: number): number {
  const v = env[name];
  if (v === undefined || v.trim() === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of seconds (1 or more), not "${v}"`);
  return n;
}

/** The timeouts from the environment, checked against each other. */
function httpTimeoutsOf(env: NodeJS.ProcessEnv): HttpTimeouts {
  const t: HttpTimeouts = {
    requestTimeoutS: secondsOf(env, 'REQUEST_TIMEOUT_S', 20),
    headersTimeoutS: secondsOf(env, 'HEADERS_TIMEOUT_S', 10),
    idleTimeoutS: secondsOf(env, 'IDLE_TIMEOUT_S', 60),
    keepAliveTimeoutS: secondsOf(env, 'KEEP_ALIVE_TIMEOUT_S', 65),
  };
  // Node refuses a header limit longer than the request limit (http.createServer).
  if (t.headersTimeoutS > t.requestTimeoutS) {
    throw new Error(`HEADERS_TIMEOUT_S (${t.headersTimeoutS}) must not be longer than REQUEST_TIMEOUT_S (${t.requestTimeoutS})`);
  }
  if (t.idleTimeoutS < MIN_IDLE_TIMEOUT_S) {
    throw new Error(
      `IDLE_TIMEOUT_S (${t.idleTimeoutS}) must be at least ${MIN_IDLE_TIMEOUT_S}: a door controller's long poll waits up to 25 s without traffic`,
    );
  }
  return t;
}

/** Proxy-addr's names for address ranges (loopback, linklocal, uniquelocal) are accepted as well. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: a comma-separated list of IP addresses or CIDR ranges (not a hop count: one more proxy
 * in front must not make the server believe a client's own X-Forwarded-For). Throws on any other entry.
 */
function trustedProxiesOf(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((raw) => {
    const entry = raw.trim();
    const [addr, bits, ...extra] = entry.split('/');
    const family = net.isIP(addr);
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!RANGE_NAMES.has(entry) && (family === 0 || !bitsOk || extra.length > 0)) {
      throw new Error(
        `TRUST_PROXY: "${entry}" is not an IP address or CIDR range; list the proxies in front of the server, comma-separated (e.g. TRUST_PROXY=10.0.0.5,10.1.0.0/16)`,
      );
    }
    return entry;
  });
}

/** SQLite takes one writer at a time: past a few processes, more only queue on its lock. */
const MAX_DEFAULT_WORKERS = 4;

/** WORKERS: unset means the CPU count (at most MAX_DEFAULT_WORKERS); anything but a whole number 1-64 is refused. */
function workersOf(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`WORKERS must be a whole number of server processes from 1 to 64, not "${value}"`);
  return n;
}

/** DATABASE_URL: unset or empty is SQLite; otherwise a postgres:// or postgresql:// URL. */
function databaseUrlOf(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  if (!/^postgres(ql)?:\/\//.test(value))
    throw new Error('DATABASE_URL must be a postgres:// (or postgresql://) URL; unset, the SQLite file in DATA_DIR is used');
  return value;
}

const int = (v: string | undefined, dflt: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : dflt;
};

/** Builds the configuration from `env` (defaults to process.env). Throws on values that cannot work. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(__dirname, '..', '..', '..');
  const wechat = env.WECHAT_APPID && env.WECHAT_SECRET ? { appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET } : null;
  const production = env.NODE_ENV === 'production';
  if (production) {
    if (!env.YIZHAN_MASTER_KEY) throw new Error('NODE_ENV=production needs YIZHAN_MASTER_KEY (no development defaults in production)');
  }
  return {
    port: int(env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    workers: workersOf(env.WORKERS),
    dataDir: path.resolve(env.DATA_DIR || path.join(root, '.data')),
    databaseUrl: databaseUrlOf(env.DATABASE_URL),
    databasePoolMax: Math.max(1, int(env.DATABASE_POOL_MAX, 10)),
    h5Dir: path.resolve(env.H5_DIR || path.join(root, 'dist', 'h5')),
    consoleDir: path.resolve(env.CONSOLE_DIR || path.join(root, 'dist', 'console')),
    logLevel: env.LOG_LEVEL || 'info',
    rateLimit: env.RATE_LIMIT === 'off' ? 'off' : 'on',
    masterKey: env.YIZHAN_MASTER_KEY || null,
    doorHost: env.DOOR_HOST || 'yz.tyzgh.cn',
    sessionTtlS: int(env.SESSION_TTL_S, 30 * 24 * 3600),
    // A phone, a tablet, a reinstall or two: ten is room enough for one person's devices signing in.
    sessionsPerAccountMax: Math.max(1, int(env.SESSIONS_PER_ACCOUNT_MAX, 10)),
    bookingWindowDays: int(env.BOOKING_WINDOW_DAYS, 7),
    wechat,
    booking: loadBookingConfig(env),
    door: loadDoorConfig(env),
    staff: loadStaffConfig(env),
    accountLimits: {
      sessionsPerAddress: Math.max(1, int(env.RATE_SESSION_ADDRESS_MAX, 60)),
      registrationsPerAccount: Math.max(1, int(env.RATE_REGISTER_WORKER_MAX, 10)),
      registrationsPerAddress: Math.max(1, int(env.RATE_REGISTER_ADDRESS_MAX, 30)),
    },
    deviceLogin: env.DEVICE_LOGIN ? env.DEVICE_LOGIN !== 'off' : wechat === null,
    production,
    trustProxy: trustedProxiesOf(env.TRUST_PROXY),
    http: httpTimeoutsOf(env),
  };
}

/** Days ahead for which sessions and slots exist: at least as far as booking opens. */
export const slotWindowDays = (config: Config): number => Math.max(config.bookingWindowDays, config.booking.policy.releaseDaysAhead);
