/**
 * Open-now tables worked out by hand: before, at and after every opening and closing minute of a week whose
 * days all differ (daytime, split, overnight, whole day, closed), and closures at their edges. Run under
 * `TZ=UTC` and `TZ=Asia/Shanghai` by `npm run test:tz` (jest cannot change the zone inside a run); the first
 * test proves which zone this run really has, so the results stand for that zone.
 */
import { openState, type OpeningHours } from '@/rules/hours';
import { sh } from '../support/time';

// Week used: Monday 2026-11-30 .. Sunday 2026-12-06 (sh: Shanghai wall time by hand, support/time.ts).

const WEEK: OpeningHours = {
  is24h: false,
  weekly: [
    ['08:00-20:00'], // Mon
    ['07:30-19:30'], // Tue
    ['09:00-12:00', '14:00-18:00'], // Wed, closed over lunch
    ['22:00-06:00'], // Thu night into Friday
    ['10:00-16:00'], // Fri
    ['00:00-24:00'], // Sat, the whole day
    [], // Sun, closed
  ],
};

it(`runs in the zone it says (TZ=${process.env.TZ ?? 'unset'})`, () => {
  const offsetMin = new Date(sh(2026, 11, 30, 12, 0)).getTimezoneOffset();
  if (process.env.TZ === 'UTC') expect(offsetMin).toBe(0);
  else if (process.env.TZ === 'Asia/Shanghai') expect(offsetMin).toBe(-480);
  else expect(Number.isInteger(offsetMin)).toBe(true);
});

describe('each weekday, around every opening and closing minute', () => {
  it.each([
    // Monday 08:00-20:00
    ['Mon 07:59', sh(2026, 11, 30, 7, 59), 'closed', '今天 08:00 开门'],
    ['Mon 08:00', sh(2026, 11, 30, 8, 0), 'open', '至 20:00'],
    ['Mon 08:01', sh(2026, 11, 30, 8, 1), 'open', '至 20:00'],
    ['Mon 19:59', sh(2026, 11, 30, 19, 59), 'open', '至 20:00'],
    ['Mon 20:00', sh(2026, 11, 30, 20, 0), 'closed', '明天 07:30 开门'],
    ['Mon 20:01', sh(2026, 11, 30, 20, 1), 'closed', '明天 07:30 开门'],
    // Tuesday 07:30-19:30
    ['Tue 07:29', sh(2026, 12, 1, 7, 29), 'closed', '今天 07:30 开门'],
    ['Tue 07:30', sh(2026, 12, 1, 7, 30), 'open', '至 19:30'],
    ['Tue 07:31', sh(2026, 12, 1, 7, 31), 'open', '至 19:30'],
    ['Tue 19:29', sh(2026, 12, 1, 19, 29), 'open', '至 19:30'],
    ['Tue 19:30', sh(2026, 12, 1, 19, 30), 'closed', '明天 09:00 开门'],
    ['Tue 19:31', sh(2026, 12, 1, 19, 31), 'closed', '明天 09:00 开门'],
    // Wednesday 09:00-12:00 and 14:00-18:00
    ['Wed 08:59', sh(2026, 12, 2, 8, 59), 'closed', '今天 09:00 开门'],
    ['Wed 09:00', sh(2026, 12, 2, 9, 0), 'open', '至 12:00'],
    ['Wed 11:59', sh(2026, 12, 2, 11, 59), 'open', '至 12:00'],
    ['Wed 12:00', sh(2026, 12, 2, 12, 0), 'closed', '今天 14:00 开门'],
    ['Wed 13:59', sh(2026, 12, 2, 13, 59), 'closed', '今天 14:00 开门'],
    ['Wed 14:00', sh(2026, 12, 2, 14, 0), 'open', '至 18:00'],
    ['Wed 17:59', sh(2026, 12, 2, 17, 59), 'open', '至 18:00'],
    ['Wed 18:00', sh(2026, 12, 2, 18, 0), 'closed', '明天 22:00 开门'],
    // Thursday 22:00 - Friday 06:00, across midnight
    ['Thu 21:59', sh(2026, 12, 3, 21, 59), 'closed', '今天 22:00 开门'],
    ['Thu 22:00', sh(2026, 12, 3, 22, 0), 'open', '至 明天 06:00'],
    ['Thu 23:59', sh(2026, 12, 3, 23, 59), 'open', '至 明天 06:00'],
    ['Fri 00:00', sh(2026, 12, 4, 0, 0), 'open', '至 06:00'],
    ['Fri 05:59', sh(2026, 12, 4, 5, 59), 'open', '至 06:00'],
    ['Fri 06:00', sh(2026, 12, 4, 6, 0), 'closed', '今天 10:00 开门'],
    ['Fri 06:01', sh(2026, 12, 4, 6, 1), 'closed', '今天 10:00 开门'],
    // Friday 10:00-16:00
    ['Fri 09:59', sh(2026, 12, 4, 9, 59), 'closed', '今天 10:00 开门'],
    ['Fri 10:00', sh(2026, 12, 4, 10, 0), 'open', '至 16:00'],
    ['Fri 15:59', sh(2026, 12, 4, 15, 59), 'open', '至 16:00'],
    ['Fri 16:00', sh(2026, 12, 4, 16, 0), 'closed', '明天 00:00 开门'],
    ['Fri 23:59', sh(2026, 12, 4, 23, 59), 'closed', '明天 00:00 开门'],
    // Saturday the whole day, closing at the coming midnight
    ['Sat 00:00', sh(2026, 12, 5, 0, 0), 'open', '至 24:00'],
    ['Sat 12:00', sh(2026, 12, 5, 12, 0), 'open', '至 24:00'],
    ['Sat 23:59', sh(2026, 12, 5, 23, 59), 'open', '至 24:00'],
    // Sunday closed; Monday opens again
    ['Sun 00:00', sh(2026, 12, 6, 0, 0), 'closed', '明天 08:00 开门'],
    ['Sun 12:00', sh(2026, 12, 6, 12, 0), 'closed', '明天 08:00 开门'],
    ['Sun 23:59', sh(2026, 12, 6, 23, 59), 'closed', '明天 08:00 开门'],
    ['next Mon 07:59', sh(2026, 12, 7, 7, 59), 'closed', '今天 08:00 开门'],
    ['next Mon 08:00', sh(2026, 12, 7, 8, 0), 'open', '至 20:00'],
  ])('%s -> %s, %s', (_label, t, status, detail) => {
    const s = openState(WEEK, t);
    expect([s.status, s.label, s.detail]).toEqual([status, status === 'open' ? '营业中' : '已打烊', detail]);
  });
});

