import Taro from '@tarojs/taro';
import { create } from 'zustand';
import { ApiError } from '../api/client';
import { fetchStaffMe, type StaffMember } from '../api/staff';
import { acknowledgeAlert, fetchStaffAlerts, resolveAlert, type StaffAlert } from '../api/staffAlerts';
import { addDays, shanghaiDate } from '../rules/time';
import { useSessionStore } from './session';

/** How many Shanghai days back the alarm list reaches: an alarm left open over a weekend is still shown. */
export const ALARM_DAYS = 7;

/** The server's Chinese message, or `fallback` for anything that is not an API answer. */
export const messageOf = (err: unknown, fallback = '出错了，请重试'): string => (err instanceof ApiError ? err.message : fallback);

/**
 * The staff side's shared state (staff subpackage only): the roles the account holds, and the alarms in its scope
 * over the last {@link ALARM_DAYS} days, kept fresh by the pages' polling. `fresh` lists open alarms that arrived
 * since the previous load (shown first and marked 新).
 */
export interface StaffState {
  roles: StaffMember[] | null;
  rolesError: string | null;
  loadRoles: () => Promise<void>;
  alerts: StaffAlert[];
  /** Epoch ms of the last good load; null before. */
  alertsAt: number | null;
  alertsError: string | null;
  fresh: string[];
  loadAlerts: () => Promise<void>;
  /** The alarm being acknowledged or resolved, and a failure of that action (by alarm id). */
  busyId: string | null;
  actionError: { id: string; message: string } | null;
  acknowledge: (id: string) => Promise<boolean>;
  resolve: (id: string, note: string) => Promise<boolean>;
}

/** Alarms still needing someone first (open, then acknowledged, then withdrawn by the worker, then resolved), newest first within each. */
const RANK = { open: 0, acknowledged: 1, withdrawn: 2, resolved: 3 } as const;
export const byUrgency = (a: StaffAlert[]): StaffAlert[] =>
  [...a].sort((x, y) => RANK[x.state] - RANK[y.state] || (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));

/** Puts the server's answer for one alarm in place of the one in the list. */
const replace = (list: StaffAlert[], alert: StaffAlert) => list.map((a) => (a.id === alert.id ? alert : a));

export const useStaffStore = create<StaffState>((set, get) => ({
  roles: null,
  rolesError: null,
  loadRoles: async () => {
    set({ rolesError: null });
    try {
      if (!useSessionStore.getState().hydrated) await useSessionStore.getState().hydrate();
      await useSessionStore.getState().ensureSession();
      set({ roles: (await fetchStaffMe()).roles });
    } catch (err) {
      set({ rolesError: messageOf(err, '没能读取您的工作人员身份，请重试') });
    }
  },
  alerts: [],
  alertsAt: null,
  alertsError: null,
  fresh: [],
  loadAlerts: async () => {
    const today = shanghaiDate(Date.now());
    try {
      await useSessionStore.getState().ensureSession();
      const alerts = await fetchStaffAlerts({ from: addDays(today, 1 - ALARM_DAYS), to: today });
      const before = get().alertsAt === null ? null : new Set(get().alerts.map((a) => a.id));
      const fresh = before ? alerts.filter((a) => a.state === 'open' && !before.has(a.id)).map((a) => a.id) : [];
      set({ alerts: byUrgency(alerts), alertsAt: Date.now(), alertsError: null, fresh: [...fresh, ...get().fresh] });
      // A new alarm is felt too, for a keeper whose phone is in a pocket with the page open.
      if (fresh.length > 0) Taro.vibrateLong().catch(() => undefined);
    } catch (err) {
      // The last list stays on screen, said to be old (alertsAt), with the reason and a retry.
      set({ alertsError: messageOf(err, '没能刷新报警，请重试') });
    }
  },
  busyId: null,
  actionError: null,
  acknowledge: async (id) => {
    set({ busyId: id, actionError: null });
    try {
      const alert = await acknowledgeAlert(id);
      set({ alerts: byUrgency(replace(get().alerts, alert)), busyId: null, fresh: get().fresh.filter((f) => f !== id) });
      return true;
    } catch (err) {
      set({ busyId: null, actionError: { id, message: messageOf(err) } });
      return false;
    }
  },
  resolve: async (id, note) => {
    set({ busyId: id, actionError: null });
    try {
      const alert = await resolveAlert(id, note);
      set({ alerts: byUrgency(replace(get().alerts, alert)), busyId: null, fresh: get().fresh.filter((f) => f !== id) });
      return true;
    } catch (err) {
      set({ busyId: null, actionError: { id, message: messageOf(err) } });
      return false;
    }
  },
}));
