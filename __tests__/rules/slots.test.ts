/**
 * Booking rules (src/rules/slots.ts) at their edges. Instants are worked out by hand with Date.UTC (Shanghai is
 * UTC+8 without daylight saving), never with the code under test; `npm run test:tz` runs this suite under
 * TZ=UTC and TZ=Asia/Shanghai to show the process time zone changes nothing.
 */
import {
  blockedUntil,
  bookableDates,
  bookableState,
  bookingOpensAt,
  cancelDeadline,
  checkInState,
  DEFAULT_BOOKING_POLICY as P,
  policyFromEnv,
} from '@/rules/slots';
import { zhDate, zhMonthDayTime } from '@/rules/time';
import { sh } from '../support/time';

const MIN = 60_000;
const DAY = 86_400_000;

describe('release: 7 days ahead at 08:00 Shanghai', () => {
  it('opens a slot on 2026-12-08 at 2026-12-01 08:00 +08:00 (= 00:00 UTC)', () => {
    expect(bookingOpensAt('2026-12-08')).toBe(Date.UTC(2026, 11, 1, 0, 0));
  });

  it('crosses a month and a year: 2027-01-03 opens 2026-12-27 08:00', () => {
    expect(bookingOpensAt('2027-01-03')).toBe(sh(2026, 12, 27, 8));
  });

  const slotStart = sh(2026, 12, 8, 9, 0);
  it.each([
    ['07:59', sh(2026, 12, 1, 7, 59), 'not_yet_open'],
    ['07:59:59.999', sh(2026, 12, 1, 8) - 1, 'not_yet_open'],
    ['08:00', sh(2026, 12, 1, 8, 0), 'open'],
    ['08:01', sh(2026, 12, 1, 8, 1), 'open'],
  ])('at %s on 12-01 the state is %s', (_t, now, state) => {
    expect(bookableState('2026-12-08', slotStart, now)).toBe(state);
  });

  it('follows a configured release (3 days ahead at 20:30)', () => {
    const policy = { ...P, releaseDaysAhead: 3, releaseTime: '20:30' };
    expect(bookingOpensAt('2026-12-08', policy)).toBe(sh(2026, 12, 5, 20, 30));
    expect(bookableState('2026-12-08', slotStart, sh(2026, 12, 5, 20, 29), policy)).toBe('not_yet_open');
    expect(bookableState('2026-12-08', slotStart, sh(2026, 12, 5, 20, 30), policy)).toBe('open');
  });
});

describe('closing at the slot start', () => {
  const start = sh(2026, 12, 3, 9, 30);
  it('is open one millisecond and one minute before, closed at the start and after', () => {
    expect(bookableState('2026-12-03', start, start - MIN)).toBe('open');
    expect(bookableState('2026-12-03', start, start - 1)).toBe('open');
    expect(bookableState('2026-12-03', start, start)).toBe('closed');
    expect(bookableState('2026-12-03', start, start + MIN)).toBe('closed');
  });
});

describe('cancel deadline: 2 hours before the start, exclusive', () => {
  it('is 07:00 for a 09:00 slot, and 22:30 the day before for a 00:30 slot', () => {
    expect(cancelDeadline(sh(2026, 12, 3, 9))).toBe(sh(2026, 12, 3, 7));
    expect(cancelDeadline(sh(2026, 12, 3, 0, 30))).toBe(sh(2026, 12, 2, 22, 30));
    expect(cancelDeadline(sh(2026, 12, 3, 9), { ...P, cancelBeforeMin: 30 })).toBe(sh(2026, 12, 3, 8, 30));
  });
});