describe('closures at their edges (from inclusive, to exclusive)', () => {
  const lunch: OpeningHours = {
    ...WEEK,
    closures: [{ from: '2026-12-02T10:00:00+08:00', to: '2026-12-02 15:00', reason: '停水检修' }],
  };
  const weekend: OpeningHours = {
    ...WEEK,
    closures: [{ from: '2026-12-05 22:00', to: '2026-12-07T01:00:00Z', reason: '场地装修' }], // Mon 09:00 Shanghai
  };

  it.each([
    ['Wed 09:59, closing early for the closure', lunch, sh(2026, 12, 2, 9, 59), 'open', '至 10:00', { closesAt: sh(2026, 12, 2, 10, 0) }],
    ['Wed 10:00', lunch, sh(2026, 12, 2, 10, 0), 'suspended', '停水检修', { opensAt: sh(2026, 12, 2, 15, 0) }],
    ['Wed 14:59 (normally open)', lunch, sh(2026, 12, 2, 14, 59), 'suspended', '停水检修', { opensAt: sh(2026, 12, 2, 15, 0) }],
    ['Wed 15:00', lunch, sh(2026, 12, 2, 15, 0), 'open', '至 18:00', { closesAt: sh(2026, 12, 2, 18, 0) }],
    ['Sat 21:59', weekend, sh(2026, 12, 5, 21, 59), 'open', '至 22:00', { closesAt: sh(2026, 12, 5, 22, 0) }],
    ['Sat 22:00', weekend, sh(2026, 12, 5, 22, 0), 'suspended', '场地装修', { opensAt: sh(2026, 12, 7, 9, 0) }],
    ['Sun 12:00 (closed day)', weekend, sh(2026, 12, 6, 12, 0), 'suspended', '场地装修', { opensAt: sh(2026, 12, 7, 9, 0) }],
    ['Mon 08:30 (normally open)', weekend, sh(2026, 12, 7, 8, 30), 'suspended', '场地装修', { opensAt: sh(2026, 12, 7, 9, 0) }],
    ['Mon 09:00', weekend, sh(2026, 12, 7, 9, 0), 'open', '至 20:00', { closesAt: sh(2026, 12, 7, 20, 0) }],
  ] as const)('%s', (_label, hours, t, status, detail, times) => {
    const s = openState(hours, t);
    const label = { open: '营业中', closed: '已打烊', suspended: '暂停开放' }[status];
    expect(s).toMatchObject({ status, label, detail, ...times });
  });

  it('a closed station under a closure announces the first opening after it', () => {
    expect(openState(lunch, sh(2026, 12, 2, 8, 0))).toMatchObject({ status: 'closed', detail: '今天 09:00 开门' });
    expect(openState(weekend, sh(2026, 12, 5, 23, 0)).opensAt).toBe(sh(2026, 12, 7, 9, 0));
  });
});

describe('24 hours', () => {
  const h: OpeningHours = {
    is24h: true,
    weekly: [],
    closures: [{ from: '2026-12-03 02:00', to: '2026-12-03 04:30', reason: '消毒' }],
  };
  it.each([
    ['Thu 01:59', sh(2026, 12, 3, 1, 59), 'open', '24小时'],
    ['Thu 02:00', sh(2026, 12, 3, 2, 0), 'suspended', '暂停开放'],
    ['Thu 04:29', sh(2026, 12, 3, 4, 29), 'suspended', '暂停开放'],
    ['Thu 04:30', sh(2026, 12, 3, 4, 30), 'open', '24小时'],
    ['Sun 03:00', sh(2026, 12, 6, 3, 0), 'open', '24小时'],
  ])('%s -> %s', (_label, t, status, label) => {
    expect(openState(h, t)).toMatchObject({ status, label, is24h: true });
  });
});
