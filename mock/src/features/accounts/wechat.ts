import crypto from 'crypto';

/**
 * WeChat login: the app's `wx.login` code is exchanged on the server for the user's openid through
 * `code2Session` (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html).
 * The session_key it also returns never leaves this module.
 */
export interface WeChatAuth {
  code2Session(code: string): Promise<{ openid: string }>;
}

/** The real client, used when WECHAT_APPID and WECHAT_SECRET are set. Throws on WeChat errors. */
export function weChatClient(appId: string, secret: string): WeChatAuth {
  return {
    async code2Session(code) {
      const url = new URL('https://api.weixin.qq.com/sns/jscode2session');
      url.search = new URLSearchParams({ appid: appId, secret, js_code: code, grant_type: 'authorization_code' }).toString();
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      const body = (await res.json()) as { openid?: string; errcode?: number };
      if (!body.openid) throw new Error(`code2Session failed: errcode ${body.errcode ?? res.status}`);
      return { openid: body.openid };
    },
  };
}

/** A stand-in for development and tests: the same code always maps to the same made-up openid. */
export const weChatTestDouble: WeChatAuth = {
  async code2Session(code) {
    return { openid: `dev_${crypto.createHash('sha256').update(code).digest('hex').slice(0, 24)}` };
  },
};

/** Production without WECHAT_APPID / WECHAT_SECRET: every code fails (answered as WECHAT_LOGIN_FAILED). */
export const weChatUnavailable: WeChatAuth = {
  async code2Session() {
    throw new Error('WeChat login is not configured (WECHAT_APPID / WECHAT_SECRET)');
  },
};
