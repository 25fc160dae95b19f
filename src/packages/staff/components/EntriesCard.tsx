import { Button, Text, View } from '@tarojs/components';
import type { StationEntry } from '../../../api/staffStations';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { OUTCOME_LABEL, REFUSAL_LABEL } from '../labels';
import { timeOf } from './AlarmCard';

/** How many entries show before 显示全部 (a busy station has hundreds a day). */
const FIRST = 20;

/**
 * Today's entries at the station, newest first: time, door, the masked worker (张* 138****0000), the outcome, and who
 * opened it remotely.
 */
export function EntriesCard(props: {
  entries: StationEntry[] | null;
  error: string | null;
  all: boolean;
  onAll: () => void;
  onRetry: () => void;
}) {
  const { entries, error } = props;
  const shown = entries && !props.all ? entries.slice(0, FIRST) : entries;
  return (
    <View className='card' data-testid='entries'>
      <View className='label'>今天的进站记录{entries ? `（${entries.length}）` : ''}</View>
      {error && <ErrorBanner message={error} onRetry={props.onRetry} />}
      {!entries && !error && <View className='muted'>加载中…</View>}
      {entries?.length === 0 && <View className='muted'>今天还没有人进站。</View>}
      {shown?.map((e) => (
        <View key={e.id} className='entry-row' data-testid='entry' data-remote={e.remote} data-outcome={e.outcome}>
          <Text className='entry-time'>{timeOf(e.at)}</Text>
          {/* A remote open names no worker (the staff member is named below), so it is not "未登记". */}
          {(e.worker || !e.remote) && <Text>{e.worker ? `${e.worker.maskedName} ${e.worker.maskedPhone ?? ''}` : '未登记'}</Text>}
          <View>
            <Text className={`outcome-${e.outcome}`}>
              {OUTCOME_LABEL[e.outcome]}
              {e.outcome === 'refused' && e.reason ? `（${REFUSAL_LABEL[e.reason] ?? e.reason}）` : ''}
            </Text>
            {e.door && <Text className='muted'> · {e.door.name}</Text>}
            {e.remote && <Text className='muted'> · {e.remoteBy ?? '工作人员'}远程开门</Text>}
          </View>
        </View>
      ))}
      {entries && !props.all && entries.length > FIRST && (
        <Button className='btn btn-secondary' onClick={props.onAll}>
          显示全部 {entries.length} 条
        </Button>
      )}
    </View>
  );
}
