import { Workbook } from 'exceljs';
import type { AppContext } from '../../core/context';
import { statistics, type Statistics } from './stats';
import { visitsByStationDay, type StatsRange, type StatsScope } from './repo';

/**
 * The statistics as files for Excel (issue 15): the same tables as CSV (UTF-8 with a byte-order mark, so Excel
 * opens the Chinese text right; tables one after another, each under its title and separated by a blank line) or
 * as XLSX (exceljs; one sheet per table). Aggregates only: no identity number, name or phone of anyone.
 */

type Cell = string | number | null;

/** One table of the export: its title (the sheet's name), its column headings, its rows. */
export interface ExportTable {
  title: string;
  columns: string[];
  rows: Cell[][];
}

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
const minutes = (s: number | null) => (s === null ? null : Math.round(s / 6) / 10);

/**
 * The export's tables from `stats` and the long per-station-per-day table `stationDays` (date, station, visits).
 * Response times in minutes (one decimal).
 */
export function exportTables(
  stats: Statistics,
  stationDays: { date: string; stationId: string; stationName: string; visits: number }[],
  scopeLabel: string,
): ExportTable[] {
  const districtName = new Map(stats.byDistrict.map((d) => [d.districtCode, d.district]));
  const peak = WEEKDAYS.map((name, i) => [
    name,
    ...Array.from({ length: 24 }, (_, h) => stats.peak.find((p) => p.weekday === i + 1 && p.hour === h)?.visits ?? 0),
  ]);
  const h = stats.health;
  const alarmRow = (name: string, a: Statistics['alarms']['total']): Cell[] => [
    name,
    a.count,
    a.acknowledged,
    a.resolved,
    minutes(a.ackMedianS),
    minutes(a.ackP90S),
    minutes(a.resolveMedianS),
    minutes(a.resolveP90S),
  ];
  return [
    {
      title: '汇总',
      columns: ['项目', '数值'],
      rows: [
        ['统计范围', scopeLabel],
        ['起始日期', stats.from],
        ['截止日期', stats.to],
        ['进站人次', stats.totals.visits],
        ['进站职工人数（去重）', stats.totals.workers],
        ['其中已注销职工的进站人次', stats.totals.erasedVisits],
        ['报警次数', stats.alarms.total.count],
        ['健康驿站预约', h.totals.booked],
      ],
    },
    { title: '每日进站', columns: ['日期', '进站人次', '职工人数'], rows: stats.daily.map((d) => [d.date, d.visits, d.workers]) },
    {
      title: '各区县进站',
      columns: ['区县代码', '区县', '进站人次', '职工人数'],
      rows: stats.byDistrict.map((d) => [d.districtCode, d.district, d.visits, d.workers]),
    },
    {
      title: '各区县每日进站',
      columns: ['日期', '区县代码', '区县', '进站人次'],
      rows: stats.byDistrictDay.map((d) => [d.date, d.districtCode, districtName.get(d.districtCode) ?? '', d.visits]),
    },
    {
      title: '各驿站进站',
      columns: ['驿站编号', '驿站', '区县', '进站人次', '职工人数'],
      rows: stats.byStation.map((x) => [x.stationId, x.stationName, districtName.get(x.districtCode) ?? '', x.visits, x.workers]),
    },
    {
      title: '各驿站每日进站',
      columns: ['日期', '驿站编号', '驿站', '进站人次'],
      rows: stationDays.map((x) => [x.date, x.stationId, x.stationName, x.visits]),
    },
    {
      title: '按职业',
      columns: ['职业', '进站人次', '职工人数'],
      rows: stats.byOccupation.map((o) => [o.label, o.visits, o.workers]),
    },
    { title: '高峰时段', columns: ['星期', ...Array.from({ length: 24 }, (_, i) => `${i}时`)], rows: peak },
    {
      title: '健康驿站预约',
      columns: ['出诊日期', '预约', '其中取消', '已签到', '爽约', '候补转正', '出诊场次', '停诊场次', '其中医生缺勤'],
      rows: [...h.daily, { date: '合计', ...h.totals }].map((d) => [
        d.date,
        d.booked,
        d.cancelled,
        d.checkedIn,
        d.noShows,
        d.waitlistPromotions,
        d.sessions,
        d.sessionsCancelled,
        d.doctorAbsences,
      ]),
    },
    {
      title: '报警响应',
      columns: [
        '区县',
        '报警次数',
        '已确认',
        '已处理',
        '确认用时中位数（分钟）',
        '确认用时90%（分钟）',
        '处理用时中位数（分钟）',
        '处理用时90%（分钟）',
      ],
      rows: [...stats.alarms.byDistrict.map((a) => alarmRow(a.district, a)), alarmRow('合计', stats.alarms.total)],
    },
  ];
}

/**
 * A text cell as CSV writes it: quoted when it holds a comma, quote or line break; a leading = + - @ (a formula to
 * Excel) is neutralised with an apostrophe (OWASP CSV injection), though every text here comes from the registry.
 */
function csvCell(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'number') return String(c);
  const safe = /^[=+\-@\t\r]/.test(c) ? `'${c}` : c;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The tables as one CSV file (UTF-8 with BOM, CRLF line ends), each table under its title, a blank line between. */
export function toCsv(tables: ExportTable[]): Buffer {
  const lines: string[] = [];
  for (const t of tables) {
    if (lines.length) lines.push('');
    lines.push(csvCell(t.title), t.columns.map(csvCell).join(','), ...t.rows.map((r) => r.map(csvCell).join(',')));
  }
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The tables as an XLSX workbook, one sheet per table (bold headings, the first row frozen). */
export async function toXlsx(tables: ExportTable[]): Promise<Buffer> {
  const wb = new Workbook();
  wb.creator = '驿站通';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.addRow(t.columns).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.columns.forEach((col, i) => {
      const widest = Math.max(...[t.columns[i], ...t.rows.map((r) => r[i])].map((c) => String(c ?? '').length));
      col.width = Math.min(40, Math.max(8, widest * 2 + 2));
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Rows of the long per-station-per-day table at most (Excel takes about a million; a quarter of 741 stations is 68,000). */
export const EXPORT_STATION_DAYS = 200_000;
/** Stations in the per-station table of the export at most. */
export const EXPORT_STATIONS = 200_000;

/**
 * The statistics of `range` within `scope` as a file: `format` csv or xlsx; `scopeLabel` names the scope in the
 * summary sheet. @returns the bytes, its media type and a file name (ASCII).
 */
export async function statsFile(
  ctx: AppContext,
  range: StatsRange,
  scope: StatsScope,
  format: 'csv' | 'xlsx',
  scopeLabel: string,
): Promise<{ body: Buffer; contentType: string; filename: string; rows: number }> {
  const stats = await statistics(ctx, range, scope, EXPORT_STATIONS);
  const days = await visitsByStationDay(ctx.db, range, scope, EXPORT_STATION_DAYS + 1);
  const tables = exportTables(stats, days.slice(0, EXPORT_STATION_DAYS), scopeLabel);
  if (days.length > EXPORT_STATION_DAYS)
    tables[0].rows.push(['说明', `各驿站每日进站只列出前 ${EXPORT_STATION_DAYS} 行，请缩小日期或区县范围`]);
  const rows = tables.reduce((n, t) => n + t.rows.length, 0);
  const filename = `yizhan-stats-${range.from}_${range.to}.${format}`;
  return format === 'csv'
    ? { body: toCsv(tables), contentType: 'text/csv; charset=utf-8', filename, rows }
    : { body: await toXlsx(tables), contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename, rows };
}
