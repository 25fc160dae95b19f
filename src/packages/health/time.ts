import { parseShanghaiDateTime, parseDate, shanghaiHhmm, zhMonthDayTime } from '../../rules/time';

/**
 * Display helpers for the health pages. Every time comes from the API as ISO 8601 +08:00 and is parsed with the
 * explicit parser (never `new Date(string)`, which iOS rejects for some formats); an unparsable time shows as
 * unknown and never counts as "in range".
 */

/** '09:00', or '--:--' for an unparsable time. */
export function hhmm(iso: string): string {
  const ms = parseShanghaiDateTime(iso);
  return ms === null ? '--:--' : shanghaiHhmm(ms);
}

/** '12月3日 09:00', or null for an unparsable time. */
export function dayTime(iso: string | null): string | null {
  const ms = iso === null ? null : parseShanghaiDateTime(iso);
  return ms === null ? null : zhMonthDayTime(ms);
}

/** '12/3' for the date strip. */
export function shortDay(date: string): string {
  const d = parseDate(date);
  return d ? `${d.month}/${d.day}` : date;
}

/** True only when `iso` parses and `nowMs` is strictly before it (an invalid time is an error, never "before"). */
export function isBefore(nowMs: number, iso: string | null): boolean {
  const ms = iso === null ? null : parseShanghaiDateTime(iso);
  return ms !== null && nowMs < ms;
}

/** U+2060 WORD JOINER: forbids a line break on either side and shows nothing. */
const WORD_JOINER = '\u2060';

/**
 * `text` with a word joiner between its characters, so a line never breaks inside it: a dialog that breaks
 * anywhere (h5's showModal sets word-break: break-all) showed 12:30 as "1" / "2:30". Spaces stay places to break.
 */
export function unbroken(text: string): string {
  return text
    .split(' ')
    .map((word) => Array.from(word).join(WORD_JOINER))
    .join(' ');
}
