/**
 * Response times in words (issue 15), for the 求助报警 history and the statistics: an alarm's time from raising to
 * acknowledging and to resolving, read from the alert's own times (ISO with offset).
 */

/** A duration in seconds in words: 45秒, 3分20秒, 2小时5分; '—' for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}秒`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)}分${s % 60}秒` : `${s / 60}分钟`;
  const m = Math.round(s / 60);
  return m % 60 ? `${Math.floor(m / 60)}小时${m % 60}分` : `${m / 60}小时`;
}

/** '确认 2分钟 · 处理 10分钟' for an alert; '—' for a step not reached. */
export function responseTimes(a: { at: string; acknowledged: { at: string } | null; resolved: { at: string } | null }): string {
  const after = (iso: string | undefined) => (iso ? duration((Date.parse(iso) - Date.parse(a.at)) / 1000) : '—');
  return `确认 ${after(a.acknowledged?.at)} · 处理 ${after(a.resolved?.at)}`;
}
