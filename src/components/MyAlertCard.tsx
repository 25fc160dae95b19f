import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { MyAlert } from '../api/myAlerts';
import { parseShanghaiDateTime, shanghaiDate, shanghaiHhmm, zhMonthDayTime } from '../rules/time';

/** How long 我的 keeps showing an emergency call: a day, so the next morning's visit still sees who answered. */
export const MY_ALERT_RECENT_MS = 24 * 3_600_000;

/** The latest of the account's alerts (GET /me/alerts answers newest first) if it is recent at `nowMs`, else null. */
export function recentAlert(alerts: MyAlert[], nowMs: number): MyAlert | null {
  const latest = alerts[0];
  const atMs = latest ? parseShanghaiDateTime(latest.at) : null;
  return latest && atMs !== null && nowMs - atMs < MY_ALERT_RECENT_MS ? latest : null;
}

/** 'HH:MM' today, '12月3日 HH:MM' on another day. */
function when(iso: string | null, nowMs: number): string {
  const ms = iso ? parseShanghaiDateTime(iso) : null;
  if (ms === null) return '';
  return shanghaiDate(ms) === shanghaiDate(nowMs) ? shanghaiHhmm(ms) : zhMonthDayTime(ms);
}

/**
 * 我的: the worker's latest emergency call (紧急求助) and what became of it: still open (已发出，等待工会回应, with the
 * station's duty phone to call meanwhile), acknowledged (工会已收到（张师傅 12:05）), resolved (已处理), or withdrawn
 * by the worker (已取消求助).
 */
export function MyAlertCard({ alert, nowMs }: { alert: MyAlert; nowMs: number }) {
  const by = `${alert.acknowledgedBy ?? '工作人员'} ${when(alert.acknowledgedAt, nowMs)}`;
  return (
    <View className='card' data-testid='my-alert' data-state={alert.state}>
      <View className='label'>我的紧急求助</View>
      <View>
        {alert.station.name} · {when(alert.at, nowMs)}
      </View>
      {alert.state === 'open' && (
        <>
          <View className='title' role='status' data-testid='my-alert-state'>
            已发出，等待工会回应
          </View>
          <Button
            className='btn btn-primary'
            data-testid='my-alert-phone'
            onClick={() => void Taro.makePhoneCall({ phoneNumber: alert.station.phone }).catch(() => undefined)}
          >
            拨打驿站值班电话 {alert.station.phone}
          </Button>
        </>
      )}
      {alert.state === 'acknowledged' && (
        <View className='title' role='status' data-testid='my-alert-state'>
          工会已收到（{by.trim()}）
        </View>
      )}
      {alert.state === 'withdrawn' && (
        <View className='title' role='status' data-testid='my-alert-state'>
          您已取消求助{alert.withdrawnAt ? `（${when(alert.withdrawnAt, nowMs)}）` : ''}
        </View>
      )}
      {alert.state === 'resolved' && (
        <View className='title' role='status' data-testid='my-alert-state'>
          已处理{alert.resolvedAt ? `（${when(alert.resolvedAt, nowMs)}）` : ''}
        </View>
      )}
    </View>
  );
}
