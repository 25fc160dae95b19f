import Taro from '@tarojs/taro';
import { create } from 'zustand';

/**
 * WeChat's privacy authorisation (《小程序隐私保护指引》, base library 2.32.3+, `__usePrivacyCheck__` in
 * app.config.ts). The first call of a privacy API (location, clipboard, ...) stays pending and fires
 * `onNeedPrivacyAuthorization`; the app must show its notice and call `resolve` with the user's answer, or the call
 * fails and a first-time user is stuck. The app-wide listener parks `resolve` here; a {@link PrivacyPrompt} on the
 * page shows agree/decline. h5 has no such gate: everything here is a no-op there.
 * https://developers.weixin.qq.com/miniprogram/dev/framework/user-privacy/PrivacyAuthorize.html
 */
type Resolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void;

export interface PrivacyPromptState {
  /** The parked resolve of the pending privacy call; null when nothing waits. */
  pending: Resolve | null;
  /** How many prompts are on screen; with none, the listener opens the privacy page instead. */
  mounted: number;
  /** The id of the agree button; WeChat checks that this button (open-type agreePrivacyAuthorization) was tapped. */
  agreeButtonId: string;
  agree: () => void;
  decline: () => void;
}

export const AGREE_BUTTON_ID = 'privacy-agree';

export const usePrivacyPrompt = create<PrivacyPromptState>((set, get) => ({
  pending: null,
  mounted: 0,
  agreeButtonId: AGREE_BUTTON_ID,
  agree: () => {
    get().pending?.({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    set({ pending: null });
  },
  decline: () => {
    get().pending?.({ event: 'disagree' });
    set({ pending: null });
  },
}));

const supported = (name: 'onNeedPrivacyAuthorization' | 'requirePrivacyAuthorize'): boolean =>
  process.env.TARO_ENV === 'weapp' && typeof (Taro as unknown as Record<string, unknown>)[name] === 'function';

/**
 * Installs the app-wide listener (call once, at launch). `openNotice` opens a page that shows a prompt, used when
 * the current page has none, so the request is never left without an answer.
 */
export function installPrivacyAuthorization(openNotice: () => void): void {
  if (!supported('onNeedPrivacyAuthorization')) return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    // A second request while one is open: the older one is answered "disagree" so it does not hang forever.
    usePrivacyPrompt.getState().pending?.({ event: 'disagree' });
    usePrivacyPrompt.setState({ pending: resolve });
    resolve({ event: 'exposureAuthorization' });
    if (usePrivacyPrompt.getState().mounted === 0) openNotice();
  });
}

/**
 * Asks for the privacy authorisation before a privacy API is used (`wx.requirePrivacyAuthorize`), so the prompt
 * comes at a moment the worker understands. Resolves true when authorised (always on h5), false when declined.
 */
export function requirePrivacy(): Promise<boolean> {
  if (!supported('requirePrivacyAuthorize')) return Promise.resolve(true);
  return new Promise((resolve) => {
    Taro.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) });
  });
}
