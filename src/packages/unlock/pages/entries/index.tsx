import { View, Text } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { fetchMyEntries, type Entry } from '../../../../api/doors';
import { ApiError } from '../../../../api/client';
import { useSessionStore } from '../../../../stores/session';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { entryDetail, entryOutcome, entryTime } from '../../entryText';
import { usePageClass } from '../../../../components/usePageClass';

/** How many entries the list shows: about two weeks of daily use. */
export const ENTRIES_SHOWN = 50;

/** The worker's entries, newest first: granted or refused (and why), whether the door answered, when. */
export default function EntriesPage() {
  const pageClass = usePageClass();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setError(null);
    try {
      await useSessionStore.getState().ensureSession();
      setEntries(await fetchMyEntries(ENTRIES_SHOWN));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '进门记录没有加载出来，请重试。');
    }
  };
  useDidShow(() => void load());

  if (error)
    return (
      <View className={pageClass}>
        <ErrorBanner message={error} onRetry={() => void load()} />
      </View>
    );
  if (!entries) return <View className={`${pageClass} muted`}>加载中…</View>;
  return (
    <View className={pageClass}>
      {entries.length === 0 && (
        <View className='card muted' data-testid='entries-empty'>
          还没有进门记录。扫驿站门上的二维码就能开门。
        </View>
      )}
      {entries.map((e) => (
        <View key={e.id} className='card' data-testid='entry' data-outcome={e.outcome}>
          <View className='row'>
            <Text className='label'>{e.station.name}</Text>
            <Text className='muted'>{entryTime(e.at)}</Text>
          </View>
          <View
            className={e.outcome === 'granted' && e.doorState === 'opened' ? 'tag tag-open' : 'tag tag-suspended'}
            data-testid='entry-outcome'
          >
            {entryOutcome(e)}
          </View>
          <View className='muted'>{[e.door.name, entryDetail(e)].filter(Boolean).join(' · ')}</View>
        </View>
      ))}
    </View>
  );
}
