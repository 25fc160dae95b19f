import type { AppContext } from '../../core/context';
import { newId } from '../../core/crypto';
import { ApiError } from '../../core/http/errors';
import type { StaffMembership, StaffReach, StaffTarget } from '../../core/staff';
import { tellStaff } from '../doors';
import { decodePhoto, type PhotoMime } from './photo';
import { insertReport, markReportResolved, reportById, reportsInReach, type ReportKind, type ReportRow } from './repo';
import { plainText } from '@/rules/text';
import { toShanghaiIso } from '@/rules/time';

/**
 * Keepers report a fault or supplies running out at their station (issue 13): hot water, microwave, air
 * conditioning, chargers, the medicine box, umbrellas, other. The district staff of the station are told through
 * the notifier; staff in scope list them and mark them resolved with a note.
 */

/** Chinese labels, for the notice (and the pages, which keep their own copy). */
export const KIND_LABELS: Record<ReportKind, string> = {
  hot_water: '热水',
  microwave: '微波炉',
  air_conditioning: '空调',
  charger: '充电设备',
  medicine_box: '医药箱',
  umbrella: '雨伞',
  other: '其他',
};

export interface ReportRequest {
  kind: ReportKind;
  note?: string;
  photo?: { mime: PhotoMime; base64: string };
}

/** A report as the API gives it (mock/openapi.yaml StationReport). */
export function reportView(r: ReportRow) {
  return {
    id: r.id,
    station: { id: r.stationId, name: r.stationName },
    kind: r.kind,
    note: r.note,
    hasPhoto: r.photoMime !== null,
    state: r.state,
    createdAt: toShanghaiIso(r.createdAt),
    createdBy: { staffId: r.createdBy, name: r.createdByName },
    resolved:
      r.resolvedAt === null
        ? null
        : { at: toShanghaiIso(r.resolvedAt), staffId: r.resolvedBy ?? '', name: r.resolvedByName ?? '', note: r.resolutionNote ?? '' },
  };
}

/** A report request checked and decoded (checkReport), ready to store. */
export interface CheckedReport {
  kind: ReportKind;
  note: string;
  photo: { mime: PhotoMime; bytes: Buffer } | null;
}

/**
 * Checks a report request before anything is counted or stored: the note made plain (src/rules/text.ts plainText, line breaks kept; at most 300 characters; at least
 * 2 for kind `other`), the photo decoded and checked (photo.ts). @throws ApiError 400 VALIDATION_FAILED
 * (details.fields ['note']), 400 PHOTO_INVALID
 */
export function checkReport(body: ReportRequest): CheckedReport {
  const note = plainText(body.note ?? '', { multiline: true });
  const length = [...note].length;
  if (length > 300 || (body.kind === 'other' && length < 2)) {
    throw new ApiError('VALIDATION_FAILED', {
      message: body.kind === 'other' ? '选了“其他”时，请写明是什么问题（2到300个字）。' : '说明最多300个字。',
      details: { fields: ['note'] },
    });
  }
  return { kind: body.kind, note, photo: body.photo ? decodePhoto(body.photo) : null };
}

/** Records `member`'s report (checked by checkReport) about station `station` and tells the station's district staff. */
export async function createReport(
  ctx: AppContext,
  station: StaffTarget & { kind: 'station' },
  member: StaffMembership,
  checked: CheckedReport,
) {
  const { kind, note, photo } = checked;
  const nowMs = ctx.now();
  const id = newId('rp');
  await insertReport(ctx.db, {
    id,
    stationId: station.stationId,
    kind,
    note,
    photo,
    nowMs,
    by: { staffId: member.id, name: member.displayName },
  });
  const row = (await reportById(ctx.db, id))!;
  // Recorded first: a notifier failure never loses the report (its outcome is in staff_notices).
  const told = await tellStaff(
    ctx,
    ctx.notifier,
    {
      kind: 'station_report',
      refId: id,
      level: 1,
      stationId: row.stationId,
      stationName: row.stationName,
      at: nowMs,
      note: `报修：${KIND_LABELS[kind]}`,
    },
    await ctx.staff.recipients(station, 'district'),
  );
  return { report: reportView(row), told };
}

/** Reports in `reach`, newest first. */
export async function listReports(
  ctx: AppContext,
  reach: StaffReach,
  q: { stationId?: string; state?: 'open' | 'resolved'; limit: number },
) {
  const rows = await reportsInReach(ctx.db, { reach, stationId: q.stationId, state: q.state }, q.limit);
  return { reports: rows.map(reportView) };
}

/** Resolves report `id` with `note` (made plain, line breaks kept, 1..300). @throws ApiError 400 VALIDATION_FAILED, 409 REPORT_RESOLVED */
export async function resolveReport(ctx: AppContext, id: string, member: StaffMembership, rawNote: string) {
  const note = plainText(rawNote, { multiline: true });
  if (!note) throw new ApiError('VALIDATION_FAILED', { message: '请写明处理结果。', details: { fields: ['note'] } });
  const done = await markReportResolved(ctx.db, id, { staffId: member.id, name: member.displayName }, note, ctx.now());
  if (!done) throw new ApiError('REPORT_RESOLVED');
  return { report: reportView((await reportById(ctx.db, id))!) };
}
