import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { byUrgency, useStaffStore } from '@/stores/staff';
import { fakeApi, networkDown, type FakeApi } from '../support/fakeApi';
import { KEEPER, OPEN_ALARM, acknowledged, resolved, signedInStaffPhone } from '../support/staffFixtures';
import { sh } from '../support/time';

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  signedInStaffPhone();
});
afterEach(() => jest.useRealTimers());

const SECOND = { ...OPEN_ALARM, id: 'al_2', at: '2026-12-07T15:10:00+08:00' };

it('loads the alarms of the last 7 Shanghai days and marks open ones that arrived since the last load as fresh', async () => {
  jest.useFakeTimers({ now: sh(2026, 12, 7, 15, 10), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  api.on('GET /staff/alerts', { status: 200, body: { from: '2026-12-01', to: '2026-12-07', alerts: [OPEN_ALARM] } });
  await useStaffStore.getState().loadAlerts();
  expect(api.calls.find((c) => c.path === '/staff/alerts')!.query).toEqual({ from: '2026-12-01', to: '2026-12-07' });
  // The first load marks nothing: everything on it is as new as everything else.
  expect(useStaffStore.getState().fresh).toEqual([]);

  api.on('GET /staff/alerts', { status: 200, body: { from: '2026-12-01', to: '2026-12-07', alerts: [SECOND, OPEN_ALARM] } });
  await useStaffStore.getState().loadAlerts();
  expect(useStaffStore.getState().fresh).toEqual(['al_2']);
  expect(Taro.vibrateLong).toHaveBeenCalledTimes(1);
});

it('a failed reload keeps the list on screen and says why', async () => {
  api.on('GET /staff/alerts', { status: 200, body: { from: '2026-12-07', to: '2026-12-07', alerts: [OPEN_ALARM] } });
  await useStaffStore.getState().loadAlerts();
  api.on('GET /staff/alerts', networkDown);
  await useStaffStore.getState().loadAlerts();
  expect(useStaffStore.getState().alerts.map((a) => a.id)).toEqual(['al_1']);
  expect(useStaffStore.getState().alertsError).toBe('网络连接失败，请检查网络后重试');
});

it('acknowledge and resolve put the server answer in place; a refusal keeps the server message by alarm', async () => {
  useStaffStore.setState({ alerts: [OPEN_ALARM], alertsAt: 1, fresh: ['al_1'] });
  api.on('POST /staff/alerts/al_1/acknowledge', { status: 200, body: { alert: acknowledged(OPEN_ALARM) } });
  expect(await useStaffStore.getState().acknowledge('al_1')).toBe(true);
  expect(useStaffStore.getState().alerts[0].state).toBe('acknowledged');
  expect(useStaffStore.getState().fresh).toEqual([]);

  api.on('POST /staff/alerts/al_1/resolve', {
    status: 409,
    body: { error: { code: 'ALARM_RESOLVED', message: '这个报警已经处理完毕。' } },
  });
  expect(await useStaffStore.getState().resolve('al_1', '已送医')).toBe(false);
  expect(useStaffStore.getState().actionError).toEqual({ id: 'al_1', message: '这个报警已经处理完毕。' });
  expect(api.calls.at(-1)!.body).toEqual({ note: '已送医' });
});

it('orders open before acknowledged before resolved, newest first within each', () => {
  const old = { ...OPEN_ALARM, id: 'old', at: '2026-12-06T10:00:00+08:00' };
  const list = byUrgency([resolved(SECOND, 'x'), acknowledged(OPEN_ALARM), old, SECOND]);
  expect(list.map((a) => `${a.id}:${a.state}`)).toEqual(['al_2:open', 'old:open', 'al_1:acknowledged', 'al_2:resolved']);
});

it('loads the roles after making sure of a session', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [KEEPER] } });
  await useStaffStore.getState().loadRoles();
  expect(useStaffStore.getState().roles).toEqual([KEEPER]);
});
