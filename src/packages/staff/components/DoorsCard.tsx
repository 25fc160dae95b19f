import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { remoteOpenDoor, type StaffDoor } from '../../../api/staffStations';
import { showDialog } from '../../../platform/dialog';
import { messageOf } from '../../../stores/staff';
import { timeOf } from './AlarmCard';

const HEALTH = { online: '在线', offline: '离线', unknown: '从未连接' } as const;

/** The shortest reason the server takes (notes/CONTRACT.md 3: 4..200 characters). */
const REASON_MIN = 4;

/**
 * Each door of the station: its controller online or offline and when it was last heard from, the door contact if
 * fitted, and 远程开门 for a worker whose phone failed (a reason is required, a confirm asked; audited).
 */
export function DoorsCard({ doors, onOpened }: { doors: StaffDoor[]; onOpened: () => void }) {
  return (
    <View className='card' data-testid='doors'>
      <View className='label'>门禁</View>
      {doors.length === 0 && <View className='muted'>这个驿站没有联网门禁。</View>}
      {doors.map((d) => (
        <DoorRow key={d.id} door={d} onOpened={onOpened} />
      ))}
    </View>
  );
}

function DoorRow({ door, onOpened }: { door: StaffDoor; onOpened: () => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ready = reason.trim().length >= REASON_MIN && !busy;

  const open = async () => {
    const { confirm } = await showDialog({
      title: '远程开门',
      content: `确定远程打开“${door.name}”吗？开门记录会写明是您开的和原因。`,
      confirmText: '开门',
      cancelText: '不开',
    });
    if (!confirm) return;
    setBusy(true);
    setError(null);
    try {
      const r = await remoteOpenDoor(door.id, reason.trim());
      setDone(`已发出开门指令（${timeOf(r.expiresAt)} 前有效）。门开了请告诉职工进入。`);
      setAsking(false);
      setReason('');
      onOpened();
    } catch (err) {
      setError(messageOf(err, '没能发出开门指令，请检查网络后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='door-row' data-testid='door' data-health={door.health}>
      <View className='row row-wrap'>
        <Text className='title'>{door.name}</Text>
        <Text className={`health-${door.health}`}>门禁{HEALTH[door.health]}</Text>
      </View>
      <View className='muted'>
        {door.lastSeenAt ? `最后联系：${timeOf(door.lastSeenAt, true)}` : '还没有收到过门禁的信号'}
        {door.contact ? ` · 门${door.contact === 'open' ? '开着' : '关着'}` : ''}
      </View>
      {done && (
        <View className='banner banner-info' role='status'>
          {done}
        </View>
      )}
      {asking ? (
        <View className='field'>
          <View className='label'>开门原因（必填，至少{REASON_MIN}个字）</View>
          <Input
            className='input'
            value={reason}
            maxlength={200}
            placeholder='如：职工手机没电，电话求助'
            data-testid='remote-reason'
            onInput={(e) => setReason(e.detail.value)}
          />
          {error && (
            <View className='banner banner-error' role='alert'>
              {error}
            </View>
          )}
          <Button className='btn btn-primary' disabled={!ready} data-testid='remote-open-confirm' onClick={() => void open()}>
            {busy ? '正在开门…' : error ? '重试开门' : '确认开门'}
          </Button>
          <Button className='btn btn-secondary' onClick={() => setAsking(false)}>
            取消
          </Button>
        </View>
      ) : (
        <Button className='btn btn-secondary' data-testid='remote-open' onClick={() => setAsking(true)}>
          远程开门
        </Button>
      )}
    </View>
  );
}
