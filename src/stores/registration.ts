import { create } from 'zustand';
import { fetchMe, registerWorker, type Worker } from '../api/workers';
import { ApiError } from '../api/client';
import { partialIdNumberHint, validateIdNumber } from '../rules/idNumber';
import { normalizePhone } from '../rules/phone';
import { validateName } from '../rules/name';
import { isOccupation } from '../rules/occupation';
import { PRIVACY_POLICY_VERSION } from '../rules/privacy';
import { readVersioned, writeVersioned, discard, REGISTRATION_DRAFT_KEY } from './storage';
import { useSessionStore } from './session';

export type Field = 'name' | 'idNumber' | 'phone' | 'occupation' | 'consent';

export interface Draft {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consentPrivacy: boolean;
  consentSensitive: boolean;
  /** The notice version the two consents were given for; a draft from an older notice asks again. */
  consentVersion: string;
}

/**
 * The registration form: a draft kept in storage (survives a failed submit and an app restart), field errors
 * from the shared rules (the server's 422 `details.field` lands on the same field), an as-you-type hint for the
 * identity number, and a submit that cannot run twice at once.
 */
export interface RegistrationState {
  draft: Draft;
  errors: Partial<Record<Field, string>>;
  /** Shown under the identity number while typing, only once the typed part can no longer become valid. */
  idHint: string | null;
  /** The identity number is registered to another account: the page offers the union hotline. */
  idTaken: boolean;
  submitting: boolean;
  formError: string | null;
  load: () => void;
  update: (patch: Partial<Draft>) => void;
  validateField: (f: Field) => void;
  /** Registers; resolves with the worker, or null with errors set (the draft is kept). */
  submit: () => Promise<Worker | null>;
  /** Forgets the draft (after registering, or when the account is deleted). */
  reset: () => void;
}

