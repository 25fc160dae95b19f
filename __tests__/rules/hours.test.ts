import { formatWeek, openState, validateHours, type OpeningHours } from '@/rules/hours';
import { sh } from '../support/time';

// Week used: Monday 2026-11-30 .. Sunday 2026-12-06 (sh: Shanghai wall time by hand, support/time.ts).

const WEEKDAYS: OpeningHours = {
  is24h: false,
  weekly: [['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['09:00-12:00', '14:00-18:00'], []],
};

const OVERNIGHT: OpeningHours = { is24h: false, weekly: [['22:00-06:00'], [], [], [], [], [], []] };

describe('openState: opening and closing minutes', () => {
  it('Date.UTC(2026, 10, 30, 0, 0) is Monday 08:00 in Shanghai', () => {
    expect(sh(2026, 11, 30, 8, 0)).toBe(Date.UTC(2026, 10, 30, 0, 0));
  });

  it.each([
    ['Mon 07:59', sh(2026, 11, 30, 7, 59), 'closed', '今天 08:00 开门'],
    ['Mon 08:00', sh(2026, 11, 30, 8, 0), 'open', '至 20:00'],
    ['Mon 19:59', sh(2026, 11, 30, 19, 59), 'open', '至 20:00'],
    ['Mon 20:00', sh(2026, 11, 30, 20, 0), 'closed', '明天 08:00 开门'],
    ['Mon 00:00', sh(2026, 11, 30, 0, 0), 'closed', '今天 08:00 开门'],
    ['Fri 23:00', sh(2026, 12, 4, 23, 0), 'closed', '明天 09:00 开门'],
    ['Sat 11:59', sh(2026, 12, 5, 11, 59), 'open', '至 12:00'],
    ['Sat 12:00', sh(2026, 12, 5, 12, 0), 'closed', '今天 14:00 开门'],
    ['Sat 14:00', sh(2026, 12, 5, 14, 0), 'open', '至 18:00'],
    ['Sat 18:00', sh(2026, 12, 5, 18, 0), 'closed', '周一 08:00 开门'],
    ['Sun 10:00', sh(2026, 12, 6, 10, 0), 'closed', '明天 08:00 开门'],
  ])('%s', (_label, t, status, detail) => {
    const s = openState(WEEKDAYS, t);
    expect(s.status).toBe(status);
    expect(s.label).toBe(status === 'open' ? '营业中' : '已打烊');
    expect(s.detail).toBe(detail);
    expect(s.is24h).toBe(false);
  });

  it('gives closesAt and opensAt as instants', () => {
    expect(openState(WEEKDAYS, sh(2026, 11, 30, 9, 0)).closesAt).toBe(sh(2026, 11, 30, 20, 0));
    expect(openState(WEEKDAYS, sh(2026, 11, 30, 21, 0)).opensAt).toBe(sh(2026, 12, 1, 8, 0));
    expect(openState(WEEKDAYS, sh(2026, 12, 5, 19, 0)).opensAt).toBe(sh(2026, 12, 7, 8, 0));
  });

  it.each([
    [11, 30, 'open'],
    [12, 1, 'open'],
    [12, 2, 'open'],
    [12, 3, 'open'],
    [12, 4, 'open'],
    [12, 5, 'open'],
    [12, 6, 'closed'],
  ])('each weekday at 10:00: 2026-%d-%d is %s', (m, d, status) => {
    expect(openState(WEEKDAYS, sh(2026, m, d, 10, 0)).status).toBe(status);
  });

  it('does not depend on the process time zone (Sunday 23:30 Shanghai is Sunday 15:30 UTC)', () => {
    expect(openState(WEEKDAYS, Date.UTC(2026, 11, 6, 15, 30)).detail).toBe('明天 08:00 开门');
  });
});

describe('openState: across midnight', () => {
  it.each([
    ['Mon 21:59', sh(2026, 11, 30, 21, 59), 'closed', '今天 22:00 开门'],
    ['Mon 22:00', sh(2026, 11, 30, 22, 0), 'open', '至 明天 06:00'],
    ['Mon 23:59', sh(2026, 11, 30, 23, 59), 'open', '至 明天 06:00'],
    ['Tue 00:00', sh(2026, 12, 1, 0, 0), 'open', '至 06:00'],
    ['Tue 05:59 (Tuesday list is empty)', sh(2026, 12, 1, 5, 59), 'open', '至 06:00'],
    ['Tue 06:00', sh(2026, 12, 1, 6, 0), 'closed', '周一 22:00 开门'],
    ['Sun 23:00', sh(2026, 12, 6, 23, 0), 'closed', '明天 22:00 开门'],
  ])('%s', (_label, t, status, detail) => {
    const s = openState(OVERNIGHT, t);
    expect([s.status, s.detail]).toEqual([status, detail]);
  });

  it('closes at 06:00 the next day', () => {
    expect(openState(OVERNIGHT, sh(2026, 11, 30, 22, 0)).closesAt).toBe(sh(2026, 12, 1, 6, 0));
  });

  it('joins 20:00-24:00 with the next day 00:00-02:00', () => {
    const h: OpeningHours = { is24h: false, weekly: [['20:00-24:00'], ['00:00-02:00'], [], [], [], [], []] };
    const s = openState(h, sh(2026, 11, 30, 23, 0));
    expect([s.status, s.detail, s.closesAt]).toEqual(['open', '至 明天 02:00', sh(2026, 12, 1, 2, 0)]);
  });

  it("'00:00-24:00' is the whole day, closing at 24:00", () => {
    const h: OpeningHours = { is24h: false, weekly: [['00:00-24:00'], [], [], [], [], [], []] };
    expect(openState(h, sh(2026, 11, 30, 0, 0)).status).toBe('open');
    expect(openState(h, sh(2026, 11, 30, 23, 59)).detail).toBe('至 24:00');
    expect(openState(h, sh(2026, 12, 1, 0, 0)).status).toBe('closed');
  });

  it('every day 00:00-24:00 is open with no closing time', () => {
    const h: OpeningHours = { is24h: false, weekly: Array.from({ length: 7 }, () => ['00:00-24:00']) };
    expect(openState(h, sh(2026, 12, 2, 3, 0))).toEqual({ status: 'open', is24h: false, label: '营业中' });
  });

  it('a week with no hours is closed with no opening time', () => {
    const h: OpeningHours = { is24h: false, weekly: [[], [], [], [], [], [], []] };
    expect(openState(h, sh(2026, 12, 2, 3, 0))).toEqual({ status: 'closed', is24h: false, label: '已打烊', detail: '近期不开放' });
  });
});

describe('openState: 24 hours and closures', () => {
  const closure = { from: '2026-12-01T00:00:00+08:00', to: '2026-12-03T00:00:00+08:00', reason: '设备检修' };
  const withClosure: OpeningHours = { ...WEEKDAYS, closures: [closure] };

  it('24-hour station', () => {
    expect(openState({ is24h: true, weekly: [] }, sh(2026, 12, 2, 3, 0))).toEqual({ status: 'open', is24h: true, label: '24小时' });
  });

  it.each([
    ['Tue 00:00 (from is inclusive)', sh(2026, 12, 1, 0, 0), 'suspended'],
    ['Tue 10:00', sh(2026, 12, 1, 10, 0), 'suspended'],
    ['Wed 23:59', sh(2026, 12, 2, 23, 59), 'suspended'],
    ['Thu 00:00 (to is exclusive)', sh(2026, 12, 3, 0, 0), 'closed'],
    ['Thu 08:00', sh(2026, 12, 3, 8, 0), 'open'],
    ['Mon 23:59', sh(2026, 11, 30, 23, 59), 'closed'],
  ])('%s -> %s', (_label, t, status) => {
    expect(openState(withClosure, t).status).toBe(status);
  });

  it('shows the reason and the next opening after the closure', () => {
    expect(openState(withClosure, sh(2026, 12, 1, 10, 0))).toEqual({
      status: 'suspended',
      is24h: false,
      label: '暂停开放',
      detail: '设备检修',
      opensAt: sh(2026, 12, 3, 8, 0),
    });
  });

  it('skips a coming closure when announcing the next opening', () => {
    const s = openState(withClosure, sh(2026, 11, 30, 20, 30));
    expect([s.detail, s.opensAt]).toEqual(['周四 08:00 开门', sh(2026, 12, 3, 8, 0)]);
  });

  it('a closure starting during opening hours brings the closing time forward', () => {
    const lunch: OpeningHours = {
      ...WEEKDAYS,
      closures: [{ from: '2026-11-30T04:00:00Z', to: '2026-11-30T14:00:00+08:00', reason: '停水' }],
    };
    expect(openState(lunch, sh(2026, 11, 30, 10, 0))).toMatchObject({
      status: 'open',
      detail: '至 12:00',
      closesAt: sh(2026, 11, 30, 12, 0),
    });
    expect(openState(lunch, sh(2026, 11, 30, 12, 0))).toMatchObject({
      status: 'suspended',
      detail: '停水',
      opensAt: sh(2026, 11, 30, 14, 0),
    });
    expect(openState(lunch, sh(2026, 11, 30, 14, 0))).toMatchObject({ status: 'open', detail: '至 20:00' });
  });

  it('a closure of two months (longer than the look-ahead) still says when it reopens', () => {
    // Repairs from Mon 16 Nov to Sat 16 Jan 2027 00:00; Saturdays open 09:00, so it reopens then (01:00 UTC).
    const reopens = Date.UTC(2027, 0, 16, 1, 0);
    const long: OpeningHours = {
      ...WEEKDAYS,
      closures: [{ from: '2026-11-16T00:00:00+08:00', to: '2027-01-16T00:00:00+08:00', reason: '设备维修' }],
    };
    expect(openState(long, sh(2026, 12, 1, 10, 0))).toEqual({
      status: 'suspended',
      is24h: false,
      label: '暂停开放',
      detail: '设备维修',
      opensAt: reopens,
    });
    // The same time split into two closures that run into each other.
    const split: OpeningHours = {
      ...WEEKDAYS,
      closures: [
        { from: '2026-11-16T00:00:00+08:00', to: '2026-12-20T00:00:00+08:00', reason: '设备维修' },
        { from: '2026-12-20T00:00:00+08:00', to: '2027-01-16T00:00:00+08:00', reason: '设备维修' },
      ],
    };
    expect(openState(split, sh(2026, 12, 1, 10, 0)).opensAt).toBe(reopens);
  });

  it('a 24-hour station is suspended during a closure and reopens at its end', () => {
    const h: OpeningHours = { is24h: true, weekly: [], closures: [closure] };
    expect(openState(h, sh(2026, 12, 2, 12, 0))).toEqual({
      status: 'suspended',
      is24h: true,
      label: '暂停开放',
      detail: '设备检修',
      opensAt: sh(2026, 12, 3, 0, 0),
    });
    expect(openState(h, sh(2026, 12, 3, 0, 0)).label).toBe('24小时');
  });
});

describe('validateHours', () => {
  const week = (monday: string[]): OpeningHours => ({ is24h: false, weekly: [monday, [], [], [], [], [], []] });

  it.each([
    ['weekdays', WEEKDAYS],
    ['overnight', OVERNIGHT],
    ['whole day', week(['00:00-24:00'])],
    ['adjacent intervals', week(['08:00-12:00', '12:00-13:00'])],
    ['closure', { ...WEEKDAYS, closures: [{ from: '2026-12-01 08:00', to: '2026-12-01T12:00:00+08:00', reason: '检修' }] }],
  ])('%s is valid', (_label, h) => {
    expect(validateHours(h)).toEqual([]);
  });

  it.each([
    ['6 days', { is24h: false, weekly: [[], [], [], [], [], []] }, '7天'],
    ['8:00 without a leading zero', week(['8:00-20:00']), '格式不对'],
    ['25:00', week(['25:00-26:00']), '格式不对'],
    ['24:00 as a start', week(['24:00-06:00']), '格式不对'],
    ['same start and end', week(['08:00-08:00']), '相同'],
    ['overlap', week(['08:00-12:00', '11:00-13:00']), '重叠'],
    ['closure ends first', { ...WEEKDAYS, closures: [{ from: '2026-12-02 08:00', to: '2026-12-01 08:00', reason: '检修' }] }, '晚于'],
    ['closure date unparseable', { ...WEEKDAYS, closures: [{ from: '2026/12/01', to: '2026-12-02 08:00', reason: '检修' }] }, '格式不对'],
    ['closure without reason', { ...WEEKDAYS, closures: [{ from: '2026-12-01 08:00', to: '2026-12-02 08:00', reason: ' ' }] }, '原因'],
  ])('%s', (_label, h, hint) => {
    const errors = validateHours(h as OpeningHours);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(hint);
  });
});

describe('formatWeek', () => {
  it('formats each day, Monday first', () => {
    expect(formatWeek(WEEKDAYS)).toEqual([
      { weekday: '周一', text: '08:00-20:00' },
      { weekday: '周二', text: '08:00-20:00' },
      { weekday: '周三', text: '08:00-20:00' },
      { weekday: '周四', text: '08:00-20:00' },
      { weekday: '周五', text: '08:00-20:00' },
      { weekday: '周六', text: '09:00-12:00、14:00-18:00' },
      { weekday: '周日', text: '休息' },
    ]);
  });

  it('marks overnight and whole-day intervals', () => {
    expect(formatWeek(OVERNIGHT)[0].text).toBe('22:00-次日06:00');
    expect(formatWeek({ is24h: false, weekly: [['00:00-24:00'], [], [], [], [], [], []] })[0].text).toBe('全天');
  });

  it('shows 24小时 every day for a 24-hour station', () => {
    expect(formatWeek({ is24h: true, weekly: [] }).map((d) => d.text)).toEqual(Array(7).fill('24小时'));
  });
});
