import { Button, View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { exportMyData, type PersonalDataExport } from '../../../../api/workers';
import { ApiError } from '../../../../api/client';
import { useSessionStore } from '../../../../stores/session';
import { occupationLabel } from '../../../../rules/occupation';
import { requirePrivacy } from '../../../../platform/privacy';
import PrivacyPrompt from '../../../../components/PrivacyPrompt';
import { usePageClass } from '../../../../components/usePageClass';

const KIND_LABELS: Record<string, string> = { privacy: '隐私政策', idNumber: '身份证号单独授权', location: '位置授权' };
const when = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/**
 * The worker's own copy of their data (GET /me/export): the only screen with the full identity number and phone,
 * because it is their copy. Copying puts the JSON on the clipboard, after the privacy authorisation.
 */
export default function ExportPage() {
  const pageClass = usePageClass();
  const [data, setData] = useState<PersonalDataExport | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setError(null);
    try {
      await useSessionStore.getState().ensureSession();
      setData(await exportMyData());
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有取到您的信息，请稍后再试。');
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const copy = async () => {
    if (!data || !(await requirePrivacy())) return;
    await Taro.setClipboardData({ data: JSON.stringify(data, null, 2) });
    void Taro.showToast({ title: '已复制，请妥善保管', icon: 'none' });
  };

  if (error) {
    return (
      <View className={pageClass}>
        <View className='banner banner-error' role='alert'>
          {error}
        </View>
        <Button className='btn btn-primary' onClick={() => void load()}>
          重试
        </Button>
      </View>
    );
  }
  if (!data)
    return (
      <View className={pageClass}>
        <View className='muted'>正在读取…</View>
      </View>
    );
  const w = data.worker;
  return (
    <View className={pageClass} data-testid='export'>
      <PrivacyPrompt />
      <View className='banner banner-info'>
        这是我们保存的您的全部信息（导出时间 {when(data.exportedAt)}）。完整身份证号只在这里显示，请不要截图发给别人。
      </View>
      {w && (
        <View className='card'>
          <View className='label'>登记信息</View>
          <View className='row'>
            <Text className='muted'>姓名</Text>
            <Text>{w.name}</Text>
          </View>
          <View className='row'>
            <Text className='muted'>身份证号</Text>
            <Text data-testid='export-id'>{w.idNumber}</Text>
          </View>
          <View className='row'>
            <Text className='muted'>手机号</Text>
            <Text>{w.phone}</Text>
          </View>
          <View className='row'>
            <Text className='muted'>职业</Text>
            <Text>{occupationLabel(w.occupation)}</Text>
          </View>
          <View className='row'>
            <Text className='muted'>登记时间</Text>
            <Text>{when(w.registeredAt)}</Text>
          </View>
        </View>
      )}
      <View className='card'>
        <View className='label'>同意记录</View>
        {data.consents.map((c, i) => (
          <View key={i} className='row'>
            <Text>
              {KIND_LABELS[c.kind] ?? c.kind}（{c.version}）
            </Text>
            <Text className='muted'>
              {c.withdrawn ? '撤回' : '同意'} {when(c.at)}
            </Text>
          </View>
        ))}
      </View>
      <View className='card'>
        <View className='label'>开门记录：{data.entries.length} 次</View>
        {data.entries.slice(0, 20).map((e, i) => (
          <View key={i} className='row'>
            <Text>{e.stationName}</Text>
            <Text className='muted'>{when(e.at)}</Text>
          </View>
        ))}
      </View>
      <View className='card'>
        <View className='label'>健康驿站预约：{data.bookings.length} 次</View>
        {data.bookings.map((b) => (
          <View key={b.id} className='row'>
            <Text>{b.stationName}</Text>
            <Text className='muted'>{when(b.startsAt)}</Text>
          </View>
        ))}
      </View>
      <Button className='btn btn-secondary' onClick={() => void copy()}>
        复制全部信息（JSON格式）
      </Button>
    </View>
  );
}
