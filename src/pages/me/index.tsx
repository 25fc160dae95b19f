import { Button, Switch, View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { useSessionStore } from '../../stores/session';
import { deleteMe, fetchMe } from '../../api/workers';
import { ApiError } from '../../api/client';
import { occupationLabel } from '../../rules/occupation';
import { maskedIdGroups } from '../../rules/idNumber';
import { ROUTES } from '../../platform/routes';
import PrivacyPrompt from '../../components/PrivacyPrompt';
import { openPage } from '../../platform/openPage';
import { useTextSizeStore } from '../../stores/textSize';
import { PALETTE } from '../../theme/palette';
import { usePageClass } from '../../components/usePageClass';
import { showDialog } from '../../platform/dialog';
import { fetchStaffMe } from '../../api/staff';
import { fetchMyAlerts, type MyAlert } from '../../api/myAlerts';
import { MyAlertCard, recentAlert } from '../../components/MyAlertCard';

/** Refreshes the saved profile from the server; offline the saved one stays on screen. */
async function refreshProfile(): Promise<void> {
  const session = useSessionStore.getState();
  if (!session.hydrated) await session.hydrate();
  if (!useSessionStore.getState().worker) return;
  try {
    await useSessionStore.getState().ensureSession();
    useSessionStore.getState().setWorker(await fetchMe());
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_REGISTERED') useSessionStore.getState().setWorker(null);
  }
}

/** Whether the signed-in account holds a staff role (only an account with a session can: a fresh phone asks nothing). */
async function holdsStaffRole(): Promise<boolean | null> {
  if (!useSessionStore.getState().hydrated) await useSessionStore.getState().hydrate();
  if (!useSessionStore.getState().token) return false;
  return fetchStaffMe().then(
    (r) => r.roles.length > 0,
    () => null,
  );
}

/** The account's latest emergency call if recent (null: none, or offline: the card then stays as it was). */
async function latestAlert(): Promise<MyAlert | null | undefined> {
  if (!useSessionStore.getState().hydrated) await useSessionStore.getState().hydrate();
  if (!useSessionStore.getState().token) return null;
  return fetchMyAlerts(1).then(
    (alerts) => recentAlert(alerts, Date.now()),
    () => undefined,
  );
}

/**
 * "Me": the latest emergency call and who at the union answered it, the masked profile, a renewal prompt when the
 * privacy notice changed, the worker's rights (export,
 * change phone, delete the account with confirmation), bookings and the privacy notice.
 */
export default function MePage() {
  const pageClass = usePageClass();
  const worker = useSessionStore((s) => s.worker);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Offline the entry stays as it was (null: unknown).
  const [staff, setStaff] = useState(false);
  const [alert, setAlert] = useState<MyAlert | null>(null);
  useDidShow(() => {
    void refreshProfile();
    void holdsStaffRole().then((r) => r !== null && setStaff(r));
    void latestAlert().then((a) => a !== undefined && setAlert(a));
  });

  const deleteAccount = async () => {
    const { confirm } = await showDialog({
      title: '注销账号',
      content:
        '注销后将删除您的姓名、身份证号、手机号和授权记录，不能恢复；开门和预约记录只保留不含身份的统计数，未来的预约会被取消。确定注销吗？',
      confirmText: '确定注销',
      danger: true,
      cancelText: '再想想',
    });
    if (!confirm) return;
    setDeleting(true);
    setError(null);
    try {
      await useSessionStore.getState().ensureSession();
      await deleteMe();
      useSessionStore.getState().forgetAccount();
      void Taro.showToast({ title: '账号已注销', icon: 'success' });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '注销没有成功，请稍后再试。');
    } finally {
      setDeleting(false);
    }
  };

  const go = (url: string) => () => openPage(url);
  const textMode = useTextSizeStore((s) => s.mode);
  const chooseText = useTextSizeStore((s) => s.choose);
  const stale = worker?.consent && !worker.consent.current;

  return (
    <View className={pageClass}>
      <PrivacyPrompt />
      {alert && <MyAlertCard alert={alert} nowMs={Date.now()} />}
      {/* First on the page, where an older worker looks: remembered on this phone (stores/textSize). */}
      <View className='card' data-testid='text-size'>
        {/* The whole row toggles; a tap on the switch itself is its own (not passed on to the row). */}
        <View className='checkbox-row' onClick={() => chooseText(textMode === 'standard' ? 'large' : 'standard')}>
          <Switch
            checked={textMode !== 'standard'}
            color={PALETTE.brand}
            data-testid='large-text-switch'
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => chooseText(e.detail.value ? 'large' : 'standard')}
          />
          <Text>大字模式：字和按钮都更大</Text>
        </View>
        {textMode !== 'standard' && (
          <View className='wrap' role='radiogroup'>
            <View
              className={`chip ${textMode === 'large' ? 'chip-on' : ''}`}
              role='radio'
              aria-checked={textMode === 'large'}
              data-testid='text-large'
              onClick={() => chooseText('large')}
            >
              大字
            </View>
            <View
              className={`chip ${textMode === 'largest' ? 'chip-on' : ''}`}
              role='radio'
              aria-checked={textMode === 'largest'}
              data-testid='text-largest'
              onClick={() => chooseText('largest')}
            >
              特大字
            </View>
          </View>
        )}
      </View>
      {stale && (
        <View className='banner banner-info' data-testid='consent-renew'>
          {/* What changed is in the notice; the app does not hold doors or bookings hostage to reading it. */}
          隐私政策已更新，请阅读新的版本，同意后继续按新政策为您服务。
          <Button className='btn btn-primary' onClick={go(`${ROUTES.privacy}?renew=1`)}>
            查看并同意
          </Button>
        </View>
      )}
      {worker ? (
        <View className='card' data-testid='profile'>
          <View className='title'>{worker.name}</View>
          <View className='row row-wrap'>
            <Text className='muted'>身份证号</Text>
            <Text className='id-groups' data-testid='id-masked'>
              {maskedIdGroups(worker.idNumberMasked).map((g, i) => (
                <Text key={i} className='keep-together id-group'>
                  {g}
                </Text>
              ))}
            </Text>
          </View>
          <View className='row row-wrap'>
            <Text className='muted'>手机号</Text>
            <Text className='keep-together' data-testid='phone-masked'>
              {worker.phoneMasked}
            </Text>
          </View>
          <View className='row row-wrap'>
            <Text className='muted'>职业</Text>
            <Text>{occupationLabel(worker.occupation)}</Text>
          </View>
        </View>
      ) : (
        <View className='card'>
          <View className='title'>还没有登记</View>
          <View className='subtitle'>登记后可以扫码进入无人值守驿站、预约健康驿站。</View>
          <Button className='btn btn-primary' onClick={go(ROUTES.register)}>
            去登记
          </Button>
        </View>
      )}
      {worker && (
        <>
          <Button className='btn btn-primary' onClick={go(ROUTES.pass)} data-testid='open-pass'>
            出示我的进门码
          </Button>
          <Button className='btn btn-secondary' onClick={go(ROUTES.entries)} data-testid='open-entries'>
            我的进门记录
          </Button>
        </>
      )}
      {staff && (
        <Button className='btn btn-primary' onClick={go(ROUTES.staff)} data-testid='staff-entry'>
          工会工作人员
        </Button>
      )}
      <Button className='btn btn-secondary' onClick={go(ROUTES.health)}>
        预约健康驿站
      </Button>
      <Button className='btn btn-secondary' onClick={go(ROUTES.myBookings)}>
        我的预约
      </Button>
      {worker && (
        <>
          <Button className='btn btn-secondary' onClick={go(ROUTES.changePhone)} data-testid='change-phone'>
            修改手机号
          </Button>
          <Button className='btn btn-secondary' onClick={go(ROUTES.exportData)} data-testid='export-data'>
            导出我的信息
          </Button>
        </>
      )}
      <Button className='btn btn-secondary' onClick={go(ROUTES.privacy)}>
        隐私政策
      </Button>
      <View className='link-row' onClick={go(ROUTES.staffRedeem)} data-testid='redeem-link'>
        我有邀请码
      </View>
      {error && (
        <View className='banner banner-error' role='alert'>
          {error}
        </View>
      )}
      {worker && (
        <Button className='btn btn-danger' disabled={deleting} onClick={() => void deleteAccount()} data-testid='delete-account'>
          {deleting ? '正在注销…' : '注销账号并删除我的信息'}
        </Button>
      )}
    </View>
  );
}
