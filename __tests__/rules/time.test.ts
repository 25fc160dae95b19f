import {
  SHANGHAI_OFFSET_MIN,
  addDays,
  isLeapYear,
  mondayOf,
  parseDate,
  parseShanghaiDateTime,
  shanghaiDate,
  shanghaiParts,
  toShanghaiIso,
  weekdayOf,
} from '@/rules/time';

// Expected values are worked out by hand: Shanghai = UTC+8, and 2026-01-01 was a Thursday, so 2026-11-30
// (333 days later, 333 mod 7 = 4) is a Monday. These tests pass under TZ=UTC and TZ=Asia/Shanghai alike.

describe('shanghaiParts / shanghaiDate', () => {
  it('has a fixed offset of 8 hours', () => {
    expect(SHANGHAI_OFFSET_MIN).toBe(480);
  });

  it.each([
    [Date.UTC(2026, 10, 29, 15, 59, 59), { year: 2026, month: 11, day: 29, hour: 23, minute: 59, second: 59, weekday: 7 }],
    [Date.UTC(2026, 10, 29, 16, 0, 0), { year: 2026, month: 11, day: 30, hour: 0, minute: 0, second: 0, weekday: 1 }],
    [Date.UTC(2026, 10, 30, 0, 0, 0), { year: 2026, month: 11, day: 30, hour: 8, minute: 0, second: 0, weekday: 1 }],
    [Date.UTC(2026, 11, 31, 15, 59, 59, 999), { year: 2026, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 4 }],
    [Date.UTC(2026, 11, 31, 16, 0, 0), { year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 0, weekday: 5 }],
    // 2028-01-01 is a Saturday; Feb 29 is 59 days later (59 mod 7 = 3): Tuesday.
    [Date.UTC(2028, 1, 28, 16, 0, 0), { year: 2028, month: 2, day: 29, hour: 0, minute: 0, second: 0, weekday: 2 }],
    [0, { year: 1970, month: 1, day: 1, hour: 8, minute: 0, second: 0, weekday: 4 }],
    [Date.UTC(1969, 11, 31, 15, 59, 59), { year: 1969, month: 12, day: 31, hour: 23, minute: 59, second: 59, weekday: 3 }],
  ])('%d', (epochMs, parts) => {
    expect(shanghaiParts(epochMs)).toEqual(parts);
  });

  it.each([
    [Date.UTC(2026, 10, 29, 15, 59, 59), '2026-11-29'],
    [Date.UTC(2026, 10, 29, 16, 0, 0), '2026-11-30'],
    [Date.UTC(2026, 11, 31, 15, 59, 59), '2026-12-31'],
    [Date.UTC(2026, 11, 31, 16, 0, 0), '2027-01-01'],
    [Date.UTC(2028, 1, 28, 16, 0, 0), '2028-02-29'],
    [Date.UTC(2027, 1, 28, 16, 0, 0), '2027-03-01'],
  ])('shanghaiDate(%d) === %s', (epochMs, date) => {
    expect(shanghaiDate(epochMs)).toBe(date);
  });
});

describe('isLeapYear', () => {
  it.each([
    [2000, true],
    [1900, false],
    [2024, true],
    [2026, false],
    [2028, true],
    [2100, false],
    [2400, true],
  ])('%d -> %s', (y, leap) => {
    expect(isLeapYear(y)).toBe(leap);
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-11-30', { year: 2026, month: 11, day: 30 }],
    ['2028-02-29', { year: 2028, month: 2, day: 29 }],
    ['2000-02-29', { year: 2000, month: 2, day: 29 }],
    ['2026-12-31', { year: 2026, month: 12, day: 31 }],
  ])('%s', (s, parts) => {
    expect(parseDate(s)).toEqual(parts);
  });

  it.each([
    '2026-02-29',
    '2026-02-30',
    '1900-02-29',
    '2026-11-31',
    '2026-13-01',
    '2026-00-10',
    '2026-11-00',
    '26-11-30',
    '2026-1-30',
    '2026/11/30',
    '2026-11-30T00:00:00Z',
    ' 2026-11-30',
    '',
    'Nov 30 2026',
  ])('%j -> null', (s) => {
    expect(parseDate(s)).toBeNull();
  });
});

