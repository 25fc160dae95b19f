/**
 * The statistics page's data (GET /staff/stats, openapi Statistics) and the pure helpers that turn it into chart
 * series: every date of the range (a day without visits is 0, the answer leaves it out), the 7 x 24 heatmap, and
 * response times (alarmTimes.ts words them). Kept apart from the page so they are testable without a browser.
 */

export { duration } from './alarmTimes';

export interface Daily {
  date: string;
  visits: number;
  workers: number;
}
export interface HealthFigures {
  booked: number;
  cancelled: number;
  checkedIn: number;
  noShows: number;
  waitlistPromotions: number;
  sessions: number;
  sessionsCancelled: number;
  doctorAbsences: number;
}
export interface AlarmFigures {
  count: number;
  acknowledged: number;
  resolved: number;
  ackMedianS: number | null;
  ackP90S: number | null;
  resolveMedianS: number | null;
  resolveP90S: number | null;
}
export interface Statistics {
  from: string;
  to: string;
  districtCode: string | null;
  totals: { visits: number; workers: number; erasedVisits: number };
  daily: Daily[];
  byDistrict: { districtCode: string; district: string; visits: number; workers: number }[];
  byDistrictDay: { date: string; districtCode: string; visits: number }[];
  byStation: { stationId: string; stationName: string; districtCode: string; visits: number; workers: number }[];
  byOccupation: { occupation: string; label: string; visits: number; workers: number }[];
  peak: { weekday: number; hour: number; visits: number }[];
  health: { totals: HealthFigures; daily: (HealthFigures & { date: string })[] };
  alarms: { total: AlarmFigures; byDistrict: (AlarmFigures & { districtCode: string; district: string })[] };
}

export const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** Every date from..to inclusive ('YYYY-MM-DD'; calendar arithmetic in UTC, so no local DST can skip a day). */
export function datesOf(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000)
    out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Visits and workers on every date of the range, 0 where the answer has none. */
export function dailySeries(s: Pick<Statistics, 'from' | 'to' | 'daily'>): Daily[] {
  const byDate = new Map(s.daily.map((d) => [d.date, d]));
  return datesOf(s.from, s.to).map((date) => byDate.get(date) ?? { date, visits: 0, workers: 0 });
}

/** The heatmap's cells [hour, weekday index 0-6 (Monday first), visits], all 168 of them, and the largest value. */
export function heatmapCells(peak: Statistics['peak']): { cells: [number, number, number][]; max: number } {
  const cells: [number, number, number][] = [];
  for (let w = 0; w < 7; w++) for (let h = 0; h < 24; h++) cells.push([h, w, 0]);
  for (const p of peak) cells[(p.weekday - 1) * 24 + p.hour][2] = p.visits;
  return { cells, max: Math.max(1, ...peak.map((p) => p.visits)) };
}

/** Minutes with one decimal, for the response-time chart; null stays a gap. */
export const minutes = (seconds: number | null): number | null => (seconds === null ? null : Math.round(seconds / 6) / 10);
