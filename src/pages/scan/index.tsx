import { Button, Input, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ROUTES } from '../../platform/routes';
import { extractDoorCodeFromScan } from '../../rules/doorCode';
import { DOOR_HOST } from '../../platform/config';

/**
 * Scan to open, one tap from anywhere. weapp scans with the camera only (album screenshots of a code
 * cannot be used); h5 outside WeChat has no scanner, so the code can be typed or pasted.
 */
export default function ScanPage() {
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const weapp = process.env.TARO_ENV === 'weapp';

  const open = (text: string) => {
    const code = extractDoorCodeFromScan(text, { defaultHost: DOOR_HOST });
    if (!code.ok) return setError(code.message);
    setError(null);
    void Taro.navigateTo({ url: ROUTES.unlock(code.value) });
  };
  const scan = async () => {
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      open(r.result);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) {
        setError('没能打开相机，请在设置中允许使用摄像头，或输入门上印的编号');
      }
    }
  };

  return (
    <View className='page'>
      {weapp && (
        <Button className='btn btn-scan' onClick={scan}>
          扫描门上的二维码
        </Button>
      )}
      <View className='card'>
        <View className='label'>{weapp ? '扫不了？输入门上的开门码' : '输入或粘贴门上的开门码'}</View>
        <Input className='input' value={typed} placeholder='例如 https://yz.tyzgh.cn/d/…' onInput={(e) => setTyped(e.detail.value)} data-testid='door-code-input' />
        {error && <View className='field-error' role='alert'>{error}</View>}
        <Button className='btn btn-primary' disabled={!typed.trim()} onClick={() => open(typed)}>
          开门
        </Button>
      </View>
    </View>
  );
}
