import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { bearerToken } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { byAddress, rateLimiter } from '../../core/http/rateLimit';
import { auditStaff, requireStaff } from '../../core/http/staffAuth';
import type { StaffMembership, StaffRole } from '../../core/staff';
import { approve, consoleSessionOf, loginForApprover, memberOf, poll, signOut, startLogin } from './logins';
import { toShanghaiIso } from '@/rules/time';

/** Who may sign in to the desk console: the union's district and city staff (keepers and clinics use the app). */
export const CONSOLE_ROLES: readonly StaffRole[] = ['city', 'district'];

const LOGIN_ID = { type: 'string', pattern: '^[A-Za-z0-9_-]{22}$' } as const;
const ended = () => new ApiError('UNAUTHENTICATED', { message: '控制台登录已失效，请重新扫码登录。' });

/**
 * The console feature's routes: the QR sign-in (start, poll, approve from the app) and the console session (who
 * am I, sign out). The console's other calls are the /staff routes, which accept a console session.
 */
export function consoleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const staff = requireStaff(ctx);

  /** onRequest of the console's own session routes: a live console session (401 otherwise). */
  const requireConsole = async (req: FastifyRequest): Promise<void> => {
    const cs = await consoleSessionOf(ctx, bearerToken(req) ?? '', ctx.now());
    if (!cs) throw ended();
    req.account = { id: cs.accountId, workerId: null };
    (req as FastifyRequest & { console: typeof cs }).console = cs;
  };

  app.register(async (scope) => {
    const limit = await rateLimiter(scope, ctx);
    scope.post(
      '/console/logins',
      {
        onRequest: limit('console.login.address', ctx.config.staff.consoleLoginsPerAddress, ctx.config.door.rateWindowS, byAddress),
        schema: { response: responseSchemas('startConsoleLogin') },
      },
      async (req, reply) => {
        const base = ctx.config.staff.consoleAppBase ?? `${req.protocol}://${req.host}`;
        reply.code(201).header('cache-control', 'no-store');
        return startLogin(ctx, base, req.ip);
      },
    );
  });

  app.get(
    '/console/logins/:loginId',
    {
      schema: {
        params: { type: 'object', required: ['loginId'], properties: { loginId: LOGIN_ID } },
        headers: {
          type: 'object',
          required: ['x-console-poll'],
          properties: { 'x-console-poll': { type: 'string', minLength: 20, maxLength: 64 } },
        },
        response: responseSchemas('pollConsoleLogin'),
      },
    },
    async (req, reply) => {
      const answer = await poll(ctx, (req.params as { loginId: string }).loginId, req.headers['x-console-poll'] as string);
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  /**
   * The caller's role the console would act as (`staffId`, else their highest district or city role), or undefined.
   * Approval comes from the app, signed in as the person: a console session cannot open further consoles.
   */
  const approverOf = (req: FastifyRequest, staffId?: string): StaffMembership | undefined => {
    if (ctx.consoles.isConsoleToken(bearerToken(req) ?? '')) return undefined;
    const usable = req.staff
      .filter((m) => CONSOLE_ROLES.includes(m.role))
      .sort((a, b) => CONSOLE_ROLES.indexOf(a.role) - CONSOLE_ROLES.indexOf(b.role));
    return staffId === undefined ? usable[0] : usable.find((m) => m.id === staffId);
  };

  /**
   * Runs `work` for sign-in `loginId` and audits the attempt either way, with the login id (never the poll secret
   * nor the console's address): ok, forbidden (no role that may), or refused with the refusal's code.
   */
  const audited = async <T>(req: FastifyRequest, action: string, staffId: string | undefined, work: (m: StaffMembership) => Promise<T>) => {
    const target = { type: 'console_login', id: (req.params as { loginId: string }).loginId };
    const member = approverOf(req, staffId);
    if (!member) {
      await auditStaff(ctx, req, null, { action, outcome: 'forbidden', target });
      throw new ApiError('STAFF_FORBIDDEN');
    }
    try {
      const answer = await work(member);
      await auditStaff(ctx, req, member, { action, target });
      return answer;
    } catch (err) {
      const detail =
        err instanceof ApiError ? { reason: err.code, closed: err.details?.closed === true } : { reason: 'INTERNAL', closed: false };
      await auditStaff(ctx, req, member, { action, outcome: 'refused', target, detail });
      throw err;
    }
  };

  const loginParams = { type: 'object', required: ['loginId'], properties: { loginId: LOGIN_ID } } as const;

  app.get(
    '/staff/console-logins/:loginId',
    { onRequest: staff, schema: { params: loginParams, response: responseSchemas('getConsoleLoginForApproval') } },
    async (req, reply) => {
      const answer = await audited(req, 'console.login.read', undefined, () =>
        loginForApprover(ctx, (req.params as { loginId: string }).loginId),
      );
      reply.header('cache-control', 'no-store');
      return answer;
    },
  );

  app.post(
    '/staff/console-logins/:loginId/approve',
    {
      onRequest: staff,
      schema: {
        params: loginParams,
        body: {
          type: 'object',
          required: ['code'],
          additionalProperties: false,
          properties: {
            staffId: { type: 'string', minLength: 1, maxLength: 80 },
            code: { type: 'string', pattern: '^[0-9]{4}$' },
          },
        },
        response: responseSchemas('approveConsoleLogin'),
      },
    },
    async (req) => {
      const body = req.body as { staffId?: string; code: string };
      const member = await audited(req, 'console.approve', body.staffId, async (m) => {
        await approve(ctx, (req.params as { loginId: string }).loginId, m, body.code);
        return m;
      });
      return { member: await memberOf(ctx, { accountId: req.account!.id, staffId: member.id }) };
    },
  );

  app.get(
    '/console/session',
    { onRequest: requireConsole, schema: { response: responseSchemas('getConsoleSession') } },
    async (req, reply) => {
      const cs = (req as FastifyRequest & { console: { accountId: string; staffId: string; expiresAt: number } }).console;
      const member = await memberOf(ctx, cs);
      if (!member) throw ended();
      reply.header('cache-control', 'no-store');
      return { member, expiresAt: toShanghaiIso(cs.expiresAt) };
    },
  );

  app.delete(
    '/console/session',
    { onRequest: requireConsole, schema: { response: responseSchemas('deleteConsoleSession') } },
    async (req, reply) => {
      await signOut(ctx, bearerToken(req)!);
      reply.code(204);
    },
  );
}
