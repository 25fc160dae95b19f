import type { Entry } from '../../api/doors';
import { parseShanghaiDateTime, zhMonthDayTime } from '../../rules/time';

/**
 * How an entry reads in the worker's list: what happened at which door, why a refusal happened, whether the
 * door answered, and when (Shanghai time, whatever the phone's time zone).
 */

/** Refusal reasons the server records (mock/src/features/doors: unlock.ts, passes.ts, routesLimits.ts), in plain words. */
const REASONS: Record<string, string> = {
  TOO_FAR: '离驿站太远',
  DOOR_CODE_EXPIRED: '屏幕上的码已过期',
  DOOR_CODE_FORGED: '码无效，不是这扇门的码',
  DOOR_CODE_FUTURE: '码的时间不对',
  DOOR_CODE_KIND: '码用错了地方',
  DOOR_CODE_MALFORMED: '码不完整或已损坏',
  DOOR_CODE_FOREIGN: '不是驿站的码',
  DOOR_CODE_EMPTY: '没有读到码',
  NOT_REGISTERED: '当时还没有登记',
  PASS_REPLAYED: '进门码已经用过',
  PASS_EXPIRED: '进门码已过期',
  PASS_UNKNOWN: '进门码无效',
  RATE_LIMITED: '操作太频繁',
  PRESENCE_REQUIRED: '没能确认您在门口',
  PASS_RETIRED: '进门码已被新码替换',
  DOOR_LACKS_SCREEN: '这扇门没有屏幕',
  DOOR_LACKS_READER: '这扇门没有读码器',
  STATION_SUSPENDED: '驿站暂停开放',
};

const HOW: Record<NonNullable<Entry['codeKind']>, string> = {
  printed: '扫门上的码',
  rotating: '扫屏幕上的码',
  pass: '出示进门码',
};

/** '11月30日 08:05' in Shanghai time; the raw text when the server's time cannot be read. */
export function entryTime(at: string): string {
  const ms = parseShanghaiDateTime(at);
  return ms === null ? at : zhMonthDayTime(ms);
}

/** The outcome line: '已开门' / '门没有响应' / '正在等门响应' for grants, '未能进门：{reason}' for refusals. */
export function entryOutcome(e: Entry): string {
  if (e.outcome === 'refused') return `未能进门：${(e.reason && REASONS[e.reason]) || '码没有通过核验'}`;
  if (e.doorState === 'opened') return '已开门';
  if (e.doorState === 'no_response') return '门没有响应';
  return '正在等门响应';
}

/** Details: how the code was shown and whether the phone gave a location. */
export function entryDetail(e: Entry): string {
  const how = e.codeKind ? HOW[e.codeKind] : '';
  // A pass is read at the door by its reader, so no location is expected there.
  const where =
    e.codeKind === 'pass' ? '' : e.locationPresent ? (e.distanceM !== null ? `距驿站${e.distanceM}米` : '有定位') : '未提供位置';
  return [how, where].filter(Boolean).join(' · ');
}
