import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import type { StaffAlert } from '../../../api/staffAlerts';
import { parseShanghaiDateTime, shanghaiHhmm, zhMonthDayTime } from '../../../rules/time';
import { useStaffStore } from '../../../stores/staff';

const ESCALATION = ['', '无人接收，已上报区工会', '无人接收，已上报市工会'];

/** '15:04' of a Shanghai ISO time (today's alarms), '12月6日 15:04' when `withDay`. */
export const timeOf = (iso: string, withDay = false): string => {
  const ms = parseShanghaiDateTime(iso);
  if (ms === null) return iso;
  return withDay ? zhMonthDayTime(ms) : shanghaiHhmm(ms);
};

/**
 * One emergency alarm: an open one is a red card with the station, the time, the door, whether the caller is a
 * registered worker and whether their location came with it (never their phone or name), the station's duty phone
 * to call, and 已收到 / 处理完毕 (with a note of what was done). One the worker withdrew reads 工友已取消求助 (and who
 * had acknowledged it), with only the duty phone left, to check on them.
 */
export function AlarmCard({ alert, fresh }: { alert: StaffAlert; fresh: boolean }) {
  const busy = useStaffStore((s) => s.busyId === alert.id);
  const failure = useStaffStore((s) => (s.actionError?.id === alert.id ? s.actionError.message : null));
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState('');
  const loc = alert.location;
  const resolve = async () => {
    if (await useStaffStore.getState().resolve(alert.id, note.trim())) setResolving(false);
  };
  return (
    <View
      className={`card alarm alarm-${alert.state}`}
      data-testid='alarm'
      data-state={alert.state}
      role={alert.state === 'open' ? 'alert' : undefined}
    >
      <View className='alarm-title'>
        紧急求助
        {fresh && alert.state === 'open' && <Text className='alarm-new'>新</Text>}
      </View>
      <View className='alarm-line'>
        {alert.station.name}
        {alert.door ? ` · ${alert.door.name}` : ''}
      </View>
      <View className='alarm-line'>求助时间：{timeOf(alert.at, true)}</View>
      <View className='alarm-line'>求助人：{alert.workerId ? '已登记的职工' : '未登记的用户'}</View>
      <View className='alarm-line'>
        位置：{loc ? `手机已上报${loc.accuracyM !== null ? `（误差约${Math.round(loc.accuracyM)}米）` : ''}` : '没有上报，请到驿站查看'}
      </View>
      {alert.escalationLevel > 0 && alert.state === 'open' && <View className='alarm-line'>{ESCALATION[alert.escalationLevel]}</View>}
      <View className='alarm-state' data-testid='alarm-state'>
        {alert.state === 'open' && '还没有人接收'}
        {alert.state === 'acknowledged' && `已收到（${alert.acknowledged?.name ?? '工作人员'} ${timeOf(alert.acknowledged?.at ?? '')}）`}
        {alert.state === 'resolved' && `已处理完毕（${timeOf(alert.resolved?.at ?? '')}）：${alert.resolved?.note ?? ''}`}
        {alert.state === 'withdrawn' &&
          `工友已取消求助（${timeOf(alert.withdrawn?.at ?? '')}）${alert.acknowledged ? `，之前${alert.acknowledged.name ?? '工作人员'}已收到` : ''}`}
      </View>
      {alert.state === 'withdrawn' && (
        <Button className='btn btn-secondary' onClick={() => void Taro.makePhoneCall({ phoneNumber: alert.station.phone })}>
          拨打驿站值班电话 {alert.station.phone}
        </Button>
      )}
      {(alert.state === 'open' || alert.state === 'acknowledged') && (
        <>
          <Button className='btn btn-secondary' onClick={() => void Taro.makePhoneCall({ phoneNumber: alert.station.phone })}>
            拨打驿站值班电话 {alert.station.phone}
          </Button>
          {loc && (
            <Button
              className='btn btn-secondary'
              onClick={() => void Taro.openLocation({ latitude: loc.lat, longitude: loc.lng, name: alert.station.name, scale: 17 })}
            >
              在地图上看求助位置
            </Button>
          )}
          {alert.state === 'open' && (
            <Button
              className='btn btn-primary'
              disabled={busy}
              data-testid='alarm-ack'
              onClick={() => void useStaffStore.getState().acknowledge(alert.id)}
            >
              {busy ? '正在提交…' : '已收到'}
            </Button>
          )}
          {resolving ? (
            <View className='field'>
              <View className='label'>做了什么（必填）</View>
              <Input
                className='input'
                value={note}
                maxlength={500}
                placeholder='如：已到现场，职工身体不适，已送医'
                data-testid='alarm-note'
                onInput={(e) => setNote(e.detail.value)}
              />
              <Button
                className='btn btn-primary'
                disabled={busy || !note.trim()}
                data-testid='alarm-resolve-confirm'
                onClick={() => void resolve()}
              >
                {busy ? '正在提交…' : '确认处理完毕'}
              </Button>
              <Button className='btn btn-secondary' onClick={() => setResolving(false)}>
                取消
              </Button>
            </View>
          ) : (
            <Button className='btn btn-secondary' data-testid='alarm-resolve' onClick={() => setResolving(true)}>
              处理完毕
            </Button>
          )}
        </>
      )}
      {failure && (
        <View className='banner banner-error' role='alert' data-testid='alarm-error'>
          {failure}（请再点一次按钮重试）
        </View>
      )}
    </View>
  );
}
