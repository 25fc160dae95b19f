/**
 * Codes scanned inside the app (weapp: camera only, QR only) and the emergency call's failure handling.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { fakeApi, networkDown, type FakeApi } from '../support/fakeApi';
import ScanPage from '@/pages/scan/index';
import { callForHelp } from '@/components/EmergencyCall';
import { useSessionStore } from '@/stores/session';
import { useLocationStore } from '@/stores/location';
import { ROUTES } from '@/platform/routes';
import { ERRORS } from '@/rules/errors';

const MAC = 'AbCdEfGhIjKlMnOp';
const CODE = `https://yz.tyzgh.cn/d/d0039.1.${MAC}`;

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
  useLocationStore.setState({ fix: null, manualPlace: null });
});
afterEach(() => {
  cleanup();
  delete process.env.TARO_ENV;
});

/** The door page was opened for `code`, with a fresh one-time token (an in-app scan is a new act). */
function expectDoorPage(code: string): void {
  const url = (Taro.navigateTo as jest.Mock).mock.calls[0][0].url as string;
  expect(url).toMatch(new RegExp(`^${ROUTES.unlock(code).replace(/[.?+*()[\]]/g, '\\$&')}&fresh=[0-9a-z]{8,}$`));
}

describe('scan page (weapp)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });
  const scan = async (answer: unknown) => {
    (Taro.scanCode as jest.Mock).mockImplementation(async () => {
      if (answer instanceof Error) throw answer;
      return answer;
    });
    render(<ScanPage />);
    await act(async () => fireEvent.click(screen.getByTestId('scan')));
  };

  it('scans with the camera only, QR codes only, and opens the door page with the canonical code', async () => {
    await scan({ result: `  ${CODE}\n`, scanType: 'QR_CODE' });
    expect(Taro.scanCode).toHaveBeenCalledWith({ onlyFromCamera: true, scanType: ['qrCode'] });
    expectDoorPage(CODE);
  });

  it('a mini-program code comes back as its page path with scene=', async () => {
    await scan({ result: '*unreadable*', path: `packages/unlock/pages/index/index?scene=${encodeURIComponent(`d0039.1${MAC}`)}` });
    expectDoorPage(CODE);
  });

  it('a payment code gets the rule message and goes nowhere', async () => {
    await scan({ result: 'wxp://f2f0mbxyzABCDEFGHIJ' });
    expect(screen.getByTestId('scan-error').textContent).toBe(ERRORS.DOOR_CODE_FOREIGN.message);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
  });

  it('a cancelled scan says nothing; a camera failure says what to do', async () => {
    await scan(Object.assign(new Error('x'), { errMsg: 'scanCode:fail cancel' }));
    expect(screen.queryByTestId('scan-error')).toBeNull();
    cleanup();
    await scan(Object.assign(new Error('x'), { errMsg: 'scanCode:fail system permission denied' }));
    expect(screen.getByTestId('scan-error').textContent).toContain('允许使用摄像头');
  });

  it('has no photo reader on weapp (album screenshots must not be usable there)', () => {
    render(<ScanPage />);
    expect(screen.queryByTestId('qr-photo')).toBeNull();
  });
});

it('h5: no scanner, but typing and a photo reader', () => {
  process.env.TARO_ENV = 'h5';
  render(<ScanPage />);
  expect(screen.queryByTestId('scan')).toBeNull();
  expect(screen.getByTestId('qr-photo').textContent).toBe('拍照识别门上的二维码');
  fireEvent.change(screen.getByTestId('door-code-input'), { target: { value: 'https://www.baidu.com/' } });
  fireEvent.click(screen.getByTestId('door-code-submit'));
  expect(screen.getByTestId('door-code-error').textContent).toBe(ERRORS.DOOR_CODE_FOREIGN.message);
});

