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
  /** Folder of the h5 build served at `/`. */
  h5Dir: string;
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
}

/** SQLite takes one writer at a time: past a few processes, more only queue on its lock. */
const MAX_DEFAULT_WORKERS = 4;

/** WORKERS: unset means the CPU count (at most MAX_DEFAULT_WORKERS); anything but a whole number 1-64 is refused. */
function workersOf(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS);
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`WORKERS must be a whole number of server processes from 1 to 64, not "${value}"`);
  return n;
}

const int = (v: string | undefined, dflt: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : dflt;
};

/** Builds the configuration from `env` (defaults to process.env). Throws on values that cannot work. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const root = path.resolve(__dirname, '..', '..', '..');
  const wechat =
    env.WECHAT_APPID && env.WECHAT_SECRET ? { appId: env.WECHAT_APPID, secret: env.WECHAT_SECRET } : null;
  const production = env.NODE_ENV === 'production';
  if (production) {
    if (!env.YIZHAN_MASTER_KEY) throw new Error('NODE_ENV=production needs YIZHAN_MASTER_KEY (no development defaults in production)');
  }
  return {
    port: int(env.PORT, 3000),
    host: env.HOST || '127.0.0.1',
    workers: workersOf(env.WORKERS),
    dataDir: path.resolve(env.DATA_DIR || path.join(root, '.data')),
    h5Dir: path.resolve(env.H5_DIR || path.join(root, 'dist', 'h5')),
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
  };
}

/** Days ahead for which sessions and slots exist: at least as far as booking opens. */
export const slotWindowDays = (config: Config): number =>
  Math.max(config.bookingWindowDays, config.booking.policy.releaseDaysAhead);
