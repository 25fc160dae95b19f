import { request } from './client';
import type { StaffMember } from './staff';

/**
 * POST /staff/invitations/redeem: the account holds the invitation's role from now on. Rejects with
 * INVITATION_INVALID (404), INVITATION_USED / ALREADY_STAFF (409), INVITATION_EXPIRED (410), RATE_LIMITED (429).
 */
export const redeemInvitation = (code: string, displayName: string) =>
  request<{ member: StaffMember }>('POST', '/staff/invitations/redeem', { body: { code, displayName } });
