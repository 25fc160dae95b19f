import { create } from 'zustand';
import { registerWorker, type Worker } from '../api/workers';
import { ApiError } from '../api/client';
import { validateIdNumber } from '../rules/idNumber';
import { normalizePhone } from '../rules/phone';
import { validateName } from '../rules/name';
import { isOccupation } from '../rules/occupation';
import { PRIVACY_POLICY_VERSION } from '../rules/privacy';
import { readVersioned, writeVersioned, discard } from './storage';
import { useSessionStore } from './session';

export type Field = 'name' | 'idNumber' | 'phone' | 'occupation' | 'consent';

export interface Draft {
  name: string;
  idNumber: string;
  phone: string;
  occupation: string;
  consentPrivacy: boolean;
  consentSensitive: boolean;
}

/**
 * The registration form: a draft kept in storage (survives a failed submit and an app restart),
 * field errors from the shared rules, and a submit that cannot run twice at once.
 */
export interface RegistrationState {
  draft: Draft;
  errors: Partial<Record<Field, string>>;
  submitting: boolean;
  formError: string | null;
  load: () => void;
  update: (patch: Partial<Draft>) => void;
  validateField: (f: Field) => void;
  submit: () => Promise<Worker | null>;
}

const DRAFT_KEY = 'yz.registration.draft';
const DRAFT_VERSION = 1;
const EMPTY: Draft = { name: '', idNumber: '', phone: '', occupation: '', consentPrivacy: false, consentSensitive: false };
const isDraft = (x: unknown): x is Draft =>
  !!x && typeof x === 'object' && ['name', 'idNumber', 'phone', 'occupation'].every((k) => typeof (x as Record<string, unknown>)[k] === 'string');

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
      return isOccupation(d.occupation) ? undefined : '请选择您的职业';
    case 'consent':
      return d.consentPrivacy && d.consentSensitive ? undefined : '请阅读并勾选同意隐私政策和身份证号的单独授权';
  }
}

const FIELDS: Field[] = ['name', 'idNumber', 'phone', 'occupation', 'consent'];

export const useRegistrationStore = create<RegistrationState>((set, get) => ({
  draft: EMPTY,
  errors: {},
  submitting: false,
  formError: null,
  load: () => set({ draft: { ...EMPTY, ...(readVersioned(DRAFT_KEY, DRAFT_VERSION, isDraft) ?? {}) } }),
  update: (patch) => {
    const draft = { ...get().draft, ...patch };
    const errors = { ...get().errors };
    for (const k of Object.keys(patch) as (keyof Draft)[]) {
      const f: Field = k === 'consentPrivacy' || k === 'consentSensitive' ? 'consent' : k;
      if (errors[f]) errors[f] = check(f, draft);
    }
    set({ draft, errors });
    writeVersioned(DRAFT_KEY, DRAFT_VERSION, draft);
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
      const worker = await registerWorker({
        name: d.name,
        idNumber: d.idNumber,
        phone: d.phone,
        occupation: d.occupation,
        consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: d.consentSensitive },
      });
      useSessionStore.getState().setWorker(worker);
      discard(DRAFT_KEY);
      set({ submitting: false, draft: EMPTY });
      return worker;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError('UNKNOWN', '提交失败，请重试');
      const field = e.details.field as Field | undefined;
      if (field && FIELDS.includes(field)) set({ errors: { ...get().errors, [field]: e.message } });
      else set({ formError: e.message });
      set({ submitting: false });
      return null;
    }
  },
}));
