import { Button, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { postAlert, type UnlockLocation } from '../api/doors';
import { useLocationStore } from '../stores/location';
import { useSessionStore } from '../stores/session';

/** A live fix this recent goes with the alert; an emergency never waits for a new one. */
const ALERT_FIX_MAX_AGE_MS = 10 * 60_000;

export interface EmergencyTarget {
  stationId: string;
  /** The station's duty phone, dialled at once. */
  phone: string;
  doorId?: string;
  entryId?: string;
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
 * slip of the thumb) records no alert. Resolves when the alert attempt is over (for tests); never rejects.
 */
export async function callForHelp(t: EmergencyTarget): Promise<void> {
  const dialled = await Taro.makePhoneCall({ phoneNumber: t.phone }).then(
    () => true,
    (err: { errMsg?: string }) => !/cancel/i.test(String(err?.errMsg ?? '')),
  );
  if (!dialled) return;
  try {
    await useSessionStore.getState().ensureSession();
    await postAlert({ stationId: t.stationId, doorId: t.doorId, entryId: t.entryId, location: locationAtHand(Date.now()) });
  } catch {
    // The call is already dialling; the union also sees door trouble in the entry log.
  }
}

/** The big emergency button: dials the duty phone and records an alert (see {@link callForHelp}). */
export function EmergencyCall(props: EmergencyTarget) {
  return (
    <Button className='btn btn-danger btn-emergency' data-testid='emergency-call' onClick={() => void callForHelp(props)}>
      <Text className='btn-emergency-title'>紧急求助</Text>
      <Text className='btn-emergency-note'>拨打值班电话 {props.phone}，并通知工会</Text>
    </Button>
  );
}
