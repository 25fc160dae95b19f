/**
 * The desk console's QR sign-in approval page (issue 15) with the Taro stand-ins: when and from which network the
 * computer opened its sign-in page, the number the computer shows picked among three (确认登录 stays disabled until
 * one is picked, and sends it), the role the console will act as (a choice for a person with several district or
 * city roles), 取消 sending nothing, and the refusals said plainly (expired, used, closed, a wrong number, a keeper).
 */
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { __reset, __setRouterParams } from '../stubs/taro';
import ConsoleApprovePage from '@/packages/staff/pages/console/index';
import type { StaffMember } from '@/api/staff';
import { fakeApi, type FakeApi } from '../support/fakeApi';
import { KEEPER, signedInStaffPhone } from '../support/staffFixtures';
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

const LOGIN = {
  loginId: LOGIN_ID,
  startedAt: '2026-12-07T09:29:10+08:00',
  address: '203.0.113.*',
  choices: ['0381', '4719', '9056'],
  expiresAt: '2026-12-07T09:34:10+08:00',
};

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  signedInStaffPhone();
  __setRouterParams({ l: LOGIN_ID });
  api.on(`GET /staff/console-logins/${LOGIN_ID}`, { status: 200, body: LOGIN });
  jest.spyOn(Date, 'now').mockReturnValue(sh(2026, 12, 7, 9, 30));
});
afterEach(() => {
  cleanup();
  jest.restoreAllMocks();
});

const approvePath = `POST /staff/console-logins/${LOGIN_ID}/approve`;
const approveCalls = () => api.calls.filter((c) => c.path === `/staff/console-logins/${LOGIN_ID}/approve`);
/** Picks the choice that reads `text` ("47 19"). */
const pick = async (text: string) => {
  const choices = await screen.findAllByTestId('console-code-choice');
  fireEvent.click(choices.find((c) => c.textContent === text)!);
};

it('one console role: says when and from where the computer asked; the number picked first, then 确认登录 approves', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [KEEPER, DISTRICT] } });
  api.on(approvePath, { status: 200, body: { member: DISTRICT } });
  render(<ConsoleApprovePage />);
  expect((await screen.findByTestId('console-origin')).textContent).toBe('电脑打开登录页的时间 09:29，网络地址 203.0.113.*。');
  await waitFor(() => expect(screen.getByTestId('console-role').textContent).toBe('区工会工作人员 · 迎泽区'));
  const choices = screen.getAllByTestId('console-code-choice');
  expect(choices.map((c) => [c.textContent, c.getAttribute('aria-checked')])).toEqual([
    ['03 81', 'false'],
    ['47 19', 'false'],
    ['90 56', 'false'],
  ]);
  // Nothing picked yet: 确认登录 is disabled and sends nothing.
  const button = screen.getByTestId('console-approve');
  expect(button.hasAttribute('disabled')).toBe(true);
  expect(button.textContent).toBe('请先选出电脑上的数字');
  fireEvent.click(button);
  expect(approveCalls()).toEqual([]);
  await pick('47 19');
  expect(screen.getAllByTestId('console-code-choice').map((c) => c.getAttribute('aria-checked'))).toEqual(['false', 'true', 'false']);
  expect(button.hasAttribute('disabled')).toBe(false);
  expect(button.textContent).toBe('确认登录');
  fireEvent.click(button);
  const result = await screen.findByTestId('console-result');
  expect(result.getAttribute('data-result')).toBe('approved');
  expect(result.textContent).toBe('已确认。电脑上的工会控制台已用“区工会工作人员 · 迎泽区”身份登录，请在电脑上继续操作。');
  expect(approveCalls().map((c) => c.body)).toEqual([{ code: '4719', staffId: 'sm_d1' }]);
});

