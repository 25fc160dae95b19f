import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError, ruleError } from '../http/errors';
import { requireSession, requireWorker } from '../http/auth';
import { insertWorkerForAccount, workerView } from '../repos/workers';
import { encrypt, hmacHex, newId } from '../services/crypto';
import { maskIdNumber, validateIdNumber } from '../../../src/rules/idNumber';
import { maskPhone, normalizePhone } from '../../../src/rules/phone';
import { validateName } from '../../../src/rules/name';
import { isOccupation } from '../../../src/rules/occupation';
import { PRIVACY_POLICY_VERSION } from '../../../src/rules/privacy';
import { publicWorker } from './sessions';

interface RegisterBody {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consent: { privacyPolicyVersion: string; sensitiveInfo: boolean };
}

/** POST /workers (register) and GET /me. */
export function workerRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.post(
    '/workers',
    {
      preHandler: auth,
      schema: {
        body: {
          type: 'object',
          required: ['name', 'idNumber', 'phone', 'occupation', 'consent'],
          properties: {
            name: { type: 'string', maxLength: 100 },
            idNumber: { type: 'string', maxLength: 64 },
            phone: { type: 'string', maxLength: 32 },
            occupation: { type: 'string', maxLength: 32 },
            consent: {
              type: 'object',
              required: ['privacyPolicyVersion', 'sensitiveInfo'],
              properties: { privacyPolicyVersion: { type: 'string' }, sensitiveInfo: { type: 'boolean' } },
            },
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as RegisterBody;
      if (body.consent.sensitiveInfo !== true || body.consent.privacyPolicyVersion !== PRIVACY_POLICY_VERSION) {
        throw new ApiError('CONSENT_REQUIRED', { details: { currentVersion: PRIVACY_POLICY_VERSION } });
      }
      const name = validateName(body.name);
      if (!name.ok) throw ruleError('NAME_INVALID', 'name', name);
      const id = validateIdNumber(body.idNumber);
      if (!id.ok) throw ruleError('ID_NUMBER_INVALID', 'idNumber', id);
      const phone = normalizePhone(body.phone);
      if (!phone.ok) throw ruleError('PHONE_INVALID', 'phone', phone);
      if (!isOccupation(body.occupation)) {
        throw new ApiError('OCCUPATION_INVALID', { status: 422, details: { field: 'occupation' } });
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
      if (result === 'id_number_taken') throw new ApiError('ID_NUMBER_TAKEN', { details: { field: 'idNumber' } });
      reply.code(201);
      return publicWorker((await workerView(ctx.db, workerId))!);
    },
  );

  app.get('/me', { preHandler: auth }, async (req) => {
    const worker = await workerView(ctx.db, requireWorker(req));
    if (!worker) throw new ApiError('NOT_REGISTERED');
    return publicWorker(worker);
  });
}
