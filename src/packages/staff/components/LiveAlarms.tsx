import { View } from '@tarojs/components';
import type { StaffAlert } from '../../../api/staffAlerts';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { shanghaiHhmm } from '../../../rules/time';
import { useStaffStore } from '../../../stores/staff';
import { AlarmCard } from './AlarmCard';

/**
 * The live alarms of a staff page (keeper station, scope alarms): a failed refresh says which moment the cards are
 * from and offers 重试; each alarm as its card (`fresh` ids marked new); "none to handle" with when it was checked.
 */
export function LiveAlarms(props: { alerts: StaffAlert[]; fresh: string[]; error: string | null; at: number | null }) {
  const { alerts, fresh, error, at } = props;
  return (
    <>
      {error && (
        <ErrorBanner
          message={`${error}${at ? `（下面是 ${shanghaiHhmm(at)} 的报警）` : ''}`}
          onRetry={() => void useStaffStore.getState().loadAlerts()}
        />
      )}
      {alerts.map((a) => (
        <AlarmCard key={a.id} alert={a} fresh={fresh.includes(a.id)} />
      ))}
      {at !== null && alerts.length === 0 && (
        <View className='card muted' data-testid='no-alarms'>
          没有待处理的紧急求助（{shanghaiHhmm(at)} 刷新，每10秒自动刷新）
        </View>
      )}
    </>
  );
}
