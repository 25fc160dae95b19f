/**
 * The entry log's retention (issue 12) on either engine, driven by the doors scheduler pass with the fake clock:
 * entries older than ENTRY_RETENTION_DAYS (default 180) leave the worker's list, export and the union's counts,
 * with their grants and the passes of that time; newer ones stay; an emergency alert stays and only loses its link
 * to the entry. Deletes run in batches of ENTRY_RETENTION_BATCH (2 here), at most 10 per pass. Door d0039 is at
 * station ty0195.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker, sh, DAY, HOUR } from '../../support/booking';
import { staffMember } from '../../support/staff';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { runDoorsPass } from '../../../mock/src/features/doors';
import { ENTRY_RETENTION_DAYS_DEFAULT } from '@/rules/privacy';
import type { Notifier } from '../../../mock/src/core/notifier';

const quiet: Notifier = { name: 'test', send: async () => undefined };
/** 2026-12-01 10:00 Shanghai. */
const T_OLD = sh(2026, 12, 1, 10, 0);

let s: TestServer;
let token: string;
let city: string;
const unlock = async (t = token) => {
  const r = await call(`${s.api}/doors/unlock`, {
    method: 'POST',
    token: t,
    // At the door (presence: issue 14), with consent to location.
    body: { code: printedDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0039'), location: fixAtDoor('d0039') },
  });
  expect(r.status).toBe(201);
  return r.body.entry.id as string;
};
const myEntryIds = async (t = token) =>
  ((await call(`${s.api}/me/entries?limit=50`, { token: t })).body.entries as { id: string }[]).map((e) => e.id);
const pass = (nowMs: number) => runDoorsPass(s.ctx, nowMs, quiet);

beforeAll(async () => {
  // Sessions outlive the half year the clock jumps over.
  s = await startServer({
    RATE_LIMIT: 'off',
    SCHEDULER_INTERVAL_S: '0',
    SESSION_TTL_S: String(3 * 365 * 86_400),
    ENTRY_RETENTION_BATCH: '2',
  });
  s.clock.nowMs = T_OLD;
  token = await withLocationConsent(s.api, await registeredWorker(s.api, 611));
  city = (await staffMember(s, 'city')).token;
});
afterAll(async () => s.close());

it('defaults to the 180 days the privacy notice states', () => {
  expect(ENTRY_RETENTION_DAYS_DEFAULT).toBe(180);
  expect(s.ctx.config.door.entryRetentionDays).toBe(180);
});

it('deletes entries older than the retention with their grants and passes; newer ones and the alert stay', async () => {
  s.clock.nowMs = T_OLD;
  const first = await unlock();
  const oldPass = (await call(`${s.api}/me/pass`, { method: 'POST', token })).body.pass.split('.')[1] as string;
  const alert = await call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0195', doorId: 'd0039', entryId: first } });
  expect(alert.status).toBe(201);
  s.clock.nowMs = T_OLD + HOUR;
  const second = await unlock();
  s.clock.nowMs = T_OLD + 100 * DAY;
  const recent = await unlock();
  const counts = () => call(`${s.api}/staff/entry-counts?from=2026-12-01&to=2026-12-01&stationId=ty0195`, { token: city });
  expect((await counts()).body.counts).toMatchObject([{ date: '2026-12-01', granted: 2 }]);

  // 180 days and 1 hour after the first: the cut-off is the second's very millisecond, which stays (older only).
  s.clock.nowMs = T_OLD + 180 * DAY + HOUR;
  expect(await pass(s.clock.nowMs)).toMatchObject({ entriesDeleted: 1, entryGrantsDeleted: 1, alertsUnlinked: 1, passesDeleted: 1 });
  expect(await myEntryIds()).toEqual([recent, second]);
  expect(await s.query('SELECT id FROM passes WHERE id = ?', oldPass)).toEqual([]);

  s.clock.nowMs = T_OLD + 180 * DAY + 2 * HOUR;
  expect(await pass(s.clock.nowMs)).toMatchObject({ entriesDeleted: 1, entryGrantsDeleted: 1, alertsUnlinked: 0 });
  expect(await myEntryIds()).toEqual([recent]);
  const exported = (await call(`${s.api}/me/export`, { token })).body;
  expect(exported.entries.map((e: { at: string }) => e.at)).toEqual(['2027-03-11T10:00:00+08:00']);
  expect((await counts()).body.counts).toEqual([]);
  expect(await s.query('SELECT id FROM grants WHERE entry_id IN (?, ?)', first, second)).toEqual([]);
  // The alert keeps its own record: station, door, worker, time; only the link to the entry is gone.
  expect(await s.one('SELECT station_id, door_id, entry_id, at FROM alerts WHERE id = ?', alert.body.alert.id)).toEqual({
    station_id: 'ty0195',
    door_id: 'd0039',
    entry_id: null,
    at: T_OLD,
  });
  expect((await call(`${s.api}/me/alerts`, { token })).body.alerts).toHaveLength(1);
  // The recent entry and its grant are untouched.
  expect(await s.query('SELECT entry_id FROM grants WHERE entry_id = ?', recent)).toEqual([{ entry_id: recent }]);
});

it('works off a backlog in batches over several passes (2 rows a batch, 10 batches a pass)', async () => {
  const tB = sh(2027, 4, 10, 9, 0);
  const other = await withLocationConsent(s.api, await registeredWorker(s.api, 612));
  for (let i = 0; i < 25; i++) {
    s.clock.nowMs = tB + i * 1000;
    await unlock(other);
  }
  expect(await myEntryIds(other)).toHaveLength(25);
  const now = tB + 181 * DAY;
  s.clock.nowMs = now;
  // Oldest first: the first worker's entry of 2027-03-11 (now past the cut-off too), then 19 of these 25.
  expect(await pass(now)).toMatchObject({ entriesDeleted: 20, entryGrantsDeleted: 20 });
  expect(await myEntryIds()).toEqual([]);
  expect(await myEntryIds(other)).toHaveLength(6);
  expect(await pass(now + 60_000)).toMatchObject({ entriesDeleted: 6, entryGrantsDeleted: 6 });
  expect(await myEntryIds(other)).toEqual([]);
  expect(await pass(now + 120_000)).toMatchObject({ entriesDeleted: 0, entryGrantsDeleted: 0 });
});
