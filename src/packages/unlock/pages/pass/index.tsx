import { Button, View } from '@tarojs/components';
import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { issuePass, type PassResponse } from '../../../../api/doors';
import { ApiError } from '../../../../api/client';
import { useSessionStore } from '../../../../stores/session';
import { ROUTES } from '../../../../platform/routes';
import { QrCode } from '../../../../components/QrCode';
import { openPage } from '../../../../platform/openPage';
import { usePageClass } from '../../../../components/usePageClass';

/** Bounds on the server's refreshInMs: never hammer the server, never show a pass past its 30 s window. */
export const MIN_REFRESH_MS = 1_000;
export const MAX_REFRESH_MS = 30_000;
/** After a failed fetch, try again this soon (a worker at the door is waiting). */
export const RETRY_MS = 5_000;

/**
 * The worker's own pass, for stations with a reader instead of a printed code: a single-use QR (opaque id,
 * expiry, nonce, MAC: no personal data) fetched from POST /me/pass and replaced when the server says
 * (refreshInMs, about every 30 s). Fetching stops while the page is hidden, so a phone in a pocket does not
 * keep asking; showing the page again fetches a fresh pass at once.
 */
export default function PassPage() {
  const pageClass = usePageClass();
  const [pass, setPass] = useState<PassResponse | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Bumped on every start and stop, so an answer arriving after the page hid is dropped.
  const generation = useRef(0);

  const stop = () => {
    generation.current++;
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const fetchNext = async (gen: number) => {
    try {
      await useSessionStore.getState().ensureSession();
      const next = await issuePass();
      if (gen !== generation.current) return;
      setPass(next);
      setError(null);
      const inMs = Math.min(MAX_REFRESH_MS, Math.max(MIN_REFRESH_MS, next.refreshInMs));
      timer.current = setTimeout(() => void fetchNext(gen), inMs);
    } catch (err) {
      if (gen !== generation.current) return;
      const e = err instanceof ApiError ? err : new ApiError('UNKNOWN', '进门码没有取到，请稍后再试。');
      setError(e);
      // A pass older than its window no longer opens anything: stop showing it.
      setPass(null);
      if (e.code === 'NOT_REGISTERED') {
        useSessionStore.getState().setWorker(null);
        return;
      }
      timer.current = setTimeout(() => void fetchNext(gen), RETRY_MS);
    }
  };
  const start = () => {
    stop();
    void fetchNext(generation.current);
  };

  useDidShow(start);
  useDidHide(stop);
  useEffect(() => stop, []);

  if (error?.code === 'NOT_REGISTERED') {
    return (
      <View className={pageClass}>
        <View className='card' data-testid='pass-unregistered'>
          <View className='title'>登记后才有进门码</View>
          <View className='subtitle'>登记一次（约1分钟），以后在有读码器的驿站出示进门码就能进门。</View>
          <Button className='btn btn-primary' onClick={() => openPage(ROUTES.register)}>
            去登记
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className={pageClass}>
      <View className='card' style={{ textAlign: 'center' }}>
        {pass ? (
          <View className='qr' data-testid='pass-qr'>
            <QrCode text={pass.pass} sizePx={520} label='我的进门码' />
          </View>
        ) : (
          !error && (
            <View className='muted' data-testid='pass-loading'>
              正在生成进门码…
            </View>
          )
        )}
        <View className='subtitle' data-testid='pass-hint'>
          门禁读头扫此码进门，30秒自动刷新
        </View>
        <View className='muted'>这个码只能用一次，不含您的姓名和证件号。请不要截图发给别人。</View>
        {/* A reader that just used this pass says "请刷新通行码": a new one at once, not in up to 30 s. */}
        {pass && (
          <Button className='btn btn-secondary' onClick={start} data-testid='pass-refresh'>
            刷新进门码
          </Button>
        )}
      </View>
      {error && (
        <View className='banner banner-error' role='alert' data-testid='pass-error'>
          <View>{error.message}</View>
          <Button className='btn btn-secondary' onClick={start}>
            重试
          </Button>
        </View>
      )}
    </View>
  );
}
