import { Button, Input, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { redeemInvitation } from '../../../../api/invitations';
import { usePageClass } from '../../../../components/usePageClass';
import { useSessionStore } from '../../../../stores/session';
import { messageOf, useStaffStore } from '../../../../stores/staff';
import { STAFF_ROUTES } from '../../routes';
import { ROLE_LABEL } from '../../labels';
import '../../staff.css';

/**
 * Redeems a one-time invitation (from the union, or from the server's command line for the first city admin) with
 * the name workers will see on an acknowledged alarm (张师傅). Any signed-in account may; the server decides.
 */
export default function RedeemPage() {
  const pageClass = usePageClass();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const ready = code.trim().length > 0 && name.trim().length > 0 && !busy;

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (!useSessionStore.getState().hydrated) await useSessionStore.getState().hydrate();
      await useSessionStore.getState().ensureSession();
      const { member } = await redeemInvitation(code.trim(), name.trim());
      setDone(`已开通：${ROLE_LABEL[member.role]}${member.scope.name ? `（${member.scope.name}）` : ''}`);
      void useStaffStore.getState().loadRoles();
    } catch (err) {
      setError(messageOf(err, '没能开通，请检查网络后重试'));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <View className={pageClass}>
        <View className='card' data-testid='redeem-done'>
          <View className='title'>{done}</View>
          <Button className='btn btn-primary' onClick={() => void Taro.redirectTo({ url: STAFF_ROUTES.home })}>
            进入工作人员页面
          </Button>
        </View>
      </View>
    );
  }
  return (
    <View className={pageClass}>
      <View className='card'>
        <View className='field'>
          <View className='label'>邀请码</View>
          <Input
            className='input'
            name='inviteCode'
            value={code}
            maxlength={64}
            placeholder='如 K7QM-2XRT-ABCD-EFGH-JKLM'
            onInput={(e) => setCode(e.detail.value)}
          />
        </View>
        <View className='field'>
          <View className='label'>职工看到的称呼</View>
          <Input
            className='input'
            name='displayName'
            value={name}
            maxlength={20}
            placeholder='如 张师傅'
            onInput={(e) => setName(e.detail.value)}
          />
          <View className='muted'>职工求助被您接收后，会看到“工会已收到（这个称呼 时间）”。</View>
        </View>
        {error && (
          <View className='banner banner-error' role='alert' data-testid='redeem-error'>
            {error}
          </View>
        )}
        <Button className='btn btn-primary' disabled={!ready} data-testid='redeem-submit' onClick={() => void submit()}>
          {busy ? '正在开通…' : error ? '重新提交' : '开通'}
        </Button>
      </View>
    </View>
  );
}