describe('addDays / weekdayOf / mondayOf', () => {
  it.each([
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2026-11-30', 0, '2026-11-30'],
    ['2026-11-30', -365, '2025-11-30'],
    ['2026-11-30', 7, '2026-12-07'],
  ])('addDays(%s, %d) === %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('throws on an invalid date or a fractional day count', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addDays('2026-11-30', 0.5)).toThrow(RangeError);
  });

  it.each([
    ['2026-11-30', 1],
    ['2026-12-03', 4],
    ['2026-12-06', 7],
    ['2027-01-01', 5],
    ['2026-01-01', 4],
  ])('weekdayOf(%s) === %d', (date, wd) => {
    expect(weekdayOf(date)).toBe(wd);
  });

  it.each([
    ['2026-11-30', '2026-11-30'], // Monday itself
    ['2026-12-03', '2026-11-30'], // Thursday
    ['2026-12-06', '2026-11-30'], // Sunday belongs to the week before the next Monday
    ['2026-12-07', '2026-12-07'],
    ['2027-01-01', '2026-12-28'], // across the year boundary
    ['2027-01-03', '2026-12-28'],
    ['2026-01-01', '2025-12-29'],
    ['2028-03-01', '2028-02-28'], // Wednesday after Feb 29
  ])('mondayOf(%s) === %s', (date, monday) => {
    expect(mondayOf(date)).toBe(monday);
  });
});

describe('parseShanghaiDateTime', () => {
  it.each([
    ['2026-11-30T08:00:00+08:00', Date.UTC(2026, 10, 30, 0, 0, 0)],
    ['2026-11-30T00:00:00+08:00', Date.UTC(2026, 10, 29, 16, 0, 0)],
    ['2026-11-30T00:00:00Z', Date.UTC(2026, 10, 30, 0, 0, 0)],
    ['2026-11-30T00:00:00.5Z', Date.UTC(2026, 10, 30, 0, 0, 0, 500)],
    ['2026-11-30T00:00:00.123Z', Date.UTC(2026, 10, 30, 0, 0, 0, 123)],
    ['2026-11-29T19:00:00-05:00', Date.UTC(2026, 10, 30, 0, 0, 0)],
    ['2026-11-30T05:30:00+05:30', Date.UTC(2026, 10, 30, 0, 0, 0)],
    ['2026-11-30 08:00', Date.UTC(2026, 10, 30, 0, 0, 0)],
    ['2026-11-30 00:00', Date.UTC(2026, 10, 29, 16, 0, 0)],
    ['2027-01-01 00:00', Date.UTC(2026, 11, 31, 16, 0, 0)],
    ['2028-02-29 12:00', Date.UTC(2028, 1, 29, 4, 0, 0)],
    ['2026-11-30T23:59:59+08:00', Date.UTC(2026, 10, 30, 15, 59, 59)],
  ])('%s', (s, epochMs) => {
    expect(parseShanghaiDateTime(s)).toBe(epochMs);
  });

  it.each([
    '2026-02-30 08:00',
    '2026-02-30T08:00:00+08:00',
    '2027-02-29 00:00',
    '1900-02-29 00:00',
    '2026/11/30',
    '2026/11/30 08:00',
    'Nov 30 2026',
    'Mon Nov 30 2026 08:00:00 GMT+0800',
    '2026-11-30T25:00:00+08:00',
    '2026-11-30T08:60:00+08:00',
    '2026-11-30T08:00:60Z',
    '2026-11-30T08:00:00',
    '2026-11-30T08:00+08:00',
    '2026-11-30T08:00:00+0800',
    '2026-11-30T08:00:00+15:00',
    '2026-11-30',
    '2026-11-30 8:00',
    '2026-11-30 24:00',
    '2026-11-30 08:00:00',
    ' 2026-11-30 08:00',
    '',
    '1796000000000',
  ])('%j -> null', (s) => {
    expect(parseShanghaiDateTime(s)).toBeNull();
  });
});

describe('toShanghaiIso', () => {
  it.each([
    [Date.UTC(2026, 10, 29, 16, 0, 0), '2026-11-30T00:00:00+08:00'],
    [Date.UTC(2026, 10, 29, 15, 59, 59), '2026-11-29T23:59:59+08:00'],
    [Date.UTC(2026, 10, 30, 0, 0, 0, 999), '2026-11-30T08:00:00+08:00'],
    [Date.UTC(2026, 11, 31, 16, 0, 0), '2027-01-01T00:00:00+08:00'],
    [0, '1970-01-01T08:00:00+08:00'],
  ])('%d -> %s', (epochMs, iso) => {
    expect(toShanghaiIso(epochMs)).toBe(iso);
  });

  it('round-trips through parseShanghaiDateTime', () => {
    const t = Date.UTC(2026, 10, 30, 3, 4, 5);
    expect(parseShanghaiDateTime(toShanghaiIso(t))).toBe(t);
  });
});
