import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { ROUTES } from '../../platform/routes';
import { newFreshToken } from '../../stores/unlock';
import { extractDoorCodeFromScan } from '../../rules/doorCode';
import { DOOR_HOST } from '../../platform/config';
import { DoorCodeEntry } from '../../components/DoorCodeEntry';
import { openPage } from '../../platform/openPage';
import { usePageClass } from '../../components/usePageClass';

/**
 * Scan to open, one tap from anywhere. weapp scans with the camera only (album screenshots of a code
 * cannot be used); h5 outside WeChat has no scanner, so the code is typed, pasted, or read from a photo.
 */
export default function ScanPage() {
  const pageClass = usePageClass();
  const [error, setError] = useState<string | null>(null);
  const weapp = process.env.TARO_ENV === 'weapp';

  // A scan or a typed code here is the worker's own new act: the door page opens even a code used minutes ago.
  const open = (code: string) => openPage(ROUTES.unlock(code, newFreshToken()));
  const scan = async () => {
    setError(null);
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      // A mini-program code scans as its page path with `scene=`; a printed link QR as the URL itself.
      const code = extractDoorCodeFromScan(r.path || r.result, { defaultHost: DOOR_HOST });
      if (!code.ok) return setError(code.message);
      open(code.value);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) {
        setError('没能打开相机，请在设置中允许使用摄像头，或输入门上印的编号');
      }
    }
  };

  return (
    <View className={pageClass}>
      {weapp && (
        <Button className='btn btn-scan' onClick={() => void scan()} data-testid='scan'>
          扫描门上的二维码
        </Button>
      )}
      {error && (
        <View className='banner banner-error' role='alert' data-testid='scan-error'>
          {error}
        </View>
      )}
      <DoorCodeEntry label={weapp ? '扫不了？输入门上印的编号' : '输入或粘贴门上印的编号'} onCode={open} />
    </View>
  );
}
