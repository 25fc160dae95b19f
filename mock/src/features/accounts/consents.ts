import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { consentHistory, latestConsent, recordConsent, type ConsentEvent, type ConsentKind } from './repo';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { toShanghaiIso } from '@/rules/time';

/**
 * Consents (PIPL art. 14, 15, 29): the current state folded from the append-only record (repo.ts), giving
 * and withdrawing. Kinds: `privacy` (the notice), `idNumber` (the identity number), `location` (precise location).
 */
export type { ConsentKind };

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

/** The consent state as the API shows it: times as Shanghai ISO strings. */
export function publicConsent(c: ConsentStatus) {
  const state = (x: ConsentState | null) => x && { version: x.version, at: toShanghaiIso(x.at), current: x.current };
  return {
    policyVersion: c.policyVersion,
    current: c.current,
    privacy: state(c.privacy),
    idNumber: state(c.idNumber),
    location: state(c.location),
  };
}

/** The consent state of an account, for GET /me/consents and inside the worker. */
export async function consentAnswer(ctx: AppContext, accountId: string) {
  return publicConsent(consentStatus(await consentHistory(ctx.db, accountId), PRIVACY_POLICY_VERSION));
}

/** True when the account's consent to precise location is in force for the notice version in force. */
export async function locationConsented(ctx: Pick<AppContext, 'db'>, accountId: string): Promise<boolean> {
  // The fold of consentStatus over the one event it would keep for this kind (every unlock asks).
  const latest = await latestConsent(ctx.db, accountId, 'location');
  return consentStatus(latest ? [latest] : [], PRIVACY_POLICY_VERSION).location?.current === true;
}

/**
 * Records a consent of `kind` for `version`, which must be the notice version in force.
 * @throws ApiError CONSENT_OUTDATED
 */
export async function giveConsent(ctx: AppContext, accountId: string, kind: ConsentKind, version: string) {
  if (version !== PRIVACY_POLICY_VERSION) {
    throw new ApiError('CONSENT_OUTDATED', { details: { field: 'consent', currentVersion: PRIVACY_POLICY_VERSION } });
  }
  await recordConsent(ctx.db, accountId, { kind, version, at: ctx.now(), withdrawn: false });
  return consentAnswer(ctx, accountId);
}

/**
 * Withdraws the location consent (as easy as giving it, PIPL art. 15). The notice and identity-number consents
 * are what registration rests on: withdrawing them is deleting the account.
 */
export async function withdrawLocationConsent(ctx: AppContext, accountId: string) {
  await recordConsent(ctx.db, accountId, { kind: 'location', version: PRIVACY_POLICY_VERSION, at: ctx.now(), withdrawn: true });
  return consentAnswer(ctx, accountId);
}
