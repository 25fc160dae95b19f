/**
 * "Me" -> the worker's entries: granted or refused (why, in Chinese), whether the door answered, Shanghai time;
 * and the entry points on "me".
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { fakeApi, type FakeApi } from '../support/fakeApi';
import EntriesPage from '@/packages/unlock/pages/entries/index';
import MePage from '@/pages/me/index';
import { entryTime } from '@/packages/unlock/entryText';
import { useSessionStore } from '@/stores/session';
import { ROUTES } from '@/platform/routes';

const base = {
  codeKind: 'printed',
  station: { id: 'ty0195', name: '五一广场智慧爱心驿站', phone: '0351-4040123' },
  door: { id: 'd0039', name: '正门' },
  locationPresent: true,
  distanceM: 12,
  doorAckedAt: null,
  grantExpiresAt: null,
};
const ENTRIES = [
  {
    ...base,
    id: 'e_4',
    at: '2026-12-01T06:30:00+08:00',
    outcome: 'granted',
    reason: null,
    doorState: 'opened',
    doorAckedAt: '2026-12-01T06:30:00+08:00',
  },
  {
    ...base,
    id: 'e_3',
    at: '2026-11-30T23:59:30+08:00',
    outcome: 'granted',
    reason: null,
    doorState: 'no_response',
    locationPresent: false,
    distanceM: null,
  },
  { ...base, id: 'e_2', at: '2026-11-30T22:10:00+08:00', outcome: 'refused', reason: 'TOO_FAR', doorState: null, distanceM: 4210 },
  {
    ...base,
    id: 'e_1',
    at: '2026-11-29T08:05:00+08:00',
    outcome: 'refused',
    reason: 'PASS_REPLAYED',
    codeKind: 'pass',
    doorState: null,
    locationPresent: false,
    distanceM: null,
  },
];

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: null,
    pendingDoorCode: null,
  });
});
afterEach(cleanup);

it('lists each entry with its outcome, reason, door answer and Shanghai time', async () => {
  api.on('GET /me/entries', { status: 200, body: { entries: ENTRIES } });
  render(<EntriesPage />);
  await waitFor(() => expect(screen.getAllByTestId('entry')).toHaveLength(4));
  const rows = screen.getAllByTestId('entry').map((r) => r.textContent);
  expect(rows).toEqual([
    '五一广场智慧爱心驿站12月1日 06:30已开门正门 · 扫门上的码 · 距驿站12米',
    '五一广场智慧爱心驿站11月30日 23:59门没有响应正门 · 扫门上的码 · 未提供位置',
    '五一广场智慧爱心驿站11月30日 22:10未能进门：离驿站太远正门 · 扫门上的码 · 距驿站4210米',
    '五一广场智慧爱心驿站11月29日 08:05未能进门：进门码已经用过正门 · 出示进门码',
  ]);
  expect(api.calls.find((c) => c.path === '/me/entries')).toBeTruthy();
});

it('reads times in Shanghai whatever offset the server wrote', () => {
  // 2026-11-30T16:05Z is 00:05 on 1 December in Shanghai.
  expect(entryTime('2026-11-30T16:05:00Z')).toBe('12月1日 00:05');
  expect(entryTime('not a time')).toBe('not a time');
});

it('says so when there is nothing yet, and offers a retry on failure', async () => {
  api.on('GET /me/entries', { status: 200, body: { entries: [] } });
  render(<EntriesPage />);
  await waitFor(() => expect(screen.getByTestId('entries-empty')).toBeTruthy());
  cleanup();
  api.on('GET /me/entries', { status: 500, body: { error: { code: 'INTERNAL', message: '服务器出了点问题，请稍后再试。' } } });
  render(<EntriesPage />);
  await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('服务器出了点问题'));
  api.on('GET /me/entries', { status: 200, body: { entries: ENTRIES.slice(0, 1) } });
  fireEvent.click(screen.getByText('重试'));
  await waitFor(() => expect(screen.getAllByTestId('entry')).toHaveLength(1));
});

it('"me" opens the pass and the entries for a registered worker only', async () => {
  const { unmount } = render(<MePage />);
  expect(screen.queryByTestId('open-pass')).toBeNull();
  unmount();
  useSessionStore.setState({
    worker: { id: 'w_1', name: '张伟', idNumberMasked: '140***********1234', phoneMasked: '138****5678', occupation: 'delivery' } as never,
  });
  api.on('GET /me', { status: 200, body: useSessionStore.getState().worker });
  render(<MePage />);
  fireEvent.click(screen.getByTestId('open-pass'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.pass });
  await act(async () => {}); // the pass page has opened (openPage drops taps while one is opening)
  fireEvent.click(screen.getByTestId('open-entries'));
  expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.entries });
});
