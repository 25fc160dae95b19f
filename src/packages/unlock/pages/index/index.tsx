import { Button, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { takeFreshToken, usedRecently, useUnlockStore, type UnlockState } from '../../../../stores/unlock';
import { launchWasScan, takeArrival, type LaunchQuery } from '../../../../platform/doorArrival';
import { freshPendingDoorCode, useSessionStore } from '../../../../stores/session';
import { extractDoorCodeFromLaunch } from '../../../../rules/doorCode';
import { formatDistance } from '../../../../rules/geo';
import { toShanghaiIso } from '../../../../rules/time';
import { DOOR_HOST } from '../../../../platform/config';
import { ROUTES } from '../../../../platform/routes';
import { EmergencyCall } from '../../../../components/EmergencyCall';
import { DoorCodeEntry } from '../../../../components/DoorCodeEntry';
import { openPage } from '../../../../platform/openPage';
import { usePageClass } from '../../../../components/usePageClass';
import { AlertAck } from '../../AlertAck';
import { locationAllowed, useLocationConsent } from '../../../../stores/locationConsent';

/** Error codes for which sending the same code again cannot help: the worker must scan, walk or prove presence first. */
const SCAN_AGAIN = new Set(['DOOR_CODE_EXPIRED', 'DOOR_CODE_INVALID', 'TOO_FAR', 'VALIDATION_FAILED', 'PRESENCE_REQUIRED']);

/** Why the door asks for the location, in one sentence, just in time (issue 14). */
export const LOCATION_ONCE_REASON = '为确认您就在驿站门口，开门时用一次位置，只做这次核对，不保存行踪。';

/** What the worker reads for a failed unlock: the server's message, sharpened where the app knows more. */
function failureText(s: UnlockState): string {
  const e = s.error!;
  const distanceM = Number(e.details.distanceM);
  if (e.code === 'TOO_FAR' && Number.isFinite(distanceM) && distanceM >= 0) {
    return `您离驿站约${formatDistance(distanceM)}，请走到门口再扫码。`;
  }
  // The request may have reached the door: say so, so a worker looks before retrying (a retry opens it again).
  if (e.code === 'TIMEOUT') return '网络太慢，没能确认门是否打开。门开了请直接进入；没开请点“重试”。';
  if (e.code === 'RATE_LIMITED' && s.retryAtMs) return `${e.message}（${toShanghaiIso(s.retryAtMs).slice(11, 19)} 以后可以再试）`;
  return e.message;
}

/**
 * The door page. A code arrives as WeChat's `q` (a printed link QR), `scene` (a mini-program code), our own
 * `code`, the code kept while the worker registered, or a warm start onto this page with a new code
 * (app.ts hands WeChat's onShow options to platform/doorArrival.ts). Shows the door's real answer: "门已打开" once the
 * controller acknowledged, "门没有响应" with retry and the duty phone when it did not.
 */
export default function UnlockPage() {
  const pageClass = usePageClass();
  const { params } = useRouter();
  const state = useUnlockStore();
  const [launchError, setLaunchError] = useState<string | null>(null);
  const [retype, setRetype] = useState('');
  const shownBefore = useRef(false);
  // Bumped when an emergency call is recorded: AlertAck then follows it until the union acknowledges.
  const [alertsAsked, setAlertsAsked] = useState(0);

  useDidShow(() => {
    const first = !shownBefore.current;
    shownBefore.current = true;
    const arrival = takeArrival();
    void (async () => {
      await useSessionStore.getState().hydrate();
      const unlock = useUnlockStore.getState();
      // First show: this page was opened for its own launch query (a cold start's arrival is the same one).
      const launch: LaunchQuery | null = first ? params : (arrival?.query ?? null);
      const fromLaunch = launch ? extractDoorCodeFromLaunch(launch, { defaultHost: DOOR_HOST }) : null;
      if (first) unlock.reset();
      if (fromLaunch && !fromLaunch.ok && (launch?.q || launch?.scene || launch?.code)) {
        if (!first) unlock.reset();
        return setLaunchError(fromLaunch.message);
      }
      const code = fromLaunch?.ok ? fromLaunch.value : null;
      const pending = freshPendingDoorCode(useSessionStore.getState(), Date.now());
      if (code) {
        setLaunchError(null);
        // A warm start acts on a different code at once; the same code again only on a fresh scan (a resume
        // from the recent list carries the old query and must not open the door a second time).
        const busy = unlock.phase === 'working' || unlock.phase === 'waiting_door';
        // A page reopened with a code that just opened the door (reload, back/forward, a restored tab, a resume)
        // must not open it again for nobody: it waits for a tap. A fresh scan always opens.
        const freshScan = launchWasScan() || takeFreshToken((params as { fresh?: string }).fresh);
        if (first && !freshScan && usedRecently(code, Date.now())) unlock.hold(code);
        else if (first || code !== unlock.code || (arrival?.freshScan && !busy)) void unlock.run(code);
      } else if (pending && (first || unlock.phase === 'needs_registration')) {
        void unlock.run(pending);
      }
    })();
  });

  const retry = () => state.code && void state.run(state.code);
  const relocate = () => state.code && void state.run(state.code, { freshFix: true });
  // PRESENCE_REQUIRED without consent: the worker agrees here, for the door, then the same code is sent with a fix.
  const allowLocationOnce = () => {
    useLocationConsent.getState().grant();
    relocate();
  };
  const scanAgain = () => void Taro.switchTab({ url: ROUTES.scan });
  const call = (phone: string) => void Taro.makePhoneCall({ phoneNumber: phone });
  const where = state.result ? `${state.result.station.name} · ${state.result.door.name}` : '';
  const failed = state.phase === 'failed' && state.error;
  const waysIn = failed && Array.isArray(state.error!.details.waysIn) ? (state.error!.details.waysIn as string[]) : [];

  return (
    <View className={pageClass}>
      {(state.phase === 'working' || state.phase === 'waiting_door') && (
        <View className='card' data-testid='unlock-working'>
          <View className='big-text'>正在开门…</View>
          {where && (
            <View className='subtitle' style={{ textAlign: 'center' }}>
              {where}
            </View>
          )}
        </View>
      )}

      {state.phase === 'opened' && state.result && (
        <View className='card' data-testid='unlock-success'>
          <View className='success-mark'>✓</View>
          <View className='big-text'>门已打开</View>
          <View className='subtitle' style={{ textAlign: 'center' }}>
            {where}
          </View>
          <View className='muted' style={{ textAlign: 'center' }}>
            请推门进入，进门后请随手关门
          </View>
          <Button className='btn btn-primary' data-testid='unlock-done' onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
            完成
          </Button>
          {/* Set well apart from 完成, under its own line and heading: a thumb going for 完成 never lands on it. */}
          <View className='emergency-zone' data-testid='emergency-zone'>
            <View className='label'>遇到危险或身体不适？</View>
            <EmergencyCall
              stationId={state.result.station.id}
              phone={state.result.station.phone}
              doorId={state.result.door.id}
              entryId={state.result.entry.id}
              onRecorded={() => setAlertsAsked((n) => n + 1)}
            />
            <AlertAck stationId={state.result.station.id} asked={alertsAsked} />
          </View>
        </View>
      )}

      {state.phase === 'no_response' && state.result && (
        <View className='card' data-testid='unlock-no-response'>
          <View className='big-text'>门没有响应</View>
          <View className='subtitle' style={{ textAlign: 'center' }}>
            {where}
          </View>
          <View className='muted'>
            {state.doorUnconfirmed
              ? '网络不好，没能确认门是否打开。门开了请直接进入；没开请点“重试”，还不行请拨打驿站值班电话。'
              : '门锁没有回应，可能是断电或断网。请点“重试”再开一次，还不行请拨打驿站值班电话。'}
          </View>
          <Button className='btn btn-primary' onClick={retry} data-testid='unlock-retry'>
            重试
          </Button>
          <Button className='btn btn-secondary' onClick={() => call(state.result!.station.phone)} data-testid='duty-phone'>
            拨打驿站值班电话 {state.result.station.phone}
          </Button>
        </View>
      )}

      {state.phase === 'repeat_guard' && (
        <View className='card' data-testid='unlock-repeat-guard'>
          <View className='title'>这个码刚刚开过门</View>
          <View className='subtitle'>为防止误开，重新打开页面不会自动开门。需要再开一次请点下面的按钮。</View>
          <Button className='btn btn-primary' onClick={retry} data-testid='unlock-again'>
            再开一次
          </Button>
          <Button className='btn btn-secondary' onClick={() => void Taro.switchTab({ url: ROUTES.home })}>
            不用了，回首页
          </Button>
        </View>
      )}

      {state.phase === 'needs_registration' && (
        <View className='card'>
          <View className='title'>首次使用，请先登记</View>
          <View className='subtitle'>登记一次（约1分钟），以后扫码就能开门。登记完成后会自动为您开门，不用再扫一次。</View>
          <Button className='btn btn-primary' onClick={() => openPage(ROUTES.register)}>
            去登记
          </Button>
        </View>
      )}

      {failed && (
        <View className='banner banner-error' role='alert' data-testid='unlock-error' data-code={state.error!.code}>
          <View>{failureText(state)}</View>
          {/* A code to scan again has its 重新扫码 below, once; other failures can be retried as they are. */}
          {!SCAN_AGAIN.has(state.error!.code) && (
            <Button className='btn btn-secondary' onClick={retry} data-testid='unlock-retry'>
              重试
            </Button>
          )}
          {/* Under buildings a fix drifts by hundreds of metres: a new one often lands at the door. */}
          {state.error!.code === 'TOO_FAR' && (
            <Button className='btn btn-primary' onClick={relocate} data-testid='unlock-relocate'>
              我就在门口，重新定位再试
            </Button>
          )}
          {/* An unattended door wants proof the worker is there: every way in this door has (issue 14). */}
          {state.error!.code === 'PRESENCE_REQUIRED' && (
            <View className='ways-in' data-testid='ways-in'>
              {waysIn.includes('location') && (
                <>
                  <View className='subtitle'>{LOCATION_ONCE_REASON}</View>
                  <Button
                    className='btn btn-primary'
                    onClick={locationAllowed() ? relocate : allowLocationOnce}
                    data-testid='unlock-allow-location'
                  >
                    {locationAllowed() ? '重新定位再开门' : '同意用一次位置，开门'}
                  </Button>
                </>
              )}
              {waysIn.includes('pass_reader') && (
                <Button className='btn btn-secondary' onClick={() => openPage(ROUTES.pass)} data-testid='unlock-show-pass'>
                  在门边读码器上出示进门码
                </Button>
              )}
              {waysIn.includes('keeper_remote') && <View className='subtitle'>也可以拨打值班电话，请驿站管理员为您远程开门。</View>}
            </View>
          )}
          {/* At the door with a poor fix, or a code that does not read: the station's staff can open it or help. */}
          {typeof state.error!.details.stationPhone === 'string' && (
            <Button
              className='btn btn-secondary'
              onClick={() => call(state.error!.details.stationPhone as string)}
              data-testid='duty-phone'
            >
              拨打驿站值班电话 {state.error!.details.stationPhone}
            </Button>
          )}
        </View>
      )}

      {launchError && (
        <View className='banner banner-error' role='alert' data-testid='launch-error'>
          {launchError}
        </View>
      )}

      {(launchError || state.phase === 'idle' || failed) && (
        <>
          <DoorCodeEntry
            label='输入或粘贴门上印的编号'
            // A refused number comes back as typed: fixing one letter's case beats retyping 24 characters.
            initialText={retype}
            onCode={(code, typedText) => {
              setLaunchError(null);
              setRetype(typedText);
              void state.run(code);
            }}
          />
          <Button className='btn btn-secondary' onClick={scanAgain}>
            重新扫码
          </Button>
        </>
      )}
    </View>
  );
}
