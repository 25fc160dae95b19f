import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset, __setRouterParams } from '../stubs/taro';
import RegisterPage from '@/packages/register/pages/index/index';
import { useRegistrationStore } from '@/stores/registration';
import { useSessionStore } from '@/stores/session';
import { useLocationConsent } from '@/stores/locationConsent';
import { ROUTES } from '@/platform/routes';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { MASKED_WORKER, fakeApi, networkDown, type FakeApi } from '../support/fakeApi';

const WORKER = MASKED_WORKER;
const DOOR = 'https://yz.tyzgh.cn/d/1/D0001/AbCdEf';

let api: FakeApi;
beforeEach(() => {
  __reset();
  api = fakeApi();
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: null,
    expiresAt: null,
    worker: null,
    pendingDoorCode: null,
  });
  useRegistrationStore.getState().reset();
});
afterEach(cleanup);

const input = (name: string) => document.querySelector(`input[name=${name}]`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
const submitButton = () => screen.getByTestId('register-submit') as HTMLButtonElement;

function fillValid() {
  type('name', '张伟');
  type('idNumber', '140105199003071234');
  type('phone', '138 1234 5678');
  fireEvent.click(screen.getByText('外卖骑手', { selector: '.chip' }));
  fireEvent.click(screen.getByTestId('consent-privacy'));
  fireEvent.click(screen.getByTestId('consent-sensitive'));
}

describe('a pasted mobile number', () => {
  // h5 rendered the field as <input type=number>, which keeps no text: the box showed the number and the
  // worker was told 请填写手机号.
  it.each([
    ['with dashes', '138-0013-8000'],
    ['in full-width digits', '１３８００１３８０００'],
    ['with +86 and spaces', '+86 138 0013 8000'],
  ])('%s is kept, accepted on blur and sent (the server keeps its 11 digits, rules/phone)', async (_what, pasted) => {
    api.on('POST /workers', { status: 201, body: WORKER });
    render(<RegisterPage />);
    fillValid();
    type('phone', pasted);
    fireEvent.blur(input('phone'));
    expect(input('phone').value).toBe(pasted);
    expect(screen.queryByTestId('error-phone')).toBeNull();
    fireEvent.click(submitButton());
    await waitFor(() => expect(api.calls.find((c) => c.path === '/workers')?.body).toMatchObject({ phone: pasted }));
  });
});

describe('field messages', () => {
  it('appear beside the field they concern, in Chinese, saying how to fix', async () => {
    render(<RegisterPage />);
    type('idNumber', '14010519900307123');
    fireEvent.blur(input('idNumber'));
    expect(screen.getByTestId('error-idNumber').textContent).toBe('身份证号应为18位，现在只有17位，请补全。');
    fireEvent.click(submitButton());
    expect(screen.getByTestId('error-name').textContent).toBe('请填写姓名，和身份证上的一致。');
    expect(screen.getByTestId('error-phone').textContent).toBe('请填写手机号。');
    expect(screen.getByTestId('error-consent').textContent).toContain('单独同意提供身份证号');
    expect(api.calls.some((c) => c.path === '/workers')).toBe(false);
  });

  it('hint early while typing the identity number, only once the typed part cannot be right', () => {
    render(<RegisterPage />);
    type('idNumber', '1401');
    expect(screen.queryByTestId('hint-idNumber')).toBeNull();
    type('idNumber', '99');
    expect(screen.getByTestId('hint-idNumber').textContent).toBe('身份证号前两位不对，请对照身份证重新填写。');
  });

  it('a refused submit scrolls to the first field that needs fixing (its message may be above the screen)', async () => {
    render(<RegisterPage />);
    fillValid();
    type('idNumber', '140105199003071231');
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.pageScrollTo).toHaveBeenCalledWith({ selector: '#reg-idNumber', duration: 200 }));
    expect(api.calls.some((c) => c.path === '/workers')).toBe(false);
  });

  it("show the server's 422 beside its field", async () => {
    api.on('POST /workers', {
      status: 422,
      body: {
        error: {
          code: 'NAME_INVALID',
          message: '姓名里不能有符号“@”，请按身份证上的姓名填写。',
          details: { field: 'name', reason: 'NAME_INVALID' },
        },
      },
    });
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(screen.getByTestId('error-name').textContent).toBe('姓名里不能有符号“@”，请按身份证上的姓名填写。'));
  });

  it('a taken identity number: message with the hotline beside the number and a button to call it', async () => {
    api.on('POST /workers', {
      status: 409,
      body: {
        error: {
          code: 'ID_NUMBER_TAKEN',
          message: '该身份证号已被其他账号登记，如有疑问请联系市总工会服务热线 12351。',
          details: { field: 'idNumber' },
        },
      },
    });
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(screen.getByTestId('error-idNumber').textContent).toContain('12351'));
    fireEvent.click(screen.getByTestId('call-hotline'));
    expect(Taro.makePhoneCall).toHaveBeenCalledWith({ phoneNumber: '12351' });
  });
});

