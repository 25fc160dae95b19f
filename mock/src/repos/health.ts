import type { Db } from '../db/database';

/** Health stations with their doctors. */
export async function healthStations(db: Db) {
  const stations = await db.selectFrom('health_stations').selectAll().orderBy('id').execute();
  const doctors = await db.selectFrom('doctors').selectAll().orderBy('id').execute();
  return stations.map((s) => ({
    id: s.id,
    name: s.name,
    address: s.address,
    district: s.district,
    lat: s.lat,
    lng: s.lng,
    phone: s.phone,
    status: s.status,
    openedOn: s.opened_on,
    doctors: doctors
      .filter((d) => d.health_station_id === s.id)
      .map((d) => ({ id: d.id, name: d.name, title: d.title, specialty: d.specialty, hospital: d.hospital })),
  }));
}

/**
 * For each health station, which of `dates` (Shanghai 'YYYY-MM-DD') have a scheduled (not cancelled) session not
 * yet over at `nowMs` (epoch ms): today drops out once its last session has ended.
 */
export async function datesWithSessions(db: Db, dates: string[], nowMs: number): Promise<Map<string, string[]>> {
  if (dates.length === 0) return new Map();
  const rows = await db
    .selectFrom('clinic_sessions')
    .select(['health_station_id', 'date'])
    .distinct()
    .where('date', 'in', dates)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', nowMs)
    .orderBy('health_station_id')
    .orderBy('date')
    .execute();
  const byStation = new Map<string, string[]>();
  for (const r of rows) {
    const dates = byStation.get(r.health_station_id);
    if (dates) dates.push(r.date);
    else byStation.set(r.health_station_id, [r.date]);
  }
  return byStation;
}

/** The sessions of a health station on a Shanghai date, each with its doctor and slots. */
export async function sessionsOn(db: Db, healthStationId: string, date: string) {
  const sessions = await db
    .selectFrom('clinic_sessions')
    .innerJoin('doctors', 'doctors.id', 'clinic_sessions.doctor_id')
    .select([
      'clinic_sessions.id',
      'clinic_sessions.date',
      'clinic_sessions.starts_at',
      'clinic_sessions.ends_at',
      'clinic_sessions.status',
      'doctors.id as doctorId',
      'doctors.name as doctorName',
      'doctors.title as doctorTitle',
      'doctors.specialty as doctorSpecialty',
    ])
    .where('clinic_sessions.health_station_id', '=', healthStationId)
    .where('clinic_sessions.date', '=', date)
    .orderBy('clinic_sessions.starts_at')
    .orderBy('doctors.specialty')
    .execute();
  const slots = sessions.length
    ? await db
        .selectFrom('slots')
        .selectAll()
        .where(
          'session_id',
          'in',
          sessions.map((s) => s.id),
        )
        .orderBy('starts_at')
        .execute()
    : [];
  return sessions.map((s) => ({ ...s, slots: slots.filter((x) => x.session_id === s.id) }));
}

/** Whether a health station with this id exists. */
export async function healthStationExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('health_stations').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
