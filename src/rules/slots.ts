import { addDays, parseShanghaiDateTime, shanghaiDate } from './time';

/**
 * Booking rules for health-station slots, shared by the app (to grey out buttons) and the server
 * (the authority). Times are epoch milliseconds; dates are Shanghai calendar dates 'YYYY-MM-DD'.
 * Source of the defaults: the health-booking issue (#6).
 */
export interface BookingPolicy {
  /** Booking for a date opens this many days before it... */
  releaseDaysAhead: number;
  /** ...at this Shanghai time ('HH:mm'). */
  releaseTime: string;
  /** Most upcoming bookings a worker may hold at once. */
  maxUpcoming: number;
  /** Cancelling is allowed until this many minutes before the start. */
  cancelBeforeMin: number;
  /** Check-in opens this many minutes before the start (and closes at the end). */
  checkInOpensBeforeMin: number;
  /** This many no-shows within `noShowWindowDays`... */
  noShowLimit: number;
  noShowWindowDays: number;
  /** ...block online booking for this many days from the no-show that reached the limit. */
  blockDays: number;
}

/** Defaults from issue #6: 7 days ahead at 08:00, two upcoming, cancel until 2 h before, 3 no-shows in 90 days block 30 days. */
export const DEFAULT_BOOKING_POLICY: BookingPolicy = {
  releaseDaysAhead: 7,
  releaseTime: '08:00',
  maxUpcoming: 2,
  cancelBeforeMin: 120,
  checkInOpensBeforeMin: 30,
  noShowLimit: 3,
  noShowWindowDays: 90,
  blockDays: 30,
};

const MS_PER_MIN = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * When booking opens for a slot on Shanghai date `date`: `releaseDaysAhead` days earlier at `releaseTime`.
 * @throws RangeError when `date` or the policy's release time is not valid (a misconfiguration, never "open").
 */
export function bookingOpensAt(date: string, policy: BookingPolicy = DEFAULT_BOOKING_POLICY): number {
  const at = parseShanghaiDateTime(`${addDays(date, -policy.releaseDaysAhead)} ${policy.releaseTime}`);
  if (at === null) throw new RangeError(`Invalid release time ${JSON.stringify(policy.releaseTime)}`);
  return at;
}

export type BookableState = 'open' | 'not_yet_open' | 'closed';

/**
 * Whether a slot starting at `startsAt` (on Shanghai date `date`) can be booked at `nowMs`: opens at the
 * release instant (inclusive), closes at the slot's start (a slot that has started is closed).
 */
export function bookableState(date: string, startsAt: number, nowMs: number, policy = DEFAULT_BOOKING_POLICY): BookableState {
  if (nowMs >= startsAt) return 'closed';
  if (nowMs < bookingOpensAt(date, policy)) return 'not_yet_open';
  return 'open';
}

/** The cancel deadline (exclusive): cancelling works while `nowMs < cancelDeadline`. */
export const cancelDeadline = (startsAt: number, policy = DEFAULT_BOOKING_POLICY): number => startsAt - policy.cancelBeforeMin * MS_PER_MIN;

export type CheckInState = 'too_early' | 'open' | 'ended';

/** Check-in window: [start − checkInOpensBeforeMin, end). At the end the booking becomes a no-show. */
export function checkInState(startsAt: number, endsAt: number, nowMs: number, policy = DEFAULT_BOOKING_POLICY): CheckInState {
  if (nowMs >= endsAt) return 'ended';
  if (nowMs < startsAt - policy.checkInOpensBeforeMin * MS_PER_MIN) return 'too_early';
  return 'open';
}

/**
 * The instant until which a worker is blocked from booking at `nowMs`, or null. Each no-show counts at its
 * slot's end (when it became a no-show, independent of when a job noticed it). A no-show at `t` that makes
 * `noShowLimit` no-shows within (t − noShowWindowDays, t] starts a block [t, t + blockDays).
 * @param noShowAtMs the slot end instants of the worker's no-shows, any order
 */
export function blockedUntil(noShowAtMs: readonly number[], nowMs: number, policy = DEFAULT_BOOKING_POLICY): number | null {
  const times = [...noShowAtMs].sort((a, b) => a - b);
  const windowMs = policy.noShowWindowDays * MS_PER_DAY;
  let until: number | null = null;
  for (let i = policy.noShowLimit - 1; i < times.length; i++) {
    const t = times[i];
    if (t - times[i - policy.noShowLimit + 1] >= windowMs) continue;
    const end = t + policy.blockDays * MS_PER_DAY;
    if (t <= nowMs && nowMs < end && (until === null || end > until)) until = end;
  }
  return until;
}

/** The bookable Shanghai dates as of `nowMs`: today and the following `releaseDaysAhead` days. */
export function bookableDates(nowMs: number, policy = DEFAULT_BOOKING_POLICY): string[] {
  const today = shanghaiDate(nowMs);
  return Array.from({ length: policy.releaseDaysAhead + 1 }, (_, i) => addDays(today, i));
}

/**
 * Reads a policy from environment-like strings, falling back to the defaults for missing values.
 * @throws RangeError on a value that cannot work (negative numbers, a release time that is not 'HH:mm').
 */
export function policyFromEnv(env: Record<string, string | undefined>): BookingPolicy {
  const num = (name: string, dflt: number, min: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return dflt;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
    return n;
  };
  const releaseTime = env.BOOKING_RELEASE_TIME || DEFAULT_BOOKING_POLICY.releaseTime;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(releaseTime)) {
    throw new RangeError(`BOOKING_RELEASE_TIME must be HH:mm, got ${JSON.stringify(releaseTime)}`);
  }
  const d = DEFAULT_BOOKING_POLICY;
  return {
    releaseDaysAhead: num('BOOKING_RELEASE_DAYS', d.releaseDaysAhead, 0),
    releaseTime,
    maxUpcoming: num('BOOKING_MAX_UPCOMING', d.maxUpcoming, 1),
    cancelBeforeMin: num('BOOKING_CANCEL_BEFORE_MIN', d.cancelBeforeMin, 0),
    checkInOpensBeforeMin: num('CHECK_IN_OPENS_BEFORE_MIN', d.checkInOpensBeforeMin, 0),
    noShowLimit: num('NO_SHOW_LIMIT', d.noShowLimit, 1),
    noShowWindowDays: num('NO_SHOW_WINDOW_DAYS', d.noShowWindowDays, 1),
    blockDays: num('NO_SHOW_BLOCK_DAYS', d.blockDays, 0),
  };
}
