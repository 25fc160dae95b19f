/**
 * Staff who are people (issue 13): invitations down the chain (city -> district -> keeper or clinic), their
 * expiry and single use, suspension acting at once, per-person limits, and the audit trail: a row for every action
 * and refusal, a hash chain that `npm run -s audit:verify` checks (an edited and a deleted row found, by seq),
 * one chain under concurrent appends.
 */
import { execFile } from 'child_process';
import path from 'path';
import { promisify } from 'util';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, book, registeredWorker, sh } from '../../support/booking';
import { auditRows, invitationCode, staffMember, type TestStaff } from '../../support/staff';
import { verifyAudit } from '../../../mock/src/core/db/audit';

const T0 = sh(2026, 12, 1, 10, 0);
const HOUR = 3_600_000;
const ROOT = path.resolve(__dirname, '..', '..', '..');

let s: TestServer;
let city: TestStaff;
let n = 6000;

beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, SCHEDULER_INTERVAL_S: '0', RATE_STAFF_CHECKIN_FAIL_MAX: '10', RATE_STAFF_WINDOW_S: '600' });
  s.clock.nowMs = T0;
  city = await staffMember(s, 'city', {}, { displayName: '王主任' });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

const redeem = (token: string, code: string, displayName = '张师傅') =>
  call(`${s.api}/staff/invitations/redeem`, { method: 'POST', token, body: { code, displayName } });
const invite = (token: string, body: Record<string, string>) => call(`${s.api}/staff/invitations`, { method: 'POST', token, body });

describe('invitations', () => {
  it('go down the chain: city invites a district, the district invites a keeper, who holds the role from then on', async () => {
    const inv = await invite(city.token, { role: 'district', districtCode: '140106', name: '李科长' });
    expect([inv.status, inv.body.expiresAt]).toEqual([201, '2026-12-04T10:00:00+08:00']);
    const li = await newSession(s.api);
    const redeemed = await redeem(li, inv.body.code, '李科长');
    expect(redeemed.body.member).toMatchObject({
      role: 'district',
      displayName: '李科长',
      scope: { districtCode: '140106', name: '迎泽区' },
      invitedBy: city.id,
    });
    // Only the code's hash is stored.
    expect(JSON.stringify(await s.query('SELECT * FROM staff_invitations'))).not.toContain(inv.body.code.replace(/-/g, ''));

    const keeperInv = await invite(li, { role: 'keeper', stationId: 'ty0195', name: '张师傅' });
    expect(keeperInv.status).toBe(201);
    // Not outside the district, and never their own rank or above.
    expect((await invite(li, { role: 'keeper', stationId: 'ty0001', name: '某' })).body.error.code).toBe('STAFF_FORBIDDEN');
    expect((await invite(li, { role: 'district', districtCode: '140106', name: '某' })).body.error.code).toBe('STAFF_FORBIDDEN');
    expect((await invite(city.token, { role: 'city', name: '某' })).body.error.code).toBe('STAFF_FORBIDDEN');

    const worker = await registeredWorker(s.api, n++);
    expect((await call(`${s.api}/staff/me`, { token: worker })).body.roles).toEqual([]);
    expect((await redeem(worker, keeperInv.body.code)).status).toBe(201);
    // A worker may be staff too.
    const me = (await call(`${s.api}/staff/me`, { token: worker })).body;
    expect([me.isWorker, me.roles.map((r: any) => [r.role, r.scope.stationId, r.scope.name])]).toEqual([
      true,
      [['keeper', 'ty0195', '五一广场智慧爱心驿站']],
    ]);
    expect((await auditRows(s, 'invitation.create')).map((r) => [r.role, r.outcome])).toEqual([
      ['city', 'ok'],
      ['district', 'ok'],
      [null, 'forbidden'],
      [null, 'forbidden'],
      [null, 'forbidden'],
    ]);
  });

  it('expire after 72 hours: redeemable at 71:59:59.999, not at 72:00', async () => {
    const early = await invitationCode(s, 'keeper', { stationId: 'ty0205' });
    const late = await invitationCode(s, 'keeper', { stationId: 'ty0205' });
    s.clock.nowMs = T0 + 72 * HOUR - 1;
    expect((await redeem(await newSession(s.api), early)).status).toBe(201);
    s.clock.nowMs = T0 + 72 * HOUR;
    const r = await redeem(await newSession(s.api), late);
    expect([r.status, r.body.error.code]).toEqual([410, 'INVITATION_EXPIRED']);
  });

  it('work once: the second account is refused, and two redeeming at once give one member', async () => {
    const code = await invitationCode(s, 'clinic', { healthStationId: 'hs01' });
    const [a, b] = [await newSession(s.api), await newSession(s.api)];
    const both = await Promise.all([redeem(a, code), redeem(b, code)]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.status === 409)!.body.error.code).toBe('INVITATION_USED');
    const members = (await s.one<{ n: number }>("SELECT COUNT(*) AS n FROM staff_members WHERE health_station_id = 'hs01'"))!;
    expect(members.n).toBe(1);
  });

  it('the command line makes the first city admin: the code alone on the last line', async () => {
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'mock/tools/staff-invite.ts', '--role', 'city', '--name', '王主任'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: s.dataDir, ...(s.ctx.config.databaseUrl ? { DATABASE_URL: s.ctx.config.databaseUrl } : {}) },
    });
    const code = stdout.trim().split('\n').pop()!;
    expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$/);
    const token = await newSession(s.api);
    s.clock.nowMs = Date.now();
    expect((await redeem(token, code, '王主任')).body.member.role).toBe('city');
    const row = (await auditRows(s, 'invitation.create')).find((r) => r.scope === 'command-line');
    expect(row).toMatchObject({ staff_id: null, target_type: 'invitation', outcome: 'ok' });
  }, 60_000);
});

