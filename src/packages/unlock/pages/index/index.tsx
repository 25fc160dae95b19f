import { Button, Input, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { useUnlockStore } from '../../../../stores/unlock';
import { useSessionStore } from '../../../../stores/session';
import { extractDoorCodeFromLaunch, extractDoorCodeFromScan } from '../../../../rules/doorCode';
import { DOOR_HOST } from '../../../../platform/config';
import { ROUTES } from '../../../../platform/routes';

/**
 * The door page: opened by a scanned link QR (`q`), a mini-program code (`scene`), our own `code`
 * parameter, or the code kept while the worker registered. Shows "门已打开" with an emergency call.
 */
export default function UnlockPage() {
  const { params } = useRouter();
  const state = useUnlockStore();
  const [launchError, setLaunchError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');

  // Runs on first show and on every warm start, so a new code replaces the old one.
  useDidShow(() => {
    void (async () => {
      await useSessionStore.getState().hydrate();
      const fromLaunch = extractDoorCodeFromLaunch(params, { defaultHost: DOOR_HOST });
      const pending = useSessionStore.getState().pendingDoorCode;
      const code = fromLaunch.ok ? fromLaunch.value : pending;
      if (!code) return setLaunchError(fromLaunch.ok ? null : fromLaunch.message);
      setLaunchError(null);
      const s = useUnlockStore.getState();
      if (s.code !== code || s.phase === 'needs_registration' || s.phase === 'idle') void s.run(code);
    })();
  });

  const retry = () => state.code && void state.run(state.code);
  const submitTyped = () => {
    const r = extractDoorCodeFromScan(typed, { defaultHost: DOOR_HOST });
    if (!r.ok) return setLaunchError(r.message);
    setLaunchError(null);
    void state.run(r.value);
  };
  const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone });

  return (
    <View className='page'>
      {state.phase === 'working' && <View className='big-text'>正在开门…</View>}

      {state.phase === 'opened' && state.result && (
        <View className='card' data-testid='unlock-success'>
          <View className='success-mark'>✓</View>
          <View className='big-text'>门已打开</View>
          <View className='subtitle' style={{ textAlign: 'center' }}>{state.result.station.name} · {state.result.door.name}</View>
          <View className='muted' style={{ textAlign: 'center' }}>请在10秒内推门进入</View>
          <Button className='btn btn-danger' onClick={() => call(state.result!.station.phone)}>
            紧急求助：拨打驿站值班电话
          </Button>
        </View>
      )}

      {state.phase === 'needs_registration' && (
        <View className='card'>
          <View className='title'>首次使用，请先登记</View>
          <View className='subtitle'>登记一次（约1分钟），以后扫码就能开门。登记完成后会自动为您开门，不用再扫一次。</View>
          <Button className='btn btn-primary' onClick={() => Taro.navigateTo({ url: ROUTES.register })}>去登记</Button>
        </View>
      )}

      {state.phase === 'failed' && state.error && (
        <View className='banner banner-error' role='alert' data-testid='unlock-error' data-code={state.error.code}>
          <View>{state.error.message}</View>
          <Button className='btn btn-secondary' onClick={retry}>重试</Button>
          {state.result?.station.phone && <Button className='btn btn-secondary' onClick={() => call(state.result!.station.phone)}>拨打驿站值班电话</Button>}
        </View>
      )}

      {(launchError || state.phase === 'idle' || state.phase === 'failed') && (
        <View className='card'>
          {launchError && <View className='field-error' role='alert' data-testid='launch-error'>{launchError}</View>}
          <View className='label'>输入或粘贴门上的开门码</View>
          <Input className='input' value={typed} onInput={(e) => setTyped(e.detail.value)} placeholder='https://yz.tyzgh.cn/d/…' />
          <Button className='btn btn-primary' disabled={!typed.trim()} onClick={submitTyped}>开门</Button>
          <Button className='btn btn-secondary' onClick={() => Taro.switchTab({ url: ROUTES.scan })}>重新扫码</Button>
        </View>
      )}
    </View>
  );
}
