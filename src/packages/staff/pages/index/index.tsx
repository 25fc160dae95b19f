import { Button, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { StaffMember } from '../../../../api/staff';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { usePageClass } from '../../../../components/usePageClass';
import { openPage } from '../../../../platform/openPage';
import { useStaffStore } from '../../../../stores/staff';
import { STAFF_ROUTES } from '../../routes';
import { ROLE_LABEL } from '../../labels';
import '../../staff.css';

/** Where a role leads: a keeper to the station, clinic staff to the health station, district and city staff to the scope. */
function wayIn(m: StaffMember): { text: string; url: string } | null {
  if (m.role === 'keeper' && m.scope.stationId)
    return { text: `管理 ${m.scope.name ?? '我的驿站'}`, url: STAFF_ROUTES.station(m.scope.stationId) };
  if (m.role === 'clinic' && m.scope.healthStationId) {
    return { text: `${m.scope.name ?? '我的健康驿站'} 今日就诊`, url: STAFF_ROUTES.clinic(m.scope.healthStationId) };
  }
  if (m.role === 'district' || m.role === 'city') return { text: `${m.scope.name ?? '全市'} 报警和驿站状态`, url: STAFF_ROUTES.alarms };
  return null;
}

/** The staff home: the roles held, each with its way in; an account with none is offered the invitation form. */
export default function StaffHomePage() {
  const pageClass = usePageClass();
  const roles = useStaffStore((s) => s.roles);
  const error = useStaffStore((s) => s.rolesError);
  const load = () => void useStaffStore.getState().loadRoles();
  useDidShow(load);

  return (
    <View className={pageClass}>
      {error && <ErrorBanner message={error} onRetry={load} />}
      {roles === null && !error && <View className='muted'>加载中…</View>}
      {roles?.length === 0 && (
        <View className='card'>
          <View className='title'>您还不是工作人员</View>
          <View className='subtitle'>收到工会发的邀请码后，在这里输入即可开通。</View>
          <Button className='btn btn-primary' onClick={() => openPage(STAFF_ROUTES.redeem)}>
            我有邀请码
          </Button>
        </View>
      )}
      {roles?.map((m) => {
        const way = wayIn(m);
        return (
          <View key={m.id} className='card' data-testid='staff-role' data-role={m.role}>
            <View className='title'>{ROLE_LABEL[m.role]}</View>
            <View className='subtitle role-line'>
              {m.scope.name ?? '全市'} · 显示为“{m.displayName}”
            </View>
            {way && (
              <Button className='btn btn-primary' data-testid={`open-${m.role}`} onClick={() => openPage(way.url)}>
                {way.text}
              </Button>
            )}
          </View>
        );
      })}
      {!!roles?.length && (
        <Button className='btn btn-secondary' onClick={() => openPage(STAFF_ROUTES.redeem)}>
          我有新的邀请码
        </Button>
      )}
    </View>
  );
}
