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
  /** The device id the grant was recorded on the server for (the consent belongs to that account). */
  recordedFor: string | null;
  load: () => LocationDecision;
  grant: () => void;
  decline: () => void;
  /**
   * Makes sure the server knows of a grant (it ignores locations without one): posts it when this account has
   * not recorded it yet. Never rejects; resolves when done or failed.
   */
  record: () => Promise<void>;
}

export const LOCATION_CONSENT_KEY = 'yz.locationConsent';
const VERSION = 1;
type Saved = { policyVersion: string; decision: 'granted' | 'declined'; at: number; recordedFor?: string | null };
const isSaved = (x: unknown): x is Saved =>
  !!x &&
  typeof x === 'object' &&
  typeof (x as Saved).policyVersion === 'string' &&
  ((x as Saved).decision === 'granted' || (x as Saved).decision === 'declined') &&
  typeof (x as Saved).at === 'number';

const save = (decision: Saved['decision'], recordedFor: string | null) =>
  writeVersioned<Saved>(LOCATION_CONSENT_KEY, VERSION, { policyVersion: PRIVACY_POLICY_VERSION, decision, at: Date.now(), recordedFor });

let recording: Promise<void> | null = null;

export const useLocationConsent = create<LocationConsentState>((set, get) => ({
  decision: 'unknown',
  recordedFor: null,
  load: () => {
    const saved = readVersioned(LOCATION_CONSENT_KEY, VERSION, isSaved);
    const current = saved && saved.policyVersion === PRIVACY_POLICY_VERSION;
    const decision: LocationDecision = current ? saved.decision : 'unknown';
    set({ decision, recordedFor: current ? (saved.recordedFor ?? null) : null });
    return decision;
  },
  grant: () => {
    save('granted', null);
    set({ decision: 'granted', recordedFor: null });
    void get().record();
  },
  decline: () => {
    save('declined', null);
    set({ decision: 'declined', recordedFor: null });
  },
  record: () => {
    if (get().decision !== 'granted') return Promise.resolve();
    recording ??= (async () => {
      try {
        const session = useSessionStore.getState();
        await session.ensureSession();
        const deviceId = useSessionStore.getState().deviceId;
        if (!deviceId || get().recordedFor === deviceId) return;
        await giveConsent('location', PRIVACY_POLICY_VERSION);
        if (get().decision !== 'granted') return;
        save('granted', deviceId);
        set({ recordedFor: deviceId });
      } catch {
        // Offline or refused: the next unlock tries again; until then the server treats locations as absent.
      } finally {
        recording = null;
      }
    })();
    return recording;
  },
}));

/** True when precise location may be read now (loads the saved decision on first use). */
export function locationAllowed(): boolean {
  const s = useLocationConsent.getState();
  return (s.decision === 'unknown' ? s.load() : s.decision) === 'granted';
}
