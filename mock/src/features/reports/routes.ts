import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, authoriseRole, personalLimit, requireStaff } from '../../core/http/staffAuth';
import { reachOf, type StaffRole, type StaffTarget } from '../../core/staff';
import { stationTarget } from '../staff';
import { checkReport, createReport, listReports, resolveReport, type ReportRequest } from './reports';
import { PHOTO_MAX_BASE64, PHOTO_MIMES, type PhotoMime } from './photo';
import { reportById, reportPhoto } from './repo';

/** Who may report, list and resolve a station's reports: its keepers, its district's staff, the city admins. */
const REPORT_ROLES: readonly StaffRole[] = ['keeper', 'district', 'city'];

/** Room for a 2 MiB photo in base64 (2.67 MiB) plus the rest of the JSON; every other route keeps 64 KiB. */
export const REPORT_BODY_LIMIT = PHOTO_MAX_BASE64 + 64 * 1024;

const KINDS = ['hot_water', 'microwave', 'air_conditioning', 'charger', 'medicine_box', 'umbrella', 'other'] as const;
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 40 } } } as const;
const STATION_ID = { type: 'string', pattern: '^[a-z0-9]{2,16}$' } as const;

/** The photo answer's own Content-Security-Policy (it replaces the pages' one): nothing runs, nothing loads. */
const PHOTO_CSP = "default-src 'none'; img-src 'self'; sandbox";
const PHOTO_EXT: Record<PhotoMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

const noStation = () => new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' });
const noReport = () => new ApiError('NOT_FOUND', { message: '没有这条报修记录。' });

/**
 * POST /staff/stations/{id}/reports, GET /staff/reports, GET /staff/reports/{id}/photo, POST
 * /staff/reports/{id}/resolve. Every action and read is audited, refusals too; reports are limited per person
 * (config.staff.reportMax per window: each may carry a 2 MiB photo).
 */
export function reportRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = requireStaff(ctx);
  const reportsMade = personalLimit(ctx, 'staff.reports', ctx.config.staff.reportMax);

  /** The report `id` and the membership allowed to act on it (403 / 404 otherwise, audited). */
  const reportFor = async (req: FastifyRequest, action: string, id: string) => {
    const row = await reportById(ctx.db, id);
    const target: StaffTarget | null = row ? { kind: 'station', stationId: row.stationId, districtCode: String(row.districtCode) } : null;
    const record = { type: 'station_report', id, stationId: row?.stationId ?? null };
    const member = await authorise(ctx, req, action, target, { roles: REPORT_ROLES, record, notFound: noReport });
    return { row: row!, member, record };
  };

  app.post(
    '/staff/stations/:id/reports',
    {
      onRequest: staff,
      bodyLimit: REPORT_BODY_LIMIT,
      schema: {
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['kind'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: KINDS },
            note: { type: 'string', maxLength: 1000 },
            photo: {
              type: 'object',
              required: ['mime', 'base64'],
              additionalProperties: false,
              properties: { mime: { type: 'string', enum: PHOTO_MIMES }, base64: { type: 'string', minLength: 1 } },
            },
          },
        },
        response: responseSchemas('createStationReport'),
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const target = await stationTarget(ctx.db, id);
      const record = { type: 'station', id, stationId: id };
      const member = await authorise(ctx, req, 'report.create', target, { roles: REPORT_ROLES, record, notFound: noStation });
      // Checked first: a refused photo does not use up the allowance; then counted before storing, so reports sent
      // at once cannot all pass.
      const checked = checkReport(req.body as ReportRequest);
      const { report, told } = await reportsMade.attempt(
        req,
        member,
        { action: 'report.create', record, keep: (err) => err === null },
        () => createReport(ctx, target as StaffTarget & { kind: 'station' }, member, checked),
      );
      await auditStaff(ctx, req, member, {
        action: 'report.create',
        target: { type: 'station_report', id: report.id, stationId: id },
        detail: { kind: report.kind, hasPhoto: report.hasPhoto, told },
      });
      reply.code(201).header('cache-control', 'no-store');
      return { report };
    },
  );

  app.get(
    '/staff/reports',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            stationId: STATION_ID,
            state: { type: 'string', enum: ['open', 'resolved'] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: responseSchemas('listStationReports'),
      },
    },
    async (req, reply) => {
      const q = req.query as { stationId?: string; state?: 'open' | 'resolved'; limit: number };
      const member = q.stationId
        ? await authorise(ctx, req, 'reports.read', await stationTarget(ctx.db, q.stationId), {
            roles: REPORT_ROLES,
            record: { type: 'station', id: q.stationId },
            notFound: noStation,
          })
        : await authoriseRole(ctx, req, 'reports.read', REPORT_ROLES);
      const answer = await listReports(ctx, reachOf(req.staff, REPORT_ROLES), q);
      await auditStaff(ctx, req, member, {
        action: 'reports.read',
        target: q.stationId ? { type: 'station', id: q.stationId, stationId: q.stationId } : null,
        detail: { reports: answer.reports.length },
      });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.get(
    '/staff/reports/:id/photo',
    { onRequest: staff, schema: { params: ID_PARAMS, response: responseSchemas('getReportPhoto') } },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const { member, record } = await reportFor(req, 'report.photo', id);
      const photo = await reportPhoto(ctx.db, id);
      if (!photo) throw new ApiError('NOT_FOUND', { message: '这条报修没有照片。' });
      await auditStaff(ctx, req, member, { action: 'report.photo', target: record });
      // A photo may show people: never cached. Whatever bytes follow its signature, it stays an image: nosniff
      // (every answer), and should a browser still open it as a document, a CSP that sandboxes it and runs nothing.
      return reply
        .type(photo.mime)
        .header('cache-control', 'no-store')
        .header('content-security-policy', PHOTO_CSP)
        .header('content-disposition', `inline; filename="report-${id}.${PHOTO_EXT[photo.mime as PhotoMime] ?? 'bin'}"`)
        .send(photo.bytes);
    },
  );

  app.post(
    '/staff/reports/:id/resolve',
    {
      onRequest: staff,
      schema: {
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['note'],
          additionalProperties: false,
          properties: { note: { type: 'string', minLength: 1, maxLength: 300 } },
        },
        response: responseSchemas('resolveStationReport'),
      },
    },
    async (req, reply) => {
      const id = (req.params as { id: string }).id;
      const { member, record } = await reportFor(req, 'report.resolve', id);
      const answer = await resolveReport(ctx, id, member, (req.body as { note: string }).note);
      await auditStaff(ctx, req, member, { action: 'report.resolve', target: record, detail: { state: answer.report.state } });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );
}
