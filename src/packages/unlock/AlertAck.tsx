import { View } from '@tarojs/components';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchMyAlerts, type MyAlert } from '../../api/myAlerts';
import { parseShanghaiDateTime, shanghaiHhmm } from '../../rules/time';
import { useSessionStore } from '../../stores/session';

/** While the worker's alert is open, its state is asked for this often (the keeper's page polls every 10 s). */
export const ACK_POLL_MS = 5_000;
/** An alert older than this is not this visit's: the door page says nothing about it. */
const RECENT_MS = 2 * 3_600_000;

const hhmm = (iso: string | null): string => {
  const ms = iso ? parseShanghaiDateTime(iso) : null;
  return ms === null ? '' : shanghaiHhmm(ms);
};

/**
 * What became of the worker's emergency call at this station: 工会已收到（张师傅 12:05） once someone at the union
 * acknowledged it, 工会已处理完毕 once resolved; nothing once the worker withdrew it (the button says so itself). Asks GET /me/alerts when the page shows and whenever `asked`
 * changes (a new call recorded), then again every {@link ACK_POLL_MS} while the latest alert is open and the page is
 * shown, so the answer appears without a reload.
 */
export function AlertAck({ stationId, asked }: { stationId: string; asked: number }) {
  const [alert, setAlert] = useState<MyAlert | null>(null);
  const shown = useRef(true);
  // Whether the last answer (or, before any, a call just recorded) leaves an open alert to follow.
  const following = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const generation = useRef(0);

  const check = useCallback(
    async (mine: number): Promise<void> => {
      if (mine !== generation.current || !shown.current || !useSessionStore.getState().token) return;
      try {
        const alerts = await fetchMyAlerts();
        const found = alerts.find((a) => a.station.id === stationId) ?? null;
        const atMs = found ? parseShanghaiDateTime(found.at) : null;
        const latest = found && atMs !== null && Date.now() - atMs < RECENT_MS ? found : null;
        if (mine === generation.current) setAlert(latest);
        following.current = latest?.state === 'open';
      } catch {
        // Offline: ask again at the next turn if there is an alert to follow; the duty phone call helps meanwhile.
      }
      if (mine === generation.current && shown.current && following.current) {
        timer.current = setTimeout(() => void check(mine), ACK_POLL_MS);
      }
    },
    [stationId],
  );
  const restart = useCallback(() => {
    generation.current += 1;
    if (timer.current) clearTimeout(timer.current);
    void check(generation.current);
  }, [check]);

  useEffect(() => {
    if (asked > 0) following.current = true;
    restart();
  }, [asked, restart]);
  useDidShow(() => {
    shown.current = true;
    restart();
  });
  useDidHide(() => {
    shown.current = false;
    if (timer.current) clearTimeout(timer.current);
  });
  useEffect(
    () => () => {
      generation.current += 1;
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  if (!alert || alert.state === 'open' || alert.state === 'withdrawn') return null;
  return (
    <View className='banner banner-info' role='status' data-testid='alert-ack'>
      {alert.state === 'acknowledged'
        ? `工会已收到（${alert.acknowledgedBy ?? '工作人员'} ${hhmm(alert.acknowledgedAt)}），请保持电话畅通。`
        : `工会已收到（${alert.acknowledgedBy ?? '工作人员'} ${hhmm(alert.acknowledgedAt)}），已处理完毕。`}
    </View>
  );
}