describe('what was typed is kept', () => {
  it('when the network is down, and across an app restart', async () => {
    api.on('POST /workers', networkDown);
    const first = render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(screen.getByTestId('form-error').textContent).toContain('网络连接失败'));
    expect(input('idNumber').value).toBe('140105 19900307 1234'); // shown in groups (6-8-4)
    expect(submitButton().disabled).toBe(false);

    // Restart: the page and the in-memory store go; storage stays.
    first.unmount();
    useRegistrationStore.setState({
      draft: { name: '', idNumber: '', phone: '', occupation: '', consentPrivacy: false, consentSensitive: false, consentVersion: '' },
    });
    render(<RegisterPage />);
    expect(input('name').value).toBe('张伟');
    expect(input('idNumber').value).toBe('140105 19900307 1234'); // shown in groups (6-8-4)
    expect(input('phone').value).toBe('138 1234 5678');
    expect((screen.getByTestId('consent-sensitive') as HTMLInputElement).checked).toBe(true);
  });
});

describe('submit', () => {
  it('is disabled while in flight, then a door scanned before registering opens without a second scan', async () => {
    useSessionStore.setState({ pendingDoorCode: DOOR, pendingDoorCodeAt: Date.now() - 60_000 });
    let answer!: (a: { status: number; body: unknown }) => void;
    api.on('POST /workers', () => new Promise((r) => (answer = r)));
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(submitButton().disabled).toBe(true));
    expect(submitButton().textContent).toBe('正在提交…');
    fireEvent.click(submitButton());
    await act(async () => answer({ status: 201, body: WORKER }));
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: ROUTES.unlock(DOOR) }));
    expect(api.calls.filter((c) => c.path === '/workers')).toHaveLength(1);
    expect(Taro.switchTab).not.toHaveBeenCalled();
  });

  it('sent from a slot being booked (back=1): returns to it after registering', async () => {
    __setRouterParams({ back: '1' });
    (Taro.getCurrentPages as jest.Mock).mockReturnValueOnce([{}, {}, {}]);
    api.on('POST /workers', { status: 201, body: WORKER });
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled());
    expect(Taro.switchTab).not.toHaveBeenCalled();
  });

  it('without a pending door code goes to "me"', async () => {
    api.on('POST /workers', { status: 201, body: WORKER });
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.me }));
  });

  it('the optional location consent is separate: off by default, and when switched on it is kept and recorded', async () => {
    api.on('POST /workers', { status: 201, body: WORKER });
    api.on('POST /me/consents', { status: 201, body: {} });
    useLocationConsent.setState({ decision: 'unknown', recordedFor: null });
    render(<RegisterPage />);
    fillValid();
    expect((screen.getByTestId('consent-location') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByTestId('consent-location'));
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.me }));
    expect(useLocationConsent.getState().decision).toBe('granted');
    await waitFor(() =>
      expect(api.calls.find((c) => c.path === '/me/consents')?.body).toMatchObject({ kind: 'location', version: PRIVACY_POLICY_VERSION }),
    );
  });

  it('registering without the location switch leaves location unconsented', async () => {
    api.on('POST /workers', { status: 201, body: WORKER });
    useLocationConsent.setState({ decision: 'unknown', recordedFor: null });
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.me }));
    expect(useLocationConsent.getState().decision).toBe('unknown');
    expect(api.calls.some((c) => c.path === '/me/consents')).toBe(false);
  });

  it('a worker already registered (the app closed right after submitting) goes straight on to the door', async () => {
    useSessionStore.setState({ worker: WORKER, pendingDoorCode: DOOR, pendingDoorCodeAt: Date.now() - 60_000 });
    render(<RegisterPage />);
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: ROUTES.unlock(DOOR) }));
  });

  it.each([
    ['saved 11 minutes ago', Date.now() - 11 * 60_000],
    ['saved by an older version (no time)', null],
  ])('a door code %s no longer opens the door after registering: the worker may be far away by now', async (_label, at) => {
    useSessionStore.setState({ pendingDoorCode: DOOR, pendingDoorCodeAt: at });
    api.on('POST /workers', { status: 201, body: WORKER });
    render(<RegisterPage />);
    fillValid();
    fireEvent.click(submitButton());
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: ROUTES.me }));
    expect(Taro.redirectTo).not.toHaveBeenCalled();
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '登记完成。开门请到门口再扫一次码' }));
    expect(useSessionStore.getState().pendingDoorCode).toBeNull();
  });
});
