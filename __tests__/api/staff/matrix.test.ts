/**
 * The role x scope matrix over every staff route (issue 13; ASVS 5.0 V8.2.1-V8.2.2): for each route, each role that
 * reaches the record is let through; each role that does not (another station, district or clinic, or a role too
 * low) gets 403 STAFF_FORBIDDEN with nothing about the record; no session is 401; a signed-in worker without a role
 * and a suspended member of an allowed role are 403. Every refusal and every action leaves an audit row.
 * Scopes: ty0195 and ty0205 are stations of 迎泽区 (140106); hs01 is 迎泽区's health station, hs02 杏花岭区's (140107).
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, book, registeredWorker, sh } from '../../support/booking';
import { register, registrationBody } from '../../support/registration';
import { madeUpIdNumber } from '../../support/identity';
import { auditRows, staffMember, type StaffScope, type TestStaff } from '../../support/staff';
import { operations } from '../../../mock/src/core/http/contract';
import { approveLogin, loginForApproval, startLogin } from '../../support/console';

const T0 = sh(2026, 12, 1, 10, 0);

type Role = 'city' | 'district' | 'keeper' | 'clinic';
interface Who {
  role: Role;
  scope: StaffScope;
}
const WHO: Record<string, Who> = {
  city: { role: 'city', scope: {} },
  district106: { role: 'district', scope: { districtCode: '140106' } },
  district107: { role: 'district', scope: { districtCode: '140107' } },
  keeper195: { role: 'keeper', scope: { stationId: 'ty0195' } },
  keeper205: { role: 'keeper', scope: { stationId: 'ty0205' } },
  clinic01: { role: 'clinic', scope: { healthStationId: 'hs01' } },
  clinic02: { role: 'clinic', scope: { healthStationId: 'hs02' } },
};

let s: TestServer;
let n = 7000;
const staff: Record<string, TestStaff> = {};

beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0' });
  s.clock.nowMs = T0;
  for (const [name, w] of Object.entries(WHO)) staff[name] = await staffMember(s, w.role, w.scope);
});
afterAll(async () => s.close());

const alertAt = async (stationId: string): Promise<string> =>
  (await call(`${s.api}/alerts`, { method: 'POST', token: await newSession(s.api), body: { stationId } })).body.alert.id;

let sessionSeq = 0;
/** A booking at hs01 whose check-in window is open at T0, and its code. */
async function bookingAtHs01(): Promise<string> {
  const slot = (await addSession(s, `cs_mx_${++sessionSeq}`, '2026-12-01', sh(2026, 12, 1, 10, 15), [1])).slotIds[0];
  return (await book(s, await registeredWorker(s.api, n++), slot)).body.checkInCode;
}

/** The smallest PNG the photo check accepts: its 8-byte signature and a few bytes. */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]).toString('base64');

/** A new report at ty0195 made by the city admin (with a photo when asked), and its id. */
async function reportAtTy0195(photo: boolean): Promise<string> {
  const body = { kind: 'umbrella', note: '雨伞不够', ...(photo ? { photo: { mime: 'image/png', base64: PNG } } : {}) };
  return (await call(`${s.api}/staff/stations/ty0195/reports`, { method: 'POST', token: staff.city.token, body })).body.report.id;
}

interface Route {
  name: string;
  operationId: string;
  /** The audit action of this route (refusals name it too, once the route knows its record). */
  action: string;
  allowed: string[];
  refused: string[];
  /** One request as `token`, with a fresh record when the route needs one per call; the status it should answer when allowed. */
  run: (token: string | undefined) => Promise<{ status: number; body: any }>;
  ok: number;
}

