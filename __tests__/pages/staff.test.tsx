/**
 * The staff pages (issue 13) with the Taro stand-ins: 我的's entry, the invitation, the keeper's station (live alarms,
 * doors, entries, closure, remote open, reports) and the scope page. Endpoints still being built (contract 1-4) answer
 * from the fake API exactly as notes/CONTRACT.md describes them.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset, __setRouterParams } from '../stubs/taro';
import { hidePage, showPage } from '../support/taroShow';
import MePage from '@/pages/me/index';
import StaffHomePage from '@/packages/staff/pages/index/index';
import RedeemPage from '@/packages/staff/pages/redeem/index';
import KeeperStationPage from '@/packages/staff/pages/station/index';
import ScopeAlarmsPage from '@/packages/staff/pages/alarms/index';
import { useSessionStore } from '@/stores/session';
import { ROUTES } from '@/platform/routes';
import { STAFF_ROUTES } from '@/packages/staff/routes';
import { fakeApi, type FakeApi } from '../support/fakeApi';
import {
  CLINIC,
  ENTRIES,
  KEEPER,
  OPEN_ALARM,
  STATION,
  STATION_DETAIL,
  acknowledged,
  resolved,
  withdrawn,
  signedInStaffPhone,
} from '../support/staffFixtures';
import { sh } from '../support/time';

jest.mock('@tarojs/taro', () => require('../support/taroShow').withShowHide());

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  signedInStaffPhone();
});
afterEach(() => {
  cleanup();
  jest.useRealTimers();
});
const settle = () => act(async () => {});
const alertsBody = (alerts: unknown[]) => ({ status: 200, body: { from: '2026-12-01', to: '2026-12-07', alerts } });

describe('我的', () => {
  it('shows 工会工作人员 when /staff/me answers roles, and 我有邀请码 to anyone', async () => {
    api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [KEEPER] } });
    render(<MePage />);
    fireEvent.click(await screen.findByTestId('staff-entry'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.staff });
    expect(screen.getByTestId('redeem-link').textContent).toBe('我有邀请码');
  });

  it('no entry for an account without roles, and no question at all from a phone without a session', async () => {
    api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [] } });
    render(<MePage />);
    await waitFor(() => expect(api.calls.some((c) => c.path === '/staff/me')).toBe(true));
    expect(screen.queryByTestId('staff-entry')).toBeNull();
    cleanup();
    api.calls.length = 0;
    useSessionStore.setState({ token: null });
    render(<MePage />);
    await settle();
    expect(api.calls.filter((c) => c.path === '/staff/me')).toEqual([]);
    fireEvent.click(screen.getByTestId('redeem-link'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.staffRedeem });
  });
});

describe('staff home and invitation', () => {
  it('lists the roles held, each with its way in', async () => {
    api.on('GET /staff/me', { status: 200, body: { isWorker: true, roles: [KEEPER, CLINIC] } });
    render(<StaffHomePage />);
    fireEvent.click(await screen.findByText('管理 五一广场智慧爱心驿站'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: STAFF_ROUTES.station('ty0195') });
    expect(screen.getByText('小店区职工健康驿站 今日就诊')).toBeTruthy();
    expect(screen.getAllByTestId('staff-role').map((e) => e.getAttribute('data-role'))).toEqual(['keeper', 'clinic']);
  });

  it('a failure to read the roles offers 重试', async () => {
    api.on('GET /staff/me', { status: 503, body: { error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后重试' } } });
    render(<StaffHomePage />);
    await screen.findByText('服务暂时不可用，请稍后重试');
    api.on('GET /staff/me', { status: 200, body: { isWorker: false, roles: [KEEPER] } });
    fireEvent.click(screen.getByText('重试'));
    await screen.findByText('驿站管理员');
  });

  it('redeems a code with the name workers will see; a used code shows the server message', async () => {
    api.on('POST /staff/invitations/redeem', {
      status: 409,
      body: { error: { code: 'INVITATION_USED', message: '这个邀请码已经用过了。' } },
    });
    render(<RedeemPage />);
    fireEvent.change(document.querySelector('input[name=inviteCode]')!, { target: { value: ' K7QM-2XRT-ABCD-EFGH-JKLM ' } });
    fireEvent.change(document.querySelector('input[name=displayName]')!, { target: { value: '张师傅' } });
    fireEvent.click(screen.getByTestId('redeem-submit'));
    expect((await screen.findByTestId('redeem-error')).textContent).toBe('这个邀请码已经用过了。');
    expect(api.calls.at(-1)!.body).toEqual({ code: 'K7QM-2XRT-ABCD-EFGH-JKLM', displayName: '张师傅' });
    api.on('POST /staff/invitations/redeem', { status: 201, body: { member: KEEPER } });
    fireEvent.click(screen.getByText('重新提交'));
    expect((await screen.findByTestId('redeem-done')).textContent).toContain('已开通：驿站管理员（五一广场智慧爱心驿站）');
  });
});

describe('keeper station page', () => {
  beforeEach(() => {
    __setRouterParams({ id: 'ty0195' });
    api.on('GET /staff/stations', { status: 200, body: { at: '2026-12-07T15:10:00+08:00', stations: [STATION] } });
    api.on('GET /stations/ty0195', { status: 200, body: STATION_DETAIL });
    api.on('GET /staff/stations/ty0195/entries', {
      status: 200,
      body: { date: '2026-12-07', station: { id: 'ty0195', name: STATION.name }, entries: ENTRIES },
    });
  });

  it('an open alarm is a red card first: station, time, door, no phone; 已收到 then 处理完毕 with a note', async () => {
    api.on('GET /staff/alerts', alertsBody([OPEN_ALARM]));
    api.on('POST /staff/alerts/al_1/acknowledge', { status: 200, body: { alert: acknowledged(OPEN_ALARM) } });
    api.on('POST /staff/alerts/al_1/resolve', (body) => ({ status: 200, body: { alert: resolved(OPEN_ALARM, body.note) } }));
    render(<KeeperStationPage />);
    const card = await screen.findByTestId('alarm');
    expect(card.className).toContain('alarm-open');
    expect(card.textContent).toContain('五一广场智慧爱心驿站 · 正门');
    expect(card.textContent).toContain('求助时间：12月7日 15:04');
    expect(card.textContent).toContain('求助人：已登记的职工');
    expect(card.textContent).toContain('误差约20米');
    expect(card.textContent).not.toMatch(/1[3-9]\d{9}/);
    fireEvent.click(screen.getByText('拨打驿站值班电话 0351-1234567'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-1234567' });

    fireEvent.click(screen.getByTestId('alarm-ack'));
    await waitFor(() => expect(screen.getByTestId('alarm-state').textContent).toBe('已收到（张师傅 15:05）'));
    fireEvent.click(screen.getByTestId('alarm-resolve'));
    expect((screen.getByTestId('alarm-resolve-confirm') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('alarm-note'), { target: { value: '已到现场，职工已离开' } });
    fireEvent.click(screen.getByTestId('alarm-resolve-confirm'));
    // Resolved alarms leave the keeper's list.
    await waitFor(() => expect(screen.queryByTestId('alarm')).toBeNull());
    expect(api.calls.find((c) => c.path === '/staff/alerts/al_1/resolve')!.body).toEqual({ note: '已到现场，职工已离开' });
  });

  it('an alarm the worker withdrew reads 工友已取消求助 (and who had acknowledged it), with only the duty phone left', async () => {
    api.on('GET /staff/alerts', alertsBody([withdrawn(acknowledged(OPEN_ALARM))]));
    render(<KeeperStationPage />);
    const card = await screen.findByTestId('alarm');
    expect([card.getAttribute('data-state'), card.className.includes('alarm-withdrawn'), card.getAttribute('role')]).toEqual([
      'withdrawn',
      true,
      null,
    ]);
    expect(screen.getByTestId('alarm-state').textContent).toBe('工友已取消求助（15:05），之前张师傅已收到');
    expect(screen.queryByTestId('alarm-ack')).toBeNull();
    expect(screen.queryByTestId('alarm-resolve')).toBeNull();
    fireEvent.click(screen.getByText('拨打驿站值班电话 0351-1234567'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-1234567' });
  });

  it('doors with their controller and heartbeat; posted hours; today entries masked', async () => {
    api.on('GET /staff/alerts', alertsBody([]));
    render(<KeeperStationPage />);
    const doors = await screen.findAllByTestId('door');
    expect(doors.map((d) => d.textContent)).toEqual([
      expect.stringContaining('正门门禁在线最后联系：12月7日 15:03 · 门关着'),
      expect.stringContaining('侧门门禁离线最后联系：12月7日 09:12'),
    ]);
    expect(screen.getByText('显示营业，但门禁离线')).toBeTruthy();
    await screen.findByTestId('posted-hours');
    expect(screen.getByTestId('posted-hours').textContent).toContain('周一08:00-20:00');
    expect(screen.getByTestId('posted-hours').textContent).toContain('周日休息');
    const entries = await screen.findAllByTestId('entry');
    expect(entries.map((e) => e.textContent)).toEqual([
      '14:20王** 138****5672未开门（不在开放时间） · 正门',
      '09:05已开门 · 正门 · 张师傅远程开门',
    ]);
    expect(screen.getByTestId('no-alarms').textContent).toMatch(/^没有待处理的紧急求助/);
  });

  it('entries not answered (404 before the endpoint exists) say so with 重试', async () => {
    api.on('GET /staff/alerts', alertsBody([]));
    api.routes.delete('GET /staff/stations/ty0195/entries');
    render(<KeeperStationPage />);
    const card = await screen.findByTestId('entries');
    await waitFor(() => expect(card.textContent).toContain('没有这个接口'));
    api.on('GET /staff/stations/ty0195/entries', {
      status: 200,
      body: { date: '2026-12-07', station: { id: 'ty0195', name: STATION.name }, entries: ENTRIES },
    });
    fireEvent.click(card.querySelector('button')!);
    await waitFor(() => expect(screen.getAllByTestId('entry')).toHaveLength(2));
  });

  it('polls the alarms every 10 s while shown, stops when hidden, and marks a new open alarm', async () => {
    jest.useFakeTimers({ now: sh(2026, 12, 7, 15, 10), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    api.on('GET /staff/alerts', alertsBody([]));
    render(<KeeperStationPage />);
    await settle();
    const polls = () => api.calls.filter((c) => c.path === '/staff/alerts').length;
    expect(polls()).toBe(1);
    api.on('GET /staff/alerts', alertsBody([OPEN_ALARM]));
    await act(async () => {
      jest.advanceTimersByTime(10_000);
    });
    await settle();
    expect(polls()).toBe(2);
    expect((await screen.findByTestId('alarm')).textContent).toContain('紧急求助新');
    hidePage();
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    expect(polls()).toBe(2);
    showPage();
    await settle();
    expect(polls()).toBe(3);
  });

  it('暂停开放 with a reason and an end time, then 恢复开放', async () => {
    jest.useFakeTimers({ now: sh(2026, 12, 7, 15, 10), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    api.on('GET /staff/alerts', alertsBody([]));
    const closure = { id: 'cl_1', from: '2026-12-07T15:10:00+08:00', to: '2026-12-08T08:00:00+08:00', reason: '停电检修', by: '张师傅' };
    api.on('POST /staff/stations/ty0195/closures', {
      status: 201,
      body: { closure, open: { status: 'suspended', is24h: false, label: '暂停开放' } },
    });
    render(<KeeperStationPage />);
    fireEvent.click(await screen.findByTestId('close-station'));
    fireEvent.change(screen.getByTestId('closure-reason'), { target: { value: '停电检修' } });
    fireEvent.click(screen.getByText('到明天早上8点'));
    expect(screen.getByText('到 12月8日 08:00 自动恢复开放')).toBeTruthy();
    api.on('GET /staff/stations', {
      status: 200,
      body: { at: '', stations: [{ ...STATION, openNow: false, openLabel: '暂停开放', closure }] },
    });
    fireEvent.click(screen.getByTestId('closure-confirm'));
    await waitFor(() => expect(screen.getByTestId('closure').textContent).toContain('暂停开放到 12月8日 08:00：停电检修（张师傅）'));
    expect(api.calls.find((c) => c.method === 'POST' && c.path.endsWith('/closures'))!.body).toEqual({
      reason: '停电检修',
      until: '2026-12-08T08:00:00+08:00',
    });

    api.on('DELETE /staff/stations/ty0195/closures/cl_1', {
      status: 200,
      body: { open: { status: 'open', is24h: true, label: '24小时' } },
    });
    api.on('GET /staff/stations', { status: 200, body: { at: '', stations: [STATION] } });
    fireEvent.click(screen.getByTestId('reopen'));
    await waitFor(() => expect(screen.queryByTestId('closure')).toBeNull());
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '恢复开放' }));
  });

  it('远程开门 needs a reason and a confirm; a refusal shows the server message and 重试开门', async () => {
    api.on('GET /staff/alerts', alertsBody([]));
    api.on('POST /staff/doors/d0039/remote-open', {
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message: '远程开门太频繁，请稍后再试。' } },
    });
    render(<KeeperStationPage />);
    fireEvent.click((await screen.findAllByTestId('remote-open'))[0]);
    expect((screen.getByTestId('remote-open-confirm') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('remote-reason'), { target: { value: '手机没电' } });
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(screen.getByTestId('remote-open-confirm'));
    await settle();
    expect(api.calls.some((c) => c.path.includes('remote-open'))).toBe(false);
    fireEvent.click(screen.getByTestId('remote-open-confirm'));
    await screen.findByText('远程开门太频繁，请稍后再试。');
    api.on('POST /staff/doors/d0039/remote-open', {
      status: 200,
      body: { grantId: 'g1', entryId: 'e9', expiresAt: '2026-12-07T15:10:10+08:00' },
    });
    fireEvent.click(screen.getByText('重试开门'));
    await screen.findByText('已发出开门指令（15:10 前有效）。门开了请告诉职工进入。');
    expect(api.calls.filter((c) => c.path === '/staff/doors/d0039/remote-open').map((c) => c.body)).toEqual([
      { reason: '手机没电' },
      { reason: '手机没电' },
    ]);
  });

  it('报修/补给: a kind chip, a note and a photo read as base64', async () => {
    api.on('GET /staff/alerts', alertsBody([]));
    api.on('POST /staff/stations/ty0195/reports', (body) => ({ status: 201, body: { report: { id: 'r1', kind: body.kind } } }));
    (Taro.chooseImage as jest.Mock).mockResolvedValue({
      tempFilePaths: ['wxfile://tmp_1.jpg'],
      tempFiles: [{ path: 'wxfile://tmp_1.jpg', size: 5000 }],
    });
    (Taro.getFileSystemManager as jest.Mock).mockReturnValue({
      readFile: ({ success }: { success: (r: { data: string }) => void }) => success({ data: '/9j/4AAQSkZJRg==' }),
    });
    render(<KeeperStationPage />);
    const send = (await screen.findByTestId('report-send')) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('report-kind-other'));
    expect(send.disabled).toBe(true); // 其他 needs a note
    fireEvent.change(screen.getByTestId('report-note'), { target: { value: '门口灯坏了' } });
    fireEvent.click(screen.getByTestId('report-photo'));
    await screen.findByText('不要这张照片');
    fireEvent.click(send);
    await screen.findByText('已上报：其他。区工会会收到通知。');
    expect(api.calls.find((c) => c.path === '/staff/stations/ty0195/reports')!.body).toEqual({
      kind: 'other',
      note: '门口灯坏了',
      photo: { mime: 'image/jpeg', base64: '/9j/4AAQSkZJRg==' },
    });
  });
});

describe('open reports on the keeper page', () => {
  it('lists the open ones and marks one done with a note', async () => {
    __setRouterParams({ id: 'ty0195' });
    api.on('GET /staff/stations', { status: 200, body: { at: '', stations: [STATION] } });
    api.on('GET /staff/alerts', alertsBody([]));
    const report = {
      id: 'r1',
      station: { id: 'ty0195', name: STATION.name },
      kind: 'hot_water',
      note: '不出热水',
      hasPhoto: true,
      state: 'open',
      createdAt: '2026-12-07T10:00:00+08:00',
      createdBy: { staffId: 'sm_k1', name: '张师傅' },
      resolved: null,
    };
    api.on('GET /staff/reports', { status: 200, body: { reports: [report] } });
    api.on('POST /staff/reports/r1/resolve', (body) => ({
      status: 200,
      body: {
        report: {
          ...report,
          state: 'resolved',
          resolved: { at: '2026-12-07T16:00:00+08:00', staffId: 'sm_k1', name: '张师傅', note: body.note },
        },
      },
    }));
    render(<KeeperStationPage />);
    const row = await screen.findByTestId('open-report');
    expect(row.textContent).toContain('热水不出热水12月7日 10:00 张师傅 上报 · 有照片');
    expect(api.calls.find((c) => c.path === '/staff/reports')!.query).toEqual({ stationId: 'ty0195', state: 'open' });
    fireEvent.click(screen.getByText('已处理'));
    fireEvent.change(row.querySelector('input')!, { target: { value: '已换新热水器' } });
    fireEvent.click(screen.getByText('确认已处理'));
    await waitFor(() => expect(screen.queryByTestId('open-report')).toBeNull());
    expect(screen.getByTestId('report-resolved').textContent).toBe('已处理：热水（已换新热水器）');
    expect(api.calls.find((c) => c.path === '/staff/reports/r1/resolve')!.body).toEqual({ note: '已换新热水器' });
  });
});

describe('scope page (district, city)', () => {
  it('stations needing attention first, each opening its station page', async () => {
    const quiet = { ...STATION, id: 'ty0001', name: '安静驿站', openButDoorOffline: false, openAlarms: 0, doors: [STATION.doors[0]] };
    api.on('GET /staff/alerts', alertsBody([acknowledged(OPEN_ALARM)]));
    api.on('GET /staff/stations', { status: 200, body: { at: '', stations: [quiet, STATION] } });
    render(<ScopeAlarmsPage />);
    await screen.findByText('驿站状态：2 个，1 个需要关注');
    expect(screen.getAllByTestId('scope-station').map((e) => e.textContent)).toEqual([
      expect.stringContaining('显示营业，但门禁离线 · 门禁离线 1/2 · 待处理报警 1 · 今日进站 2'),
    ]);
    fireEvent.click(screen.getByText('显示全部 2 个驿站'));
    expect(screen.getAllByTestId('scope-station')).toHaveLength(2);
    fireEvent.click(screen.getByText('五一广场智慧爱心驿站', { selector: '.link' }));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: STAFF_ROUTES.station('ty0195') });
    expect(screen.getByTestId('alarm').getAttribute('data-state')).toBe('acknowledged');
  });
});
