import type { ChartOption } from './Chart';
import { dailySeries, heatmapCells, minutes, WEEKDAYS, type Statistics } from './stats';

/**
 * The statistics page's ECharts options, one function per chart, from the API's answer. Text at 14 px and more
 * (older eyes); colours from the console's palette.
 */

const TEXT = { fontSize: 14, color: '#1f2937' };
const AXIS = { axisLabel: { fontSize: 14, color: '#1f2937' } };
const tooltip = { trigger: 'axis', textStyle: { fontSize: 14 } } as const;
const legend = { top: 0, textStyle: TEXT };
const grid = { left: 56, right: 24, top: 40, bottom: 40 };

/** Visits and distinct workers per day (line), every date of the range. */
export function dailyOption(s: Statistics): ChartOption {
  const days = dailySeries(s);
  return {
    tooltip,
    legend,
    grid,
    xAxis: { type: 'category', data: days.map((d) => d.date.slice(5)), ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      { name: '进站人次', type: 'line', data: days.map((d) => d.visits), color: '#0b5cad' },
      { name: '职工人数', type: 'line', data: days.map((d) => d.workers), color: '#d97706' },
    ],
  };
}

/** A horizontal bar chart of `rows` (label, value), largest on top. */
function bars(rows: { label: string; value: number }[], name: string, color: string): ChartOption {
  const sorted = [...rows].sort((a, b) => a.value - b.value);
  return {
    tooltip,
    grid: { ...grid, left: 110, top: 16 },
    xAxis: { type: 'value', minInterval: 1, ...AXIS },
    yAxis: { type: 'category', data: sorted.map((r) => r.label), ...AXIS },
    series: [{ name, type: 'bar', data: sorted.map((r) => r.value), color, label: { show: true, position: 'right', ...TEXT } }],
  };
}

export const districtOption = (s: Statistics): ChartOption =>
  bars(
    s.byDistrict.map((d) => ({ label: d.district, value: d.visits })),
    '进站人次',
    '#0b5cad',
  );

export const occupationOption = (s: Statistics): ChartOption =>
  bars(
    s.byOccupation.map((o) => ({ label: o.label, value: o.visits })),
    '进站人次',
    '#047857',
  );

/** Visits per weekday (rows, Monday on top) and hour (columns) as a heatmap. */
export function peakOption(s: Statistics): ChartOption {
  const { cells, max } = heatmapCells(s.peak);
  return {
    tooltip: { position: 'top', textStyle: { fontSize: 14 } },
    grid: { left: 56, right: 24, top: 16, bottom: 80 },
    xAxis: { type: 'category', data: Array.from({ length: 24 }, (_, h) => `${h}时`), splitArea: { show: true }, ...AXIS },
    yAxis: { type: 'category', data: WEEKDAYS, inverse: true, splitArea: { show: true }, ...AXIS },
    visualMap: {
      min: 0,
      max,
      calculable: true,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      textStyle: TEXT,
      inRange: { color: ['#eff6ff', '#0b3d6e'] },
    },
    series: [{ name: '进站人次', type: 'heatmap', data: cells, label: { show: false } }],
  };
}

/** Health bookings per session date: booked, checked in, no-shows, promotions (bars). */
export function healthOption(s: Statistics): ChartOption {
  const d = s.health.daily;
  const series = (name: string, k: 'booked' | 'checkedIn' | 'noShows' | 'waitlistPromotions', color: string) => ({
    name,
    type: 'bar',
    data: d.map((x) => x[k]),
    color,
  });
  return {
    tooltip,
    legend,
    grid,
    xAxis: { type: 'category', data: d.map((x) => x.date.slice(5)), ...AXIS },
    yAxis: { type: 'value', minInterval: 1, ...AXIS },
    series: [
      series('预约', 'booked', '#0b5cad'),
      series('已签到', 'checkedIn', '#047857'),
      series('爽约', 'noShows', '#b42318'),
      series('候补转正', 'waitlistPromotions', '#d97706'),
    ],
  };
}

/** Alarm response times per district, minutes: median and 90% to acknowledge and to resolve (bars). */
export function alarmOption(s: Statistics): ChartOption {
  const rows = s.alarms.byDistrict;
  const series = (name: string, k: 'ackMedianS' | 'ackP90S' | 'resolveMedianS' | 'resolveP90S', color: string) => ({
    name,
    type: 'bar',
    data: rows.map((r) => minutes(r[k])),
    color,
  });
  return {
    tooltip,
    legend,
    grid,
    xAxis: { type: 'category', data: rows.map((r) => r.district), ...AXIS },
    yAxis: { type: 'value', name: '分钟', nameTextStyle: TEXT, ...AXIS },
    series: [
      series('确认用时中位数', 'ackMedianS', '#60a5fa'),
      series('确认用时90%', 'ackP90S', '#0b5cad'),
      series('处理用时中位数', 'resolveMedianS', '#fbbf24'),
      series('处理用时90%', 'resolveP90S', '#b45309'),
    ],
  };
}
