import { Button, Image, Input, View } from '@tarojs/components';
import { useState } from 'react';
import { createStationReport, REPORT_KINDS, type ReportKind, type ReportPhoto } from '../../../api/reports';
import { messageOf } from '../../../stores/staff';
import { choosePhoto } from '../photo';
import { OpenReports } from './OpenReports';

/**
 * 报修/补给: a fault or supplies running out at the station (kind chips, a note, an optional photo); the district
 * staff are told by the server. `other` needs a note of at least 2 characters.
 */
export function ReportForm({ stationId }: { stationId: string }) {
  const [kind, setKind] = useState<ReportKind | null>(null);
  const [note, setNote] = useState('');
  const [photo, setPhoto] = useState<{ photo: ReportPhoto; preview: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const noteOk = kind !== 'other' || note.trim().length >= 2;
  const ready = kind !== null && noteOk && !busy;

  const pick = async () => {
    setError(null);
    const r = await choosePhoto();
    if (r.ok) setPhoto({ photo: r.photo, preview: r.preview });
    else if (!('cancelled' in r)) setError(r.message);
  };
  const send = async () => {
    if (!kind) return;
    setBusy(true);
    setError(null);
    try {
      await createStationReport(stationId, { kind, note: note.trim(), ...(photo ? { photo: photo.photo } : {}) });
      setSent(`已上报：${REPORT_KINDS.find((k) => k.kind === kind)!.label}。区工会会收到通知。`);
      setKind(null);
      setNote('');
      setPhoto(null);
      setVersion((v) => v + 1);
    } catch (err) {
      setError(messageOf(err, '没能上报，请检查网络后重试'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className='card' data-testid='report-form'>
      <View className='label'>报修 / 补给</View>
      {sent && (
        <View className='banner banner-info' role='status' data-testid='report-sent'>
          {sent}
        </View>
      )}
      <View className='wrap' role='radiogroup'>
        {REPORT_KINDS.map((k) => (
          <View
            key={k.kind}
            className={`chip ${kind === k.kind ? 'chip-on' : ''}`}
            role='radio'
            aria-checked={kind === k.kind}
            data-testid={`report-kind-${k.kind}`}
            onClick={() => {
              setKind(k.kind);
              setSent(null);
            }}
          >
            {k.label}
          </View>
        ))}
      </View>
      <View className='field' style={{ marginTop: '16px' }}>
        <View className='label'>说明{kind === 'other' ? '（必填）' : '（可不填）'}</View>
        <Input
          className='input'
          value={note}
          maxlength={300}
          placeholder='如：热水器不出热水'
          data-testid='report-note'
          onInput={(e) => setNote(e.detail.value)}
        />
      </View>
      {photo ? (
        <View className='wrap'>
          <Image className='photo-preview' src={photo.preview} mode='aspectFill' aria-label='要上报的照片' />
          <Button className='btn btn-secondary' onClick={() => setPhoto(null)}>
            不要这张照片
          </Button>
        </View>
      ) : (
        <Button className='btn btn-secondary' data-testid='report-photo' onClick={() => void pick()}>
          拍照或选照片（可不加）
        </Button>
      )}
      {error && (
        <View className='banner banner-error' role='alert' data-testid='report-error'>
          {error}
        </View>
      )}
      <Button className='btn btn-primary' disabled={!ready} data-testid='report-send' onClick={() => void send()}>
        {busy ? '正在上报…' : error ? '重新上报' : '上报'}
      </Button>
      <OpenReports stationId={stationId} version={version} />
    </View>
  );
}
