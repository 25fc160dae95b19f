import { useEffect, useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { ApiError } from '../api/client';
import { postAlert, withdrawAlert, type UnlockLocation } from '../api/doors';
import { useLocationStore } from '../stores/location';
import { useSessionStore } from '../stores/session';
import { parseShanghaiDateTime, shanghaiHhmm } from '../rules/time';

/** A live fix this recent goes with the alert; an emergency never waits for a new one. */
const ALERT_FIX_MAX_AGE_MS = 10 * 60_000;
/**
 * A tap on 确认求助 this soon after 紧急求助 is the same press bouncing (a shaky double tap, a raindrop on the
 * glass), not a decision: it is ignored and the button stays for a deliberate second tap.
 */
export const CONFIRM_BOUNCE_MS = 600;
/** 确认求助 left untouched this long folds back, so a phone put away in a pocket does not call by itself. */
export const CONFIRM_TIMEOUT_MS = 15_000;
/** The window to withdraw when the server's answer did not say (it does: ALERT_WITHDRAW_S). */
const DEFAULT_WITHDRAW_MS = 120_000;

export interface EmergencyTarget {
  stationId: string;
  /** The station's duty phone, dialled at once. */
  phone: string;
  doorId?: string;
  entryId?: string;
  /** Told once the union has the alert (the door page then follows its acknowledgement), and again once withdrawn. */
  onRecorded?: () => void;
}

/** What became of a press: the alert recorded (its id, and until when on this phone's clock it may be withdrawn). */
export type HelpOutcome = { kind: 'recorded'; id: string; withdrawUntilMs: number } | { kind: 'not_recorded' } | { kind: 'cancelled' };

/** The worker's live location if one is at hand (never a hand-picked place), else undefined. */
function locationAtHand(nowMs: number): UnlockLocation | undefined {
  const { fix, manualPlace } = useLocationStore.getState();
  if (!fix || manualPlace || nowMs - fix.at > ALERT_FIX_MAX_AGE_MS) return undefined;
  return { lat: fix.lat, lng: fix.lng, coord: 'gcj02', accuracyM: fix.accuracyM ?? undefined };
}

/**
 * Calls the station's duty phone, then records the alert (station, door, entry, location if at hand) for the
 * union. The call goes first and never waits on the network; a failed alert is swallowed, because the phone
 * call is what helps the worker. A call the worker cancels in the dial sheet ("makePhoneCall:fail cancel": a
 * slip of the thumb) records no alert. Resolves when the alert attempt is over, with what became of it; never
 * rejects. The withdrawal window is the server's length (withdrawUntil - at) counted on this phone's clock, which
 * may be off.
 */
export async function callForHelp(t: EmergencyTarget): Promise<HelpOutcome> {
  const dialled = await Taro.makePhoneCall({ phoneNumber: t.phone }).then(
    () => true,
    (err: { errMsg?: string }) => !/cancel/i.test(String(err?.errMsg ?? '')),
  );
  if (!dialled) return { kind: 'cancelled' };
  try {
    await useSessionStore.getState().ensureSession();
    const startedMs = Date.now();
    const { alert } = await postAlert({
      stationId: t.stationId,
      doorId: t.doorId,
      entryId: t.entryId,
      location: locationAtHand(startedMs),
    });
    const at = parseShanghaiDateTime(alert.at);
    const until = alert.withdrawUntil ? parseShanghaiDateTime(alert.withdrawUntil) : null;
    const windowMs = at !== null && until !== null ? until - at : DEFAULT_WITHDRAW_MS;
    return { kind: 'recorded', id: alert.id, withdrawUntilMs: startedMs + windowMs };
  } catch {
    // The call is already dialling; the union also sees door trouble in the entry log.
    return { kind: 'not_recorded' };
  }
}

type Outcome =
  | { kind: 'recorded'; id: string; at: number; withdrawUntilMs: number }
  | { kind: 'not_recorded'; at: number }
  | { kind: 'withdrawn'; at: number };

/**
 * The emergency button, a deliberate action in two taps at the same place: 紧急求助 turns into a big 确认求助
 * (with 不用了 below it), and only that second tap dials the duty phone and records the alert (see
 * {@link callForHelp}). Two taps rather than a system dialog, whose buttons are small and far from the thumb, or a
 * hold, which a wet thumb in the rain breaks off. Once recorded, 取消求助 withdraws the alert for a short while
 * (the union stops escalating and is told); a call already placed cannot be recalled, and the page says so.
 */
export function EmergencyCall(props: EmergencyTarget) {
  // After the call the worker should know whether the union has the alert too, and what to do if not.
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirmingSince, setConfirmingSince] = useState<number | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawError, setWithdrawError] = useState<string | null>(null);
  const [, setTick] = useState(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const clearTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  useEffect(() => clearTimer, []);

  const ask = () => {
    setConfirmingSince(Date.now());
    clearTimer();
    timer.current = setTimeout(() => setConfirmingSince(null), CONFIRM_TIMEOUT_MS);
  };
  const help = async () => {
    if (confirmingSince === null || Date.now() - confirmingSince < CONFIRM_BOUNCE_MS) return;
    clearTimer();
    setConfirmingSince(null);
    setWithdrawError(null);
    const r = await callForHelp(props);
    if (r.kind === 'cancelled') return;
    if (r.kind === 'not_recorded') return setOutcome({ kind: 'not_recorded', at: Date.now() });
    setOutcome({ kind: 'recorded', id: r.id, at: Date.now(), withdrawUntilMs: r.withdrawUntilMs });
    // 取消求助 goes away by itself once its window is over.
    timer.current = setTimeout(() => setTick((n) => n + 1), Math.max(0, r.withdrawUntilMs - Date.now()) + 50);
    props.onRecorded?.();
  };
  const withdraw = async (id: string) => {
    setWithdrawing(true);
    setWithdrawError(null);
    try {
      await withdrawAlert(id);
      clearTimer();
      setOutcome({ kind: 'withdrawn', at: Date.now() });
      props.onRecorded?.();
    } catch (err) {
      setWithdrawError(
        err instanceof ApiError && err.status > 0 ? err.message : '网络不通，没能取消求助。请打电话告诉驿站值班人员您已没事。',
      );
    } finally {
      setWithdrawing(false);
    }
  };
  const abort = () => {
    clearTimer();
    setConfirmingSince(null);
  };

  return (
    <>
      {confirmingSince === null ? (
        <Button className='btn btn-danger btn-emergency' data-testid='emergency-call' onClick={ask}>
          <Text className='btn-emergency-title'>紧急求助</Text>
          <Text className='btn-emergency-note'>拨打值班电话 {props.phone}，并通知工会</Text>
        </Button>
      ) : (
        <View className='emergency-confirm' role='alertdialog' data-testid='emergency-confirming'>
          <Button className='btn btn-danger btn-emergency' data-testid='emergency-confirm' onClick={() => void help()}>
            <Text className='btn-emergency-title'>确认求助</Text>
            <Text className='btn-emergency-note'>再点一下：拨打 {props.phone}，并通知工会</Text>
          </Button>
          <Button className='btn btn-secondary' data-testid='emergency-abort' onClick={abort}>
            不用了
          </Button>
        </View>
      )}
      {outcome?.kind === 'recorded' && (
        <View className='banner banner-info' role='status' data-testid='emergency-recorded'>
          已通知工会（{shanghaiHhmm(outcome.at)}），值班人员会看到您的求助和所在驿站。
        </View>
      )}
      {outcome?.kind === 'recorded' && Date.now() < outcome.withdrawUntilMs && (
        <View data-testid='emergency-withdraw-box'>
          <Button
            className='btn btn-secondary'
            data-testid='emergency-withdraw'
            disabled={withdrawing}
            onClick={() => void withdraw(outcome.id)}
          >
            {withdrawing ? '正在取消…' : '取消求助（按错了或已没事）'}
          </Button>
          <View className='muted'>
            取消后工会不再上报（{shanghaiHhmm(outcome.withdrawUntilMs)} 前可取消）。已拨出的电话无法撤回，接通了请在电话里说明。
          </View>
        </View>
      )}
      {withdrawError && (
        <View className='banner banner-error' role='alert' data-testid='emergency-withdraw-error'>
          {withdrawError}
        </View>
      )}
      {outcome?.kind === 'withdrawn' && (
        <View className='banner banner-info' role='status' data-testid='emergency-withdrawn'>
          已取消求助（{shanghaiHhmm(outcome.at)}），工会已知道您没事。已拨出的电话无法撤回，接通了请在电话里说明。
        </View>
      )}
      {outcome?.kind === 'not_recorded' && (
        <View className='banner banner-error' role='alert' data-testid='emergency-not-recorded'>
          网络不通，没能通知工会。请在电话里说清您在哪个驿站；有网络后可再点一次。
        </View>
      )}
    </>
  );
}
