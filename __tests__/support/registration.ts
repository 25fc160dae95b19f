/** Registration fixtures for API tests (the made-up identity numbers come from identity.ts). */
import { call } from './server';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

import { VALID_IDS } from './identity';

export { VALID_IDS };

export const VALID_PHONE = '13812345678';

export interface RegistrationBody {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consent: { privacyPolicyVersion: string; sensitiveInfo: boolean };
}

/** A complete, valid registration body; `patch` replaces fields. */
export function registrationBody(patch: Partial<RegistrationBody> = {}): RegistrationBody {
  return {
    name: '张伟',
    idNumber: VALID_IDS.digit,
    phone: VALID_PHONE,
    occupation: 'delivery',
    consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: true },
    ...patch,
  };
}

/** POST /workers with the session `token`. */
export const register = (api: string, token: string, body: unknown) => call(`${api}/workers`, { method: 'POST', token, body });
