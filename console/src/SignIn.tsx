import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Typography } from 'antd';
import qrcode from 'qrcode-generator';
import { api, ApiFailure, type StaffMember } from './api';

interface Login {
  loginId: string;
  qrText: string;
  pollSecret: string;
  /** The confirmation code (4 digits) the approver picks on the phone; shown as two groups, "47 19". */
  code: string;
  expiresAt: string;
}
interface Poll {
  state: 'pending' | 'approved' | 'expired';
  session: { token: string; expiresAt: string; member: StaffMember } | null;
}

/** How often the console asks whether its QR was confirmed. */
const POLL_MS = 2000;

/** The QR as an SVG data URL (qrcode-generator, level M, as the door posters). */
function qrSrc(text: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.createSvgTag({ cellSize: 8, margin: 4, scalable: true }))}`;
}

/**
 * Sign-in by WeChat QR, no passwords: a staff member scans it with 驿站通 (the staff page) and confirms. Polls
 * until confirmed (then hands the session up), or shows 刷新二维码 once the QR expired.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (token: string, member: StaffMember, expiresAt: string) => void }) {
  const [login, setLogin] = useState<Login | null>(null);
  const [state, setState] = useState<Poll['state'] | 'used'>('pending');
  const [error, setError] = useState<string | null>(null);

  const start = useCallback(() => {
    setError(null);
    setState('pending');
    api<Login>('/console/logins', { method: 'POST' })
      .then(setLogin)
      .catch((e: ApiFailure) => setError(e.message));
  }, []);
  useEffect(start, [start]);

  useEffect(() => {
    if (!login || state !== 'pending') return;
    const timer = setInterval(() => {
      api<Poll>(`/console/logins/${login.loginId}`, { headers: { 'x-console-poll': login.pollSecret } })
        .then((p) => {
          if (p.session) onSignedIn(p.session.token, p.session.member, p.session.expiresAt);
          // Approved but collected by an earlier poll of this page (a lost answer): a new QR is needed.
          else setState(p.state === 'approved' ? 'used' : p.state);
        })
        .catch((e: ApiFailure) => setError(e.message));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [login, state, onSignedIn]);

  const src = useMemo(() => (login ? qrSrc(login.qrText) : null), [login]);
  const stale = state === 'expired' || state === 'used';

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#eef2f6' }}>
      <Card style={{ width: 440, textAlign: 'center' }}>
        <Typography.Title level={2} style={{ marginTop: 0 }}>
          驿站通 · 工会值守台
        </Typography.Title>
        <Typography.Paragraph>
          请用微信打开“驿站通”小程序，在“我的 → 工作人员”中扫码，在手机上选出下面的数字，再点“确认登录”。
        </Typography.Paragraph>
        <div
          data-testid='login-qr'
          data-login-id={login?.loginId ?? ''}
          data-state={state}
          style={{ position: 'relative', width: 280, height: 280, margin: '0 auto 16px' }}
        >
          {src && <img src={src} alt='登录二维码' width={280} height={280} style={{ opacity: stale ? 0.15 : 1 }} />}
          {stale && (
            <div style={{ position: 'absolute', inset: 0, display: 'grid', placeContent: 'center', gap: 12 }}>
              <Typography.Text strong>{state === 'expired' ? '二维码已过期' : '二维码已使用'}</Typography.Text>
              <Button type='primary' onClick={start}>
                刷新二维码
              </Button>
            </div>
          )}
        </div>
        {login && !stale && (
          <div style={{ marginBottom: 12 }}>
            <Typography.Text>手机上请选择这个数字：</Typography.Text>
            <div
              data-testid='login-code'
              data-code={login.code}
              aria-label={`确认数字 ${login.code.split('').join(' ')}`}
              style={{ fontSize: 40, fontWeight: 700, letterSpacing: 8, color: '#1f2937' }}
            >
              {`${login.code.slice(0, 2)} ${login.code.slice(2)}`}
            </div>
          </div>
        )}
        {!stale && <Typography.Text type='secondary'>等待手机确认…二维码 5 分钟内有效</Typography.Text>}
        {error && <Alert style={{ marginTop: 16 }} type='error' title={error} showIcon />}
      </Card>
    </div>
  );
}
