import { request } from './client';

/** Fault and supplies reports of a station (notes/CONTRACT.md 4): what kinds there are and their Chinese labels. */
export const REPORT_KINDS = [
  { kind: 'hot_water', label: '热水' },
  { kind: 'microwave', label: '微波炉' },
  { kind: 'air_conditioning', label: '空调' },
  { kind: 'charger', label: '充电设备' },
  { kind: 'medicine_box', label: '医药箱' },
  { kind: 'umbrella', label: '雨伞' },
  { kind: 'other', label: '其他' },
] as const;

export type ReportKind = (typeof REPORT_KINDS)[number]['kind'];

export interface ReportPhoto {
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  /** The image bytes, base64 (decoded at most 2 MiB). */
  base64: string;
}

export interface StationReport {
  id: string;
  station: { id: string; name: string };
  kind: ReportKind;
  note: string;
  hasPhoto: boolean;
  state: 'open' | 'resolved';
  createdAt: string;
  createdBy: { staffId: string; name: string };
  resolved: { at: string; staffId: string; name: string; note: string } | null;
}

/**
 * POST /staff/stations/{id}/reports: note up to 300 characters once trimmed (at least 2 for `other`); 400 PHOTO_INVALID when the
 * photo is too large or not the image its mime says.
 */
export const createStationReport = (stationId: string, body: { kind: ReportKind; note: string; photo?: ReportPhoto }) =>
  request<{ report: StationReport }>('POST', `/staff/stations/${encodeURIComponent(stationId)}/reports`, { body }).then((r) => r.report);

/** GET /staff/reports?stationId=&state=&limit= (1..500, default 100): the reports in scope, newest first. */
export const fetchStationReports = (q: { stationId?: string; state?: StationReport['state']; limit?: number } = {}) =>
  request<{ reports: StationReport[] }>('GET', '/staff/reports', { query: { ...q } }).then((r) => r.reports);

/** POST /staff/reports/{id}/resolve with what was done (1..300 characters). */
export const resolveStationReport = (id: string, note: string) =>
  request<{ report: StationReport }>('POST', `/staff/reports/${encodeURIComponent(id)}/resolve`, { body: { note } }).then((r) => r.report);
