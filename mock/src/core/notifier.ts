import type { OutboxTable } from './db/schema';
import type { ReminderTemplates } from './bookingConfig';
import { shanghaiParts } from '@/rules/time';

/**
 * Sends a message to a person: a worker (booking reminders and notices, features/booking) or a staff member
 * (alarms and offline doors, features/doors). Two implementations: WeChat subscribe messages (when the app id,
 * secret and template ids are configured) and the log (development; no personal data: no openid, name or phone).
 */

/** A booking message's kind (the outbox's kinds). */
export type MessageKind = OutboxTable['kind'];

/** A message to a worker about a booking. */
export interface BookingNotice {
  outboxId: string;
  kind: MessageKind;
  /** The worker's WeChat openid, when they signed in with WeChat. */
  openid: string | null;
  stationName: string;
  doctorName: string;
  specialty: string;
  startsAt: number;
}

/**
 * A message to a staff member: an emergency alarm (at some escalation level), a station whose doors are offline, or
 * a keeper's report of a fault or supplies running out (to the district staff).
 */
export interface StaffNotice {
  /** The staff_notices row. */
  outboxId: string;
  kind: 'alarm' | 'alarm_withdrawn' | 'door_offline' | 'station_report';
  openid: string | null;
  stationName: string;
  /** When it happened (epoch ms). */
  at: number;
  /** What to do, in Chinese, at most 20 characters shown. */
  note: string;
}

export type Notice = BookingNotice | StaffNotice;

const isStaffNotice = (n: Notice): n is StaffNotice =>
  n.kind === 'alarm' || n.kind === 'alarm_withdrawn' || n.kind === 'door_offline' || n.kind === 'station_report';

export interface Notifier {
  readonly name: string;
  /** @throws NotifyError; `retryable` says whether a later attempt may succeed. */
  send(notice: Notice): Promise<void>;
}

export class NotifyError extends Error {
  constructor(
    readonly code: string,
    readonly retryable: boolean,
  ) {
    super(code);
  }
}

/** Logs the kind and time of each message (never the recipient), for development and servers without WeChat. */
export function logNotifier(log: { info(obj: object, msg: string): void }): Notifier {
  return {
    name: 'log',
    async send(n) {
      if (isStaffNotice(n)) log.info({ outboxId: n.outboxId, kind: n.kind, at: n.at }, 'staff notice (log notifier)');
      else log.info({ outboxId: n.outboxId, kind: n.kind, startsAt: n.startsAt }, 'booking notice (log notifier)');
    },
  };
}

const NOTES: Record<MessageKind, string> = {
  reminder_24h: '明天就诊，请按时到达并出示签到码',
  reminder_2h: '2小时后就诊，请按时到达并出示签到码',
  promoted: '候补成功，已为您约上这个时段',
  session_cancelled: '医生停诊，预约已取消，请改约',
};

/** WeChat's `thing` fields take at most 20 characters. */
const thing = (s: string): string => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

/** WeChat's `time` field format: '2026年12月3日 09:00'. */
function wxTime(epochMs: number): string {
  const p = shanghaiParts(epochMs);
  return `${p.year}年${p.month}月${p.day}日 ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/**
 * The subscribe-message body (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html).
 * The booking templates chosen in the admin console must have the keys thing1 (station), time2 (visit time),
 * thing3 (doctor) and thing4 (note); the staff template (WECHAT_TPL_ALARM) thing1 (station), time2 (when) and
 * thing4 (note), and opens the staff pages.
 */
export function subscribeMessageBody(n: Notice, templateId: string) {
  if (isStaffNotice(n)) {
    return {
      touser: n.openid,
      template_id: templateId,
      page: 'packages/staff/pages/index/index',
      miniprogram_state: 'formal',
      lang: 'zh_CN',
      data: { thing1: { value: thing(n.stationName) }, time2: { value: wxTime(n.at) }, thing4: { value: thing(n.note) } },
    };
  }
  return {
    touser: n.openid,
    template_id: templateId,
    page: 'packages/health/pages/mine/index',
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    data: {
      thing1: { value: thing(n.stationName) },
      time2: { value: wxTime(n.startsAt) },
      thing3: { value: thing(`${n.specialty} ${n.doctorName}`) },
      thing4: { value: thing(NOTES[n.kind]) },
    },
  };
}

/** WeChat subscribe messages. The access token comes from `stable_token` and is cached until 5 minutes before expiry. */
export function weChatNotifier(appId: string, secret: string, templates: NoticeTemplates, fetchFn: typeof fetch = fetch): Notifier {
  let token: { value: string; expiresAtMs: number } | null = null;
  const accessToken = async (): Promise<string> => {
    if (token && token.expiresAtMs > Date.now()) return token.value;
    const res = await fetchFn('https://api.weixin.qq.com/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: appId, secret }),
      signal: AbortSignal.timeout(5000),
    });
    const body = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number };
    if (!body.access_token) throw new NotifyError(`WX_TOKEN_${body.errcode ?? res.status}`, true);
    token = { value: body.access_token, expiresAtMs: Date.now() + ((body.expires_in ?? 7200) - 300) * 1000 };
    return token.value;
  };
  const templateOf = (kind: Notice['kind']): string | null =>
    kind === 'alarm' || kind === 'alarm_withdrawn' || kind === 'door_offline' || kind === 'station_report'
      ? (templates.alarm ?? null)
      : kind === 'promoted'
        ? templates.promoted
        : kind === 'session_cancelled'
          ? templates.sessionCancelled
          : templates.reminder;
  return {
    name: 'wechat',
    async send(n) {
      const templateId = templateOf(n.kind);
      if (!templateId) throw new NotifyError('NO_TEMPLATE', false);
      if (!n.openid) throw new NotifyError('NO_OPENID', false);
      const url = `https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(await accessToken())}`;
      const res = await fetchFn(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(subscribeMessageBody(n, templateId)),
        signal: AbortSignal.timeout(5000),
      });
      const body = (await res.json()) as { errcode?: number };
      const code = body.errcode ?? (res.ok ? 0 : res.status);
      if (code === 0) return;
      // 40001/42001: the token went stale; the next attempt fetches a new one.
      if (code === 40001 || code === 42001) token = null;
      // 43101: the worker gave no consent for this template (or used it up); retrying cannot help.
      const permanent = code === 43101 || code === 40003 || code === 47003;
      throw new NotifyError(`WX_${code}`, !permanent);
    },
  };
}

/** The template ids of every message kind: the booking ones and the staff alarm one (WECHAT_TPL_ALARM). */
export type NoticeTemplates = ReminderTemplates & { alarm?: string | null };

/**
 * The notifier a server uses: WeChat when credentials and at least one template are set, else the log. A kind
 * without its template is undeliverable (NO_TEMPLATE) on WeChat.
 */
export function notifierFor(
  wechat: { appId: string; secret: string } | null,
  templates: NoticeTemplates,
  log: { info(obj: object, msg: string): void },
): Notifier {
  return wechat && (templates.reminder || templates.alarm) ? weChatNotifier(wechat.appId, wechat.secret, templates) : logNotifier(log);
}
