/** Helpers of the door API tests. */
import { call } from './server';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

/**
 * Records the account's separate consent to precise location, as the app does when the worker agrees: without
 * it the server ignores any location sent with an unlock. Returns the token for chaining.
 */
export async function withLocationConsent(api: string, token: string): Promise<string> {
  const r = await call(`${api}/me/consents`, { method: 'POST', token, body: { kind: 'location', version: PRIVACY_POLICY_VERSION } });
  if (r.status !== 201) throw new Error(`location consent: ${r.status} ${JSON.stringify(r.body)}`);
  return token;
}
