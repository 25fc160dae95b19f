import type Database from 'better-sqlite3';
import type { Seed } from '../../seed/types';
import { addDays, parseShanghaiDateTime, shanghaiDate, shanghaiParts } from '../../../src/rules/time';

/**
 * Loads the committed seed (mock/seed/data) into an empty database in one transaction. A database
 * that already has stations is left alone, so restarts never duplicate or overwrite data.
 * @returns true when it seeded.
 */
export function seedDatabase(sqlite: Database.Database, seed: Seed): boolean {
  const stationCount = sqlite.prepare('SELECT COUNT(*) AS n FROM stations');
  const station = sqlite.prepare(
    `INSERT INTO stations (id, name, address, district, district_code, lat, lng, kind, grade, honours, amenities, hours, phone, smart, smart_kind)
     VALUES (@id, @name, @address, @district, @districtCode, @lat, @lng, @kind, @grade, @honours, @amenities, @hours, @phone, @smart, @smartKind)`,
  );
  const door = sqlite.prepare(
    'INSERT INTO doors (id, station_id, name, has_screen, has_reader) VALUES (?, ?, ?, ?, ?)',
  );
  const health = sqlite.prepare(
    `INSERT INTO health_stations (id, name, address, district, lat, lng, phone, status, opened_on)
     VALUES (@id, @name, @address, @district, @lat, @lng, @phone, @status, @openedOn)`,
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
        honours: JSON.stringify(s.honours),
        amenities: JSON.stringify(s.amenities),
        hours: JSON.stringify(s.hours),
        smart: s.smart ? 1 : 0,
      });
      for (const d of s.doors) door.run(d.id, s.id, d.name, d.hasScreen ? 1 : 0, d.hasReader ? 1 : 0);
    }
    for (const h of seed.healthStations) {
      health.run({ ...h });
      for (const d of h.doctors) doctor.run(d.id, h.id, d.name, d.title, d.specialty, d.hospital);
      for (const t of h.templates) template.run(t.id, t.doctorId, t.weekday, t.start, t.end, t.slotMinutes, t.capacity);
    }
    return true;
  }).immediate();
}

type TemplateRow = {
  id: string;
  doctor_id: string;
  health_station_id: string;
  weekday: number;
  start: string;
  end: string;
  slot_minutes: number;
  capacity: number;
};

/**
 * Materialises clinic sessions and their slots from the weekly templates for the Shanghai dates
 * today .. today + `days` (a rolling window). Idempotent: existing sessions are kept as they are,
 * bookings included. Only open health stations get sessions.
 * @returns the number of sessions created.
 */
export function materializeSessions(sqlite: Database.Database, nowMs: number, days: number): number {
  const templates = sqlite
    .prepare(
      `SELECT t.*, d.health_station_id FROM session_templates t
       JOIN doctors d ON d.id = t.doctor_id
       JOIN health_stations h ON h.id = d.health_station_id AND h.status = 'open'`,
    )
    .all() as TemplateRow[];
  const insertSession = sqlite.prepare(
    `INSERT OR IGNORE INTO clinic_sessions (id, template_id, health_station_id, doctor_id, date, starts_at, ends_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSlot = sqlite.prepare(
    'INSERT INTO slots (id, session_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?)',
  );
  const today = shanghaiDate(nowMs);
  let created = 0;
  sqlite.transaction(() => {
    for (let i = 0; i <= days; i++) {
      const date = addDays(today, i);
      const noon = parseShanghaiDateTime(`${date} 12:00`) as number;
      const weekday = shanghaiParts(noon).weekday;
      for (const t of templates.filter((x) => x.weekday === weekday)) {
        const startsAt = parseShanghaiDateTime(`${date} ${t.start}`) as number;
        const endsAt = parseShanghaiDateTime(`${date} ${t.end}`) as number;
        const sessionId = `cs_${t.id}_${date.replace(/-/g, '')}`;
        const res = insertSession.run(sessionId, t.id, t.health_station_id, t.doctor_id, date, startsAt, endsAt);
        if (res.changes === 0) continue;
        created++;
        const stepMs = t.slot_minutes * 60_000;
        for (let k = 0, at = startsAt; at + stepMs <= endsAt; k++, at += stepMs) {
          insertSlot.run(`${sessionId}_${k + 1}`, sessionId, at, at + stepMs, t.capacity);
        }
      }
    }
  }).immediate();
  return created;
}
