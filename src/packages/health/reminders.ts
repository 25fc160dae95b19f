import Taro from '@tarojs/taro';

/**
 * Subscription-message consent for booking reminders (WeChat only). The template ids are inlined at build time
 * from TARO_APP_WX_TPL_REMINDER / _PROMOTED / _SESSION_CANCELLED (the server sends with the same ids:
 * WECHAT_TPL_*). WeChat shows its consent sheet only when called from a tap, so the booking tap calls this first.
 */
export function reminderTemplateIds(): string[] {
  return [process.env.TARO_APP_WX_TPL_REMINDER, process.env.TARO_APP_WX_TPL_PROMOTED, process.env.TARO_APP_WX_TPL_SESSION_CANCELLED].filter(
    (x): x is string => typeof x === 'string' && x.length > 0,
  );
}

/**
 * Asks for consent to the reminder templates on weapp; does nothing elsewhere or without templates. Never throws:
 * a refusal or a failure must not stop the booking (the worker can still see the booking in the app).
 */
export async function askReminderConsent(platform: string | undefined = process.env.TARO_ENV): Promise<void> {
  const tmplIds = reminderTemplateIds();
  if (platform !== 'weapp' || tmplIds.length === 0) return;
  try {
    // entityIds is Alipay's field; Taro's type asks for it, WeChat ignores it.
    await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] });
  } catch {
    // Refused, or an old WeChat without the API: booking goes on without reminders.
  }
}
