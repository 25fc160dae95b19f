/**
 * The notifiers: the WeChat subscribe-message request (against a fake fetch: no network) and the log notifier,
 * which must never write the recipient.
 */
import { logNotifier, NotifyError, weChatNotifier, type Notice } from '../../../mock/src/core/notifier';

const notice: Notice = {
  outboxId: 'msg_1',
  kind: 'reminder_24h',
  openid: 'oAbc-openid-123',
  stationName: '解南社区卫生服务中心职工健康驿站',
  doctorName: '李振宇',
  specialty: '全科',
  startsAt: Date.UTC(2026, 11, 3, 1, 0), // 2026-12-03 09:00 Shanghai
};
const templates = { reminder: 'TPL_REMIND', promoted: 'TPL_PROMOTED', sessionCancelled: null };

function fakeFetch(answers: unknown[]) {
  const calls: { url: string; body: any }[] = [];
  const fn = (async (url: string, init: { body: string }) => {
    calls.push({ url: String(url), body: JSON.parse(init.body) });
    return { ok: true, status: 200, json: async () => answers.shift() } as unknown as Response;
  }) as unknown as typeof fetch;
  return { fn, calls };
}

it('gets a stable token once and sends the template with the station, Shanghai time, doctor and note', async () => {
  const f = fakeFetch([{ access_token: 'T1', expires_in: 7200 }, { errcode: 0 }, { errcode: 0 }]);
  const n = weChatNotifier('wxapp', 'secret', templates, f.fn);
  await n.send(notice);
  await n.send({ ...notice, kind: 'promoted' });
  expect(f.calls.map((c) => c.url)).toEqual([
    'https://api.weixin.qq.com/cgi-bin/stable_token',
    'https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=T1',
    'https://api.weixin.qq.com/cgi-bin/message/subscribe/send?access_token=T1',
  ]);
  expect(f.calls[0].body).toEqual({ grant_type: 'client_credential', appid: 'wxapp', secret: 'secret' });
  expect(f.calls[1].body).toEqual({
    touser: 'oAbc-openid-123',
    template_id: 'TPL_REMIND',
    page: 'packages/health/pages/mine/index',
    miniprogram_state: 'formal',
    lang: 'zh_CN',
    data: {
      // 16 characters: within WeChat's 20 for `thing`.
      thing1: { value: '解南社区卫生服务中心职工健康驿站' },
      time2: { value: '2026年12月3日 09:00' },
      thing3: { value: '全科 李振宇' },
      thing4: { value: '明天就诊，请按时到达并出示签到码' },
    },
  });
  expect(f.calls[2].body.template_id).toBe('TPL_PROMOTED');
});

it('answers refusals as final and a stale token as retryable, then fetches a new token', async () => {
  const f = fakeFetch([{ access_token: 'T1' }, { errcode: 43101 }, { errcode: 40001 }, { access_token: 'T2' }, { errcode: 0 }]);
  const n = weChatNotifier('wxapp', 'secret', templates, f.fn);
  await expect(n.send(notice)).rejects.toEqual(new NotifyError('WX_43101', false));
  await expect(n.send(notice)).rejects.toMatchObject({ code: 'WX_40001', retryable: true });
  await n.send(notice);
  expect(f.calls[4].url).toContain('access_token=T2');
});

it('cannot send without an openid or a template, and says so without retrying', async () => {
  const n = weChatNotifier('wxapp', 'secret', templates, fakeFetch([]).fn);
  await expect(n.send({ ...notice, openid: null })).rejects.toMatchObject({ code: 'NO_OPENID', retryable: false });
  await expect(n.send({ ...notice, kind: 'session_cancelled' })).rejects.toMatchObject({ code: 'NO_TEMPLATE', retryable: false });
});

it('logs the kind and time but not the recipient', async () => {
  const lines: object[] = [];
  await logNotifier({ info: (obj) => lines.push(obj) }).send(notice);
  expect(lines).toEqual([{ outboxId: 'msg_1', kind: 'reminder_24h', startsAt: notice.startsAt }]);
  expect(JSON.stringify(lines)).not.toContain('openid');
});
