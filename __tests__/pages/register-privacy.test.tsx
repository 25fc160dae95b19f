/**
 * WeChat privacy authorisation: the app-wide listener parks the pending request, a PrivacyPrompt answers it, and
 * with no prompt on screen the privacy page is opened so a first-time user is never stuck.
 */
import React from 'react';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import PrivacyPrompt from '@/components/PrivacyPrompt';
import { installPrivacyAuthorization, requirePrivacy, usePrivacyPrompt } from '@/platform/privacy';

type Listener = (resolve: jest.Mock) => void;
const listen = (): Listener => (Taro.onNeedPrivacyAuthorization as jest.Mock).mock.calls[0][0];

const env = process.env.TARO_ENV;
beforeEach(() => {
  __reset();
  process.env.TARO_ENV = 'weapp';
  usePrivacyPrompt.setState({ pending: null, mounted: 0 });
});
afterEach(() => {
  cleanup();
  process.env.TARO_ENV = env;
});

it('a page with a prompt shows the notice; agreeing resolves with the agree button id', () => {
  const openNotice = jest.fn();
  installPrivacyAuthorization(openNotice);
  // The stand-in Button has no open-type: rendered as on h5, where the tap itself is the agreement.
  process.env.TARO_ENV = 'h5';
  render(<PrivacyPrompt />);
  expect(screen.queryByTestId('privacy-prompt')).toBeNull();
  const resolve = jest.fn();
  React.act(() => listen()(resolve));
  expect(resolve).toHaveBeenCalledWith({ event: 'exposureAuthorization' });
  expect(screen.getByTestId('privacy-prompt').textContent).toContain('《驿站通隐私政策》');
  expect(openNotice).not.toHaveBeenCalled();
  fireEvent.click(screen.getByTestId('privacy-agree'));
  expect(resolve).toHaveBeenLastCalledWith({ event: 'agree', buttonId: 'privacy-agree' });
  expect(screen.queryByTestId('privacy-prompt')).toBeNull();
});

it('declining resolves "disagree" and lets the page offer its fallback', () => {
  installPrivacyAuthorization(jest.fn());
  const onDeclined = jest.fn();
  render(<PrivacyPrompt onDeclined={onDeclined} />);
  const resolve = jest.fn();
  React.act(() => listen()(resolve));
  fireEvent.click(screen.getByTestId('privacy-decline'));
  expect(resolve).toHaveBeenLastCalledWith({ event: 'disagree' });
  expect(onDeclined).toHaveBeenCalled();
});

it('no prompt on the page: the privacy page is opened, the request stays pending for it', () => {
  const openNotice = jest.fn();
  installPrivacyAuthorization(openNotice);
  const resolve = jest.fn();
  listen()(resolve);
  expect(openNotice).toHaveBeenCalledTimes(1);
  expect(usePrivacyPrompt.getState().pending).toBe(resolve);
});

it('h5 has no privacy gate: nothing is installed and requirePrivacy resolves true', async () => {
  process.env.TARO_ENV = 'h5';
  installPrivacyAuthorization(jest.fn());
  expect(Taro.onNeedPrivacyAuthorization).not.toHaveBeenCalled();
  await expect(requirePrivacy()).resolves.toBe(true);
});

it('weapp: requirePrivacy follows requirePrivacyAuthorize', async () => {
  (Taro.requirePrivacyAuthorize as jest.Mock).mockImplementationOnce((o: { fail: () => void }) => o.fail());
  await expect(requirePrivacy()).resolves.toBe(false);
  (Taro.requirePrivacyAuthorize as jest.Mock).mockImplementationOnce((o: { success: () => void }) => o.success());
  await expect(requirePrivacy()).resolves.toBe(true);
});
