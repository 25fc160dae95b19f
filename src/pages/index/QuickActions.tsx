import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { NearbyStation } from '../../api/stations';
import { fetchStation } from '../../api/stations';
import { EmergencyCall } from '../../components/EmergencyCall';
import { formatDistance } from '../../rules/geo';
import { ROUTES } from '../../platform/routes';
import { openPage } from '../../platform/openPage';

/** China's emergency medical number: what 紧急求助 dials when no station's duty phone is known yet. */
export const EMERGENCY_MEDICAL = '120';

/**
 * Large text's first screen (under 扫码开门): the nearest open station as one big button, and 紧急求助. The
 * emergency button dials that station's duty phone and records an alert (components/EmergencyCall); the phone
 * comes from the station's details, fetched as soon as the station is known. Until then, or offline, it dials 120.
 */
export function QuickActions({ stations }: { stations: NearbyStation[] }) {
  const nearest = stations.find((s) => s.openNow) ?? null;
  const [phone, setPhone] = useState<{ stationId: string; phone: string } | null>(null);
  const nearestId = nearest?.id ?? null;
  useEffect(() => {
    if (!nearestId) return;
    let live = true;
    fetchStation(nearestId).then(
      (d) => live && setPhone({ stationId: d.id, phone: d.phone }),
      () => undefined, // offline: 120 stays the number
    );
    return () => {
      live = false;
    };
  }, [nearestId]);
  const known = phone && phone.stationId === nearestId ? phone : null;
  return (
    <View data-testid='quick-actions'>
      {nearest && (
        <Button className='btn nearest-open' data-testid='nearest-open' onClick={() => openPage(ROUTES.station(nearest.id))}>
          <Text className='nearest-open-kicker'>最近的开放驿站</Text>
          <Text className='nearest-open-name'>{nearest.name}</Text>
          <Text className='nearest-open-distance'>{formatDistance(nearest.distanceM)}</Text>
        </Button>
      )}
      {known ? (
        <EmergencyCall stationId={known.stationId} phone={known.phone} />
      ) : (
        <Button
          className='btn btn-danger btn-emergency'
          data-testid='emergency-call'
          onClick={() => void Taro.makePhoneCall({ phoneNumber: EMERGENCY_MEDICAL })}
        >
          <Text className='btn-emergency-title'>紧急求助</Text>
          <Text className='btn-emergency-note'>拨打急救电话 {EMERGENCY_MEDICAL}</Text>
        </Button>
      )}
    </View>
  );
}
