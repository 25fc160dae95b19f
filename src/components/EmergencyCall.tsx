import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { postAlert, type UnlockLocation } from '../api/doors';
import { useLocationStore } from '../stores/location';
import { useSessionStore } from '../stores/session';
import { shanghaiHhmm } from '../rules/time';

/** A live fix this recent goes with the alert; an emergency never waits for a new one. */
const ALERT_FIX_MAX_AGE_MS = 10 * 60_000;

export interface EmergencyTarget {
  stationId: string;
  /** The station's duty phone, dialled at once. */
  phone: string;
  doorId?: string;
  entryId?: string;
  /** Told once the union has the alert (the door page then follows its acknowledgement). */
  onRecorded?: () => void;
}

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
 * rejects.
 */
export async function callForHelp(t: EmergencyTarget): Promise<'recorded' | 'not_recorded' | 'cancelled'> {
  const dialled = await Taro.makePhoneCall({ phoneNumber: t.phone }).then(
    () => true,
    (err: { errMsg?: string }) => !/cancel/i.test(String(err?.errMsg ?? '')),
  );
  if (!dialled) return 'cancelled';
  try {
    await useSessionStore.getState().ensureSession();
    await postAlert({ stationId: t.stationId, doorId: t.doorId, entryId: t.entryId, location: locationAtHand(Date.now()) });
    return 'recorded';
  } catch {
    // The call is already dialling; the union also sees door trouble in the entry log.
    return 'not_recorded';
  }
}

/** The big emergency button: dials the duty phone and records an alert (see {@link callForHelp}). */
export function EmergencyCall(props: EmergencyTarget) {
  // After the call the worker should know whether the union has the alert too, and what to do if not.
  const [outcome, setOutcome] = useState<{ kind: 'recorded' | 'not_recorded'; at: number } | null>(null);
  const help = async () => {
    const kind = await callForHelp(props);
    if (kind !== 'cancelled') setOutcome({ kind, at: Date.now() });
    if (kind === 'recorded') props.onRecorded?.();
  };
  return (
    <>
      <Button className='btn btn-danger btn-emergency' data-testid='emergency-call' onClick={() => void help()}>
        <Text className='btn-emergency-title'>紧急求助</Text>
        <Text className='btn-emergency-note'>拨打值班电话 {props.phone}，并通知工会</Text>
      </Button>
      {outcome?.kind === 'recorded' && (
        <View className='banner banner-info' role='status' data-testid='emergency-recorded'>
          已通知工会（{shanghaiHhmm(outcome.at)}），值班人员会看到您的求助和所在驿站。
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
