import { create } from 'zustand';
import { giveConsent } from '../api/workers';
import { PRIVACY_POLICY_VERSION } from '../rules/privacy';
import { readVersioned, writeVersioned } from './storage';
import { useSessionStore } from './session';

/**
 * The worker's separate, explicit consent to use precise location (PIPL art. 28-29: whereabouts are
 * sensitive personal information), asked in the app before the platform's own prompt and kept per privacy
 * notice version: a new version asks again. Granting is also recorded on the server (best effort: the list
 * must not wait for the network).
 */
export type LocationDecision = 'unknown' | 'granted' | 'declined';

export interface LocationConsentState {
  decision: LocationDecision;
  load: () => LocationDecision;
  grant: () => void;
  decline: () => void;
}

export const LOCATION_CONSENT_KEY = 'yz.locationConsent';
const VERSION = 1;
type Saved = { policyVersion: string; decision: 'granted' | 'declined'; at: number };
const isSaved = (x: unknown): x is Saved =>
  !!x &&
  typeof x === 'object' &&
  typeof (x as Saved).policyVersion === 'string' &&
  ((x as Saved).decision === 'granted' || (x as Saved).decision === 'declined') &&
  typeof (x as Saved).at === 'number';

const save = (decision: Saved['decision']) =>
  writeVersioned<Saved>(LOCATION_CONSENT_KEY, VERSION, { policyVersion: PRIVACY_POLICY_VERSION, decision, at: Date.now() });

export const useLocationConsent = create<LocationConsentState>((set) => ({
  decision: 'unknown',
  load: () => {
    const saved = readVersioned(LOCATION_CONSENT_KEY, VERSION, isSaved);
    const decision: LocationDecision = saved && saved.policyVersion === PRIVACY_POLICY_VERSION ? saved.decision : 'unknown';
    set({ decision });
    return decision;
  },
  grant: () => {
    save('granted');
    set({ decision: 'granted' });
    void useSessionStore
      .getState()
      .ensureSession()
      .then(() => giveConsent('location', PRIVACY_POLICY_VERSION))
      .catch(() => undefined);
  },
  decline: () => {
    save('declined');
    set({ decision: 'declined' });
  },
}));

/** True when precise location may be read now (loads the saved decision on first use). */
export function locationAllowed(): boolean {
  const s = useLocationConsent.getState();
  return (s.decision === 'unknown' ? s.load() : s.decision) === 'granted';
}