const ROUTES: Route[] = [
  {
    name: 'GET /staff/alerts (one station)',
    operationId: 'listAlerts',
    action: 'alerts.read',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01', 'clinic02'],
    run: (token) => call(`${s.api}/staff/alerts?stationId=ty0195`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/entry-counts (one station)',
    operationId: 'entryCounts',
    action: 'entries.count',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/entry-counts?stationId=ty0195`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/alerts/{id}/acknowledge',
    operationId: 'acknowledgeAlert',
    action: 'alarm.acknowledge',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: async (token) => call(`${s.api}/staff/alerts/${await alertAt('ty0195')}/acknowledge`, { method: 'POST', token }),
    ok: 200,
  },
  {
    name: 'POST /staff/alerts/{id}/resolve',
    operationId: 'resolveAlert',
    action: 'alarm.resolve',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic02'],
    run: async (token) =>
      call(`${s.api}/staff/alerts/${await alertAt('ty0195')}/resolve`, { method: 'POST', token, body: { note: '已到场处理' } }),
    ok: 200,
  },
  {
    name: 'POST /staff/health-stations/{id}/check-ins',
    operationId: 'checkIn',
    action: 'checkin',
    allowed: ['city', 'district106', 'clinic01'],
    refused: ['district107', 'keeper195', 'clinic02'],
    run: async (token) =>
      call(`${s.api}/staff/health-stations/hs01/check-ins`, { method: 'POST', token, body: { code: await bookingAtHs01() } }),
    ok: 200,
  },
  {
    name: 'POST /staff/clinic-sessions/{id}/cancel',
    operationId: 'cancelClinicSession',
    action: 'session.cancel',
    allowed: ['city', 'district106', 'clinic01'],
    refused: ['district107', 'keeper195', 'clinic02'],
    run: async (token) => {
      const id = `cs_mxc_${++sessionSeq}`;
      await addSession(s, id, '2026-12-08', sh(2026, 12, 8, 9), [1]);
      return call(`${s.api}/staff/clinic-sessions/${id}/cancel`, { method: 'POST', token, body: { reason: 'doctor_absent' } });
    },
    ok: 200,
  },
  {
    name: 'GET /staff/health-stations/{id}/day',
    operationId: 'clinicDay',
    action: 'clinic.day',
    allowed: ['city', 'district106', 'clinic01'],
    refused: ['district107', 'keeper195', 'clinic02'],
    run: (token) => call(`${s.api}/staff/health-stations/hs01/day?date=2026-12-01`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/workers/release',
    operationId: 'releaseIdNumber',
    action: 'worker.release',
    allowed: ['city'],
    refused: ['district106', 'keeper195', 'clinic01'],
    run: async (token) => {
      const idNumber = madeUpIdNumber(n++);
      await register(s.api, await newSession(s.api), registrationBody({ idNumber }));
      return call(`${s.api}/staff/workers/release`, { method: 'POST', token, body: { idNumber } });
    },
    ok: 200,
  },
  {
    name: 'POST /staff/invitations (a keeper of ty0195)',
    operationId: 'createInvitation',
    action: 'invitation.create',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'clinic01'],
    run: (token) =>
      call(`${s.api}/staff/invitations`, { method: 'POST', token, body: { role: 'keeper', stationId: 'ty0195', name: '郑师傅' } }),
    ok: 201,
  },
  {
    name: 'GET /staff/members',
    operationId: 'listStaffMembers',
    action: 'members.list',
    allowed: ['city', 'district106', 'district107'],
    refused: ['keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/members`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/members/{id}/suspend (a keeper of ty0195)',
    operationId: 'suspendStaffMember',
    action: 'member.suspend',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'keeper205', 'clinic01'],
    run: async (token) =>
      call(`${s.api}/staff/members/${(await staffMember(s, 'keeper', { stationId: 'ty0195' })).id}/suspend`, { method: 'POST', token }),
    ok: 200,
  },
  {
    name: 'GET /staff/stations',
    operationId: 'listStaffStations',
    action: 'stations.health',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['clinic01', 'clinic02'],
    run: (token) => call(`${s.api}/staff/stations?limit=5`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/stats (迎泽区)',
    operationId: 'getStats',
    action: 'stats.read',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stats?from=2026-12-01&districtCode=140106`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/stats/export (迎泽区)',
    operationId: 'exportStats',
    action: 'stats.export',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper205', 'clinic02'],
    run: (token) => call(`${s.api}/staff/stats/export?from=2026-12-01&districtCode=140106&format=csv`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/stats (the whole scope)',
    operationId: 'getStats',
    action: 'stats.read',
    allowed: ['city', 'district107', 'keeper195'],
    refused: ['clinic01', 'clinic02'],
    run: (token) => call(`${s.api}/staff/stats?from=2026-12-01`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/console-logins/{id}/approve',
    operationId: 'approveConsoleLogin',
    action: 'console.approve',
    allowed: ['city', 'district106', 'district107'],
    refused: ['keeper195', 'keeper205', 'clinic01', 'clinic02'],
    run: async (token) => approveLogin(s, (await startLogin(s)).loginId, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/console-logins/{id}',
    operationId: 'getConsoleLoginForApproval',
    action: 'console.login.read',
    allowed: ['city', 'district106', 'district107'],
    refused: ['keeper195', 'keeper205', 'clinic01', 'clinic02'],
    run: async (token) => loginForApproval(s, (await startLogin(s)).loginId, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/stations/{id}/entries',
    operationId: 'listStationEntries',
    action: 'entries.read',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stations/ty0195/entries`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/stations/{id}/closures',
    operationId: 'closeStation',
    action: 'station.close',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) =>
      call(`${s.api}/staff/stations/ty0195/closures`, {
        method: 'POST',
        token,
        body: { reason: '设备检修', until: '2026-12-01T11:00:00+08:00' },
      }),
    ok: 201,
  },
  {
    name: 'DELETE /staff/stations/{id}/closures/{closureId}',
    operationId: 'reopenStation',
    action: 'station.reopen',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: async (token) => {
      const closure = await call(`${s.api}/staff/stations/ty0195/closures`, {
        method: 'POST',
        token: staff.city.token,
        body: { reason: '设备检修', until: '2026-12-01T11:00:00+08:00' },
      });
      return call(`${s.api}/staff/stations/ty0195/closures/${closure.body.closure.id}`, { method: 'DELETE', token });
    },
    ok: 200,
  },
  {
    name: 'POST /staff/doors/{doorId}/remote-open',
    operationId: 'remoteOpenDoor',
    action: 'door.remote_open',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/doors/d0039/remote-open`, { method: 'POST', token, body: { reason: '工友手机没电' } }),
    ok: 200,
  },
  {
    name: 'POST /staff/stations/{id}/reports',
    operationId: 'createStationReport',
    action: 'report.create',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stations/ty0195/reports`, { method: 'POST', token, body: { kind: 'hot_water' } }),
    ok: 201,
  },
  {
    name: 'GET /staff/reports (one station)',
    operationId: 'listStationReports',
    action: 'reports.read',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/reports?stationId=ty0195`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/reports/{id}/photo',
    operationId: 'getReportPhoto',
    action: 'report.photo',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: async (token) => call(`${s.api}/staff/reports/${await reportAtTy0195(true)}/photo`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/reports/{id}/resolve',
    operationId: 'resolveStationReport',
    action: 'report.resolve',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: async (token) =>
      call(`${s.api}/staff/reports/${await reportAtTy0195(false)}/resolve`, { method: 'POST', token, body: { note: '已更换' } }),
    ok: 200,
  },
  {
    name: 'GET /staff/audit',
    operationId: 'listAudit',
    action: 'audit.read',
    allowed: ['city'],
    refused: ['district106', 'keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/audit?limit=5`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/audit/verify',
    operationId: 'verifyAudit',
    action: 'audit.verify',
    allowed: ['city'],
    refused: ['district106', 'keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/audit/verify`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/registry/stations',
    operationId: 'listRegistryStations',
    action: 'registry.list',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['clinic01', 'clinic02'],
    run: (token) => call(`${s.api}/staff/registry/stations?limit=5`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/stations/{id}',
    operationId: 'getRegistryStation',
    action: 'registry.read',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stations/ty0195`, { token }),
    ok: 200,
  },
  {
    name: 'PATCH /staff/stations/{id}',
    operationId: 'updateRegistryStation',
    action: 'station.update',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stations/ty0195`, { method: 'PATCH', token, body: { address: '迎泽区五一广场东北角' } }),
    ok: 200,
  },
  {
    name: 'GET /staff/stations/{id}/grade-history',
    operationId: 'listGradeHistory',
    action: 'grade.history',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stations/ty0195/grade-history`, { token }),
    ok: 200,
  },
  {
    name: 'POST /staff/stations/{id}/doors',
    operationId: 'addStationDoor',
    action: 'door.add',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/stations/ty0195/doors`, { method: 'POST', token, body: { name: '侧门', hardware: 'controller' } }),
    ok: 201,
  },
  {
    name: 'POST /staff/doors/{doorId}/device-key',
    operationId: 'rotateDoorDeviceKey',
    action: 'door.deviceKey.rotate',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/doors/d0039/device-key`, { method: 'POST', token }),
    ok: 200,
  },
  {
    name: 'POST /staff/doors/{doorId}/code-key',
    operationId: 'rotateDoorCodeKey',
    action: 'door.codeKey.rotate',
    allowed: ['city', 'district106'],
    refused: ['district107', 'keeper195', 'clinic01'],
    run: (token) => call(`${s.api}/staff/doors/d0039/code-key`, { method: 'POST', token }),
    ok: 200,
  },
  {
    name: 'GET /staff/doors/{doorId}/poster.png',
    operationId: 'getDoorPosterPng',
    action: 'door.poster.png',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/doors/d0039/poster.png`, { token }),
    ok: 200,
  },
  {
    name: 'GET /staff/doors/{doorId}/poster.pdf',
    operationId: 'getDoorPosterPdf',
    action: 'door.poster.pdf',
    allowed: ['city', 'district106', 'keeper195'],
    refused: ['district107', 'keeper205', 'clinic01'],
    run: (token) => call(`${s.api}/staff/doors/d0039/poster.pdf`, { token }),
    ok: 200,
  },
];

