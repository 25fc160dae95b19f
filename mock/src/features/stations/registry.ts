import type { AppContext } from '../../core/context';
import { newId } from '../../core/crypto';
import type { Db } from '../../core/db/database';
import { ApiError } from '../../core/http/errors';
import type { StaffMembership, StaffReach } from '../../core/staff';
import {
  doorsOf,
  editStation,
  gradeHistory,
  registryPage,
  registryRow,
  type RegistryQuery,
  type RegistryRow,
  type StationEdit,
} from './repoRegistry';
import { placeOf } from './districts';
import { AMENITY_KEYS, GRADES } from '@/rules/catalog';
import { openState, validateHours, type OpeningHours } from '@/rules/hours';
import { round6 } from '@/rules/geo';
import { toShanghaiIso } from '@/rules/time';

/**
 * The station registry (issue 15): what district and city staff see and change of a station: name, address,
 * position, posted hours per weekday, amenities, grade with its history. Every edit is checked here (Chinese messages
 * a desk worker can act on), written in one transaction with its grade history and audit row (repoRegistry.ts), and
 * then shown on the workers' nearby list at once (the caller reloads the station: changes.ts).
 */

/** A door as the registry lists it: its hardware and how many times its keys were replaced. */
export type RegistryDoor = Awaited<ReturnType<typeof doorsOf>>[number];

/** The hardware at a door, as the console names it: a lock controller, with a rotating-code screen, a pass reader. */
export type DoorHardware = 'controller' | 'controller_screen' | 'controller_reader' | 'controller_screen_reader';

/** The hardware kind of a door from its two flags. */
export const hardwareOf = (d: { hasScreen: boolean; hasReader: boolean }): DoorHardware =>
  d.hasScreen ? (d.hasReader ? 'controller_screen_reader' : 'controller_screen') : d.hasReader ? 'controller_reader' : 'controller';

const weeklyHours = (h: OpeningHours) => ({ is24h: h.is24h, weekly: h.weekly });
/** Closures with the id and name staff closures are stored with (CONTRACT 2: POST /staff/stations/{id}/closures), null for others. */
const closuresOf = (h: OpeningHours) =>
  (h.closures ?? []).map((c) => {
    const staffFields = c as { id?: string; by?: string };
    return { id: staffFields.id ?? null, from: c.from, to: c.to, reason: c.reason, by: staffFields.by ?? null };
  });

function openOf(hours: OpeningHours, nowMs: number) {
  const s = openState(hours, nowMs);
  return { openNow: s.status === 'open', label: s.label, detail: s.detail ?? null };
}

/** One station as the registry answers it (mock/openapi.yaml RegistryStation). */
export function stationAnswer(r: RegistryRow, doors: RegistryDoor[], nowMs: number) {
  return {
    id: r.id,
    name: r.name,
    address: r.address,
    district: r.district,
    districtCode: r.districtCode,
    position: { lat: r.lat, lng: r.lng, coord: 'gcj02' as const },
    kind: r.kind,
    grade: r.grade,
    amenities: r.amenities,
    hours: weeklyHours(r.hours),
    closures: closuresOf(r.hours),
    phone: r.phone,
    smart: r.smart,
    open: openOf(r.hours, nowMs),
    doors: doors.map((d) => ({
      id: d.id,
      name: d.name,
      hardware: hardwareOf(d),
      deviceKeyGeneration: d.deviceKeyGeneration,
      codeKeyGeneration: d.codeKeyGeneration,
    })),
  };
}

/** One page of the stations in `reach` (GET /staff/registry/stations). */
export async function listRegistry(ctx: AppContext, reach: StaffReach, q: RegistryQuery) {
  const { total, rows } = await registryPage(ctx.db, reach, q);
  const doors = await doorsOf(
    ctx.db,
    rows.map((r) => r.id),
  );
  const nowMs = ctx.now();
  return {
    total,
    offset: q.offset,
    stations: rows.map((r) => {
      const open = openOf(r.hours, nowMs);
      return {
        id: r.id,
        name: r.name,
        address: r.address,
        district: r.district,
        districtCode: r.districtCode,
        kind: r.kind,
        grade: r.grade,
        smart: r.smart,
        is24h: r.hours.is24h,
        openNow: open.openNow,
        openLabel: open.label,
        doors: doors.filter((d) => d.stationId === r.id).length,
      };
    }),
  };
}

/** One station with its doors, or throws NOT_FOUND. */
export async function registryStation(ctx: AppContext, id: string) {
  const r = await registryRow(ctx.db, id);
  if (!r) throw new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' });
  return { station: stationAnswer(r, await doorsOf(ctx.db, [id]), ctx.now()) };
}

/** PATCH /staff/stations/{id}'s body as the route schema checked it. */
export interface EditBody {
  name?: string;
  address?: string;
  position?: { lat: number; lng: number };
  hours?: { weekly: string[][] };
  amenities?: string[];
  grade?: number;
  gradeReason?: string;
}

const invalid = (field: string, message: string, extra: Record<string, unknown> = {}): ApiError =>
  new ApiError('VALIDATION_FAILED', { message, details: { fields: [field], ...extra } });

/** Trimmed text of `min`..`max` characters without control characters, or a refusal naming `field`. */
function text(value: string, field: string, min: number, max: number, what: string): string {
  const t = value.trim();
  const n = [...t].length;
  if (n < min || n > max || /\p{Cc}/u.test(t)) throw invalid(field, `${what}要写${min}到${max}个字。`);
  return t;
}

