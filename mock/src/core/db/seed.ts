import type { Seed } from '../../../seed/types';
import type { Db } from './database';
import { sqliteOf } from './handle';

/**
 * Loads the committed seed (mock/seed/data) into an empty database in one transaction. A database
 * that already has stations is left alone, so restarts never duplicate or overwrite data.
 * @returns true when it seeded.
 */
export function seedDatabase(db: Db, seed: Seed): boolean {
  // Synchronous, on the raw handle: about 2,000 rows at first start, in one IMMEDIATE transaction.
  const sqlite = sqliteOf(db);
  const stationCount = sqlite.prepare('SELECT COUNT(*) AS n FROM stations');
  const station = sqlite.prepare(
    `INSERT INTO stations (id, name, address, district, district_code, lat, lng, kind, grade, honours, amenities, hours, phone, smart, smart_kind)
     VALUES (@id, @name, @address, @district, @districtCode, @lat, @lng, @kind, @grade, @honours, @amenities, @hours, @phone, @smart, @smartKind)`,
  );
  const door = sqlite.prepare(
    'INSERT INTO doors (id, station_id, name, has_screen, has_reader) VALUES (?, ?, ?, ?, ?)',
  );
  const health = sqlite.prepare(
    `INSERT INTO health_stations (id, name, address, district, district_code, lat, lng, phone, status, opened_on)
     VALUES (@id, @name, @address, @district, @districtCode, @lat, @lng, @phone, @status, @openedOn)`,
  );
  const doctor = sqlite.prepare(
    'INSERT INTO doctors (id, health_station_id, name, title, specialty, hospital) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const template = sqlite.prepare(
    'INSERT INTO session_templates (id, doctor_id, weekday, start, end, slot_minutes, capacity) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  // Checked inside the write transaction (IMMEDIATE: the write lock first), so two servers starting at once on
  // a new data folder cannot both find it empty and seed it twice.
  return sqlite.transaction(() => {
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
      });
      for (const d of s.doors) door.run(d.id, s.id, d.name, d.hasScreen ? 1 : 0, d.hasReader ? 1 : 0);
    }
    for (const h of seed.healthStations) {
      health.run({ ...h, districtCode: String(h.districtCode) });
      for (const d of h.doctors) doctor.run(d.id, h.id, d.name, d.title, d.specialty, d.hospital);
      for (const t of h.templates) template.run(t.id, t.doctorId, t.weekday, t.start, t.end, t.slotMinutes, t.capacity);
    }
    return true;
  }).immediate();
}
