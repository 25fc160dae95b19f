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

/** A desk console session (issue 15): one staff member's role, not the account's others. */
export interface ConsoleSession {
  accountId: string;
  /** The staff member (one role over one scope) the approver chose. */
  staffId: string;
  /** Epoch ms. */
  expiresAt: number;
}

/**
 * What core needs to know about desk console sessions, provided by features/console and wired in app.ts:
 * requireStaff accepts a console token as the one staff member it was approved for.
 */
export interface ConsolePort {
  /** True when `token` is shaped like a console token (so it is not looked up as an app session). */
  isConsoleToken(token: string): boolean;
  /**
   * The live console session of `token` at `nowMs` (epoch ms), or null when unknown, expired, or its staff member is
   * suspended or gone (a suspension ends the member's console sessions at once).
   */
  byToken(token: string, nowMs: number): Promise<ConsoleSession | null>;
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
  consoles: ConsolePort;
  /** Messages to people: WeChat subscribe messages where configured, the log otherwise (core/notifier.ts). */
  notifier: Notifier;
}