const FULL_DAY = '00:00-24:00';

/**
 * The edit `body` makes to `before`, checked: texts trimmed and bounded; a new position inside Taiyuan and inside the
 * station's district (the reference outlines); hours by validateHours with the station's closures kept; amenities
 * from the catalogue; a grade change only with a reason. @throws ApiError VALIDATION_FAILED
 */
export function checkEdit(before: RegistryRow, body: EditBody): { edit: StationEdit; gradeReason: string | null } {
  const edit: StationEdit = {};
  if (body.name !== undefined) edit.name = text(body.name, 'name', 2, 40, '驿站名称');
  if (body.address !== undefined) edit.address = text(body.address, 'address', 4, 120, '地址');
  if (body.position) {
    const p = { lat: round6(body.position.lat), lng: round6(body.position.lng) };
    if (p.lat !== before.lat || p.lng !== before.lng) {
      const where = placeOf(p, before.districtCode);
      if (where === 'outside') throw invalid('position', '这个位置不在太原市范围内，请在地图上重新选点（GCJ-02 坐标）。');
      if (where === 'city') throw invalid('position', `这个位置不在${before.district}范围内，驿站不能移到别的区县。`);
      edit.lat = p.lat;
      edit.lng = p.lng;
    }
  }
  if (body.hours) {
    const weekly = body.hours.weekly.map((day) => day.map((s) => s.trim()));
    const is24h = weekly.length === 7 && weekly.every((d) => d.length === 1 && d[0] === FULL_DAY);
    // Closures are set and ended through their own endpoints; an hours edit keeps them as stored.
    const hours: OpeningHours = { ...before.hours, is24h, weekly };
    const problems = validateHours(hours);
    if (problems.length > 0) throw invalid('hours', problems[0], { problems });
    edit.hours = hours;
  }
  if (body.amenities) {
    const unknown = body.amenities.filter((a) => !(AMENITY_KEYS as string[]).includes(a));
    if (unknown.length > 0) throw invalid('amenities', '有不认识的服务设施，请刷新页面后重新选择。', { amenities: unknown });
    edit.amenities = AMENITY_KEYS.filter((a) => body.amenities!.includes(a));
  }
  let gradeReason: string | null = null;
  if (body.grade !== undefined && body.grade !== before.grade) {
    if (!(body.grade in GRADES)) throw invalid('grade', '星级只能是一到四星。');
    const reason = (body.gradeReason ?? '').trim();
    if ([...reason].length < 2 || [...reason].length > 200)
      throw invalid('gradeReason', '调整星级要写明原因（2到200个字），会记入星级变更记录。');
    edit.grade = body.grade;
    gradeReason = reason;
  }
  return { edit, gradeReason };
}

/** The fields of `edit` that differ from `before`, before and after, for the audit row. */
export function changedFields(before: RegistryRow, after: RegistryRow): { fields: string[]; before: string; after: string } {
  const view = (r: RegistryRow) => ({
    name: r.name,
    address: r.address,
    position: [r.lat, r.lng],
    grade: r.grade,
    amenities: r.amenities,
    hours: r.hours.weekly,
  });
  const b = view(before);
  const a = view(after);
  const fields = (Object.keys(b) as (keyof typeof b)[]).filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  const pick = (o: typeof b) => JSON.stringify(Object.fromEntries(fields.map((k) => [k, o[k]])));
  return { fields, before: pick(b), after: pick(a) };
}

/**
 * Applies `body` to station `id` as `member`, in one transaction with the grade history row and `audit` (called
 * inside it with what changed). @returns the station as it now stands and whether its nearby entry must change.
 * @throws ApiError NOT_FOUND, VALIDATION_FAILED
 */
export async function updateStation(
  ctx: AppContext,
  id: string,
  body: EditBody,
  member: StaffMembership,
  audit: (trx: Db, change: ReturnType<typeof changedFields>) => Promise<void>,
) {
  const nowMs = ctx.now();
  const done = await editStation(
    ctx.db,
    id,
    (before) => {
      const { edit, gradeReason } = checkEdit(before, body);
      const grade =
        gradeReason === null
          ? null
          : {
              id: newId('gr'),
              staffId: member.id,
              staffName: member.displayName,
              from: before.grade,
              to: edit.grade!,
              reason: gradeReason,
              at: nowMs,
            };
      return { edit, grade };
    },
    (trx, before, after) => audit(trx, changedFields(before, after)),
  );
  if (!done) throw new ApiError('NOT_FOUND', { message: '没有这个驿站，请核对编号。' });
  const changed = changedFields(done.before, done.after).fields;
  return { station: stationAnswer(done.after, await doorsOf(ctx.db, [id]), nowMs), changed };
}

/** A station's grade history, newest first (GET /staff/stations/{id}/grade-history). */
export async function listGradeHistory(ctx: AppContext, id: string) {
  const rows = await gradeHistory(ctx.db, id, 200);
  return {
    history: rows.map((r) => ({
      id: r.id,
      at: toShanghaiIso(r.at),
      by: { staffId: r.staffId, name: r.staffName },
      from: r.from,
      to: r.to,
      reason: r.reason,
    })),
  };
}
