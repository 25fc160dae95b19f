import type { FastifyInstance } from 'fastify';
import type { AccountPort, AppContext } from '../../core/context';
import type { Db } from '../../core/db/database';
import { accountByToken, deleteExpiredSessions } from './repo';
import { locationConsented } from './consents';
import { sessionRoutes } from './routesSessions';
import { workerRoutes } from './routesWorkers';
import { workerStaffRoutes } from './routesStaff';
import { meRoutes } from './routesMe';
import type { WeChatAuth } from './wechat';

/**
 * The accounts feature: sign-in (device id or WeChat), registration, the worker's rights over their data
 * (consents, export, phone, erasure) and the staff release of an identity number. Its public surface.
 */
export { weChatClient, weChatTestDouble, weChatUnavailable, type WeChatAuth } from './wechat';

/** The account lookups other features use through AppContext.accounts (wired in app.ts). */
export function accountPort(db: Db): AccountPort {
  return {
    byToken: (token, nowMs) => accountByToken(db, token, nowMs),
    locationConsented: (accountId) => locationConsented({ db }, accountId),
    pruneSessions: (nowMs) => deleteExpiredSessions(db, nowMs),
  };
}

/** Registers the feature's routes on the API scope. */
export function accountRoutes(api: FastifyInstance, ctx: AppContext, wechat: WeChatAuth): void {
  sessionRoutes(api, ctx, wechat);
  workerRoutes(api, ctx);
  workerStaffRoutes(api, ctx);
  meRoutes(api, ctx);
}
