import type { Seed } from '../../../seed/types';
import { sql } from 'kysely';
import type { Db } from './database';
import { engineOf } from './dialect';
import { sqliteOf } from './handle';

/**
 * Loads the committed seed (mock/seed/data) into an empty database in one transaction. A database
 * that already has stations is left alone, so restarts never duplicate or overwrite data.
 * @returns true when it seeded.
 */
export async function seedDatabase(db: Db, seed: Seed): Promise<boolean> {
  return engineOf(db) === 'postgres' ? seedPostgres(db, seed) : seedSqlite(db, seed);
}

/**
 * stations.attended (migration 015) from the seed: its `smart` flag marks the unattended 24-hour smart stations
 * (无人值守); every other station is run by its host, with someone there while it is open, so it keeps the
 * lighter door rule during its opening hours (features/doors/presence.ts).
 */
const attendedOf = (s: Seed['stations'][number]): 0 | 1 => (s.smart ? 0 : 1);

/** Rows per INSERT on PostgreSQL (a statement takes at most 65,535 parameters; stations have 15 columns). */
const CHUNK = 500;

/** The advisory lock a seeding transaction holds on PostgreSQL (any constant; distinct from the migrations'). */
const SEED_LOCK = 0x79697a68616f;

/**
 * PostgreSQL: the same rows through Kysely, in chunks, in one transaction that first takes an advisory lock, so two
 * servers starting together on a new database cannot both find it empty and seed it twice.
 */
async function seedPostgres(db: Db, seed: Seed): Promise<boolean> {
  const chunks = <T>(rows: T[]): T[][] =>
    Array.from({ length: Math.ceil(rows.length / CHUNK) }, (_, i) => rows.slice(i * CHUNK, (i + 1) * CHUNK));
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const { n } = await trx
      .selectFrom('stations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n) > 0) return false;
    const stations = seed.stations.map((s) => ({
      id: s.id,
      name: s.name,
      address: s.address,
      district: s.district,
      // A number in the seed; SQLite's TEXT affinity stores its digits, as this does.
      district_code: String(s.districtCode),
      lat: s.lat,
      lng: s.lng,
      kind: s.kind,
      grade: s.grade,
      honours: JSON.stringify(s.honours),
      amenities: JSON.stringify(s.amenities),
      hours: JSON.stringify(s.hours),
      phone: s.phone,
      smart: s.smart ? 1 : 0,
      smart_kind: s.smartKind,
      attended: attendedOf(s),
    }));
    const doors = seed.stations.flatMap((s) =>
      s.doors.map((d) => ({ id: d.id, station_id: s.id, name: d.name, has_screen: d.hasScreen ? 1 : 0, has_reader: d.hasReader ? 1 : 0 })),
    );
    const healthStations = seed.healthStations.map((h) => ({
      id: h.id,
      name: h.name,
      address: h.address,
      district: h.district,
      district_code: String(h.districtCode),
      lat: h.lat,
      lng: h.lng,
      phone: h.phone,
      status: h.status,
      opened_on: h.openedOn,
    }));
    const doctors = seed.healthStations.flatMap((h) =>
      h.doctors.map((d) => ({
        id: d.id,
        health_station_id: h.id,
        name: d.name,
        title: d.title,
        specialty: d.specialty,
        hospital: d.hospital,
      })),
    );
    const templates = seed.healthStations.flatMap((h) =>
      h.templates.map((t) => ({
        id: t.id,
        doctor_id: t.doctorId,
        weekday: t.weekday,
        start: t.start,
        end: t.end,
        slot_minutes: t.slotMinutes,
        capacity: t.capacity,
      })),
    );
    for (const rows of chunks(stations)) await trx.insertInto('stations').values(rows).execute();
    for (const rows of chunks(doors)) await trx.insertInto('doors').values(rows).execute();
    for (const rows of chunks(healthStations)) await trx.insertInto('health_stations').values(rows).execute();
    for (const rows of chunks(doctors)) await trx.insertInto('doctors').values(rows).execute();
    for (const rows of chunks(templates)) await trx.insertInto('session_templates').values(rows).execute();
    return true;
  });
}

/** SQLite: prepared statements on the raw handle, in one IMMEDIATE transaction. */
function seedSqlite(db: Db, seed: Seed): boolean {
  // Synchronous, on the raw handle: about 2,000 rows at first start, in one IMMEDIATE transaction.
  const sqlite = sqliteOf(db);
  const stationCount = sqlite.prepare('SELECT COUNT(*) AS n FROM stations');
  const station = sqlite.prepare(
    `INSERT INTO stations (id, name, address, district, district_code, lat, lng, kind, grade, honours, amenities, hours, phone, smart, smart_kind, attended)
     VALUES (@id, @name, @address, @district, @districtCode, @lat, @lng, @kind, @grade, @honours, @amenities, @hours, @phone, @smart, @smartKind, @attended)`,
  );
  const door = sqlite.prepare('INSERT INTO doors (id, station_id, name, has_screen, has_reader) VALUES (?, ?, ?, ?, ?)');
  const health = sqlite.prepare(
    `INSERT INTO health_stations (id, name, address, district, district_code, lat, lng, phone, status, opened_on)
     VALUES (@id, @name, @address, @district, @districtCode, @lat, @lng, @phone, @status, @openedOn)`,
  );
  const doctor = sqlite.prepare('INSERT INTO doctors (id, health_station_id, name, title, specialty, hospital) VALUES (?, ?, ?, ?, ?, ?)');
  const template = sqlite.prepare(
    'INSERT INTO session_templates (id, doctor_id, weekday, start, end, slot_minutes, capacity) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  // Checked inside the write transaction (IMMEDIATE: the write lock first), so two servers starting at once on
  // a new data folder cannot both find it empty and seed it twice.
  return sqlite
    .transaction(() => {
      if ((stationCount.get() as { n: number }).n > 0) return false;
      for (const s of seed.stations) {
        station.run({
          ...s,
          // As text: a JS number bound to the TEXT column was stored as '140106.0'.
          districtCode: String(s.districtCode),
          honours: JSON.stringify(s.honours),
          amenities: JSON.stringify(s.amenities),
          hours: JSON.stringify(s.hours),
          smart: s.smart ? 1 : 0,
          attended: attendedOf(s),
        });
        for (const d of s.doors) door.run(d.id, s.id, d.name, d.hasScreen ? 1 : 0, d.hasReader ? 1 : 0);
      }
      for (const h of seed.healthStations) {
        health.run({ ...h, districtCode: String(h.districtCode) });
        for (const d of h.doctors) doctor.run(d.id, h.id, d.name, d.title, d.specialty, d.hospital);
        for (const t of h.templates) template.run(t.id, t.doctorId, t.weekday, t.start, t.end, t.slotMinutes, t.capacity);
      }
      return true;
    })
    .immediate();
}
