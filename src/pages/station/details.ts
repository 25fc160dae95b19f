/**
 * Display helpers of the station page: amenity icons, the closures still to come, and the sentence for the
 * open state. Pure, so the page stays thin and tests can pin the wording.
 */
import type { OpeningHours, OpenState } from '../../rules/hours';
import { parseShanghaiDateTime, shanghaiDate, shanghaiHhmm, shanghaiParts, zhMonthDayTime } from '../../rules/time';

/** One icon per amenity key (src/rules/catalog.ts AMENITIES); unknown keys get a plain dot. */
const AMENITY_ICONS: Record<string, string> = {
  hot_water: '☕',
  seating: '🪑',
  microwave: '🍱',
  air_conditioning: '❄️',
  charging: '🔋',
  medicine_box: '💊',
  umbrella: '☂️',
  books: '📚',
  emergency_supplies: '🧰',
  toilet: '🚻',
  wifi: '📶',
  refrigerator: '🧊',
  washbasin: '🚰',
};
export const amenityIcon = (key: string): string => AMENITY_ICONS[key] ?? '•';

/** Closures not yet over at `nowMs`, soonest first: '12月1日 00:00 至 1月16日 00:00' with the reason. */
export function upcomingClosures(hours: OpeningHours, nowMs: number): { when: string; reason: string; active: boolean }[] {
  return (hours.closures ?? [])
    .map((c) => ({ from: parseShanghaiDateTime(c.from), to: parseShanghaiDateTime(c.to), reason: c.reason }))
    .filter((c): c is { from: number; to: number; reason: string } => c.from !== null && c.to !== null && c.to > nowMs)
    .sort((a, b) => a.from - b.from)
    .map((c) => ({ when: `${zhMonthDayTime(c.from)} 至 ${zhMonthDayTime(c.to)}`, reason: c.reason, active: c.from <= nowMs }));
}

/**
 * The line under the open-state tag: the state's own detail ('至 20:00', '明天 08:00 开门'), and for a
 * suspension the reason plus when it opens again ('设备维修，预计1月16日 08:00恢复开放').
 */
export function openStateLine(state: OpenState, nowMs: number): string | null {
  if (state.status !== 'suspended') return state.detail ?? null;
  const reason = state.detail ? `${state.detail}，` : '';
  if (state.opensAt === undefined) return `${reason}恢复时间待定`;
  const sameDay = shanghaiDate(state.opensAt) === shanghaiDate(nowMs);
  const at = sameDay ? `今天 ${shanghaiHhmm(state.opensAt)}` : zhMonthDayTime(state.opensAt);
  return `${reason}预计${at}恢复开放`;
}

/** 1..7 (Monday..Sunday) of the Shanghai date at `nowMs`: which row of the week to highlight. */
export const todayWeekday = (nowMs: number): number => shanghaiParts(nowMs).weekday;
