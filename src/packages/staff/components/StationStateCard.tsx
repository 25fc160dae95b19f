import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { StationDetail } from '../../../api/stations';
import { closeStation, reopenStation, type StaffClosure, type StaffStation } from '../../../api/staffStations';
import { showDialog } from '../../../platform/dialog';
import { formatWeek } from '../../../rules/hours';
import { addDays, parseShanghaiDateTime, shanghaiDate, shanghaiEpoch, parseDate, toShanghaiIso, zhMonthDayTime } from '../../../rules/time';
import { messageOf } from '../../../stores/staff';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { ApiError } from '../../../api/client';

const HOUR = 3_600_000;

/** End times offered for a closure, from `nowMs`: in 1, 2 or 4 hours, tomorrow 08:00, in 3 days. */
export function closureChoices(nowMs: number): { label: string; until: number }[] {
  const tomorrow = parseDate(addDays(shanghaiDate(nowMs), 1))!;
  return [
    { label: '1小时', until: nowMs + HOUR },
    { label: '2小时', until: nowMs + 2 * HOUR },
    { label: '4小时', until: nowMs + 4 * HOUR },
    { label: '到明天早上8点', until: shanghaiEpoch(tomorrow, 8) },
    { label: '3天', until: nowMs + 72 * HOUR },
  ];
}

/**
 * Open now and the posted hours; the active staff closure with 恢复开放; 暂停开放 with a reason and an end time (the
 * workers see 暂停开放 and the reason at once).
 */
export function StationStateCard(props: {
  station: StaffStation;
  detail: StationDetail | null;
  detailError: string | null;
  onRetryDetail: () => void;
  onChanged: () => void;
}) {
  const { station, detail } = props;
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState('');
  const [choice, setChoice] = useState<number | null>(null);
  const [choices, setChoices] = useState<{ label: string; until: number }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const closure: StaffClosure | null = station.closure ?? null;
  const until = choice === null ? null : choices[choice]?.until;
  const ready = reason.trim().length >= 2 && until !== null && until !== undefined && !busy;

  const startClosing = () => {
    setChoices(closureChoices(Date.now()));
    setChoice(null);
    setClosing(true);
  };
  const close = async () => {
    if (until === null || until === undefined) return;
    setBusy(true);
    setError(null);
    try {
      await closeStation(station.id, reason.trim(), toShanghaiIso(until));
      setClosing(false);
      setReason('');
      props.onChanged();
    } catch (err) {
      setError(messageOf(err, '没能暂停开放，请检查网络后重试'));
    } finally {
      setBusy(false);
    }
  };
  const reopen = async () => {
    if (!closure) return;
    const { confirm } = await showDialog({
      title: '恢复开放',
      content: '确定现在恢复开放吗？职工马上就能看到驿站开放。',
      confirmText: '恢复',
      cancelText: '不了',
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      await reopenStation(station.id, closure.id);
      props.onChanged();
    } catch (err) {
      // 404: the closure already ended (its time ran out, or someone else reopened or replaced it): show what holds now.
      if (err instanceof ApiError && err.code === 'NOT_FOUND') props.onChanged();
      else setError(messageOf(err, '没能恢复开放，请检查网络后重试'));
    } finally {
      setBusy(false);
    }
  };
  const closureEnd = closure ? parseShanghaiDateTime(closure.to) : null;

  return (
    <View className='card' data-testid='station-state'>
      <View className='title'>{station.name}</View>
      <View className='wrap'>
        <Text className={`tag ${closure ? 'tag-suspended' : station.openNow ? 'tag-open' : 'tag-closed'}`} data-testid='staff-open-label'>
          {station.openLabel}
        </Text>
        {station.openButDoorOffline && <Text className='tag tag-suspended'>显示营业，但门禁离线</Text>}
      </View>
      {closure && (
        <View className='banner banner-warn' style={{ marginTop: '16px' }} data-testid='closure'>
          暂停开放到 {closureEnd !== null ? zhMonthDayTime(closureEnd) : closure.to}：{closure.reason}（{closure.by}）
          <Button className='btn btn-primary' disabled={busy} data-testid='reopen' onClick={() => void reopen()}>
            {busy ? '正在提交…' : '恢复开放'}
          </Button>
        </View>
      )}
      {props.detailError && <ErrorBanner message={props.detailError} onRetry={props.onRetryDetail} />}
      {detail && (
        <View style={{ marginTop: '12px' }} data-testid='posted-hours'>
          <View className='label'>公示的开放时间</View>
          {/* Seven rows of 24小时 say less than one. */}
          {detail.hours.is24h ? (
            <View>每天 24小时</View>
          ) : (
            formatWeek(detail.hours).map((d) => (
              <View key={d.weekday} className='row'>
                <Text>{d.weekday}</Text>
                <Text>{d.text}</Text>
              </View>
            ))
          )}
        </View>
      )}
      {error && (
        <View className='banner banner-error' role='alert' data-testid='closure-error'>
          {error}
        </View>
      )}
      {!closure && !closing && (
        <Button className='btn btn-secondary' data-testid='close-station' onClick={startClosing}>
          暂停开放
        </Button>
      )}
      {closing && (
        <View data-testid='closure-form'>
          <View className='field'>
            <View className='label'>暂停原因（职工会看到）</View>
            <Input
              className='input'
              value={reason}
              maxlength={60}
              placeholder='如：停电检修'
              data-testid='closure-reason'
              onInput={(e) => setReason(e.detail.value)}
            />
          </View>
          <View className='label'>暂停多久</View>
          <View className='wrap' role='radiogroup'>
            {choices.map((c, i) => (
              <View
                key={c.label}
                className={`chip ${choice === i ? 'chip-on' : ''}`}
                role='radio'
                aria-checked={choice === i}
                onClick={() => setChoice(i)}
              >
                {c.label}
              </View>
            ))}
          </View>
          {until !== null && until !== undefined && <View className='muted'>到 {zhMonthDayTime(until)} 自动恢复开放</View>}
          <Button className='btn btn-primary' disabled={!ready} data-testid='closure-confirm' onClick={() => void close()}>
            {busy ? '正在提交…' : error ? '重试暂停开放' : '确认暂停开放'}
          </Button>
          <Button className='btn btn-secondary' onClick={() => setClosing(false)}>
            取消
          </Button>
        </View>
      )}
    </View>
  );
}
