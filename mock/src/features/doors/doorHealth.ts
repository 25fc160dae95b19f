import type { AppContext } from '../../core/context';
import type { Notifier } from '../../core/notifier';
import type { StaffReach, StaffTarget } from '../../core/staff';
import {
  doorsWithStatus,
  entriesSinceByStation,
  markOfflineTold,
  openAlarmsByStation,
  silentDoorsNotTold,
  stationsInReach,
} from './repoStaff';
import { tellStaff } from './notices';
import { openState, staffClosureAt, type OpeningHours } from '@/rules/hours';
import { parseDate, shanghaiDate, shanghaiEpoch, toShanghaiIso } from '@/rules/time';

/**
 * Door controllers report their health (issue 13): the controller's long poll is its heartbeat (repo
 * recordHeartbeat), a door contact may report open or closed; a door silent longer than DOOR_OFFLINE_S is offline.
 * A station posted as open (by its hours) with an offline door is flagged to its keepers and district staff
 * ("显示营业，但门禁离线") before a worker finds it locked, once per silence.
 */

const OFFLINE_NOTE = '显示营业，但门禁离线';

/** A door's state at `nowMs`: never heard from (unknown), online, or offline (silent longer than `offlineMs`). */
export function doorHealth(lastSeenAt: number | null, nowMs: number, offlineMs: number): 'unknown' | 'online' | 'offline' {
  if (lastSeenAt === null) return 'unknown';
  return nowMs - lastSeenAt > offlineMs ? 'offline' : 'online';
}

/**
 * The stations in `reach` (optionally one district) with what the staff pages show: open now (by the posted
 * hours), each door's health and last heartbeat and contact, unresolved alarms, today's entries (Shanghai), and
 * whether it is open with a door offline, and the closure staff set that is in force (暂停开放), if any.
 */
export async function stationsHealth(ctx: AppContext, reach: StaffReach, q: { districtCode?: string; limit: number }) {
  const nowMs = ctx.now();
  const offlineMs = ctx.config.staff.doorOfflineS * 1000;
  const stations = await stationsInReach(ctx.db, reach, q.districtCode, q.limit);
  const ids = stations.map((s) => s.id);
  const [doors, entries, alarms] = await Promise.all([
    doorsWithStatus(ctx.db, ids),
    entriesSinceByStation(ctx.db, ids, shanghaiEpoch(parseDate(shanghaiDate(nowMs))!)),
    openAlarmsByStation(ctx.db, ids),
  ]);
  const iso = (ms: number | null) => (ms === null ? null : toShanghaiIso(ms));
  return {
    at: toShanghaiIso(nowMs),
    stations: stations.map((s) => {
      const hours = JSON.parse(s.hours) as OpeningHours;
      const state = openState(hours, nowMs);
      const closure = staffClosureAt(hours, nowMs);
      const own = doors
        .filter((d) => d.stationId === s.id)
        .map((d) => ({
          id: d.id,
          name: d.name,
          health: doorHealth(d.lastSeenAt, nowMs, offlineMs),
          lastSeenAt: iso(d.lastSeenAt),
          contact: d.contact,
          contactSince: iso(d.contactSince),
        }));
      const openNow = state.status === 'open';
      return {
        id: s.id,
        name: s.name,
        district: s.district,
        districtCode: s.districtCode,
        openNow,
        openLabel: state.label,
        doors: own,
        openAlarms: alarms.get(s.id) ?? 0,
        entriesToday: entries.get(s.id) ?? 0,
        openButDoorOffline: openNow && own.some((d) => d.health === 'offline'),
        closure: closure && { id: closure.id, from: closure.from, to: closure.to, reason: closure.reason, by: closure.by ?? '' },
      };
    }),
  };
}

/**
 * The scheduler's door pass at `nowMs`: each door silent longer than DOOR_OFFLINE_S at a station open by its hours
 * is told to the station's keepers and its district staff, once per silence (the next heartbeat clears it).
 * A door at a closed station waits: it is told if still silent when the station opens. @returns doors told.
 */
export async function flagOfflineDoors(ctx: AppContext, nowMs: number, notifier: Notifier): Promise<number> {
  const silent = await silentDoorsNotTold(ctx.db, nowMs - ctx.config.staff.doorOfflineS * 1000);
  let told = 0;
  for (const d of silent) {
    if (openState(JSON.parse(d.hours) as OpeningHours, nowMs).status !== 'open') continue;
    const target: StaffTarget = { kind: 'station', stationId: d.stationId, districtCode: d.districtCode };
    const note = {
      kind: 'door_offline' as const,
      refId: `${d.doorId}@${d.lastSeenAt}`,
      stationId: d.stationId,
      stationName: d.stationName,
      at: d.lastSeenAt,
      note: OFFLINE_NOTE,
    };
    await tellStaff(ctx, notifier, { ...note, level: 0 }, await ctx.staff.recipients(target, 'keeper'));
    await tellStaff(ctx, notifier, { ...note, level: 1 }, await ctx.staff.recipients(target, 'district'));
    await markOfflineTold(ctx.db, d.doorId, nowMs);
    told++;
  }
  return told;
}
