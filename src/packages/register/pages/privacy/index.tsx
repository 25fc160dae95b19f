import { Button, View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { ENTRY_RETENTION_DAYS_DEFAULT, PRIVACY_POLICY_VERSION } from '../../../../rules/privacy';
import { UNION_HOTLINE } from '../../../../platform/config';
import { fetchMe, fetchConsents, giveConsent, withdrawLocationConsent, type ConsentStatus } from '../../../../api/workers';
import { ApiError } from '../../../../api/client';
import { useSessionStore } from '../../../../stores/session';
import { useLocationConsent } from '../../../../stores/locationConsent';
import PrivacyPrompt from '../../../../components/PrivacyPrompt';
import { usePageClass } from '../../../../components/usePageClass';

const SECTIONS: [string, string][] = [
  ['我们收集什么', '姓名、居民身份证号、手机号、职业；开门时的驿站、时间和（如您允许）位置；健康驿站的预约记录。'],
  ['为什么收集', '身份证号用于核验是户外劳动者本人、防止冒用；手机号用于预约提醒和紧急联系；位置用于查找附近驿站、核验您在驿站门口。'],
  ['身份证号（敏感个人信息）', '需要您单独同意。加密保存，任何页面和接口只显示部分号码，日志中不记录。'],
  ['位置（敏感个人信息）', '需要您单独同意。只在查找附近驿站和开门时使用，不在后台持续获取，不保存行动轨迹。'],
  [
    '保存多久',
    `开门记录（时间、驿站和门，包括没有打开的尝试）保存 ${ENTRY_RETENTION_DAYS_DEFAULT} 天，到期自动删除；紧急求助记录单独保存。` +
      '其他信息在账号存续期间保存；注销后立即删除个人信息，开门和预约记录只保留不含个人身份的统计数。',
  ],
  ['谁能看到', '太原市总工会驿站管理人员仅能看到统计数据；不向任何第三方提供。'],
  ['您的权利', '在“我的”中查看、导出您的信息，修改手机号，撤回同意并注销账号；位置授权可在本页随时撤回。'],
  ['政策更新', '政策有变化时会更新版本号，并在您下次打开小程序时请您重新阅读和同意。'],
  ['联系我们', `职工服务热线 ${UNION_HOTLINE}。`],
];

const dateOf = (iso: string): string => iso.slice(0, 10);

/**
 * The privacy notice, reachable from the form and from "me". `?renew=1`: a registered worker consents again to a
 * new version. Also where the location consent is seen and withdrawn, and where WeChat's privacy authorisation
 * is answered when the page that asked had no prompt of its own.
 */
export default function PrivacyPage() {
  const pageClass = usePageClass();
  const { params } = useRouter();
  const worker = useSessionStore((s) => s.worker);
  const [consent, setConsent] = useState<ConsentStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      try {
        if (!useSessionStore.getState().token) return;
        setConsent(await fetchConsents());
      } catch {
        // Offline: the notice itself still reads fine; the consent lines stay hidden.
      }
    })();
  }, []);

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await useSessionStore.getState().ensureSession();
      await work();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有成功，请稍后再试。');
    } finally {
      setBusy(false);
    }
  };
  const renew = () =>
    act(async () => {
      await giveConsent('privacy', PRIVACY_POLICY_VERSION);
      setConsent(await giveConsent('idNumber', PRIVACY_POLICY_VERSION));
      useSessionStore.getState().setWorker(await fetchMe());
      void Taro.navigateBack();
    });
  const location = consent?.location;

  return (
    <View className={pageClass}>
      <PrivacyPrompt />
      <View className='title'>驿站通隐私政策</View>
      <Text className='muted'>版本 {PRIVACY_POLICY_VERSION}</Text>
      {SECTIONS.map(([h, body]) => (
        <View key={h} className='card'>
          <View className='label'>{h}</View>
          <View>{body}</View>
        </View>
      ))}
      {consent && (
        <View className='card' data-testid='location-consent'>
          <View className='label'>位置授权</View>
          {location?.current ? (
            <>
              <View>您已于 {dateOf(location.at)} 同意使用位置。</View>
              <Button
                className='btn btn-secondary'
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    useLocationConsent.getState().decline();
                    setConsent(await withdrawLocationConsent());
                  })
                }
              >
                撤回位置授权
              </Button>
            </>
          ) : (
            <>
              <View>您还没有同意使用位置（或政策已更新）。不同意也可以手动选择地点查找驿站。</View>
              <Button
                className='btn btn-secondary'
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    useLocationConsent.getState().grant();
                    setConsent(await giveConsent('location', PRIVACY_POLICY_VERSION));
                  })
                }
              >
                同意使用位置
              </Button>
            </>
          )}
        </View>
      )}
      {error && (
        <View className='banner banner-error' role='alert'>
          {error}
        </View>
      )}
      {params.renew === '1' && worker && (
        <Button className='btn btn-primary' disabled={busy} onClick={renew} data-testid='renew-consent'>
          我已阅读并同意新版政策（含身份证号的单独授权）
        </Button>
      )}
    </View>
  );
}
