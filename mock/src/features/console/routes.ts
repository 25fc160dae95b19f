import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { bearerToken } from '../../core/http/auth';
import { responseSchemas } from '../../core/http/contract';
import { ApiError } from '../../core/http/errors';
import { byAddress, rateLimiter } from '../../core/http/rateLimit';
import { auditStaff, authoriseRole, requireStaff } from '../../core/http/staffAuth';
import type { StaffRole } from '../../core/staff';
import { approve, consoleSessionOf, memberOf, poll, signOut, startLogin } from './logins';
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
        return startLogin(ctx, base);
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

  app.post(
    '/staff/console-logins/:loginId/approve',
    {
      onRequest: staff,
      schema: {
        params: { type: 'object', required: ['loginId'], properties: { loginId: LOGIN_ID } },
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { staffId: { type: 'string', minLength: 1, maxLength: 80 } },
        },
        response: responseSchemas('approveConsoleLogin'),
      },
    },
    async (req) => {
      const action = 'console.approve';
      const staffId = (req.body as { staffId?: string } | undefined)?.staffId;
      // Approval comes from the app, signed in as the person: a console session cannot open further consoles.
      const fromConsole = ctx.consoles.isConsoleToken(bearerToken(req) ?? '');
      let member = fromConsole ? undefined : await authoriseRole(ctx, req, action, CONSOLE_ROLES);
      if (member && staffId !== undefined) member = req.staff.find((m) => m.id === staffId && CONSOLE_ROLES.includes(m.role));
      if (!member) {
        await auditStaff(ctx, req, null, { action, outcome: 'forbidden' });
        throw new ApiError('STAFF_FORBIDDEN');
      }
      await approve(ctx, (req.params as { loginId: string }).loginId, member);
      await auditStaff(ctx, req, member, { action, target: { type: 'console_login', id: null } });
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
