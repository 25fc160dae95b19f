/**
 * Opening hours of a station and whether it is open at an instant, always in Asia/Shanghai time.
 */
import { addDays, parseDate, parseShanghaiDateTime, shanghaiDate, shanghaiEpoch, shanghaiHhmm, shanghaiParts } from './time';

export interface OpeningHours {
  is24h: boolean;
  /**
   * 7 entries, Monday..Sunday, each a list of 'HH:mm-HH:mm'. An interval whose end <= start crosses midnight into
   * the next day ('22:00-06:00'); '00:00-24:00' is the whole day; [] = closed that day.
   */
  weekly: string[][];
  /**
   * Temporary closures; `from` inclusive, `to` exclusive, ISO 8601 with an offset. A closure a staff member set
   * (POST /staff/stations/{id}/closures) also carries its id, the staff member and their display name; the public
   * station answers leave those out.
   */
  closures?: Closure[];
}

export interface Closure {
  from: string;
  to: string;
  reason: string;
  /** Set by staff: the closure's id, the staff member's id and display name. */
  id?: string;
  staffId?: string;
  by?: string;
}

export interface OpenState {
  status: 'open' | 'closed' | 'suspended';
  is24h: boolean;
  /** 24小时 | 营业中 | 已打烊 | 暂停开放 */
  label: string;
  /** '至 22:00', '今天 08:00 开门', '明天 07:00 开门', '周一 08:00 开门', or the closure reason. */
  detail?: string;
  closesAt?: number;
  opensAt?: number;
}

export const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

const INTERVAL_RE = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const MS_PER_MIN = 60_000;
// How far ahead to look for the next opening: a full week plus the overnight tail of the day before today.
const LOOKAHEAD_DAYS = 8;

/** Start and end minute of a day for 'HH:mm-HH:mm'; end may exceed 1440 for overnight intervals. */
function parseInterval(text: string): [number, number] | null {
  const m = INTERVAL_RE.exec(text);
  if (!m) return null;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = m[5] ? 1440 : Number(m[3]) * 60 + Number(m[4]);
  return [start, end <= start ? end + 1440 : end];
}

const MS_PER_DAY = 86_400_000;

/**
 * Absolute [from, to) instants from the day before `date` to LOOKAHEAD_DAYS after, merged where they touch.
 * Shanghai has no daylight saving, so each day starts exactly 24 h after the one before: day starts and
 * weekdays are stepped arithmetically from `date` instead of formatting and parsing ten date strings.
 */
