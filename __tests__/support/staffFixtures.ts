/**
 * Staff-side answers as the API gives them (mock/openapi.yaml; notes/CONTRACT.md for the endpoints still being built),
 * for page and store tests, and the signed-in phone they start on. Station ty0195 五一广场智慧爱心驿站, door d0039 正门; every person here is made up.
 */
import type { StaffAlert } from '@/api/staffAlerts';
import type { StaffMember } from '@/api/staff';
import type { StaffStation, StationEntry } from '@/api/staffStations';
import type { ClinicDay } from '@/api/clinic';
import { useSessionStore } from '@/stores/session';
import { useStaffStore } from '@/stores/staff';

/** A phone signed in (a session, no worker registration) with an empty staff store: each staff test starts here. */
export function signedInStaffPhone(): void {
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'd'.repeat(32),
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: null,
  });
  useStaffStore.setState({
    roles: null,
    rolesError: null,
    alerts: [],
    alertsAt: null,
    alertsError: null,
    fresh: [],
    busyId: null,
    actionError: null,
  });
}

export const KEEPER: StaffMember = {
  id: 'sm_k1',
  role: 'keeper',
  displayName: '张师傅',
  scope: { districtCode: null, stationId: 'ty0195', healthStationId: null, name: '五一广场智慧爱心驿站' },
};

export const CLINIC: StaffMember = {
  id: 'sm_c1',
  role: 'clinic',
  displayName: '李护士',
  scope: { districtCode: null, stationId: null, healthStationId: 'hs01', name: '小店区职工健康驿站' },
};

/** An open alarm at ty0195's 正门, raised 2026-12-07 15:04:05 with a 20 m fix. */
export const OPEN_ALARM: StaffAlert = {
  id: 'al_1',
  at: '2026-12-07T15:04:05+08:00',
  station: { id: 'ty0195', name: '五一广场智慧爱心驿站', phone: '0351-1234567' },
  door: { id: 'd0039', name: '正门' },
  workerId: 'w_1',
  entryId: 'e_1',
  location: { lat: 37.8594, lng: 112.5738, coord: 'gcj02', accuracyM: 20 },
  state: 'open',
  escalationLevel: 0,
  acknowledged: null,
  resolved: null,
  withdrawn: null,
};

export const acknowledged = (a: StaffAlert, name = '张师傅', at = '2026-12-07T15:05:00+08:00'): StaffAlert => ({
  ...a,
  state: 'acknowledged',
  acknowledged: { at, staffId: 'sm_k1', name },
});

export const resolved = (a: StaffAlert, note: string, at = '2026-12-07T15:30:00+08:00'): StaffAlert => ({
  ...acknowledged(a),
  state: 'resolved',
  resolved: { at, staffId: 'sm_k1', note },
});

/** `a` withdrawn by the worker who raised it (取消求助) at `at`. */
export const withdrawn = (a: StaffAlert, at = '2026-12-07T15:05:30+08:00'): StaffAlert => ({
  ...a,
  state: 'withdrawn',
  withdrawn: { at, by: 'worker' },
});

export const STATION: StaffStation = {
  id: 'ty0195',
  name: '五一广场智慧爱心驿站',
  district: '小店区',
  districtCode: '140105',
  openNow: true,
  openLabel: '24小时',
  doors: [
    { id: 'd0039', name: '正门', health: 'online', lastSeenAt: '2026-12-07T15:03:50+08:00', contact: 'closed', contactSince: null },
    { id: 'd0040', name: '侧门', health: 'offline', lastSeenAt: '2026-12-07T09:12:00+08:00', contact: null, contactSince: null },
  ],
  openAlarms: 1,
  entriesToday: 2,
  openButDoorOffline: true,
  closure: null,
};

export const ENTRIES: StationEntry[] = [
  {
    id: 'e_2',
    at: '2026-12-07T14:20:00+08:00',
    door: { id: 'd0039', name: '正门' },
    worker: { maskedName: '王**', maskedPhone: '138****5672' },
    outcome: 'refused',
    reason: 'OUTSIDE_HOURS',
    remote: false,
    remoteBy: null,
  },
  {
    id: 'e_1',
    at: '2026-12-07T09:05:00+08:00',
    door: { id: 'd0039', name: '正门' },
    worker: null,
    outcome: 'opened',
    reason: null,
    remote: true,
    remoteBy: '张师傅',
  },
];

/** Posted hours of ty0195 as GET /stations/{id} answers them (only what the staff page reads matters). */
export const STATION_DETAIL = {
  id: 'ty0195',
  name: '五一广场智慧爱心驿站',
  address: '迎泽区五一广场',
  district: '迎泽区',
  lat: 37.86,
  lng: 112.57,
  kind: 'union',
  grade: 1,
  honours: [],
  amenities: [],
  hours: { is24h: false, weekly: [['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], ['08:00-20:00'], [], []] },
  open: { status: 'open', is24h: false, label: '营业中', detail: '至 20:00' },
  openNow: true,
  is24h: false,
  phone: '0351-1234567',
  smart: true,
  doors: [{ id: 'd0039', name: '正门' }],
};

export const CLINIC_DAY: ClinicDay = {
  date: '2026-12-07',
  healthStation: { id: 'hs01', name: '小店区职工健康驿站' },
  sessions: [
    {
      id: 'cs_1',
      status: 'scheduled',
      startsAt: '2026-12-07T09:00:00+08:00',
      endsAt: '2026-12-07T11:00:00+08:00',
      doctor: { id: 'doc1', name: '刘医生', title: '主治医师', specialty: '骨科' },
      capacity: 8,
      booked: 2,
      checkedIn: 1,
      waiting: 0,
      bookings: [
        {
          id: 'b_1',
          startsAt: '2026-12-07T09:00:00+08:00',
          endsAt: '2026-12-07T09:30:00+08:00',
          worker: { maskedName: '赵*', maskedPhone: '139****0001' },
          status: 'checked_in',
          checkedInAt: '2026-12-07T08:51:00+08:00',
          cancelledBy: null,
        },
        {
          id: 'b_2',
          startsAt: '2026-12-07T09:30:00+08:00',
          endsAt: '2026-12-07T10:00:00+08:00',
          worker: { maskedName: '钱**', maskedPhone: null },
          status: 'booked',
          checkedInAt: null,
          cancelledBy: null,
        },
      ],
    },
  ],
  noShows: [
    {
      bookingId: 'b_0',
      sessionId: 'cs_0',
      startsAt: '2026-12-07T08:00:00+08:00',
      doctorName: '孙医生',
      worker: { maskedName: '周*', maskedPhone: '137****0002' },
    },
  ],
};
