import type { Config } from './config';
import type { Db } from './db/database';
import type { Keys } from './keys';
import type { Notifier } from './notifier';
import type { StaffMembership, StaffRecipient, StaffRole, StaffTarget } from './staff';

/** The signed-in account of a request: its id, and its worker once registered. */
export interface SessionAccount {
  id: string;
  workerId: string | null;
}

/**
 * What features need to know about accounts, provided by features/accounts and wired in app.ts, so that no
 * other feature imports the accounts feature (and core imports none).
 */
export interface AccountPort {
  /** The account behind a bearer token at `nowMs` (epoch ms), or null when unknown or expired. */
  byToken(token: string, nowMs: number): Promise<SessionAccount | null>;
  /** True when the account's consent to precise location is in force for the notice version in force. */
  locationConsented(accountId: string): Promise<boolean>;
  /** Deletes every session expired at `nowMs` (epoch ms), for the scheduler's sweep; resolves how many. */
  pruneSessions(nowMs: number): Promise<number>;
}

/**
 * What features need to know about staff (who holds which role over what), provided by features/staff and wired
 * in app.ts, so that no other feature imports the staff feature.
 */
export interface StaffPort {
  /** The account's roles in force (not suspended), fresh from the database on every call: suspension acts at once. */
  membershipsOf(accountId: string): Promise<StaffMembership[]>;
  /** The members in force of `role` who reach `target` (for alarms and offline doors). */
  recipients(target: StaffTarget, role: StaffRole): Promise<StaffRecipient[]>;
}

/**
 * What every route and use case needs, built once per server (app.ts). `db` is Kysely, the one query layer:
 * the raw database handle stays inside core/db. `now()` is the clock (tests fake it).
 */
export interface AppContext {
  config: Config;
  db: Db;
  keys: Keys;
  now: () => number;
  accounts: AccountPort;
  staff: StaffPort;
  /** Messages to people: WeChat subscribe messages where configured, the log otherwise (core/notifier.ts). */
  notifier: Notifier;
}