// The draft holds what was typed on the phone only (the mini-program's own storage) so a failed submit or a
// restart loses nothing; it is removed the moment registration succeeds. A phone may be shared (a crew's phone, a
// family's): the identity number is kept only once its separate consent is given and the mobile only with the
// privacy consent, and a draft older than DRAFT_TTL_MS is forgotten.
export const DRAFT_KEY = REGISTRATION_DRAFT_KEY;
/** How long a saved draft lives: a registration interrupted by a delivery can be finished the same shift. */
export const DRAFT_TTL_MS = 2 * 60 * 60_000;
const DRAFT_VERSION = 1;
const EMPTY: Draft = {
  name: '',
  idNumber: '',
  phone: '',
  occupation: '',
  consentPrivacy: false,
  consentSensitive: false,
  consentVersion: '',
};
type SavedDraft = Partial<Draft> & { savedAt?: number };
const isDraft = (x: unknown): x is SavedDraft =>
  !!x &&
  typeof x === 'object' &&
  ['name', 'idNumber', 'phone', 'occupation'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string');

/** What of `draft` may be kept on the phone: the identity number and the mobile only with their consents. */
function storable(draft: Draft, nowMs: number): SavedDraft {
  const current = draft.consentVersion === PRIVACY_POLICY_VERSION;
  return {
    ...draft,
    idNumber: current && draft.consentSensitive ? draft.idNumber : '',
    phone: current && draft.consentPrivacy ? draft.phone : '',
    savedAt: nowMs,
  };
}

/**
 * A saved draft: none when older than DRAFT_TTL_MS (or saved before drafts had a time); consents given to an older
 * notice (or of unknown version) are dropped, the typing is kept.
 */
function restore(saved: SavedDraft | null, nowMs: number): Draft {
  if (!saved || typeof saved.savedAt !== 'number' || nowMs - saved.savedAt > DRAFT_TTL_MS || saved.savedAt > nowMs) return EMPTY;
  const { savedAt: _savedAt, ...typed } = saved;
  const d: Draft = { ...EMPTY, ...typed };
  const consentsValid =
    d.consentVersion === PRIVACY_POLICY_VERSION && typeof d.consentPrivacy === 'boolean' && typeof d.consentSensitive === 'boolean';
  return consentsValid ? d : { ...d, consentPrivacy: false, consentSensitive: false, consentVersion: '' };
}

const CONSENT_MESSAGE = '请阅读并勾选同意隐私政策，并单独同意提供身份证号，才能登记。';

function check(f: Field, d: Draft): string | undefined {
  switch (f) {
    case 'name': {
      const r = validateName(d.name);
      return r.ok ? undefined : r.message;
    }
    case 'idNumber': {
      const r = validateIdNumber(d.idNumber);
      return r.ok ? undefined : r.message;
    }
    case 'phone': {
      const r = normalizePhone(d.phone);
      return r.ok ? undefined : r.message;
    }
    case 'occupation':
      return isOccupation(d.occupation) ? undefined : '请从下面选一个您的职业。';
    case 'consent':
      return d.consentPrivacy && d.consentSensitive ? undefined : CONSENT_MESSAGE;
  }
}

const FIELDS: Field[] = ['name', 'idNumber', 'phone', 'occupation', 'consent'];
const isField = (x: unknown): x is Field => typeof x === 'string' && (FIELDS as string[]).includes(x);

const hintFor = (idNumber: string): string | null => partialIdNumberHint(idNumber)?.message ?? null;

export const useRegistrationStore = create<RegistrationState>((set, get) => {
  const save = (draft: Draft) => writeVersioned(DRAFT_KEY, DRAFT_VERSION, storable(draft, Date.now()));

  /** Maps a failed submit onto the form: beside a field when the server names one, otherwise above the button. */
  const showFailure = (e: ApiError) => {
    if (e.code === 'CONSENT_OUTDATED') {
      const draft = { ...get().draft, consentPrivacy: false, consentSensitive: false, consentVersion: '' };
      save(draft);
      set({ draft });
    }
    if (e.code === 'ID_NUMBER_TAKEN') set({ idTaken: true });
    const field = e.details.field;
    if (isField(field)) set({ errors: { ...get().errors, [field]: e.message } });
    else set({ formError: e.message });
  };

  return {
    draft: EMPTY,
    errors: {},
    idHint: null,
    idTaken: false,
    submitting: false,
    formError: null,
    load: () => {
      const draft = restore(readVersioned(DRAFT_KEY, DRAFT_VERSION, isDraft), Date.now());
      set({ draft, errors: {}, formError: null, idHint: hintFor(draft.idNumber) });
    },
    update: (patch) => {
      const draft: Draft = { ...get().draft, ...patch };
      if ('consentPrivacy' in patch || 'consentSensitive' in patch) draft.consentVersion = PRIVACY_POLICY_VERSION;
      const errors = { ...get().errors };
      // A field already marked wrong is re-checked as it changes, so the message leaves as soon as it is fixed.
      for (const k of Object.keys(patch) as (keyof Draft)[]) {
        const f: Field | null = k === 'consentPrivacy' || k === 'consentSensitive' ? 'consent' : k === 'consentVersion' ? null : k;
        if (f && errors[f]) errors[f] = check(f, draft);
      }
      const idChanged = 'idNumber' in patch;
      set({ draft, errors, idHint: idChanged ? hintFor(draft.idNumber) : get().idHint, idTaken: idChanged ? false : get().idTaken });
      save(draft);
    },
    validateField: (f) => set({ errors: { ...get().errors, [f]: check(f, get().draft) } }),
    submit: async () => {
      if (get().submitting) return null;
      const d = get().draft;
      const errors: Partial<Record<Field, string>> = {};
      for (const f of FIELDS) errors[f] = check(f, d);
      set({ errors, formError: null });
      if (FIELDS.some((f) => errors[f])) return null;
      set({ submitting: true });
      try {
        await useSessionStore.getState().ensureSession();
        let worker: Worker;
        try {
          worker = await registerWorker({
            name: d.name,
            idNumber: d.idNumber,
            phone: d.phone,
            occupation: d.occupation,
            consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: d.consentSensitive },
          });
        } catch (err) {
          // An earlier attempt went through but its answer was lost (timeout): this account is registered.
          if (!(err instanceof ApiError && err.code === 'ALREADY_REGISTERED')) throw err;
          worker = await fetchMe();
        }
        useSessionStore.getState().setWorker(worker);
        get().reset();
        return worker;
      } catch (err) {
        showFailure(err instanceof ApiError ? err : new ApiError('UNKNOWN', '提交没有成功，请稍后再试一次。'));
        set({ submitting: false });
        return null;
      }
    },
    reset: () => {
      discard(DRAFT_KEY);
      set({ draft: EMPTY, errors: {}, idHint: null, idTaken: false, submitting: false, formError: null });
    },
  };
});

// An account forgotten (a new device id once the session was restored; stores/session forgetAccount, which also
// discards the saved draft) leaves no form half filled with its identity.
useSessionStore.subscribe((s, prev) => {
  if (prev.hydrated && s.deviceId !== prev.deviceId) useRegistrationStore.getState().reset();
});
