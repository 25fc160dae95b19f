import type { StaffRole } from '../../api/staff';
import type { StationEntry } from '../../api/staffStations';

/** The roles as staff call them. */
export const ROLE_LABEL: Record<StaffRole, string> = {
  city: '市总工会管理员',
  district: '区工会工作人员',
  keeper: '驿站管理员',
  clinic: '健康驿站工作人员',
};

/** An entry's outcome in a keeper's words. */
export const OUTCOME_LABEL: Record<StationEntry['outcome'], string> = {
  opened: '已开门',
  granted: '已发开门指令',
  no_response: '门没有响应',
  refused: '未开门',
};

/** Why a door refused, for the commonest refusal codes; others show as "未开门". */
export const REFUSAL_LABEL: Record<string, string> = {
  OUTSIDE_HOURS: '不在开放时间',
  STATION_SUSPENDED: '暂停开放中',
  TOO_FAR: '离驿站太远',
  DOOR_CODE_EXPIRED: '码已过期',
  DOOR_CODE_INVALID: '码不对',
  PASS_REPLAYED: '进门码已用过',
  NOT_REGISTERED: '未登记',
  RATE_LIMITED: '尝试太频繁',
};
