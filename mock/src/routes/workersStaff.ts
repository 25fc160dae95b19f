import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError, ruleError } from '../http/errors';
import { requireStaff } from '../http/auth';
import { hmacHex } from '../services/crypto';
import { eraseAccount } from '../services/accountErasure';
import { accountOfIdNumber } from '../repos/workers';
import { validateIdNumber } from '../../../src/rules/idNumber';

/**
 * Union staff (X-Staff-Key), for the 12351 hotline: POST /staff/workers/release frees an identity number whose
 * account its owner can no longer reach (a lost phone, cleared app data) or that someone else registered first.
 * Staff check the person's identity card offline first; the account is then deleted as in DELETE /me (history kept
 * anonymous, upcoming places given to the waitlists) and the owner can register again. Logged without the number.
 */
export function workerStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/staff/workers/release',
    {
      onRequest: requireStaff(ctx),
      schema: { body: { type: 'object', required: ['idNumber'], properties: { idNumber: { type: 'string', maxLength: 40 } } } },
    },
    async (req) => {
      const id = validateIdNumber((req.body as { idNumber: string }).idNumber);
      if (!id.ok) throw ruleError('ID_NUMBER_INVALID', 'idNumber', id);
      const accountId = await accountOfIdNumber(ctx.db, hmacHex(ctx.keys.lookupHmacKey, id.value.idNumber));
      if (!accountId) throw new ApiError('NOT_FOUND', { message: '没有用这个身份证号登记的职工，可以直接登记。' });
      const outcome = await eraseAccount(ctx, accountId, req.log);
      req.log.info({ event: 'worker_released', ...outcome }, 'identity number released by staff');
      return { released: true, ...outcome };
    },
  );
}