it('a door number typed on a Chinese keyboard (。 for the dots) opens that door', () => {
  process.env.TARO_ENV = 'h5';
  render(<ScanPage />);
  fireEvent.change(screen.getByTestId('door-code-input'), { target: { value: 'd0039。1。Pd1cVe2mQRJmGqtL' } });
  fireEvent.click(screen.getByTestId('door-code-submit'));
  expect(screen.queryByTestId('door-code-error')).toBeNull();
  expect(Taro.navigateTo).toHaveBeenCalledWith(
    expect.objectContaining({ url: expect.stringContaining(encodeURIComponent('/d/d0039.1.Pd1cVe2mQRJmGqtL')) }),
  );
});

it('a double tap on 开门 opens one door page; a tap after it has opened opens another', async () => {
  process.env.TARO_ENV = 'h5';
  let opened!: () => void;
  (Taro.navigateTo as jest.Mock).mockImplementationOnce(() => new Promise<void>((r) => (opened = r)));
  render(<ScanPage />);
  fireEvent.change(screen.getByTestId('door-code-input'), { target: { value: 'd0039.1.Pd1cVe2mQRJmGqtL' } });
  fireEvent.click(screen.getByTestId('door-code-submit'));
  fireEvent.click(screen.getByTestId('door-code-submit'));
  expect(Taro.navigateTo).toHaveBeenCalledTimes(1);
  await act(async () => opened());
  fireEvent.click(screen.getByTestId('door-code-submit'));
  expect(Taro.navigateTo).toHaveBeenCalledTimes(2);
});

describe('emergency call', () => {
  const TARGET = { stationId: 'ty0195', phone: '0351-4040123', doorId: 'd0039', entryId: 'e_1' };

  it('still dials when the alert cannot be recorded (network down), and never rejects', async () => {
    api.on('POST /alerts', networkDown);
    await expect(callForHelp(TARGET)).resolves.toEqual({ kind: 'not_recorded' });
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '0351-4040123' });
    expect(api.calls.filter((c) => c.path === '/alerts')).toHaveLength(1);
  });

  it('dials before any request goes out, even when no session can be had', async () => {
    api.on('POST /sessions', networkDown);
    useSessionStore.setState({ token: null, expiresAt: null });
    const order: string[] = [];
    (Taro.makePhoneCall as jest.Mock).mockImplementationOnce(async () => order.push('call'));
    (Taro.request as jest.Mock).mockImplementationOnce(async () => {
      order.push('request');
      throw { errMsg: 'request:fail' };
    });
    await callForHelp(TARGET);
    expect(order).toEqual(['call', 'request']);
  });

  it('records no alert when the worker cancels the call in the dial sheet (a slip of the thumb)', async () => {
    api.on('POST /alerts', { status: 201, body: {} });
    (Taro.makePhoneCall as jest.Mock).mockRejectedValueOnce({ errMsg: 'makePhoneCall:fail cancel' });
    await callForHelp(TARGET);
    expect(api.calls.filter((c) => c.path === '/alerts')).toHaveLength(0);
    // A call that fails for another reason still records the alert: the worker may need help all the same.
    (Taro.makePhoneCall as jest.Mock).mockRejectedValueOnce({ errMsg: 'makePhoneCall:fail' });
    await callForHelp(TARGET);
    expect(api.calls.filter((c) => c.path === '/alerts')).toHaveLength(1);
  });

  it('sends a live fix at hand, never a hand-picked place', async () => {
    api.on('POST /alerts', { status: 201, body: {} });
    useLocationStore.setState({ fix: { lat: 37.86, lng: 112.57, coord: 'gcj02', accuracyM: null, at: Date.now() }, manualPlace: '迎泽区' });
    await callForHelp({ stationId: 'ty0195', phone: '0351-4040123' });
    expect(api.calls.find((c) => c.path === '/alerts')?.body).toEqual({
      stationId: 'ty0195',
      doorId: undefined,
      entryId: undefined,
      location: undefined,
    });
  });
});