function scheduleAround(hours: OpeningHours, date: string): [number, number][] {
  const spans: [number, number][] = [];
  const firstBase = shanghaiEpoch(parseDate(addDays(date, -1))!);
  const firstWeekday = shanghaiParts(firstBase).weekday; // 1 = Monday
  for (let k = 0; k <= LOOKAHEAD_DAYS + 1; k++) {
    const base = firstBase + k * MS_PER_DAY;
    const weekday = ((firstWeekday - 1 + k) % 7) + 1;
    for (const text of hours.weekly[weekday - 1] ?? []) {
      const iv = parseInterval(text);
      if (iv) spans.push([base + iv[0] * MS_PER_MIN, base + iv[1] * MS_PER_MIN]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

function parsedClosures(hours: OpeningHours): { from: number; to: number; reason: string }[] {
  // A loop rather than flatMap: iOS 10-11 JavaScriptCore (browserslist 'ios >= 10') lacks it.
  const out: { from: number; to: number; reason: string }[] = [];
  for (const c of hours.closures ?? []) {
    const from = parseShanghaiDateTime(c.from);
    const to = parseShanghaiDateTime(c.to);
    if (from !== null && to !== null && from < to) out.push({ from, to, reason: c.reason });
  }
  return out;
}

/** '今天' / '明天' / '周X' relative to the Shanghai date of `nowMs`. */
function dayWord(epochMs: number, nowMs: number): string {
  const today = shanghaiDate(nowMs);
  const that = shanghaiDate(epochMs);
  if (that === today) return '今天';
  if (that === addDays(today, 1)) return '明天';
  return WEEKDAY_NAMES[shanghaiParts(epochMs).weekday - 1];
}

/** '至 20:00' today, '至 24:00' at the coming midnight, else '至 明天 06:00' / '至 周三 08:00'. */
function closingText(at: number, nowMs: number): string {
  const day = dayWord(at, nowMs);
  if (day === '今天') return `至 ${shanghaiHhmm(at)}`;
  if (day === '明天' && shanghaiHhmm(at) === '00:00') return '至 24:00';
  return `至 ${day} ${shanghaiHhmm(at)}`;
}

/** The first instant >= t outside every closure (closures running into each other are passed together). */
function pastClosures(t: number, closures: { from: number; to: number }[]): number {
  for (let moved = true; moved;) {
    moved = false;
    for (const c of closures) {
      if (c.from <= t && t < c.to) {
        t = c.to;
        moved = true;
      }
    }
  }
  return t;
}

/** First instant >= nowMs that is inside the schedule and outside every closure, or undefined within the window. */
function nextOpening(
  spans: [number, number][],
  closures: { from: number; to: number }[],
  nowMs: number,
  is24h: boolean,
): number | undefined {
  const candidates: [number, number][] = is24h ? [[nowMs, Infinity]] : spans;
  for (const [from, to] of candidates) {
    if (to <= nowMs) continue;
    const t = pastClosures(Math.max(from, nowMs), closures);
    if (t < to) return t;
  }
  return undefined;
}

/**
 * Open state at `epochMs`, in Shanghai time whatever the process TZ. The opening minute is open and the closing
 * minute is closed (08:00-20:00: 07:59 closed, 08:00 open, 19:59 open, 20:00 closed). An active closure wins
 * over everything ('暂停开放' with the reason as detail). Closures with unparseable times are ignored here
 * (validateHours reports them).
 */
export function openState(hours: OpeningHours, epochMs: number): OpenState {
  const closures = parsedClosures(hours);
  const spans = hours.is24h ? [] : scheduleAround(hours, shanghaiDate(epochMs));
  const active = closures.find((c) => c.from <= epochMs && epochMs < c.to);
  if (active) {
    let opensAt = nextOpening(spans, closures, epochMs, hours.is24h);
    if (opensAt === undefined && !hours.is24h) {
      // A closure longer than the look-ahead window (repairs over two months): look again from where it ends.
      const resumeAt = pastClosures(epochMs, closures);
      opensAt = nextOpening(scheduleAround(hours, shanghaiDate(resumeAt)), closures, resumeAt, false);
    }
    return { status: 'suspended', is24h: hours.is24h, label: '暂停开放', detail: active.reason, opensAt };
  }
  if (hours.is24h) return { status: 'open', is24h: true, label: '24小时' };
  const current = spans.find(([from, to]) => from <= epochMs && epochMs < to);
  if (current) {
    // A closure starting before the scheduled end closes the door earlier.
    const closesAt = closures.reduce((at, c) => (c.from > epochMs && c.from < at ? c.from : at), current[1]);
    // Open through the whole look-ahead window: there is no closing time worth showing.
    if (closesAt === spans[spans.length - 1][1]) return { status: 'open', is24h: false, label: '营业中' };
    return { status: 'open', is24h: false, label: '营业中', detail: closingText(closesAt, epochMs), closesAt };
  }
  const opensAt = nextOpening(spans, closures, epochMs, false);
  if (opensAt === undefined) return { status: 'closed', is24h: false, label: '已打烊', detail: '近期不开放' };
  return {
    status: 'closed',
    is24h: false,
    label: '已打烊',
    detail: `${dayWord(opensAt, epochMs)} ${shanghaiHhmm(opensAt)} 开门`,
    opensAt,
  };
}

/** The closure set by staff that is in force at `epochMs` (the latest to start, should two overlap), or null. */
export function staffClosureAt(hours: OpeningHours, epochMs: number): (Closure & { id: string }) | null {
  let found: (Closure & { id: string }) | null = null;
  let foundFrom = -Infinity;
  for (const c of hours.closures ?? []) {
    if (!c.id) continue;
    const from = parseShanghaiDateTime(c.from);
    const to = parseShanghaiDateTime(c.to);
    if (from === null || to === null || !(from <= epochMs && epochMs < to) || from < foundFrom) continue;
    found = c as Closure & { id: string };
    foundFrom = from;
  }
  return found;
}

/**
 * Checks hours entered by station staff. Returns Chinese messages saying what to fix; [] when valid.
 * Rules: 7 weekly entries; each 'HH:mm-HH:mm' (24:00 only as an end); start and end differ (except 00:00-24:00);
 * no overlapping intervals within a day; closures have parseable ISO times with offsets, from < to and a reason.
 */
export function validateHours(h: OpeningHours): string[] {
  const errors: string[] = [];
  if (!Array.isArray(h.weekly) || h.weekly.length !== 7) {
    return ['每周营业时间要有7天（周一到周日），请补全。'];
  }
  h.weekly.forEach((day, i) => {
    const name = WEEKDAY_NAMES[i];
    const ivs: [number, number][] = [];
    day.forEach((text) => {
      const iv = parseInterval(text);
      if (!iv) {
        errors.push(`${name}的时段“${text}”格式不对，请写成 08:00-20:00 这样。`);
      } else if (text.slice(0, 5) === text.slice(6) || iv[1] - iv[0] > 1440) {
        errors.push(`${name}的时段“${text}”开门和关门时间相同，全天开放请写 00:00-24:00。`);
      } else {
        ivs.push(iv);
      }
    });
    ivs.sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < ivs.length; k++) {
      if (ivs[k][0] < ivs[k - 1][1]) errors.push(`${name}的时段有重叠，请合并成一个时段。`);
    }
  });
  (h.closures ?? []).forEach((c, i) => {
    const from = parseShanghaiDateTime(c.from);
    const to = parseShanghaiDateTime(c.to);
    const n = i + 1;
    if (from === null || to === null) errors.push(`第${n}条暂停开放的起止时间格式不对，请重新选择日期和时间。`);
    else if (from >= to) errors.push(`第${n}条暂停开放的结束时间要晚于开始时间。`);
    if (!c.reason || !c.reason.trim()) errors.push(`第${n}条暂停开放请写明原因，方便工友知道。`);
  });
  return errors;
}

/** '22:00-06:00' -> '22:00-次日06:00'; '00:00-24:00' -> '全天'. */
function intervalText(text: string): string {
  if (text === '00:00-24:00') return '全天';
  const iv = parseInterval(text);
  if (iv && iv[1] > 1440) return `${text.slice(0, 5)}-次日${text.slice(6)}`;
  return text;
}

/**
 * The week for display, Monday first: `{ weekday: '周一', text: '08:00-12:00、14:00-18:00' }`; a closed day
 * reads '休息', a 24-hour station '24小时'.
 */
export function formatWeek(hours: OpeningHours): { weekday: string; text: string }[] {
  return WEEKDAY_NAMES.map((weekday, i) => {
    if (hours.is24h) return { weekday, text: '24小时' };
    const day = hours.weekly[i] ?? [];
    return { weekday, text: day.length === 0 ? '休息' : day.map(intervalText).join('、') };
  });
}
