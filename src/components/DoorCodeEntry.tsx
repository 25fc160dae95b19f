import { Button, Input, View } from '@tarojs/components';
import { useState } from 'react';
import { extractDoorCodeFromScan, typedDoorCodeText } from '../rules/doorCode';
import { DOOR_HOST } from '../platform/config';

/**
 * The photo reader (jsQR), h5 only, loaded on demand outside the start-up JS. A constant condition at module
 * level, so the weapp build drops the import entirely (inside an async function, the weapp build's transpiled
 * state machine would hide the condition from webpack and bundle the decoder).
 */
const loadPhotoReader = process.env.TARO_ENV === 'h5' ? () => import('../platform/qrPhoto') : null;

/**
 * The ways in without WeChat's scanner: type or paste the code printed on the door, or (h5 only) photograph /
 * pick the door's QR and read it in the browser. Hands the canonical code to `onCode`, with the text as typed
 * (empty for a photo), so a page can put it back in the box after a refusal (`initialText`); shows the rule's
 * message for anything that is not a door code (payment codes, web links, damaged contents).
 */
export function DoorCodeEntry({
  label,
  onCode,
  initialText = '',
}: {
  label: string;
  onCode: (code: string, typedText: string) => void;
  initialText?: string;
}) {
  const [typed, setTyped] = useState(initialText);
  const [error, setError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const h5 = process.env.TARO_ENV === 'h5';

  const submitCode = (text: string, typedText = '') => {
    const code = extractDoorCodeFromScan(text, { defaultHost: DOOR_HOST });
    if (!code.ok) return setError(code.message);
    setError(null);
    onCode(code.value, typedText);
  };
  const fromPhoto = async () => {
    if (!loadPhotoReader) return;
    setError(null);
    const { pickImage, decodeQrFile } = await loadPhotoReader();
    const file = await pickImage();
    if (!file) return;
    setReading(true);
    try {
      const r = await decodeQrFile(file);
      if (r.ok) submitCode(r.text);
      else setError(r.message);
    } finally {
      setReading(false);
    }
  };

  return (
    <View className='card'>
      {h5 && (
        <Button className='btn btn-primary' data-testid='qr-photo' disabled={reading} onClick={() => void fromPhoto()}>
          {reading ? '正在识别二维码…' : '拍照识别门上的二维码'}
        </Button>
      )}
      <View className='label'>{label}</View>
      <Input
        className='input'
        value={typed}
        placeholder='例如 d0039.1.Pd1c…（注意大小写）'
        onInput={(e) => setTyped(e.detail.value)}
        data-testid='door-code-input'
      />
      {error && (
        <View className='field-error' role='alert' data-testid='door-code-error'>
          {error}
        </View>
      )}
      <Button
        className='btn btn-primary'
        disabled={!typed.trim()}
        onClick={() => submitCode(typedDoorCodeText(typed), typed)}
        data-testid='door-code-submit'
      >
        开门
      </Button>
    </View>
  );
}
