import { request } from './client';

/** A registered worker as the API shows it: masked values only. */
export interface Worker {
  id: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  occupation: string;
  privacyPolicyVersion: string;
  registeredAt: string;
}

export interface RegistrationInput {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consent: { privacyPolicyVersion: string; sensitiveInfo: boolean };
}

/** POST /workers: register this account's worker. */
export const registerWorker = (input: RegistrationInput) => request<Worker>('POST', '/workers', { body: input });

/** GET /me. */
export const fetchMe = () => request<Worker>('GET', '/me');
