/**
 * Registration fixtures for API tests. The identity numbers are made up; their check characters were worked out
 * by hand with ISO 7064 MOD 11-2 (GB 11643-1999), e.g. 14010519900307123: sum of digit x weight = 217,
 * 217 mod 11 = 8, "10X98765432"[8] = '4'.
 */
import { call } from './server';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

/** Valid numbers, each usable once per server (uniqueness). */
export const VALID_IDS = {
  digit: '140105199003071234',
  /** 1+9+0+5+0+4+2+9+48+0+0+9+0+5+0+0+14 = 112, 112 mod 11 = 2 -> 'X'. */
  x: '11010119800101007X',
  second: '140109198506120019',
  third: '140105197802280025',
  fourth: '140106199201010033',
  fifth: '140107198808080048',
} as const;

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
