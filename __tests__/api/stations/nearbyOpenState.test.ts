/**
 * The nearby endpoint answers open-now from each station's OpenStateMemo; it must give exactly openState's answer at every
 * instant, for every schedule of the seed and for hand-made ones with closures and overnight hours.
 */
import { OpenStateMemo } from '../../../mock/src/features/stations/openStateMemo';
import { openState, type OpeningHours } from '@/rules/hours';
import { loadSeed } from '../../../mock/seed/load';
import { createRng } from '../../../mock/seed/prng';
import { sh } from '../../support/time';

const MIN = 60_000;
// 2026-11-30 is a Monday.

const seedSchedules = [...new Map(loadSeed().stations.map((s) => [JSON.stringify(s.hours), s.hours as OpeningHours])).values()];
const handMade: OpeningHours[] = [
  // A lunchtime closure inside opening hours, one across a whole day, one ending in the night.
  {
    is24h: false,
    weekly: Array.from({ length: 7 }, () => ['08:00-20:00']),
    closures: [
      { from: '2026-12-01T12:00:00+08:00', to: '2026-12-01T14:00:00+08:00', reason: '停水' },
      { from: '2026-12-03 00:00', to: '2026-12-04 00:00', reason: '设备检修' },
      // Ends at 03:00 while the station is closed anyway: 暂停开放 turns into 已打烊 then.
      { from: '2026-12-04 19:00', to: '2026-12-05 03:00', reason: '停电' },
    ],
  },
  // Overnight from Sunday into Monday (the week wraps).
  { is24h: false, weekly: [[], [], [], [], [], [], ['22:00-06:00']] },
  { is24h: true, weekly: [], closures: [{ from: '2026-12-02T09:30:00+08:00', to: '2026-12-02T10:45:00+08:00', reason: '消毒' }] },
  { is24h: false, weekly: [[], [], [], [], [], [], []] },
];

it('the seed has schedules of every kind to check (daytime, overnight, 24 h, closures)', () => {
  expect(seedSchedules.length).toBeGreaterThanOrEqual(10);
  expect(seedSchedules.some((h) => h.is24h)).toBe(true);
  expect(seedSchedules.some((h) => (h.closures ?? []).length > 0)).toBe(true);
  expect(seedSchedules.some((h) => h.weekly.some((d) => d.some((iv) => iv.slice(6) < iv.slice(0, 5))))).toBe(true);
});

describe.each([...seedSchedules, ...handMade].map((h, i) => [i, h] as const))('schedule %d', (_i, hours) => {
  it('matches openState at every transition (±1 ms), every midnight and 300 random instants over 9 days', () => {
    const start = sh(2026, 11, 29, 20, 0); // Sunday evening
    const end = start + 9 * 24 * 60 * MIN;
    const instants: number[] = [];
    for (let t = start; t < end;) {
      const s = openState(hours, t);
      const midnight = sh(2026, 11, 30, 0, 0) + Math.ceil((t + 1 - sh(2026, 11, 30, 0, 0)) / (1440 * MIN)) * 1440 * MIN;
      const next = Math.min(s.closesAt ?? Infinity, s.opensAt ?? Infinity, midnight);
      instants.push(next - 1, next, next + 1, next + MIN - 1);
      t = next;
    }
    const rng = createRng(instants.length);
    for (let k = 0; k < 300; k++) instants.push(Math.floor(rng.range(start, end)));
    instants.sort((a, b) => a - b);

    const memo = new OpenStateMemo(hours);
    const wrong = instants.filter((t) => JSON.stringify(memo.at(t)) !== JSON.stringify(openState(hours, t)));
    expect(wrong.map((t) => new Date(t).toISOString())).toEqual([]);
  });
});

it('is also right when the clock goes back (tests set it freely)', () => {
  const h = handMade[0];
  const memo = new OpenStateMemo(h);
  for (const t of [sh(2026, 12, 1, 13, 0), sh(2026, 12, 1, 9, 0), sh(2026, 12, 3, 9, 0), sh(2026, 11, 30, 21, 0), sh(2026, 12, 1, 12, 0)]) {
    expect(memo.at(t)).toEqual(openState(h, t));
  }
});

it('never caches a closure that starts inside a minute', () => {
  const h: OpeningHours = {
    is24h: true,
    weekly: [],
    closures: [{ from: '2026-12-01T10:00:30+08:00', to: '2026-12-01T11:00:00+08:00', reason: '检修' }],
  };
  const memo = new OpenStateMemo(h);
  expect(memo.at(sh(2026, 12, 1, 10, 0)).status).toBe('open');
  expect(memo.at(sh(2026, 12, 1, 10, 0) + 30_000).status).toBe('suspended');
});
