/**
 * Staff routes tried as a hostile user and a careless staff member would (issues 13 and 15): the per-person limits
 * hold against requests sent all at once; free text that workers and staff read (closure reasons, report notes,
 * remote-open reasons) carries no control or bidi characters; a report photo is served so that no browser can take
 * it for a page, and a photo whose header claims billions of pixels is refused. ty0195 (迎泽区 140106, door d0039);
 * hs02 a health station.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';

const T0 = sh(2026, 12, 1, 10, 0);
const LIMIT = 3;

let s: TestServer;
let keeper: TestStaff;
const got = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];
const statuses = (rs: { status: number }[]) => rs.map((r) => r.status).sort();
const report = (body: unknown, token = keeper.token) => call(`${s.api}/staff/stations/ty0195/reports`, { method: 'POST', token, body });

beforeAll(async () => {
  s = await startServer({
    SCHEDULER_INTERVAL_S: '0',
    RATE_STAFF_REMOTE_OPEN_MAX: String(LIMIT),
    RATE_STAFF_REPORT_MAX: String(LIMIT),
    RATE_STAFF_CHECKIN_FAIL_MAX: String(LIMIT),
  });
  s.clock.nowMs = T0;
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { displayName: '王师傅' });
});
afterAll(async () => s.close());

describe('per-person limits against requests sent all at once', () => {
  it('10 remote opens at once: 3 open the door, 7 are refused (429), each refusal audited', async () => {
    const member = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    const rs = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(`${s.api}/staff/doors/d0039/remote-open`, { method: 'POST', token: member.token, body: { reason: '工友手机坏了' } }),
      ),
    );
    expect(statuses(rs)).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    const rows = (await auditRows(s, 'door.remote_open')).filter((r) => r.staff_id === member.id);
    expect(rows.map((r) => r.outcome).sort()).toEqual([
      'limited',
      'limited',
      'limited',
      'limited',
      'limited',
      'limited',
      'limited',
      'ok',
      'ok',
      'ok',
    ]);
    expect(
      await s.query('SELECT g.id FROM grants g JOIN entries e ON e.id = g.entry_id WHERE e.remote_staff_id = ?', member.id),
    ).toHaveLength(3);
  });

  it('8 reports with a photo at once: 3 stored, 5 refused', async () => {
    const member = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]).toString('base64');
    const rs = await Promise.all(
      Array.from({ length: 8 }, () => report({ kind: 'hot_water', photo: { mime: 'image/jpeg', base64: jpeg } }, member.token)),
    );
    expect(statuses(rs)).toEqual([201, 201, 201, 429, 429, 429, 429, 429]);
    expect(await s.query('SELECT id FROM station_reports WHERE created_by = ?', member.id)).toHaveLength(3);
  });

  it('a refused report (a bad photo) does not use up the allowance', async () => {
    const member = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    for (let i = 0; i < LIMIT + 1; i++) {
      expect(got(await report({ kind: 'hot_water', photo: { mime: 'image/png', base64: 'AAAA' } }, member.token))).toEqual([
        400,
        'PHOTO_INVALID',
      ]);
    }
    expect(got(await report({ kind: 'hot_water' }, member.token))).toEqual([201, null]);
  });

  it('20 wrong check-in codes at once: 3 are tried, 17 refused (429)', async () => {
    const clinic = await staffMember(s, 'clinic', { healthStationId: 'hs02' });
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(`${s.api}/staff/health-stations/hs02/check-ins`, {
          method: 'POST',
          token: clinic.token,
          body: { code: String(20_000_000 + i) },
        }),
      ),
    );
    expect(rs.filter((r) => r.body.error.code === 'CHECK_IN_CODE_INVALID')).toHaveLength(3);
    expect(rs.filter((r) => r.status === 429)).toHaveLength(17);
  });
});

describe('free text that workers and staff read carries no control or bidi characters', () => {
  it('a closure reason: bidi overrides, zero-width, NUL and bell go, a line break is a space; workers read it clean', async () => {
    const r = await call(`${s.api}/staff/stations/ty0195/closures`, {
      method: 'POST',
      token: keeper.token,
      body: { reason: '\u202e停水\u0000检修\r\n\u200b<b>明天</b>\u2066', until: '2026-12-01T04:00:00Z' },
    });
    expect([r.status, r.body.closure?.reason, r.body.closure?.to]).toEqual([201, '停水检修 <b>明天</b>', '2026-12-01T12:00:00+08:00']);
    expect((await call(`${s.api}/stations/ty0195`)).body.open.detail).toBe('停水检修 <b>明天</b>');
    expect(JSON.parse((await auditRows(s, 'station.close')).pop().detail).reason).toBe('停水检修 <b>明天</b>');
    // Only invisible characters and a single real one: too short.
    const short = await call(`${s.api}/staff/stations/ty0195/closures`, {
      method: 'POST',
      token: keeper.token,
      body: { reason: '\u202e\u200b停\u0007', until: '2026-12-01T12:00:00+08:00' },
    });
    expect([short.status, short.body.error.details.fields]).toEqual([400, ['reason']]);
    const closureId = r.body.closure.id;
    expect((await call(`${s.api}/staff/stations/ty0195/closures/${closureId}`, { method: 'DELETE', token: keeper.token })).status).toBe(
      200,
    );
  });

  it('a report note keeps its line breaks but loses NUL, bell and bidi marks (PostgreSQL refused the NUL with a 500)', async () => {
    const member = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    const r = await report({ kind: 'other', note: '热水器\u0000坏了\u202e\n\u0007明天来修' }, member.token);
    expect([r.status, r.body.report?.note]).toEqual([201, '热水器坏了\n明天来修']);
    const done = await call(`${s.api}/staff/reports/${r.body.report.id}/resolve`, {
      method: 'POST',
      token: member.token,
      body: { note: '\u202e已修好\u0000' },
    });
    expect([done.status, done.body.report?.resolved?.note]).toEqual([200, '已修好']);
  });

  it('a remote-open reason is kept clean in the audit trail (PostgreSQL refused the NUL with a 500)', async () => {
    const member = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    const r = await call(`${s.api}/staff/doors/d0039/remote-open`, {
      method: 'POST',
      token: member.token,
      body: { reason: '\u202e工友手机\u0000没电\u200b' },
    });
    expect(r.status).toBe(200);
    expect(JSON.parse((await auditRows(s, 'door.remote_open')).pop().detail).reason).toBe('工友手机没电');
  });

  it('an alarm resolution note loses NUL and bidi marks (PostgreSQL refused the NUL with a 500)', async () => {
    const alert = (await call(`${s.api}/alerts`, { method: 'POST', token: await newSession(s.api), body: { stationId: 'ty0195' } })).body
      .alert;
    const r = await call(`${s.api}/staff/alerts/${alert.id}/resolve`, {
      method: 'POST',
      token: keeper.token,
      body: { note: '\u202e已到场\u0000处理' },
    });
    expect([r.status, r.body.alert?.resolved?.note]).toEqual([200, '已到场处理']);
  });

  it('a display name loses bidi marks and zero-width characters (workers read it on the door page)', async () => {
    const m = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { displayName: '\u202e\u200b刘师傅\u2066' });
    expect((await s.one<{ display_name: string }>('SELECT display_name FROM staff_members WHERE id = ?', m.id))?.display_name).toBe(
      '刘师傅',
    );
  });
});

/** A PNG signature and an IHDR chunk of `w` x `h` pixels (the CRC is not checked by anyone before a browser). */
const png = (w: number, h: number) => {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(w, 8);
  ihdr.writeUInt32BE(h, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
};
/** A JPEG: SOI, an APP0 segment, then a baseline SOF0 of `w` x `h`. */
const jpeg = (w: number, h: number) => {
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(h, 5);
  sof.writeUInt16BE(w, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0x4a, 0x46]), sof]);
};
/** An extended WebP (VP8X) canvas of `w` x `h`. */
const webp = (w: number, h: number) => {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(22, 4);
  b.write('WEBPVP8X', 8, 'latin1');
  b.writeUInt32LE(10, 16);
  b.writeUIntLE(w - 1, 24, 3);
  b.writeUIntLE(h - 1, 27, 3);
  return b;
};
const photoOf = (mime: string, bytes: Buffer) => ({ kind: 'hot_water', photo: { mime, base64: bytes.toString('base64') } });

