import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError, ruleError } from '../http/errors';
import { allOf, byAccount, byAddress, rateLimiter } from '../http/rateLimit';
import { requireSession, requireWorker } from '../http/auth';
import { insertWorkerForAccount } from '../repos/workers';
import { encrypt, hmacHex, newId } from '../services/crypto';
import { maskIdNumber, validateIdNumber } from '../../../src/rules/idNumber';
import { maskPhone, normalizePhone } from '../../../src/rules/phone';
import { validateName } from '../../../src/rules/name';
import { isOccupation } from '../../../src/rules/occupation';
import { PRIVACY_POLICY_VERSION } from '../../../src/rules/privacy';
import { shanghaiParts } from '../../../src/rules/time';
import { workerAnswer } from './sessions';

interface RegisterBody {
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
function checkRegistrationConsent(consent: RegisterBody['consent']): void {
  const details = { field: 'consent', currentVersion: PRIVACY_POLICY_VERSION };
  if (consent.sensitiveInfo !== true || consent.privacyPolicyVersion === '') {
    throw new ApiError('CONSENT_REQUIRED', { details });
  }
  if (consent.privacyPolicyVersion !== PRIVACY_POLICY_VERSION) throw new ApiError('CONSENT_OUTDATED', { details });
}

/**
 * POST /workers (register the session's account) and GET /me (the masked worker with its consent state).
 * Identity number and phone are sealed with AES-256-GCM; the identity number's HMAC-SHA256 backs the uniqueness
 * check, so a duplicate is found without ever decrypting another worker's number.
 */
export function workerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.register(async (scope) => {
    const limit = await rateLimiter(scope, ctx);
    scope.post(
      '/workers',
      {
        onRequest: auth,
        preHandler: allOf(
          limit('register.address', ctx.config.accountLimits.registrationsPerAddress, ctx.config.door.rateWindowS, byAddress),
          limit('register.worker', ctx.config.accountLimits.registrationsPerAccount, ctx.config.door.rateWindowS, byAccount),
        ),
        schema: {
          body: {
            type: 'object',
            required: ['name', 'idNumber', 'phone', 'occupation', 'consent'],
            properties: {
              name: { type: 'string', maxLength: 200 },
              idNumber: { type: 'string', maxLength: 100 },
              phone: { type: 'string', maxLength: 100 },
              occupation: { type: 'string', maxLength: 32 },
              consent: {
                type: 'object',
                required: ['privacyPolicyVersion', 'sensitiveInfo'],
                properties: { privacyPolicyVersion: { type: 'string', maxLength: 32 }, sensitiveInfo: { type: 'boolean' } },
              },
            },
          },
        },
      },
      async (req, reply) => {
        const body = req.body as RegisterBody;
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
        const account = req.account!;
        const workerId = newId('w');
        const result = await insertWorkerForAccount(ctx.db, account.id, {
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
        reply.code(201);
        return workerAnswer(ctx, account.id, workerId);
      },
    );
  });

  app.get('/me', { onRequest: auth }, async (req) => {
    const worker = await workerAnswer(ctx, req.account!.id, requireWorker(req));
    if (!worker) throw new ApiError('NOT_REGISTERED');
    return worker;
  });
}
