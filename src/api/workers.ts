import { request } from './client';

/** One consent in force: the notice version it was given for and when (Shanghai ISO). */
export interface ConsentState {
  version: string;
  at: string;
  /** Given for the notice version in force; false: ask again. */
  current: boolean;
}

/** The account's consents; `current` false means the notice changed and the app must ask again. */
export interface ConsentStatus {
  policyVersion: string;
  current: boolean;
  privacy: ConsentState | null;
  idNumber: ConsentState | null;
  location: ConsentState | null;
}

export type ConsentKind = 'privacy' | 'idNumber' | 'location';

/** A registered worker as the API shows it: masked values only. */
export interface Worker {
  id: string;
  name: string;
  idNumberMasked: string;
  phoneMasked: string;
  occupation: string;
  privacyPolicyVersion: string;
  registeredAt: string;
  /** Absent in answers saved by an older app version. */
  consent?: ConsentStatus;
}

export interface RegistrationInput {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consent: { privacyPolicyVersion: string; sensitiveInfo: boolean };
}

/** The person's own copy of their data (GET /me/export): the only answer with full values. */
export interface PersonalDataExport {
  exportedAt: string;
  policyVersion: string;
  account: { createdAt: string; login: 'wechat' | 'device' } | null;
  worker: {
    name: string;
    idNumber: string;
    phone: string;
    occupation: string;
    registeredAt: string;
    privacyPolicyVersionAtRegistration: string;
  } | null;
  consents: { kind: ConsentKind; version: string; at: string; withdrawn: boolean }[];
  entries: { at: string; stationId: string; stationName: string; outcome: string }[];
  bookings: { id: string; stationName: string; startsAt: string; status: string }[];
}

/** What DELETE /me kept anonymously and gave back. */
export interface DeletionOutcome {
  entriesAnonymised: number;
  bookingsAnonymised: number;
  upcomingBookingsCancelled: number;
}

/** POST /workers: register this account's worker. */
export const registerWorker = (input: RegistrationInput) => request<Worker>('POST', '/workers', { body: input });

/** GET /me. */
export const fetchMe = () => request<Worker>('GET', '/me');

/** GET /me/consents: the consents in force (works before registering). */
export const fetchConsents = () => request<ConsentStatus>('GET', '/me/consents');

/** POST /me/consents: record a consent for `version` (the notice in force). */
export const giveConsent = (kind: ConsentKind, version: string) =>
  request<ConsentStatus>('POST', '/me/consents', { body: { kind, version } });

/** DELETE /me/consents/location: withdraw the precise-location consent. */
export const withdrawLocationConsent = () => request<ConsentStatus>('DELETE', '/me/consents/location');

/** GET /me/export. */
export const exportMyData = () => request<PersonalDataExport>('GET', '/me/export');

/** PUT /me/phone: `phone` as typed; the server normalises it. */
export const changePhone = (phone: string) => request<Worker>('PUT', '/me/phone', { body: { phone } });

/** DELETE /me: withdraw consent and delete the account. */
export const deleteMe = () => request<DeletionOutcome>('DELETE', '/me');
