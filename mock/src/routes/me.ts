import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { ApiError, ruleError } from '../http/errors';
import { requireSession, requireWorker } from '../http/auth';
import { accountInfo } from '../repos/accounts';
import { eraseAccount } from '../services/accountErasure';
import { consentHistory, recordConsent, type ConsentKind } from '../repos/consents';
import { updateWorkerPhone, workerSealed, workerView } from '../repos/workers';
import { entriesOfWorker } from '../repos/entries';
import { bookingsOf } from '../repos/bookings';
import { decrypt, encrypt } from '../services/crypto';
import { maskPhone, normalizePhone } from '../../../src/rules/phone';
import { PRIVACY_POLICY_VERSION } from '../../../src/rules/privacy';
import { toShanghaiIso } from '../../../src/rules/time';
import { consentAnswer, workerAnswer } from './sessions';

/** Large enough for any real history (35 visits a day at the busiest station); SQLite needs some limit value. */
const EXPORT_MAX_ENTRIES = 1_000_000;

/**
 * The worker's rights over their data (PIPL art. 44-47), all behind the session:
 * GET/POST /me/consents, DELETE /me/consents/location, GET /me/export, PUT /me/phone, DELETE /me.
 */
export function meRoutes(app: FastifyInstance, ctx: AppContext): void {
  const auth = requireSession(ctx);

  app.get('/me/consents', { onRequest: auth }, async (req) => consentAnswer(ctx, req.account!.id));

  // Account level, not worker level: precise location is consented to before anyone registers.
  app.post(
    '/me/consents',
    {
      onRequest: auth,
      schema: {
        body: {
          type: 'object',
          required: ['kind', 'version'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: ['privacy', 'idNumber', 'location'] },
            version: { type: 'string', minLength: 1, maxLength: 32 },
          },
        },
      },
    },
    async (req, reply) => {
      const body = req.body as { kind: ConsentKind; version: string };
      if (body.version !== PRIVACY_POLICY_VERSION) {
        throw new ApiError('CONSENT_OUTDATED', { details: { field: 'consent', currentVersion: PRIVACY_POLICY_VERSION } });
      }
      await recordConsent(ctx.db, req.account!.id, { kind: body.kind, version: body.version, at: ctx.now(), withdrawn: false });
      reply.code(201);
      return consentAnswer(ctx, req.account!.id);
    },
  );

  // Withdrawing the location consent is as easy as giving it (PIPL art. 15). The notice and identity-number
  // consents are what registration rests on: withdrawing them is DELETE /me.
  app.delete('/me/consents/location', { onRequest: auth }, async (req) => {
    await recordConsent(ctx.db, req.account!.id, { kind: 'location', version: PRIVACY_POLICY_VERSION, at: ctx.now(), withdrawn: true });
    return consentAnswer(ctx, req.account!.id);
  });

  // The export is the person's own copy (PIPL art. 45), so the identity number and phone are decrypted here and
  // only here: a masked copy would not be a copy. It is reached only with the session of the same account, is
  // never cached (no-store), and the log records that an export happened, never what it held.
  app.get('/me/export', { onRequest: auth }, async (req, reply) => {
    const accountId = req.account!.id;
    const workerId = req.account!.workerId;
    const account = await accountInfo(ctx.db, accountId);
    const consents = (await consentHistory(ctx.db, accountId)).map((c) => ({ ...c, at: toShanghaiIso(c.at) }));
    let worker = null;
    let entries: unknown[] = [];
    let bookings: unknown[] = [];
    if (workerId) {
      const view = await workerView(ctx.db, workerId);
      const sealed = await workerSealed(ctx.db, workerId);
      if (view && sealed) {
        worker = {
          name: view.name,
          idNumber: decrypt(ctx.keys.dataEncKey, sealed.idNumberEnc),
          phone: decrypt(ctx.keys.dataEncKey, sealed.phoneEnc),
          occupation: view.occupation,
          registeredAt: toShanghaiIso(view.registeredAt),
          privacyPolicyVersionAtRegistration: view.privacyPolicyVersion,
        };
      }
      entries = (await entriesOfWorker(ctx.db, workerId, EXPORT_MAX_ENTRIES)).map((e) => ({
        at: toShanghaiIso(e.at),
        stationId: e.stationId,
        stationName: e.stationName,
        doorId: e.doorId,
        outcome: e.outcome,
        reason: e.reason,
        locationPresent: e.locationPresent === 1,
      }));
      bookings = (await bookingsOf(ctx.db, workerId)).map((b) => ({
        ...b,
        startsAt: toShanghaiIso(b.startsAt),
        endsAt: toShanghaiIso(b.endsAt),
      }));
    }
    req.log.info({ event: 'personal_data_export', accountId }, 'personal data exported');
    reply.header('cache-control', 'no-store');
    return {
      exportedAt: toShanghaiIso(ctx.now()),
      policyVersion: PRIVACY_POLICY_VERSION,
      account: account && { createdAt: toShanghaiIso(account.createdAt), login: account.login },
      worker,
      consents,
      entries,
      bookings,
    };
  });

  app.put(
    '/me/phone',
    {
      onRequest: auth,
      schema: {
        body: {
          type: 'object',
          required: ['phone'],
          additionalProperties: false,
          properties: { phone: { type: 'string', maxLength: 100 } },
        },
      },
    },
    async (req) => {
      const workerId = requireWorker(req);
      const phone = normalizePhone((req.body as { phone: string }).phone);
      if (!phone.ok) throw ruleError('PHONE_INVALID', 'phone', phone);
      await updateWorkerPhone(ctx.db, workerId, encrypt(ctx.keys.dataEncKey, phone.value), maskPhone(phone.value));
      return workerAnswer(ctx, req.account!.id, workerId);
    },
  );

  // Withdraws every consent and deletes the account; works unregistered too (consents, device id, sessions).
  app.delete('/me', { onRequest: auth }, async (req, reply) => {
    const outcome = await eraseAccount(ctx, req.account!.id, req.log);
    req.log.info({ event: 'account_deleted', ...outcome }, 'account deleted');
    reply.code(200);
    return outcome;
  });
}
