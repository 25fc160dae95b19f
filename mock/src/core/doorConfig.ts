import { ENTRY_RETENTION_DAYS_DEFAULT } from '@/rules/privacy';

/**
 * Door-entry settings from environment variables, with defaults sized for a station's real traffic (about 35
 * visits a day, bursts at shift changes). Read by loadConfig (config.ts) into `config.door`.
 */
export interface DoorConfig {
  /** DOOR_MAX_DISTANCE_M: farthest distance (m) from the station, plus the fix's accuracy, for a printed code. */
  maxDistanceM: number;
  /**
   * DOOR_MAX_ACCURACY_CREDIT_M: most metres of a fix's self-reported accuracy added to maxDistanceM (default
   * 150). The accuracy is the phone's own claim, so without a cap a client could send 100 km and stretch the
   * check to nothing. 150 m covers honest fixes: GPS between tall buildings (urban canyons) is often 50-150 m off;
   * a fix worse than that says little about where the phone is, so it earns no more slack.
   */
  maxAccuracyCreditM: number;
  /** Rate-limit window, seconds (RATE_WINDOW_S). */
  rateWindowS: number;
  /** Unlock attempts per window by one account (RATE_UNLOCK_WORKER_MAX): a worker retrying a stuck door. */
  unlockPerWorker: number;
  /**
   * Grants per window at one door, by unlock or pass read (RATE_UNLOCK_DOOR_MAX): a crew arriving together. Refused
   * attempts do not count here (they count against the account and the address), so they cannot lock the door.
   */
  unlockPerDoor: number;
  /**
   * Requests per window from one IP address (RATE_UNLOCK_ADDRESS_MAX). High because mobile carriers put many
   * phones behind one address (carrier-grade NAT); it only stops a single source from hammering every door.
   */
  unlockPerAddress: number;
  /** Passes issued per window to one account (RATE_PASS_MAX): one every 30 s is normal use. */
  passPerWorker: number;
  /** Emergency alerts per window from one account (RATE_ALERT_MAX). */
  alertPerWorker: number;
  /**
   * Alerts per window from one account that has not registered (RATE_ALERT_UNREGISTERED_MAX, default 2) and
   * from one address by such accounts together (RATE_ALERT_UNREGISTERED_ADDRESS_MAX, default 10): a fresh
   * session costs nothing, so without these one address recorded 300 a minute. Registered workers are held
   * only by alertPerWorker. A refused alert still says whom to call (features/doors/limits.ts).
   */
  alertUnregisteredPerAccount: number;
  alertUnregisteredPerAddress: number;
  /**
   * ENTRY_RETENTION_DAYS: door entries older than this many days are deleted by the doors scheduler pass, with
   * their grants (features/doors/retention.ts). Default ENTRY_RETENTION_DAYS_DEFAULT (src/rules/privacy.ts, 180:
   * PIPL art. 19, no longer than the purpose needs; the privacy notice states the same number).
   */
  entryRetentionDays: number;
  /**
   * ENTRY_RETENTION_BATCH (default 1000): entries deleted per transaction. Each batch is its own short
   * transaction, so a large backlog never holds SQLite's one write lock for long (a door opening waits for it).
   */
  entryRetentionBatch: number;
}

const positiveInt = (v: string | undefined, dflt: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : dflt;
};

const nonNegativeInt = (v: string | undefined, dflt: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : dflt;
};

/** Builds the door settings from `env`; bad or missing values fall back to the defaults. */
export function loadDoorConfig(env: NodeJS.ProcessEnv): DoorConfig {
  return {
    maxDistanceM: positiveInt(env.DOOR_MAX_DISTANCE_M, 300),
    maxAccuracyCreditM: nonNegativeInt(env.DOOR_MAX_ACCURACY_CREDIT_M, 150),
    rateWindowS: positiveInt(env.RATE_WINDOW_S, 60),
    unlockPerWorker: positiveInt(env.RATE_UNLOCK_WORKER_MAX, 10),
    unlockPerDoor: positiveInt(env.RATE_UNLOCK_DOOR_MAX, 30),
    unlockPerAddress: positiveInt(env.RATE_UNLOCK_ADDRESS_MAX, 120),
    passPerWorker: positiveInt(env.RATE_PASS_MAX, 10),
    alertPerWorker: positiveInt(env.RATE_ALERT_MAX, 5),
    alertUnregisteredPerAccount: positiveInt(env.RATE_ALERT_UNREGISTERED_MAX, 2),
    alertUnregisteredPerAddress: positiveInt(env.RATE_ALERT_UNREGISTERED_ADDRESS_MAX, 10),
    entryRetentionDays: positiveInt(env.ENTRY_RETENTION_DAYS, ENTRY_RETENTION_DAYS_DEFAULT),
    entryRetentionBatch: positiveInt(env.ENTRY_RETENTION_BATCH, 1000),
  };
}
