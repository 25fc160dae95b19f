import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { newId } from '../services/crypto';

/**
 * Consent record (migration 004): append-only rows of what an account agreed to, in which privacy-notice version,
 * and when. API kinds are `privacy` (the notice), `idNumber` (separate consent for the sensitive identity number,
 * PIPL art. 29) and `location` (separate consent for precise location); the latest row of a kind is current.
 */
export type ConsentKind = 'privacy' | 'idNumber' | 'location';
export const CONSENT_KINDS: readonly ConsentKind[] = ['privacy', 'idNumber', 'location'];

type DbKind = DB['consents']['kind'];
const TO_DB: Record<ConsentKind, DbKind> = { privacy: 'privacy', idNumber: 'id_number', location: 'location' };
const FROM_DB: Record<DbKind, ConsentKind> = { privacy: 'privacy', id_number: 'idNumber', location: 'location' };

type Executor = Kysely<DB> | Transaction<DB>;

/** One consent event; `withdrawn` marks a withdrawal. `at` in epoch ms. */
export interface ConsentEvent {
  kind: ConsentKind;
  version: string;
  at: number;
  withdrawn: boolean;
}

/** Appends a consent (or, with `withdrawn`, a withdrawal). Runs inside the caller's transaction when given one. */
export async function recordConsent(db: Executor, accountId: string, e: ConsentEvent): Promise<void> {
  await db
    .insertInto('consents')
    .values({ id: newId('c'), account_id: accountId, kind: TO_DB[e.kind], version: e.version, at: e.at, withdrawn: e.withdrawn ? 1 : 0 })
    .execute();
}

/** Every consent event of an account, oldest first (for the export). */
export async function consentHistory(db: Executor, accountId: string): Promise<ConsentEvent[]> {
  const rows = await db
    .selectFrom('consents')
    .select(['kind', 'version', 'at', 'withdrawn'])
    .where('account_id', '=', accountId)
    .orderBy('at')
    // Insertion order breaks ties: two events in the same millisecond keep the order they happened in.
    .orderBy(sql`rowid`)
    .execute();
  return rows.map((r) => ({ kind: FROM_DB[r.kind], version: r.version, at: r.at, withdrawn: r.withdrawn === 1 }));
}

/** A kind's current state: the version and time of the consent in force, or null (never given or withdrawn). */
export interface ConsentState {
  version: string;
  at: number;
  /** Given for the notice version in force; false means the app must ask again. */
  current: boolean;
}

export interface ConsentStatus {
  /** The notice version in force (src/rules/privacy.ts). */
  policyVersion: string;
  privacy: ConsentState | null;
  idNumber: ConsentState | null;
  location: ConsentState | null;
  /** Both consents registration needs (notice and identity number) are in force for the current version. */
  current: boolean;
}

/**
 * Folds the history into the current state per kind. Rows come oldest first; a later withdrawal cancels an
 * earlier consent, a later consent replaces an older version.
 */
export function consentStatus(history: ConsentEvent[], policyVersion: string): ConsentStatus {
  const latest: Partial<Record<ConsentKind, ConsentEvent>> = {};
  for (const e of history) latest[e.kind] = e;
  const state = (k: ConsentKind): ConsentState | null => {
    const e = latest[k];
    return e && !e.withdrawn ? { version: e.version, at: e.at, current: e.version === policyVersion } : null;
  };
  const privacy = state('privacy');
  const idNumber = state('idNumber');
  return {
    policyVersion,
    privacy,
    idNumber,
    location: state('location'),
    current: Boolean(privacy?.current && idNumber?.current),
  };
}
