import type { AppContext } from '../../core/context';
import { ApiError, ruleError } from '../../core/http/errors';
import { encrypt, hmacHex, newId } from '../../core/crypto';
import { insertWorkerForAccount, updateWorkerPhone, workerView } from './repo';
import { consentAnswer } from './consents';
import { maskIdNumber, validateIdNumber } from '@/rules/idNumber';
import { maskPhone, normalizePhone } from '@/rules/phone';
import { validateName } from '@/rules/name';
import { isOccupation } from '@/rules/occupation';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { shanghaiParts, toShanghaiIso } from '@/rules/time';

/**
 * Registering a worker and the worker's own record. Identity number and phone are sealed with AES-256-GCM; the
 * identity number's HMAC-SHA256 backs the uniqueness check, so a duplicate is found without ever decrypting
 * another worker's number.
 */
export interface Registration {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consent: { privacyPolicyVersion: string; sensitiveInfo: boolean };
}

/**
 * The consent the form collected, checked before any field: both the notice and the separate consent for the
 * identity number (PIPL art. 29) must be given, for the notice version in force.
 * @throws ApiError CONSENT_REQUIRED (not given) or CONSENT_OUTDATED (given for an older version)
 */
function checkRegistrationConsent(consent: Registration['consent']): void {
  const details = { field: 'consent', currentVersion: PRIVACY_POLICY_VERSION };
  if (consent.sensitiveInfo !== true || consent.privacyPolicyVersion === '') {
    throw new ApiError('CONSENT_REQUIRED', { details });
  }
  if (consent.privacyPolicyVersion !== PRIVACY_POLICY_VERSION) throw new ApiError('CONSENT_OUTDATED', { details });
}

/**
 * Registers the account's worker and answers it as {@link workerAnswer} does.
 * @throws ApiError CONSENT_REQUIRED, CONSENT_OUTDATED, NAME_INVALID, ID_NUMBER_INVALID, PHONE_INVALID,
 * OCCUPATION_INVALID (422 with details.field), ALREADY_REGISTERED, ID_NUMBER_TAKEN
 */
export async function registerWorker(ctx: AppContext, accountId: string, body: Registration) {
  checkRegistrationConsent(body.consent);
  const name = validateName(body.name);
  if (!name.ok) throw ruleError('NAME_INVALID', 'name', name);
  // The server's clock decides "today" for the future-birth and age checks (a faked clock in tests).
  const id = validateIdNumber(body.idNumber, shanghaiParts(ctx.now()));
  if (!id.ok) throw ruleError('ID_NUMBER_INVALID', 'idNumber', id);
  const phone = normalizePhone(body.phone);
  if (!phone.ok) throw ruleError('PHONE_INVALID', 'phone', phone);
  if (!isOccupation(body.occupation)) {
    throw new ApiError('OCCUPATION_INVALID', { details: { field: 'occupation', reason: 'OCCUPATION_INVALID' } });
  }
  const workerId = newId('w');
  const result = await insertWorkerForAccount(ctx.db, accountId, {
    id: workerId,
    name: name.value,
    idNumberEnc: encrypt(ctx.keys.dataEncKey, id.value.idNumber),
    idNumberHmac: hmacHex(ctx.keys.lookupHmacKey, id.value.idNumber),
    idNumberMasked: maskIdNumber(id.value.idNumber),
    phoneEnc: encrypt(ctx.keys.dataEncKey, phone.value),
    phoneMasked: maskPhone(phone.value),
    occupation: body.occupation,
    privacyVersion: body.consent.privacyPolicyVersion,
    nowMs: ctx.now(),
  });
  if (result === 'account_has_worker') throw new ApiError('ALREADY_REGISTERED');
  // Says only that the number is taken, with the union's hotline: never which account holds it.
  if (result === 'id_number_taken') throw new ApiError('ID_NUMBER_TAKEN', { details: { field: 'idNumber' } });
  return workerAnswer(ctx, accountId, workerId);
}

/**
 * The worker as the API shows it: masked identity number and phone only, Shanghai ISO times, and whether the
 * consents are current (`consent.current` false: the notice changed, the app asks again). Null when not found.
 */
export async function workerAnswer(ctx: AppContext, accountId: string, workerId: string) {
  const w = await workerView(ctx.db, workerId);
  if (!w) return null;
  return {
    id: w.id,
    name: w.name,
    idNumberMasked: w.idNumberMasked,
    phoneMasked: w.phoneMasked,
    occupation: w.occupation,
    privacyPolicyVersion: w.privacyPolicyVersion,
    registeredAt: toShanghaiIso(w.registeredAt),
    consent: await consentAnswer(ctx, accountId),
  };
}

/** Replaces the worker's phone (sealed and masked). @throws ApiError PHONE_INVALID (422) */
export async function changePhone(ctx: AppContext, accountId: string, workerId: string, given: string) {
  const phone = normalizePhone(given);
  if (!phone.ok) throw ruleError('PHONE_INVALID', 'phone', phone);
  await updateWorkerPhone(ctx.db, workerId, encrypt(ctx.keys.dataEncKey, phone.value), maskPhone(phone.value));
  return workerAnswer(ctx, accountId, workerId);
}
