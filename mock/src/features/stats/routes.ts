import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { auditStaff, authorise, authoriseRole, requireStaff } from '../../core/http/staffAuth';
import { reachOf, type StaffMembership, type StaffRole } from '../../core/staff';
import { districtOf, statistics, statsRange, type StatsQuery } from './stats';
import { statsFile } from './export';
import type { StatsScope } from './repo';

/** Who reads the statistics: the city admins (everything), district staff (their district), keepers (their station). */
const STATS_ROLES: readonly StaffRole[] = ['keeper', 'district', 'city'];

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const QUERY = {
  from: DATE,
  to: DATE,
  districtCode: { type: 'string', pattern: '^\\d{6}$' },
} as const;

/**
 * GET /staff/stats (the console's 统计分析: every series in one answer) and GET /staff/stats/export (the same as a
 * CSV or XLSX attachment), within the caller's scope. A district filter must be in scope (403 otherwise; 404 for a
 * city admin naming a district without stations). Both are audited, the export as an export.
 */
export function statsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = requireStaff(ctx);

  /** The acting membership and the scope of the request (authorised and, when refused, audited). */
  async function scopeOf(req: FastifyRequest, action: string): Promise<{ member: StaffMembership; scope: StatsScope; label: string }> {
    const { districtCode } = req.query as StatsQuery;
    const reach = reachOf(req.staff, STATS_ROLES);
    if (districtCode) {
      const name = await districtOf(ctx, districtCode);
      const member = await authorise(ctx, req, action, name === null ? null : { kind: 'district', districtCode }, {
        roles: STATS_ROLES,
        record: { type: 'district', id: districtCode },
        notFound: () => new ApiError('NOT_FOUND', { message: '没有这个区县的驿站，请核对区县。' }),
      });
      return { member, scope: { ...reach, districtCode }, label: name ?? districtCode };
    }
    const member = await authoriseRole(ctx, req, action, STATS_ROLES);
    const label =
      member.role === 'city'
        ? '全市'
        : member.role === 'district'
          ? ((await districtOf(ctx, member.districtCode ?? '')) ?? member.districtCode ?? '')
          : `驿站 ${member.stationId ?? ''}`;
    return { member, scope: { ...reach, districtCode: null }, label };
  }

  app.get(
    '/staff/stats',
    {
      onRequest: staff,
      schema: { querystring: { type: 'object', properties: QUERY }, response: responseSchemas('getStats') },
    },
    async (req, reply) => {
      const { member, scope } = await scopeOf(req, 'stats.read');
      const range = statsRange(ctx.now(), req.query as StatsQuery);
      const answer = await statistics(ctx, range, scope);
      await auditStaff(ctx, req, member, {
        action: 'stats.read',
        target: scope.districtCode ? { type: 'district', id: scope.districtCode } : null,
        detail: { from: range.from, to: range.to },
      });
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.get(
    '/staff/stats/export',
    {
      onRequest: staff,
      schema: {
        querystring: {
          type: 'object',
          properties: { ...QUERY, format: { type: 'string', enum: ['csv', 'xlsx'], default: 'csv' } },
        },
        response: responseSchemas('exportStats'),
      },
    },
    async (req, reply) => {
      const { member, scope, label } = await scopeOf(req, 'stats.export');
      const q = req.query as StatsQuery & { format: 'csv' | 'xlsx' };
      const range = statsRange(ctx.now(), q);
      const file = await statsFile(ctx, range, scope, q.format, label);
      await auditStaff(ctx, req, member, {
        action: 'stats.export',
        target: scope.districtCode ? { type: 'district', id: scope.districtCode } : null,
        detail: { from: range.from, to: range.to, format: q.format, rows: file.rows },
      });
      reply
        .header('cache-control', 'no-store')
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.filename}"`);
      return file.body;
    },
  );
}
