import type { FastifyInstance } from 'fastify';
import type { AppContext, StaffPort } from '../../core/context';
import type { Db } from '../../core/db/database';
import { membershipsOfAccount, recipientsOf } from './repo';
import { staffRoutes } from './routes';

/**
 * The staff feature (issue 13): roles held through one-time invitations (city -> district -> keeper or clinic),
 * suspension, who I am on staff, the audit trail for city admins. The checks themselves are core/staff.ts and
 * core/http/staffAuth.ts, which every feature's staff routes use. Its public surface.
 */
export { invitationTarget, issueInvitation, redeemInvitation, type InvitationSpec } from './invitations';
export { healthStationTarget, memberViewsOfAccount, stationTarget } from './repo';
export { memberAnswer } from './members';
export { auditChainState } from './auditChain';

/** The staff lookups other features use through AppContext.staff (wired in app.ts). */
export function staffPort(db: Db): StaffPort {
  return {
    membershipsOf: (accountId) => membershipsOfAccount(db, accountId),
    recipients: (target, role) => recipientsOf(db, target, role),
  };
}

/** Registers the feature's routes on the API scope. */
export function staffFeatureRoutes(api: FastifyInstance, ctx: AppContext): void {
  staffRoutes(api, ctx);
}