describe('suspension', () => {
  it('ends staff access at the next request; the worker side of the account is untouched', async () => {
    const worker = await registeredWorker(s.api, n++);
    const keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { token: worker });
    expect((await call(`${s.api}/staff/alerts`, { token: keeper.token })).status).toBe(200);
    const r = await call(`${s.api}/staff/members/${keeper.id}/suspend`, { method: 'POST', token: city.token });
    expect(r.body.member).toMatchObject({ id: keeper.id, suspendedAt: '2026-12-01T10:00:00+08:00' });
    expect((await call(`${s.api}/staff/alerts`, { token: keeper.token })).body.error.code).toBe('STAFF_FORBIDDEN');
    expect((await call(`${s.api}/staff/me`, { token: keeper.token })).body.roles).toEqual([]);
    expect((await call(`${s.api}/me`, { token: worker })).status).toBe(200);
    // Nobody suspends themselves; a district cannot suspend a city admin.
    expect((await call(`${s.api}/staff/members/${city.id}/suspend`, { method: 'POST', token: city.token })).body.error.code).toBe(
      'STAFF_FORBIDDEN',
    );
    expect((await auditRows(s, 'member.suspend')).filter((x) => x.outcome === 'ok').map((x) => [x.staff_id, x.target_id])).toContainEqual([
      city.id,
      keeper.id,
    ]);
  });
});

describe('per-person staff limits', () => {
  it('10 wrong check-in codes per person per 10 minutes, then 429; a colleague at the same address is not held up', async () => {
    const a = await staffMember(s, 'clinic', { healthStationId: 'hs02' });
    const b = await staffMember(s, 'clinic', { healthStationId: 'hs02' });
    const checkIn = (token: string, code: string) =>
      call(`${s.api}/staff/health-stations/hs02/check-ins`, { method: 'POST', token, body: { code } });
    for (let i = 0; i < 10; i++) expect((await checkIn(a.token, String(10_000_000 + i))).body.error.code).toBe('CHECK_IN_CODE_INVALID');
    const limited = await checkIn(a.token, '10000010');
    expect([limited.status, limited.body.error.code, limited.body.error.details]).toEqual([
      429,
      'RATE_LIMITED',
      { retryAfterS: 600, scope: 'staff' },
    ]);
    expect((await checkIn(b.token, '10000011')).body.error.code).toBe('CHECK_IN_CODE_INVALID');
    expect((await auditRows(s, 'checkin')).filter((x) => x.outcome === 'limited').map((x) => x.staff_id)).toEqual([a.id]);
    s.clock.nowMs = T0 + 600_000;
    expect((await checkIn(a.token, '10000012')).body.error.code).toBe('CHECK_IN_CODE_INVALID');
  });
});

