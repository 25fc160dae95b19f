import { Button, View } from '@tarojs/components';
import { useEffect } from 'react';
import { usePrivacyPrompt, AGREE_BUTTON_ID } from '../platform/privacy';
import { ROUTES } from '../platform/routes';
import { openPage } from '../platform/openPage';

const MASK = {
  position: 'fixed',
  top: 0,
  left: 0,
  right: 0,
  bottom: 0,
  zIndex: 1000,
  display: 'flex',
  alignItems: 'center',
  padding: '32px',
  background: 'rgba(0, 0, 0, 0.55)',
} as const;

/**
 * The privacy notice prompt WeChat requires before the first privacy API call (see platform/privacy.ts). Renders
 * nothing until a request is pending; put one on every page that uses location, the clipboard or the camera.
 * `onDeclined` lets a page offer its fallback (e.g. choosing a place by hand).
 */
export default function PrivacyPrompt({ onDeclined }: { onDeclined?: () => void }) {
  const pending = usePrivacyPrompt((s) => s.pending);
  useEffect(() => {
    usePrivacyPrompt.setState((s) => ({ mounted: s.mounted + 1 }));
    return () => usePrivacyPrompt.setState((s) => ({ mounted: Math.max(0, s.mounted - 1) }));
  }, []);
  if (!pending) return null;
  const decline = () => {
    usePrivacyPrompt.getState().decline();
    onDeclined?.();
  };
  return (
    <View style={MASK} data-testid='privacy-prompt'>
      <View className='card' style={{ width: '100%' }}>
        <View className='title'>个人信息保护提示</View>
        <View>
          驿站通需要使用您的位置来查找附近驿站、核验您在驿站门口；登记时需要您的姓名、身份证号和手机号。请阅读隐私政策，同意后才能使用这些功能。
        </View>
        <View className='link-row' role='link' onClick={() => openPage(ROUTES.privacy)}>
          阅读《驿站通隐私政策》
        </View>
        <Button className='btn btn-secondary' onClick={decline} data-testid='privacy-decline'>
          不同意
        </Button>
        <Button
          className='btn btn-primary'
          id={AGREE_BUTTON_ID}
          openType='agreePrivacyAuthorization'
          onAgreePrivacyAuthorization={() => usePrivacyPrompt.getState().agree()}
          // h5 and tests have no open-type: a tap is the agreement there.
          onClick={process.env.TARO_ENV === 'weapp' ? undefined : () => usePrivacyPrompt.getState().agree()}
          data-testid='privacy-agree'
        >
          同意并继续
        </Button>
      </View>
    </View>
  );
}
