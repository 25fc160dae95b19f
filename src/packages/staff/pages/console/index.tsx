import { Button, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { ApiError } from '../../../../api/client';
import {
  approveConsoleLogin,
  CONSOLE_LOGIN_ID,
  consoleLoginForApproval,
  type ConsoleLoginForApproval,
} from '../../../../api/consoleLogins';
import type { StaffMember } from '../../../../api/staff';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { usePageClass } from '../../../../components/usePageClass';
import { shanghaiHhmm } from '../../../../rules/time';
import { messageOf, useStaffStore } from '../../../../stores/staff';
import { ROLE_LABEL } from '../../labels';
import { STAFF_ROUTES } from '../../routes';
import '../../staff.css';

/**
 * The login id from the page's query: `l` (the h5 link, or a path the app opened), or inside `q`, the whole QR link
 * that WeChat hands over when a linked QR opens the mini-program.
 */
function loginIdOf(params: Record<string, string | undefined>): string {
  if (params.l) return params.l;
  const link = params.q ? decodeURIComponent(params.q) : '';
  return /[?&]l=([A-Za-z0-9_-]{22})(?:&|$)/.exec(link)?.[1] ?? '';
}

/** The roles the desk console takes, highest first (the server's default when no role is named). */
const CONSOLE_ROLE_RANK = { city: 0, district: 1 } as const;
const consoleRoles = (roles: StaffMember[]): StaffMember[] =>
  roles
    .filter((m): m is StaffMember & { role: 'city' | 'district' } => (m.role === 'city' || m.role === 'district') && !m.suspendedAt)
    .sort((a, b) => CONSOLE_ROLE_RANK[a.role] - CONSOLE_ROLE_RANK[b.role]);

const roleLine = (m: StaffMember) => `${ROLE_LABEL[m.role]} · ${m.scope.name ?? '全市'}`;

type Outcome = { kind: 'approved'; text: string } | { kind: 'cancelled' } | { kind: 'refused'; code: string; text: string };

const NOT_ALLOWED = '您的工作人员身份不能登录工会控制台：只有区、市工会工作人员可以登录。';

/** A code as the computer shows it beside the QR: two groups of two digits. */
const groups = (code: string) => `${code.slice(0, 2)} ${code.slice(2)}`;

/** What each refusal means for the person holding the phone: what happened and what to do. */
function refusal(err: unknown): Outcome {
  const code = err instanceof ApiError ? err.code : 'NETWORK';
  const text: Record<string, string> = {
    CONSOLE_LOGIN_EXPIRED: '二维码已过期，请在电脑上刷新二维码后重新扫码。',
    CONSOLE_LOGIN_USED: '这个二维码已经用过了，不能再次确认。如需登录，请在电脑上刷新二维码后重新扫码。',
    // A wrong pick on this page is always a decoy, which closes the sign-in: it may be someone else's computer.
    CONSOLE_CODE_MISMATCH:
      '您选的数字和电脑上二维码旁的不一样，这次登录已作废，电脑上不会登录。如果这不是您自己刚在电脑上打开的登录页，可能有人想冒用您的身份，请不要确认别人发来的二维码。',
    CONSOLE_LOGIN_CLOSED: '这次登录因为数字选错已作废。如需登录，请在电脑上刷新二维码后重新扫码。',
    STAFF_FORBIDDEN: NOT_ALLOWED,
    NOT_FOUND: '没有找到这个登录二维码，请在电脑上刷新二维码后重新扫码。',
  };
  return { kind: 'refused', code, text: text[code] ?? messageOf(err, '没能确认登录，请检查网络后重试') };
}

/**
 * Confirms a desk console sign-in (issue 15): the console's QR opens this page with `?l=<loginId>`. Shows when the
 * computer opened its sign-in page and from which network, asks for the number the computer shows beside the QR
 * (one of three: a QR someone else sent cannot be confirmed without seeing their screen) and which role the console
 * will act as (a choice when the person holds several district or city roles); 确认登录 is enabled once a number
 * is picked; the console, polling, signs in at once. Expired, used, closed and not-allowed answers are said plainly,
 * each with what to do next.
 */
export default function ConsoleApprovePage() {
  const pageClass = usePageClass();
  const loginId = loginIdOf(useRouter().params);
  const valid = CONSOLE_LOGIN_ID.test(loginId);
  const roles = useStaffStore((s) => s.roles);
  const rolesError = useStaffStore((s) => s.rolesError);
  const [info, setInfo] = useState<ConsoleLoginForApproval | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const loadRoles = () => void useStaffStore.getState().loadRoles();
  const loadInfo = () => {
    setInfoError(null);
    consoleLoginForApproval(loginId)
      .then(setInfo)
      .catch((err: unknown) => {
        const r = refusal(err);
        // Nothing to confirm (used, expired, closed, unknown, not allowed): said at once. A network failure: retry.
        if (r.kind === 'refused' && r.code !== 'NETWORK' && !(err instanceof ApiError && err.status >= 500)) setOutcome(r);
        else setInfoError(messageOf(err, '没能读取电脑上的登录信息，请检查网络后重试'));
      });
  };
  useDidShow(() => {
    if (!valid) return;
    loadRoles();
    loadInfo();
  });

  const usable = roles ? consoleRoles(roles) : null;
  const role = usable?.find((m) => m.id === chosen) ?? usable?.[0] ?? null;

  const approve = async () => {
    if (!role || !code) return;
    setBusy(true);
    try {
      const member = await approveConsoleLogin(loginId, code, role.id);
      setOutcome({ kind: 'approved', text: `已确认。电脑上的工会控制台已用“${roleLine(member)}”身份登录，请在电脑上继续操作。` });
    } catch (err) {
      setOutcome(refusal(err));
    } finally {
      setBusy(false);
    }
  };
  const leave = () => void Taro.redirectTo({ url: STAFF_ROUTES.home });

  if (!valid) {
    return (
      <View className={pageClass}>
        <View className='card' data-testid='console-result' data-result='invalid'>
          <View className='title'>这不是工会控制台的登录二维码</View>
          <View className='subtitle'>请扫描电脑上工会控制台登录页的二维码。</View>
        </View>
      </View>
    );
  }
  if (outcome) {
    const ok = outcome.kind === 'approved';
    return (
      <View className={pageClass}>
        <View
          className={`banner ${ok ? 'banner-info' : outcome.kind === 'cancelled' ? 'banner-warn' : 'banner-error'}`}
          role={ok ? 'status' : 'alert'}
          data-testid='console-result'
          data-result={outcome.kind === 'refused' ? outcome.code : outcome.kind}
        >
          {outcome.kind === 'cancelled' ? '已取消，电脑上不会登录。' : outcome.text}
        </View>
        {outcome.kind === 'refused' && outcome.code === 'NETWORK' && (
          <Button className='btn btn-primary' onClick={() => setOutcome(null)}>
            返回重试
          </Button>
        )}
        <Button className='btn btn-secondary' onClick={leave}>
          返回工作人员页面
        </Button>
      </View>
    );
  }

  return (
    <View className={pageClass}>
      <View className='card' data-testid='console-login'>
        <View className='title'>在电脑上登录工会控制台</View>
        <View className='subtitle'>请确认是您本人刚在电脑上打开的登录页，不是别人发给您的二维码。</View>
        {info && (
          <View className='subtitle' data-testid='console-origin'>
            电脑打开登录页的时间 {shanghaiHhmm(Date.parse(info.startedAt))}
            {info.address ? `，网络地址 ${info.address}` : ''}。
          </View>
        )}
      </View>
      {rolesError && <ErrorBanner message={rolesError} onRetry={loadRoles} />}
      {infoError && <ErrorBanner message={infoError} onRetry={loadInfo} />}
      {(roles === null || info === null) && !rolesError && !infoError && <View className='muted'>加载中…</View>}
      {usable?.length === 0 && (
        <View className='banner banner-error' role='alert' data-testid='console-result' data-result='STAFF_FORBIDDEN'>
          {NOT_ALLOWED}
        </View>
      )}
      {role && usable && info && (
        <View className='card'>
          <View className='label' id='console-code-label'>
            电脑上二维码旁边显示的数字是哪一个？
          </View>
          <View role='radiogroup' aria-labelledby='console-code-label' data-testid='console-codes'>
            {info.choices.map((c) => (
              <View
                key={c}
                className={`chip chip-block chip-code ${c === code ? 'chip-on' : ''}`}
                role='radio'
                aria-checked={c === code ? 'true' : 'false'}
                data-testid='console-code-choice'
                onClick={() => setCode(c)}
              >
                {groups(c)}
              </View>
            ))}
          </View>
          <View className='muted'>电脑上没有显示数字，或者和这三个都不一样？请点“取消”，不要登录。</View>
          <View className='label'>电脑上使用的身份</View>
          {usable.length === 1 ? (
            <View className='title' data-testid='console-role'>
              {roleLine(role)}
            </View>
          ) : (
            <View role='radiogroup' data-testid='console-roles'>
              {usable.map((m) => (
                <View
                  key={m.id}
                  className={`chip chip-block ${m.id === role.id ? 'chip-on' : ''}`}
                  role='radio'
                  aria-checked={m.id === role.id ? 'true' : 'false'}
                  data-testid='console-role-choice'
                  onClick={() => setChosen(m.id)}
                >
                  {roleLine(m)}
                </View>
              ))}
            </View>
          )}
          <View className='muted' style={{ marginTop: '8px' }}>
            电脑上能看到这个身份负责范围内的驿站、报警和统计。用完请在电脑上点“退出登录”。
          </View>
          <Button className='btn btn-primary' disabled={busy || !code} data-testid='console-approve' onClick={() => void approve()}>
            {busy ? '正在确认…' : code ? '确认登录' : '请先选出电脑上的数字'}
          </Button>
          <Button
            className='btn btn-secondary'
            disabled={busy}
            data-testid='console-cancel'
            onClick={() => setOutcome({ kind: 'cancelled' })}
          >
            取消
          </Button>
        </View>
      )}
    </View>
  );
}
