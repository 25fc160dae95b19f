import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { accountFor, createSession, deleteSession } from './repo';
import { workerAnswer } from './workers';
import type { WeChatAuth } from './wechat';
import { toShanghaiIso } from '@/rules/time';

/** How a client signs in: a WeChat login code, or a device id (development and h5). */
export type Credentials = { wxCode?: string; deviceId?: string };

/**
 * Signs in: finds or creates the account of the WeChat openid (from `wxCode`) or of the device id, and issues a
 * session (the token is answered once, stored only as its hash), with the worker when registered. An account keeps
 * at most config.sessionsPerAccountMax live sessions: the oldest end first.
 * @throws ApiError WECHAT_LOGIN_FAILED, DEVICE_LOGIN_DISABLED, VALIDATION_FAILED (neither given)
 */
export async function signIn(ctx: AppContext, wechat: WeChatAuth, body: Credentials) {
  let account;
  if (body.wxCode) {
    const { openid } = await wechat.code2Session(body.wxCode).catch(() => {
      throw new ApiError('WECHAT_LOGIN_FAILED');
    });
    account = await accountFor(ctx.db, { openid }, ctx.now());
  } else if (body.deviceId) {
    if (!ctx.config.deviceLogin) throw new ApiError('DEVICE_LOGIN_DISABLED');
    account = await accountFor(ctx.db, { deviceId: body.deviceId }, ctx.now());
  } else {
    throw new ApiError('VALIDATION_FAILED', { message: '缺少登录信息，请重新打开小程序' });
  }
  const session = await createSession(ctx.db, account.id, ctx.now(), ctx.config.sessionTtlS, ctx.config.sessionsPerAccountMax);
  const worker = account.workerId ? await workerAnswer(ctx, account.id, account.workerId) : null;
  return { token: session.token, expiresAt: toShanghaiIso(session.expiresAt), worker };
}

/** Ends the session of `token` (logout). */
export async function signOut(ctx: AppContext, token: string): Promise<void> {
  await deleteSession(ctx.db, token);
}
