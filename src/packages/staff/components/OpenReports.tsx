import { Button, Input, View } from '@tarojs/components';
import { useCallback, useEffect, useState } from 'react';
import { fetchStationReports, REPORT_KINDS, resolveStationReport, type StationReport } from '../../../api/reports';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { messageOf } from '../../../stores/staff';
import { timeOf } from './AlarmCard';

const kindLabel = (k: StationReport['kind']) => REPORT_KINDS.find((x) => x.kind === k)?.label ?? k;

/**
 * The station's reports still open (newest first), each with 已修好/已补齐 and a note of what was done. `version`
 * changes when a report was just sent, so the list is read again.
 */
export function OpenReports({ stationId, version }: { stationId: string; version: number }) {
  const [reports, setReports] = useState<StationReport[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setReports(await fetchStationReports({ stationId, state: 'open' }));
      setError(null);
    } catch (err) {
      setError(messageOf(err, '没能读取报修记录，请重试'));
    }
  }, [stationId]);
  useEffect(() => {
    void load();
  }, [load, version]);

  if (error) return <ErrorBanner message={`报修记录：${error}`} onRetry={() => void load()} />;
  const resolved = (r: StationReport) => {
    setReports((rs) => rs?.filter((x) => x.id !== r.id) ?? null);
    setDone(`已处理：${kindLabel(r.kind)}${r.resolved ? `（${r.resolved.note}）` : ''}`);
  };
  return (
    <View data-testid='open-reports'>
      {done && (
        <View className='banner banner-info' role='status' data-testid='report-resolved'>
          {done}
        </View>
      )}
      {!!reports?.length && <View className='label'>还没处理的报修（{reports.length}）</View>}
      {reports?.map((r) => (
        <ReportRow key={r.id} report={r} onResolved={resolved} />
      ))}
    </View>
  );
}

function ReportRow({ report, onResolved }: { report: StationReport; onResolved: (r: StationReport) => void }) {
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolve = async () => {
    setBusy(true);
    setError(null);
    try {
      onResolved(await resolveStationReport(report.id, note.trim()));
    } catch (err) {
      setError(messageOf(err, '没能提交，请检查网络后重试'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className='entry-row' data-testid='open-report' data-kind={report.kind}>
      <View>
        <View className='title'>{kindLabel(report.kind)}</View>
        {report.note && <View>{report.note}</View>}
        <View className='muted'>
          {timeOf(report.createdAt, true)} {report.createdBy.name} 上报{report.hasPhoto ? ' · 有照片' : ''}
        </View>
      </View>
      {asking ? (
        <View className='field'>
          <Input
            className='input'
            value={note}
            maxlength={300}
            data-testid='report-resolve-note'
            placeholder='做了什么，如：已换新热水器'
            onInput={(e) => setNote(e.detail.value)}
          />
          {error && (
            <View className='banner banner-error' role='alert'>
              {error}
            </View>
          )}
          <Button
            className='btn btn-primary'
            disabled={busy || !note.trim()}
            data-testid='report-resolve-confirm'
            onClick={() => void resolve()}
          >
            {busy ? '正在提交…' : error ? '重新提交' : '确认已处理'}
          </Button>
        </View>
      ) : (
        <Button className='btn btn-secondary' data-testid='report-resolve' onClick={() => setAsking(true)}>
          已处理
        </Button>
      )}
    </View>
  );
}