const cells = ROUTES.flatMap((r) => [
  ...r.allowed.map((who) => [r.name, who, 'allowed'] as const),
  ...r.refused.map((who) => [r.name, who, 'refused'] as const),
  [r.name, 'no session', 'unauthenticated'] as const,
  [r.name, 'a worker without a role', 'refused'] as const,
]);

describe('every staff route x every role and scope', () => {
  it('covers every /staff operation of the document (but the two any signed-in account may call)', () => {
    const documented = operations()
      .filter((op) => op.path.startsWith('/staff/') && !['getStaffMe', 'redeemInvitation'].includes(op.operationId))
      .map((op) => op.operationId);
    expect(new Set(ROUTES.map((r) => r.operationId))).toEqual(new Set(documented));
  });

  it.each(cells)('%s as %s: %s', async (name, who, expected) => {
    const route = ROUTES.find((r) => r.name === name)!;
    const token =
      who === 'no session' ? undefined : who === 'a worker without a role' ? await registeredWorker(s.api, n++) : staff[who].token;
    const before = (await auditRows(s)).length;
    const r = await route.run(token);
    if (expected === 'allowed') {
      expect([r.status, r.body?.error?.code ?? null]).toEqual([route.ok, null]);
      const rows = (await auditRows(s)).slice(before).filter((x) => x.action === route.action && x.outcome === 'ok');
      expect(rows.map((x) => x.staff_id)).toEqual([staff[who].id]);
    } else if (expected === 'unauthenticated') {
      expect([r.status, r.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    } else {
      expect([r.status, r.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);
      // Nothing about the record: the one fixed message, no details.
      expect(r.body.error).toEqual({
        code: 'STAFF_FORBIDDEN',
        message: '您没有这项工作人员权限，或这条记录不在您负责的范围内。如有疑问请联系上级工会。',
      });
      const refusal = (await auditRows(s)).slice(before).filter((x) => x.outcome === 'forbidden');
      expect(refusal.length).toBe(1);
      expect(refusal[0].address).toBe('127.0.0.1');
    }
  });

  it('a suspended member of every allowed role is refused on every route at once', async () => {
    const suspended: Record<string, TestStaff> = {};
    for (const [name, w] of Object.entries(WHO)) {
      suspended[name] = await staffMember(s, w.role, w.scope);
      const r = await call(`${s.api}/staff/members/${suspended[name].id}/suspend`, { method: 'POST', token: staff.city.token });
      expect([name, r.status]).toEqual([name, 200]);
    }
    for (const route of ROUTES) {
      for (const who of route.allowed) {
        const r = await route.run(suspended[who].token);
        expect([route.name, who, r.status, r.body.error.code]).toEqual([route.name, who, 403, 'STAFF_FORBIDDEN']);
      }
    }
  });
});
