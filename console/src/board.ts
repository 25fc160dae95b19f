/**
 * The live board's rows (pure, no React): the stations of GET /staff/stations with their door counts, ordered
 * mismatches first (posted open but a door offline, then open alarms), then by name.
 */

/** One station as GET /api/v1/staff/stations answers it (the fields the board reads). */
export interface StaffStation {
  id: string;
  name: string;
  district: string;
  districtCode: string;
  openNow: boolean;
  openLabel: string;
  doors: { id: string; name: string; health: 'online' | 'offline' | 'unknown' }[];
  openAlarms: number;
  entriesToday: number;
  openButDoorOffline: boolean;
}

export interface BoardRow extends StaffStation {
  doorsOnline: number;
  doorsOffline: number;
  /** 0: open but a door offline; 1: open alarms; 2: nothing to look at. */
  attention: 0 | 1 | 2;
}

const byName = new Intl.Collator('zh-CN');

/** The board's rows, mismatches first, then open alarms (most first), then by name. */
export function boardRows(stations: StaffStation[]): BoardRow[] {
  return stations
    .map((s): BoardRow => ({
      ...s,
      doorsOnline: s.doors.filter((d) => d.health === 'online').length,
      doorsOffline: s.doors.filter((d) => d.health === 'offline').length,
      attention: s.openButDoorOffline ? 0 : s.openAlarms > 0 ? 1 : 2,
    }))
    .sort((a, b) => a.attention - b.attention || b.openAlarms - a.openAlarms || byName.compare(a.name, b.name));
}

/** The districts among `rows` (code and name), by code, for the filter. */
export function districtsOf(rows: StaffStation[]): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const r of rows) seen.set(r.districtCode, r.district);
  return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}