describe('report photos', () => {
  it('a photo whose header claims more than 40 million pixels is refused (it would take down the staff page that shows it)', async () => {
    const member = await staffMember(s, 'keeper', { stationId: 'ty0195' });
    const refused = async (mime: string, bytes: Buffer) => {
      const r = await report(photoOf(mime, bytes), member.token);
      return [r.status, r.body.error?.code, r.body.error?.details?.reason];
    };
    expect(await refused('image/png', png(30_000, 30_000))).toEqual([400, 'PHOTO_INVALID', 'dimensions']);
    expect(await refused('image/jpeg', jpeg(20_000, 20_000))).toEqual([400, 'PHOTO_INVALID', 'dimensions']);
    expect(await refused('image/webp', webp(16_000, 16_000))).toEqual([400, 'PHOTO_INVALID', 'dimensions']);
    // A phone photo's size passes.
    expect((await report(photoOf('image/png', png(4032, 3024)), member.token)).status).toBe(201);
    expect((await report(photoOf('image/jpeg', jpeg(4000, 3000)), member.token)).status).toBe(201);
  });

  it('is served so that no browser takes it for a page: nosniff, a sandboxing CSP, inline as a file of its type', async () => {
    const district = await staffMember(s, 'district', { districtCode: '140106' });
    // HTML behind a JPEG signature.
    const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]);
    const id = (await report(photoOf('image/jpeg', polyglot))).body.report.id;
    const r = await fetch(`${s.api}/staff/reports/${id}/photo`, { headers: { authorization: `Bearer ${district.token}` } });
    expect([r.status, r.headers.get('content-type'), r.headers.get('x-content-type-options')]).toEqual([200, 'image/jpeg', 'nosniff']);
    expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; img-src 'self'; sandbox");
    expect(r.headers.get('content-disposition')).toBe(`inline; filename="report-${id}.jpg"`);
  });
});
