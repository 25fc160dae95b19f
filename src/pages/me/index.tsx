import { Button, View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useSessionStore } from '../../stores/session';
import { fetchMe } from '../../api/workers';
import { ApiError } from '../../api/client';
import { occupationLabel } from '../../rules/occupation';
import { ROUTES } from '../../platform/routes';

/** "Me": the masked profile, bookings, health booking, privacy notice. */
export default function MePage() {
  const worker = useSessionStore((s) => s.worker);

  useDidShow(() => {
    void (async () => {
      const session = useSessionStore.getState();
      if (!session.hydrated) await session.hydrate();
      if (!useSessionStore.getState().worker) return;
      try {
        await useSessionStore.getState().ensureSession();
        useSessionStore.getState().setWorker(await fetchMe());
      } catch (err) {
        if (err instanceof ApiError && err.code === 'NOT_REGISTERED') useSessionStore.getState().setWorker(null);
        // Offline: the saved profile stays on screen.
      }
    })();
  });

  return (
    <View className='page'>
      {worker ? (
        <View className='card' data-testid='profile'>
          <View className='title'>{worker.name}</View>
          <View className='row'><Text className='muted'>身份证号</Text><Text data-testid='id-masked'>{worker.idNumberMasked}</Text></View>
          <View className='row'><Text className='muted'>手机号</Text><Text data-testid='phone-masked'>{worker.phoneMasked}</Text></View>
          <View className='row'><Text className='muted'>职业</Text><Text>{occupationLabel(worker.occupation)}</Text></View>
        </View>
      ) : (
        <View className='card'>
          <View className='title'>还没有登记</View>
          <View className='subtitle'>登记后可以扫码进入无人值守驿站、预约健康驿站。</View>
          <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: ROUTES.register })}>去登记</Button>
        </View>
      )}
      <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: ROUTES.health })}>预约健康驿站</Button>
      <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: ROUTES.myBookings })}>我的预约</Button>
      <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: ROUTES.privacy })}>隐私政策</Button>
    </View>
  );
}
