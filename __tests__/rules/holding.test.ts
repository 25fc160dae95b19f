import { holdingConflict, upcomingPlaces, type HeldPlace } from '@/rules/holding';
import { DEFAULT_BOOKING_POLICY } from '@/rules/slots';

/** Epoch ms of a Shanghai wall time on 2026-12-<d> (UTC+8, no DST). */
const at = (d: number, h: number, mi = 0): number => Date.UTC(2026, 11, d, h - 8, mi);
const NOW = at(1, 8);
const place = (sessionId: string, d: number, h: number, mi: number, status = 'booked'): HeldPlace => ({
  sessionId,
  startsAt: at(d, h, mi),
  endsAt: at(d, h, mi + 30),
  status,
});
// The target: session S on 12-03, 09:00-09:30.
const target = { sessionId: 'S', startsAt: at(3, 9), endsAt: at(3, 9, 30) };

describe('holdingConflict: which places a worker may hold at once (issue 6)', () => {
  it('allows a first place', () => {
    expect(holdingConflict(target, [], NOW)).toBeNull();
  });

  it('one place per session: a booked or checked-in place in the session refuses, a cancelled or no-show one does not', () => {
    expect(holdingConflict(target, [place('S', 3, 10, 0)], NOW)).toMatchObject({ code: 'ALREADY_BOOKED' });
    expect(holdingConflict(target, [place('S', 3, 8, 0, 'checked_in')], NOW)).toMatchObject({ code: 'ALREADY_BOOKED' });
    expect(holdingConflict(target, [place('S', 3, 10, 0, 'cancelled'), place('S', 3, 10, 30, 'no_show')], NOW)).toBeNull();
  });

  it('no two places at the same time at any station; back to back is fine', () => {
    const overlapping = place('T', 3, 9, 15);
    expect(holdingConflict(target, [overlapping], NOW)).toEqual({ code: 'BOOKING_CLASH', booking: overlapping });
    expect(holdingConflict(target, [place('T', 3, 8, 30)], NOW)).toBeNull();
    expect(holdingConflict(target, [place('U', 3, 9, 30)], NOW)).toBeNull();
  });

  it('the session rule is told before the clash (the order the worker learns them in)', () => {
    expect(holdingConflict(target, [place('S', 3, 9, 0)], NOW)).toMatchObject({ code: 'ALREADY_BOOKED' });
  });

  it(`at most ${DEFAULT_BOOKING_POLICY.maxUpcoming} booked places not yet started; checked-in and past ones do not count`, () => {
    const two = [place('A', 2, 9, 0), place('B', 4, 9, 0)];
    expect(DEFAULT_BOOKING_POLICY.maxUpcoming).toBe(2);
    expect(holdingConflict(target, two, NOW)).toEqual({ code: 'BOOKING_LIMIT', upcoming: 2 });
    expect(holdingConflict(target, [place('A', 2, 9, 0), place('B', 4, 9, 0, 'checked_in')], NOW)).toBeNull();
    // Started before now: no longer upcoming.
    expect(holdingConflict(target, two, at(2, 9))).toBeNull();
    expect(holdingConflict(target, two, NOW, { ...DEFAULT_BOOKING_POLICY, maxUpcoming: 3 })).toBeNull();
  });

  it('a time that is not a number (an unparsable one on the phone) never refuses', () => {
    const broken = { sessionId: 'T', startsAt: NaN, endsAt: NaN, status: 'booked' };
    expect(holdingConflict(target, [broken, broken], NOW)).toBeNull();
    expect(upcomingPlaces([broken], NOW)).toBe(0);
  });
});
