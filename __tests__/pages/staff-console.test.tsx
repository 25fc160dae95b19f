/**
 * The desk console's QR sign-in approval page (issue 15) with the Taro stand-ins: the role the console will act as
 * (a choice for a person with several district or city roles), 确认登录 sending that role's id, 取消 sending nothing,
 * and the refusals said plainly (expired, used, a keeper who may not).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { __reset, __setRouterParams } from '../stubs/taro';
import ConsoleApprovePage from '@/packages/staff/pages/console/index';
import type { StaffMember } from '@/api/staff';
import { useSessionStore } from '@/stores/session';
import { useStaffStore } from '@/stores/staff';
import { fakeApi, type FakeApi } from '../support/fakeApi';
import { KEEPER } from '../support/staffFixtures';
import { sh } from '../support/time';

const LOGIN_ID = 'AbCdEfGhIjKlMnOpQrSt_-';
const DISTRICT: StaffMember = {
  id: 'sm_d1',
  role: 'district',
  displayName: '李科长',
  scope: { districtCode: '140106', stationId: null, healthStationId: null, name: '迎泽区' },
};
const CITY: StaffMember = {
  id: 'sm_city1',
  role: 'city',
  displayName: '李科长',
  scope: { districtCode: null, stationId: null, healthStationId: null, name: null },
};

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'd'.repeat(32),
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: null,
  });
  useStaffStore.setState({ roles: null, rolesError: null });
  __setRouterParams({ l: LOGIN_ID });
  jest.spyOn(Date, 'now').mockReturnValue(sh(2026, 12, 7, 9, 30));
});
afterEach(() => {
  cleanup();
  jest.restoreAllMocks();
});

const approvePath = `POST /staff/console-logins/${LOGIN_ID}/approve`;
const approveCalls = () => api.calls.filter((c) => c.path === `/staff/console-logins/${LOGIN_ID}/approve`);

it('one console role: says when it was scanned and as whom; 确认登录 approves as that role', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [KEEPER, DISTRICT] } });
  api.on(approvePath, { status: 200, body: { member: DISTRICT } });
  render(<ConsoleApprovePage />);
  expect(screen.getByTestId('console-login').textContent).toContain('扫码时间 09:30');
  await waitFor(() => expect(screen.getByTestId('console-role').textContent).toBe('区工会工作人员 · 迎泽区'));
  fireEvent.click(screen.getByTestId('console-approve'));
  const result = await screen.findByTestId('console-result');
  expect(result.getAttribute('data-result')).toBe('approved');
  expect(result.textContent).toBe('已确认。电脑上的工会控制台已用“区工会工作人员 · 迎泽区”身份登录，请在电脑上继续操作。');
  expect(approveCalls().map((c) => c.body)).toEqual([{ staffId: 'sm_d1' }]);
});

it('city and district roles: the highest is chosen first, another may be picked', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT, CITY] } });
  api.on(approvePath, { status: 200, body: { member: DISTRICT } });
  render(<ConsoleApprovePage />);
  await waitFor(() => expect(screen.getAllByTestId('console-role-choice')).toHaveLength(2));
  const choices = screen.getAllByTestId('console-role-choice');
  expect(choices.map((c) => [c.textContent, c.getAttribute('aria-checked')])).toEqual([
    ['市总工会管理员 · 全市', 'true'],
    ['区工会工作人员 · 迎泽区', 'false'],
  ]);
  fireEvent.click(choices[1]);
  fireEvent.click(screen.getByTestId('console-approve'));
  await screen.findByTestId('console-result');
  expect(approveCalls().map((c) => c.body)).toEqual([{ staffId: 'sm_d1' }]);
});

it('取消 sends nothing and says the computer will not sign in', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT] } });
  render(<ConsoleApprovePage />);
  fireEvent.click(await screen.findByTestId('console-cancel'));
  expect(screen.getByTestId('console-result').textContent).toBe('已取消，电脑上不会登录。');
  expect(approveCalls()).toEqual([]);
});

it.each([
  [410, 'CONSOLE_LOGIN_EXPIRED', '二维码已过期，请在电脑上刷新二维码后重新扫码。'],
  [409, 'CONSOLE_LOGIN_USED', '这个二维码已经用过了，不能再次确认。如需登录，请在电脑上刷新二维码后重新扫码。'],
  [403, 'STAFF_FORBIDDEN', '您的工作人员身份不能登录工会控制台：只有区、市工会工作人员可以登录。'],
])('%i %s is said plainly', async (status, code, text) => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT] } });
  api.on(approvePath, { status, body: { error: { code, message: '服务器的话' } } });
  render(<ConsoleApprovePage />);
  fireEvent.click(await screen.findByTestId('console-approve'));
  const result = await screen.findByTestId('console-result');
  expect(result.getAttribute('data-result')).toBe(code);
  expect(result.textContent).toBe(text);
});

it('a keeper (no district or city role) is told at once and offered no 确认登录', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: true, roles: [KEEPER] } });
  render(<ConsoleApprovePage />);
  const result = await screen.findByTestId('console-result');
  expect(result.textContent).toBe('您的工作人员身份不能登录工会控制台：只有区、市工会工作人员可以登录。');
  expect(screen.queryByTestId('console-approve')).toBeNull();
});

it('a QR that is not a console sign-in: says so and asks nothing of the server', () => {
  __setRouterParams({ l: 'nope' });
  render(<ConsoleApprovePage />);
  expect(screen.getByTestId('console-result').getAttribute('data-result')).toBe('invalid');
  expect(approveCalls()).toEqual([]);
});

it('opened by WeChat from the linked QR: the login id comes from `q`', async () => {
  __setRouterParams({ q: encodeURIComponent(`https://yz.tyzgh.cn/#/packages/staff/pages/console/index?l=${LOGIN_ID}`) });
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT] } });
  api.on(approvePath, { status: 200, body: { member: DISTRICT } });
  render(<ConsoleApprovePage />);
  fireEvent.click(await screen.findByTestId('console-approve'));
  expect((await screen.findByTestId('console-result')).getAttribute('data-result')).toBe('approved');
});
