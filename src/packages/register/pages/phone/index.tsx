import { Button, Input, View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { changePhone } from '../../../../api/workers';
import { ApiError } from '../../../../api/client';
import { normalizePhone } from '../../../../rules/phone';
import { useSessionStore } from '../../../../stores/session';
import { PHONE_INPUT_TYPE } from '../../../../platform/phoneInput';
import { usePageClass } from '../../../../components/usePageClass';

/** Change the mobile number: checked by the shared rule as typed, then by the server; the answer is masked. */
export default function PhonePage() {
  const pageClass = usePageClass();
  const current = useSessionStore((s) => s.worker?.phoneMasked);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const local = normalizePhone(phone);
    if (!local.ok) return setError(local.message);
    setSaving(true);
    setError(null);
    try {
      await useSessionStore.getState().ensureSession();
      useSessionStore.getState().setWorker(await changePhone(phone));
      void Taro.showToast({ title: '手机号已修改', icon: 'success' });
      void Taro.navigateBack();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '没有保存成功，请稍后再试。');
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className={pageClass}>
      {current && <View className='muted'>现在的手机号：{current}</View>}
      <View className='field'>
        <Text className='label'>新手机号</Text>
        <Input
          className={`input ${error ? 'input-error' : ''}`}
          name='phone'
          type={PHONE_INPUT_TYPE}
          value={phone}
          placeholder='11位手机号'
          maxlength={30}
          onInput={(e) => setPhone(e.detail.value)}
        />
        {error && (
          <View className='field-error' role='alert' data-testid='error-phone'>
            {error}
          </View>
        )}
      </View>
      <Button className='btn btn-primary' disabled={saving || !phone.trim()} onClick={() => void save()} data-testid='phone-submit'>
        {saving ? '正在保存…' : '保存'}
      </Button>
    </View>
  );
}
