/**
 * Calendar and clock arithmetic in Asia/Shanghai.
 *
 * China has had no daylight saving since 1991, so Shanghai time is UTC+8 all year for every date this product
 * handles. A fixed offset keeps the result identical on a UTC server, in WeChat's JavaScriptCore on iOS and in a
 * browser anywhere, without `Intl` (missing or partial in some WeChat JS cores) or the process TZ.
 */

/** Offset of Asia/Shanghai from UTC, in minutes. */
export const SHANGHAI_OFFSET_MIN = 480;

const MS_PER_MIN = 60_000;
const MS_PER_DAY = 86_400_000;
const OFFSET_MS = SHANGHAI_OFFSET_MIN * MS_PER_MIN;

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface ShanghaiParts extends CalendarDate {
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday (weeks start on Monday, DOMAIN.md). */
  weekday: number;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Gregorian leap year: divisible by 4, except centuries, unless divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when year/month/day name a real Gregorian date (years 1..9999). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

// Howard Hinnant's days_from_civil: plain integer arithmetic, so no Date quirks for years < 100.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): CalendarDate {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

// 1970-01-01 (day 0) was a Thursday, ISO weekday 4.
const weekdayOfDays = (days: number): number => ((((days + 3) % 7) + 7) % 7) + 1;

const formatDate = (d: CalendarDate): string => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/**
 * Shanghai wall-clock parts of an instant.
 * @param epochMs milliseconds since 1970-01-01T00:00:00Z
 */
export function shanghaiParts(epochMs: number): ShanghaiParts {
  const local = epochMs + OFFSET_MS;
  const days = Math.floor(local / MS_PER_DAY);
  const msOfDay = local - days * MS_PER_DAY;
  const secOfDay = Math.floor(msOfDay / 1000);
  return {
    ...civilFromDays(days),
    hour: Math.floor(secOfDay / 3600),
    minute: Math.floor((secOfDay % 3600) / 60),
    second: secOfDay % 60,
    weekday: weekdayOfDays(days),
  };
}

/** The worker's "today": the Shanghai calendar date of an instant, 'YYYY-MM-DD'. */
export function shanghaiDate(epochMs: number): string {
  return formatDate(shanghaiParts(epochMs));
}

/**
 * The instant of a Shanghai wall-clock time. Fields beyond their range roll over (minute 1440 = next day 00:00),
 * which callers use for overnight opening hours.
 */
export function shanghaiEpoch(date: CalendarDate, hour = 0, minute = 0, second = 0): number {
  const days = daysFromCivil(date.year, date.month, date.day);
  return days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 - OFFSET_MS;
}

/**
 * Strict 'YYYY-MM-DD' with a real calendar check ('2026-02-30' -> null, '2026/11/30' -> null).
 * @returns the parts, or null for anything else (never a guess).
 */
export function parseDate(s: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

function requireDate(s: string): CalendarDate {
  const d = parseDate(s);
  if (!d) throw new RangeError(`Not a real YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return d;
}

/**
 * Calendar arithmetic on 'YYYY-MM-DD' (no time zone involved): `addDays('2026-12-31', 1) === '2027-01-01'`.
 * @throws RangeError when `date` is not a real 'YYYY-MM-DD' date or `n` is not an integer.
 */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`addDays needs an integer, got ${n}`);
  const d = requireDate(date);
  return formatDate(civilFromDays(daysFromCivil(d.year, d.month, d.day) + n));
}

/**
 * ISO weekday of a 'YYYY-MM-DD' date: 1 = Monday ... 7 = Sunday.
 * @throws RangeError on an invalid date.
 */
export function weekdayOf(date: string): number {
  const d = requireDate(date);
  return weekdayOfDays(daysFromCivil(d.year, d.month, d.day));
}

/**
 * The Monday of the week containing `date` (weeks start on Monday, DOMAIN.md), 'YYYY-MM-DD'.
 * @throws RangeError on an invalid date.
 */
export function mondayOf(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):(\d{2}))$/;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/**
 * Parses exactly two formats, because iOS JavaScriptCore's `Date` rejects strings Node accepts
 * (e.g. '2026-11-30 08:00'), so `new Date(s)` is never used:
 * - 'YYYY-MM-DDTHH:mm:ss[.sss]' followed by 'Z' or '±HH:MM' (ISO 8601 / RFC 3339 with an explicit offset);
 * - 'YYYY-MM-DD HH:mm', read as Shanghai wall-clock time.
 * @returns epoch milliseconds, or null for any other string, an impossible date or time, or an offset beyond ±14:00.
 */
export function parseShanghaiDateTime(s: string): number | null {
  const iso = ISO_RE.exec(s);
  const local = iso ? null : LOCAL_RE.exec(s);
  const m = iso ?? local;
  if (!m) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  const second = iso ? Number(iso[6]) : 0;
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  const wall = daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000;
  if (!iso) return wall - OFFSET_MS;
  const ms = iso[7] ? Number(iso[7].padEnd(3, '0')) : 0;
  if (iso[8] === 'Z') return wall + ms;
  const offH = Number(iso[10]);
  const offM = Number(iso[11]);
  if (offH > 14 || offM > 59 || (offH === 14 && offM > 0)) return null;
  const offsetMin = (iso[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  return wall + ms - offsetMin * MS_PER_MIN;
}

/**
 * ISO 8601 in Shanghai time, seconds precision: 'YYYY-MM-DDTHH:mm:ss+08:00' (milliseconds are dropped, not rounded).
 */
export function toShanghaiIso(epochMs: number): string {
  const p = shanghaiParts(epochMs);
  return `${formatDate(p)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+08:00`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** 'HH:mm' of an instant in Shanghai time. */
export function shanghaiHhmm(epochMs: number): string {
  const p = shanghaiParts(epochMs);
  return `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** '12月3日 09:00' in Shanghai time, for messages a worker reads. */
export function zhMonthDayTime(epochMs: number): string {
  const p = shanghaiParts(epochMs);
  return `${p.month}月${p.day}日 ${shanghaiHhmm(epochMs)}`;
}

/** '2027年1月5日', the Shanghai date of an instant. */
export function zhDate(epochMs: number): string {
  const p = shanghaiParts(epochMs);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** '2027年1月5日 09:30', the Shanghai date and time of an instant. */
export function zhDateTime(epochMs: number): string {
  return `${zhDate(epochMs)} ${shanghaiHhmm(epochMs)}`;
}
