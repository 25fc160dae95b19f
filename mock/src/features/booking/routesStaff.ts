import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, personalLimit, requireStaff } from '../../core/http/staffAuth';
import { covers, type StaffRole } from '../../core/staff';
import { healthStationTarget } from '../staff';
import { checkIn, cancelSession, sessionScope } from './staff';
import { clinicDay } from './clinicDay';

const ID = { type: 'string', minLength: 1, maxLength: 80 } as const;

/** Who acts at a health station: its clinic staff, its district's staff, the city admins. */
const CLINIC_ROLES: readonly StaffRole[] = ['clinic', 'district', 'city'];

const noHealthStation = () => new ApiError('NOT_FOUND', { message: '没有这个健康驿站，请检查签到设备上设置的驿站编号。' });

/**
 * Health-station staff endpoints, authorised by role and scope (core/http/staffAuth.ts) and audited: check a
 * booking in by its code (at most config.staff.checkInFailuresMax wrong codes per person per window), cancel a
 * clinic session (a doctor absent), read the day's sessions, bookings and no-shows.
 */
export function healthStaffRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = requireStaff(ctx);
  const wrongCodes = personalLimit(ctx, 'staff.checkInFailures', ctx.config.staff.checkInFailuresMax);

  app.post(
    '/staff/health-stations/:id/check-ins',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: ID } },
        body: {
          type: 'object',
          required: ['code'],
          additionalProperties: false,
          // The 8 digits as printed (the QR holds the same digits); the service checks the format.
          properties: { code: { type: 'string', maxLength: 32 } },
        },
        response: responseSchemas('checkIn'),
      },
    },
    async (req) => {
      const stationId = (req.params as { id: string }).id;
      const record = { type: 'health_station', id: stationId, stationId };
      const member = await authorise(ctx, req, 'checkin', await healthStationTarget(ctx.db, stationId), {
        roles: CLINIC_ROLES,
        record,
        notFound: noHealthStation,
      });
      const reaches = (healthStationId: string, districtCode: string | null) =>
        req.staff.some((m) => CLINIC_ROLES.includes(m.role) && covers(m, { kind: 'health_station', healthStationId, districtCode }));
      // Only wrong codes count against the person: a guess is what the limit stops.
      const wrongCode = (err: unknown) =>
        err instanceof ApiError && (err.code === 'CHECK_IN_CODE_INVALID' || err.code === 'CHECK_IN_WRONG_STATION');
      const answer = await wrongCodes.attempt(req, member, { action: 'checkin', record, keep: wrongCode }, () =>
        checkIn(ctx, stationId, (req.body as { code: string }).code, reaches),
      );
      await auditStaff(ctx, req, member, {
        action: 'checkin',
        target: { type: 'booking', id: answer.booking.id, stationId },
        detail: { alreadyCheckedIn: answer.alreadyCheckedIn },
      });
      return answer;
    },
  );

  app.post(
    '/staff/clinic-sessions/:id/cancel',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: ID } },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { reason: { type: 'string', enum: ['doctor_absent', 'other'] } },
        },
        response: responseSchemas('cancelClinicSession'),
      },
    },
    async (req) => {
      const sessionId = (req.params as { id: string }).id;
      const scope = await sessionScope(ctx, sessionId);
      const record = { type: 'clinic_session', id: sessionId, stationId: scope?.healthStationId ?? null };
      const member = await authorise(
        ctx,
        req,
        'session.cancel',
        scope ? { kind: 'health_station', healthStationId: scope.healthStationId, districtCode: scope.districtCode } : null,
        { roles: CLINIC_ROLES, record, notFound: () => new ApiError('NOT_FOUND', { message: '没有这一场出诊，请核对后再试。' }) },
      );
      const reason = (req.body as { reason?: 'doctor_absent' | 'other' } | null)?.reason ?? 'other';
      const answer = await cancelSession(ctx, sessionId, reason);
      await auditStaff(ctx, req, member, { action: 'session.cancel', target: record, detail: { reason, ...answer } });
      return answer;
    },
  );

  app.get(
    '/staff/health-stations/:id/day',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['id'], properties: { id: ID } },
        querystring: { type: 'object', properties: { date: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } } },
        response: responseSchemas('clinicDay'),
      },
    },
    async (req) => {
      const stationId = (req.params as { id: string }).id;
      const record = { type: 'health_station', id: stationId, stationId };
      const member = await authorise(ctx, req, 'clinic.day', await healthStationTarget(ctx.db, stationId), {
        roles: CLINIC_ROLES,
        record,
        notFound: () => new ApiError('NOT_FOUND', { message: '没有这个健康驿站，请核对编号。' }),
      });
      const answer = await clinicDay(ctx, stationId, (req.query as { date?: string }).date);
      // A read of workers' personal data (masked names and phones): audited with the day and how many bookings.
      await auditStaff(ctx, req, member, {
        action: 'clinic.day',
        target: record,
        detail: { date: answer.date, bookings: answer.sessions.reduce((n, x) => n + x.bookings.length, 0) },
      });
      return answer;
    },
  );
}
