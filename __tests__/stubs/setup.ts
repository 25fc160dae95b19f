/**
 * Checks after each page/store test what the Taro stand-ins cannot refuse at the call: WeChat's and Taro h5's
 * showModal fail ("confirmText length should not larger then 4 Chinese characters") when a button text is longer
 * than 4 characters, and a page that relied on the dialog then did nothing at all.
 */
import Taro from '@tarojs/taro';

/** wx.showModal: confirmText and cancelText, at most 4 characters (developers.weixin.qq.com, wx.showModal). */
const MODAL_BUTTON_MAX = 4;

afterEach(() => {
  for (const [options] of (Taro.showModal as unknown as jest.Mock).mock.calls as [Record<string, unknown> | undefined][]) {
    for (const field of ['confirmText', 'cancelText']) {
      const text = options?.[field];
      if (typeof text === 'string' && [...text].length > MODAL_BUTTON_MAX) {
        throw new Error(`showModal ${field} "${text}" is longer than ${MODAL_BUTTON_MAX} characters: WeChat and Taro h5 refuse the dialog`);
      }
    }
  }
});