describe('the audit trail', () => {
  it('a check-in says who (staff id, role, scope), what, which record, from where and when', async () => {
    const clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
    const slot = (await addSession(s, 'cs_audit', '2026-12-01', sh(2026, 12, 1, 10, 15), [1])).slotIds[0];
    const b = (await book(s, await registeredWorker(s.api, n++), slot)).body;
    s.clock.nowMs = T0 + 5_000;
    expect(
      (await call(`${s.api}/staff/health-stations/hs01/check-ins`, { method: 'POST', token: clinic.token, body: { code: b.checkInCode } }))
        .status,
    ).toBe(200);
    const [row] = (await auditRows(s, 'checkin')).filter((x) => x.target_id === b.id);
    expect(row).toMatchObject({
      at: T0 + 5_000,
      staff_id: clinic.id,
      role: 'clinic',
      scope: 'health_station:hs01',
      outcome: 'ok',
      target_type: 'booking',
      station_id: 'hs01',
      address: '127.0.0.1',
      detail: '{"alreadyCheckedIn":false}',
    });
    // The check-in code is not in the trail.
    expect(JSON.stringify(await auditRows(s))).not.toContain(b.checkInCode);
    const page = await call(`${s.api}/staff/audit?action=checkin&staffId=${clinic.id}`, { token: city.token });
    expect(page.body.entries.map((e: any) => [e.action, e.target])).toEqual([['checkin', { type: 'booking', id: b.id }]]);
    const byStation = await call(`${s.api}/staff/audit?stationId=hs01&from=2026-12-01&to=2026-12-01&limit=500`, { token: city.token });
    expect(byStation.body.entries.every((e: any) => e.stationId === 'hs01')).toBe(true);
    expect(byStation.body.entries.some((e: any) => e.seq === row.seq)).toBe(true);
  });

  it('keeps one chain when appends come at once', async () => {
    const keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    await Promise.all(Array.from({ length: 20 }, () => call(`${s.api}/staff/alerts`, { token: keeper.token })));
    const seqs = (await auditRows(s)).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(await verifyAudit(s.ctx.db)).toEqual({ ok: true, rows: seqs.length });
  });

  it('audit:verify exits 0 on an intact trail, 1 naming the first bad row after an edit and after a deletion', async () => {
    const verify = async () => {
      try {
        const { stdout } = await promisify(execFile)('npx', ['tsx', 'mock/tools/audit-verify.ts'], {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: s.dataDir, ...(s.ctx.config.databaseUrl ? { DATABASE_URL: s.ctx.config.databaseUrl } : {}) },
        });
        return { code: 0, stdout };
      } catch (err) {
        const e = err as { code: number; stdout: string };
        return { code: e.code, stdout: e.stdout };
      }
    };
    const total = (await auditRows(s)).length;
    expect(await verify()).toEqual({ code: 0, stdout: `audit trail intact: ${total} rows\n` });

    // Someone with the database file changes who did something in row 3.
    const row3 = (await auditRows(s))[2];
    await s.query('UPDATE audit_log SET staff_id = ? WHERE seq = 3', 'st_someone_else');
    expect(await verifyAudit(s.ctx.db)).toEqual({ ok: false, seq: 3, reason: 'its content does not match its hash (edited)' });
    expect(await verify()).toEqual({ code: 1, stdout: 'audit trail broken at row 3: its content does not match its hash (edited)\n' });
    await s.query('UPDATE audit_log SET staff_id = ? WHERE seq = 3', row3.staff_id);
    expect((await verify()).code).toBe(0);

    // ... or deletes row 5: row 6 no longer follows.
    const row5 = (await auditRows(s))[4];
    await s.query('DELETE FROM audit_log WHERE seq = 5');
    expect(await verifyAudit(s.ctx.db)).toEqual({ ok: false, seq: 6, reason: 'row 5 is missing before it (deleted)' });
    expect(await verify()).toEqual({ code: 1, stdout: 'audit trail broken at row 6: row 5 is missing before it (deleted)\n' });
    const columns = Object.keys(row5);
    await s.query(
      `INSERT INTO audit_log (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      ...columns.map((c) => row5[c]),
    );
    expect(await verifyAudit(s.ctx.db)).toEqual({ ok: true, rows: total });
  }, 90_000);

  it('finds a deleted last row by the chain head', async () => {
    const last = (await auditRows(s)).pop();
    await s.query('DELETE FROM audit_log WHERE seq = ?', last.seq);
    expect(await verifyAudit(s.ctx.db)).toEqual({
      ok: false,
      seq: last.seq,
      reason: `the head names row ${last.seq}, the last row is ${last.seq - 1} (deleted)`,
    });
  });
});