it("a number that is not the computer's: the sign-in is void and the person is warned it may be someone else", async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT] } });
  api.on(approvePath, {
    status: 409,
    body: { error: { code: 'CONSOLE_CODE_MISMATCH', message: '服务器的话', details: { closed: true } } },
  });
  render(<ConsoleApprovePage />);
  await pick('90 56');
  fireEvent.click(screen.getByTestId('console-approve'));
  const result = await screen.findByTestId('console-result');
  expect(result.getAttribute('data-result')).toBe('CONSOLE_CODE_MISMATCH');
  expect(result.textContent).toBe(
    '您选的数字和电脑上二维码旁的不一样，这次登录已作废，电脑上不会登录。如果这不是您自己刚在电脑上打开的登录页，可能有人想冒用您的身份，请不要确认别人发来的二维码。',
  );
  expect(approveCalls().map((c) => c.body)).toEqual([{ code: '9056', staffId: 'sm_d1' }]);
});

it.each([
  [409, 'CONSOLE_LOGIN_USED', '这个二维码已经用过了，不能再次确认。如需登录，请在电脑上刷新二维码后重新扫码。'],
  [410, 'CONSOLE_LOGIN_CLOSED', '这次登录因为数字选错已作废。如需登录，请在电脑上刷新二维码后重新扫码。'],
  [410, 'CONSOLE_LOGIN_EXPIRED', '二维码已过期，请在电脑上刷新二维码后重新扫码。'],
])('opened when there is nothing to confirm (%i %s): said at once, no numbers offered', async (status, code, text) => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT] } });
  api.on(`GET /staff/console-logins/${LOGIN_ID}`, { status, body: { error: { code, message: '服务器的话' } } });
  render(<ConsoleApprovePage />);
  const result = await screen.findByTestId('console-result');
  expect([result.getAttribute('data-result'), result.textContent]).toEqual([code, text]);
  expect(screen.queryByTestId('console-code-choice')).toBeNull();
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
  await pick('03 81');
  fireEvent.click(screen.getByTestId('console-approve'));
  await screen.findByTestId('console-result');
  expect(approveCalls().map((c) => c.body)).toEqual([{ code: '0381', staffId: 'sm_d1' }]);
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
  await pick('47 19');
  fireEvent.click(screen.getByTestId('console-approve'));
  const result = await screen.findByTestId('console-result');
  expect(result.getAttribute('data-result')).toBe(code);
  expect(result.textContent).toBe(text);
});

it('a keeper (no district or city role) is told at once and offered no 确认登录', async () => {
  api.on('GET /staff/me', { status: 200, body: { isWorker: true, roles: [KEEPER] } });
  api.on(`GET /staff/console-logins/${LOGIN_ID}`, { status: 403, body: { error: { code: 'STAFF_FORBIDDEN', message: '服务器的话' } } });
  render(<ConsoleApprovePage />);
  const result = await screen.findByTestId('console-result');
  expect(result.textContent).toBe('您的工作人员身份不能登录工会控制台：只有区、市工会工作人员可以登录。');
  expect(screen.queryByTestId('console-approve')).toBeNull();
});

it('a QR that is not a console sign-in: says so and asks nothing of the server', () => {
  __setRouterParams({ l: 'nope' });
  render(<ConsoleApprovePage />);
  expect(screen.getByTestId('console-result').getAttribute('data-result')).toBe('invalid');
  expect(api.calls.filter((c) => c.path.startsWith('/staff/console-logins'))).toEqual([]);
});

it('opened by WeChat from the linked QR: the login id comes from `q`', async () => {
  __setRouterParams({ q: encodeURIComponent(`https://yz.tyzgh.cn/#/packages/staff/pages/console/index?l=${LOGIN_ID}`) });
  api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [DISTRICT] } });
  api.on(approvePath, { status: 200, body: { member: DISTRICT } });
  render(<ConsoleApprovePage />);
  await pick('47 19');
  fireEvent.click(screen.getByTestId('console-approve'));
  expect((await screen.findByTestId('console-result')).getAttribute('data-result')).toBe('approved');
});
