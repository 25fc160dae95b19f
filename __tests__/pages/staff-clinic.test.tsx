/**
 * The clinic staff page and the worker's view of an acknowledged alarm, with the Taro stand-ins. The clinic day
 * (contract 5) is still being built: its answers here are as notes/CONTRACT.md describes them, and a 404 from a
 * server without it must leave check-in working.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset, __setRouterParams } from '../stubs/taro';
import { hidePage } from '../support/taroShow';
import ClinicPage from '@/packages/staff/pages/clinic/index';
import { AlertAck } from '@/packages/unlock/AlertAck';
import { fakeApi, type FakeApi } from '../support/fakeApi';
import { CLINIC_DAY, signedInStaffPhone } from '../support/staffFixtures';
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

const CHECKED_IN = {
  booking: { id: 'b_2', startsAt: '2026-12-07T09:30:00+08:00', doctorName: '刘医生', doctorTitle: '主治医师', status: 'checked_in' },
  alreadyCheckedIn: false,
};

describe('clinic page', () => {
  beforeEach(() => __setRouterParams({ id: 'hs01' }));

  it("today's sessions with masked workers and the no-shows; typed digits with spaces check in", async () => {
    api.on('GET /staff/health-stations/hs01/day', { status: 200, body: CLINIC_DAY });
    api.on('POST /staff/health-stations/hs01/check-ins', { status: 200, body: CHECKED_IN });
    render(<ClinicPage />);
    const session = await screen.findByTestId('clinic-session');
    expect(session.textContent).toContain('09:00-11:00 刘医生');
    expect(session.textContent).toContain('预约 2/8 · 已签到 1 · 候补 0');
    expect(session.textContent).toContain('09:00 赵* 139****0001已签到 08:51');
    expect(session.textContent).toContain('09:30 钱** 未到');
    expect(screen.getByTestId('no-shows').textContent).toBe('今天爽约的（1）08:00 孙医生 · 周* 137****0002');

    const submit = screen.getByTestId('check-in-submit') as HTMLButtonElement;
    fireEvent.change(screen.getByTestId('check-in-code'), { target: { value: '1234 567' } });
    expect(submit.disabled).toBe(true);
    expect(screen.getByText('已输入 7 位，需要 8 位')).toBeTruthy();
    fireEvent.change(screen.getByTestId('check-in-code'), { target: { value: '1234 5678' } });
    fireEvent.click(submit);
    expect((await screen.findByTestId('check-in-result')).textContent).toBe('签到成功：09:30 刘医生 主治医师');
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ code: '12345678' });
    // The day is read again so the list shows the check-in.
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/staff/health-stations/hs01/day')).toHaveLength(2));
  });

  it('a day endpoint answering 404 leaves check-in working and offers 重试', async () => {
    api.on('POST /staff/health-stations/hs01/check-ins', {
      status: 404,
      body: { error: { code: 'CHECK_IN_CODE_INVALID', message: '签到码不对，请核对后重新输入。' } },
    });
    render(<ClinicPage />);
    await screen.findByText('没能读取今天的排班：没有这个接口');
    fireEvent.change(screen.getByTestId('check-in-code'), { target: { value: '87654321' } });
    fireEvent.click(screen.getByTestId('check-in-submit'));
    expect((await screen.findByTestId('check-in-result')).textContent).toBe('签到码不对，请核对后重新输入。');
    api.on('GET /staff/health-stations/hs01/day', { status: 200, body: CLINIC_DAY });
    fireEvent.click(screen.getByText('重试'));
    await screen.findByTestId('clinic-session');
  });

  it('scans the check-in QR with the camera', async () => {
    api.on('GET /staff/health-stations/hs01/day', { status: 200, body: CLINIC_DAY });
    api.on('POST /staff/health-stations/hs01/check-ins', { status: 200, body: { ...CHECKED_IN, alreadyCheckedIn: true } });
    (Taro.scanCode as jest.Mock).mockResolvedValue({ result: '24681357' });
    render(<ClinicPage />);
    fireEvent.click(screen.getByTestId('check-in-scan'));
    expect((await screen.findByTestId('check-in-result')).textContent).toBe('这个号已经签到过了：09:30 刘医生 主治医师');
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ code: '24681357' });
  });

  it('医生缺席 asks first, then cancels the session with doctor_absent', async () => {
    api.on('GET /staff/health-stations/hs01/day', { status: 200, body: CLINIC_DAY });
    api.on('POST /staff/clinic-sessions/cs_1/cancel', { status: 200, body: { bookingsCancelled: 1, waitlistCancelled: 0 } });
    render(<ClinicPage />);
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    fireEvent.click(await screen.findByTestId('doctor-absent'));
    await settle();
    expect(api.calls.some((c) => c.path.endsWith('/cancel'))).toBe(false);
    api.on('GET /staff/health-stations/hs01/day', {
      status: 200,
      body: { ...CLINIC_DAY, sessions: [{ ...CLINIC_DAY.sessions[0], status: 'cancelled' }] },
    });
    fireEvent.click(screen.getByTestId('doctor-absent'));
    await waitFor(() => expect(screen.getByTestId('clinic-session').getAttribute('data-status')).toBe('cancelled'));
    expect(api.calls.find((c) => c.path === '/staff/clinic-sessions/cs_1/cancel')!.body).toEqual({ reason: 'doctor_absent' });
    expect(Taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '医生缺席', confirmText: '取消门诊' }));
  });
});

describe("the worker's door page: 工会已收到", () => {
  const mine = (state: string, by: string | null = null, at: string | null = null) => ({
    status: 200,
    body: {
      alerts: [
        {
          id: 'al_1',
          at: '2026-12-07T15:04:05+08:00',
          station: { id: 'ty0195', name: '五一广场智慧爱心驿站', phone: '0351-1234567' },
          state,
          acknowledgedBy: by,
          acknowledgedAt: at,
          resolvedAt: null,
        },
      ],
    },
  });

  it('asks every 5 s while the alert is open, shows who and when once acknowledged, then stops', async () => {
    jest.useFakeTimers({ now: sh(2026, 12, 7, 15, 5), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    api.on('GET /me/alerts', mine('open'));
    render(<AlertAck stationId='ty0195' asked={1} />);
    await settle();
    const asks = () => api.calls.filter((c) => c.path === '/me/alerts').length;
    const first = asks();
    expect(screen.queryByTestId('alert-ack')).toBeNull();
    api.on('GET /me/alerts', mine('acknowledged', '张师傅', '2026-12-07T15:05:30+08:00'));
    await act(async () => {
      jest.advanceTimersByTime(5_000);
    });
    await settle();
    expect(screen.getByTestId('alert-ack').textContent).toBe('工会已收到（张师傅 15:05），请保持电话畅通。');
    const after = asks();
    expect(after).toBe(first + 1);
    await act(async () => {
      jest.advanceTimersByTime(60_000);
    });
    expect(asks()).toBe(after);
  });

  it('stops asking while the page is hidden', async () => {
    jest.useFakeTimers({ now: sh(2026, 12, 7, 15, 5), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    api.on('GET /me/alerts', mine('open'));
    render(<AlertAck stationId='ty0195' asked={1} />);
    await settle();
    const before = api.calls.length;
    hidePage();
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    expect(api.calls.length).toBe(before);
  });
});