describe('check-in window: from 30 minutes before the start until the end', () => {
  const start = sh(2026, 12, 3, 9, 0);
  const end = sh(2026, 12, 3, 9, 30);
  it.each([
    ['08:29', sh(2026, 12, 3, 8, 29), 'too_early'],
    ['08:29:59.999', sh(2026, 12, 3, 8, 30) - 1, 'too_early'],
    ['08:30', sh(2026, 12, 3, 8, 30), 'open'],
    ['09:29:59', sh(2026, 12, 3, 9, 29, 59), 'open'],
    ['09:30 (the end)', sh(2026, 12, 3, 9, 30), 'ended'],
    ['09:31', sh(2026, 12, 3, 9, 31), 'ended'],
  ])('at %s the window is %s', (_t, now, state) => {
    expect(checkInState(start, end, now)).toBe(state);
  });
});

describe('no-shows: three within 90 days block booking for 30 days', () => {
  const a = sh(2026, 10, 1, 9, 30);
  const b = sh(2026, 11, 1, 9, 30);
  const c = sh(2026, 12, 1, 9, 30);

  it('two no-shows never block', () => {
    expect(blockedUntil([a, b], c)).toBeNull();
  });

  it('the third blocks from its own time until 30 days later (2026-12-31 09:30), exclusive', () => {
    expect(blockedUntil([c, a, b], c - 1)).toBeNull();
    expect(blockedUntil([c, a, b], c)).toBe(sh(2026, 12, 31, 9, 30));
    expect(blockedUntil([a, b, c], sh(2026, 12, 31, 9, 29))).toBe(sh(2026, 12, 31, 9, 30));
    expect(blockedUntil([a, b, c], sh(2026, 12, 31, 9, 30))).toBeNull();
  });

  it('counts within 90 days: a first no-show exactly 90 days earlier is outside, 90 days minus 1 ms inside', () => {
    const third = sh(2026, 12, 30, 9, 30);
    expect(blockedUntil([third - 90 * DAY, b, third], third)).toBeNull();
    expect(blockedUntil([third - 90 * DAY + 1, b, third], third)).toBe(third + 30 * DAY);
  });

  it('a fourth no-show inside a block extends it to 30 days after the fourth', () => {
    const d = sh(2026, 12, 10, 10, 0);
    expect(blockedUntil([a, b, c, d], sh(2026, 12, 20))).toBe(sh(2027, 1, 9, 10, 0));
  });
});

describe('bookable dates and texts', () => {
  it('are today and the next 7 Shanghai dates, even when UTC is still on the previous day', () => {
    // 2026-12-01 00:30 Shanghai = 2026-11-30 16:30 UTC.
    expect(bookableDates(sh(2026, 12, 1, 0, 30))).toEqual([
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
      '2026-12-08',
    ]);
  });

  it('formats times in Shanghai: 2026-12-31 16:05 UTC is 2027年1月1日, 1月1日 00:05', () => {
    const at = Date.UTC(2026, 11, 31, 16, 5);
    expect(zhDate(at)).toBe('2027年1月1日');
    expect(zhMonthDayTime(at)).toBe('1月1日 00:05');
  });
});

describe('policy from the environment', () => {
  it('keeps the defaults when nothing is set and reads each value', () => {
    expect(policyFromEnv({})).toEqual(P);
    expect(policyFromEnv({ BOOKING_RELEASE_DAYS: '14', BOOKING_RELEASE_TIME: '07:30', BOOKING_CANCEL_BEFORE_MIN: '60' })).toMatchObject({
      releaseDaysAhead: 14,
      releaseTime: '07:30',
      cancelBeforeMin: 60,
    });
  });

  it.each([
    ['BOOKING_RELEASE_TIME', '8:00'],
    ['BOOKING_RELEASE_TIME', '24:00'],
    ['BOOKING_RELEASE_DAYS', '-1'],
    ['BOOKING_MAX_UPCOMING', '0'],
    ['BOOKING_CANCEL_BEFORE_MIN', 'two hours'],
  ])('refuses %s=%s at start rather than misbehave later', (name, value) => {
    expect(() => policyFromEnv({ [name]: value })).toThrow(RangeError);
  });
});
