import { Button, Input, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { checkInBooking } from '../../../api/clinic';
import { messageOf } from '../../../stores/staff';
import { timeOf } from './AlarmCard';

/** The digits of what was typed or scanned ("1234 5678", "12345678"). */
export const digitsOf = (s: string): string => s.replace(/\D/g, '');

/**
 * Check-in by the worker's 8-digit code, typed (big, spaces allowed) or scanned from their check-in QR with the
 * camera; h5 has no scanner, so there only the typed path shows. `onDone` reloads the day.
 */
export function CheckInForm({ healthStationId, onDone }: { healthStationId: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const canScan = process.env.TARO_ENV !== 'h5';
  const digits = digitsOf(text);

  const send = async (code: string) => {
    setBusy(true);
    setResult(null);
    try {
      const r = await checkInBooking(healthStationId, code);
      const b = r.booking;
      setResult({
        ok: true,
        message: `${r.alreadyCheckedIn ? '这个号已经签到过了' : '签到成功'}：${timeOf(b.startsAt)} ${b.doctorName}${b.doctorTitle ? ` ${b.doctorTitle}` : ''}`,
      });
      setText('');
      onDone();
    } catch (err) {
      setResult({ ok: false, message: messageOf(err, '没能签到，请检查网络后重试') });
    } finally {
      setBusy(false);
    }
  };
  const scan = async () => {
    setResult(null);
    try {
      const r = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      const code = digitsOf(r.result ?? '');
      if (code.length !== 8) return setResult({ ok: false, message: '这不是签到二维码，请扫职工“我的预约”里的签到码，或输入8位数字' });
      setText(code);
      await send(code);
    } catch (err) {
      if (!/cancel/i.test(String((err as { errMsg?: string })?.errMsg ?? ''))) {
        setResult({ ok: false, message: '没能打开相机，请在设置中允许使用摄像头，或输入8位数字' });
      }
    }
  };

  return (
    <View className='card' data-testid='check-in'>
      <View className='label'>签到</View>
      {canScan && (
        <Button className='btn btn-scan' disabled={busy} data-testid='check-in-scan' onClick={() => void scan()}>
          扫职工的签到码
        </Button>
      )}
      <View className='field'>
        <View className='label'>{canScan ? '或输入8位签到数字' : '输入职工的8位签到数字'}</View>
        <Input
          className='input code-input'
          name='checkInCode'
          type={process.env.TARO_ENV === 'weapp' ? 'number' : 'text'}
          value={text}
          maxlength={16}
          placeholder='1234 5678'
          data-testid='check-in-code'
          onInput={(e) => setText(e.detail.value)}
        />
        {text.length > 0 && digits.length !== 8 && <View className='muted'>已输入 {digits.length} 位，需要 8 位</View>}
      </View>
      {result && (
        <View
          className={`banner ${result.ok ? 'banner-info' : 'banner-error'}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid='check-in-result'
        >
          {result.message}
        </View>
      )}
      <Button
        className='btn btn-primary'
        disabled={busy || digits.length !== 8}
        data-testid='check-in-submit'
        onClick={() => void send(digits)}
      >
        {busy ? '正在签到…' : result && !result.ok ? '重新签到' : '签到'}
      </Button>
    </View>
  );
}
