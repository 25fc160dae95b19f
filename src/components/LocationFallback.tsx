import { Button, View } from '@tarojs/components';
import { useState } from 'react';
import { fetchPlaces, type Place } from '../api/places';
import { useLocationStore } from '../stores/location';
import { useLocationConsent } from '../stores/locationConsent';
import { ROUTES } from '../platform/routes';
import type { Fix, LocationFailureKind } from '../platform/location';
import { openPage } from '../platform/openPage';

/** Which ways forward make sense for a failure on a platform. */
export function fallbackActions(
  kind: LocationFailureKind,
  weapp: boolean,
): { consent: boolean; retry: boolean; settings: boolean; map: boolean } {
  // On weapp a refusal, fresh or remembered, is final until the setting changes: retrying only fails again.
  const refused = kind === 'denied' || kind === 'denied_before';
  return {
    consent: kind === 'not_consented',
    retry: kind !== 'not_consented' && kind !== 'unsupported' && kind !== 'insecure' && !(weapp && refused),
    settings: weapp && refused,
    map: weapp,
  };
}

/**
 * Choosing a district or landmark of Taiyuan to search around: a trigger that loads the list, then the places
 * as chips. `chip` makes the trigger a small chip (next to a banner's text) rather than a full-width button.
 * `onFix` gets the chosen place, already set in the location store.
 */
export function PlacePicker(props: { label: string; onFix: (fix: Fix) => void; chip?: boolean }) {
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [placesError, setPlacesError] = useState<string | null>(null);
  const showPlaces = async () => {
    setPlacesError(null);
    try {
      setPlaces((await fetchPlaces()).places);
    } catch {
      setPlacesError('地点列表没有加载出来，请检查网络后再点一次');
    }
  };
  const choose = (p: Place) => {
    setPlaces(null);
    props.onFix(useLocationStore.getState().choosePlace(p.name, p.lat, p.lng));
  };
  return (
    <>
      {props.chip ? (
        <View className='chip chip-action' role='button' onClick={showPlaces}>
          {props.label}
        </View>
      ) : (
        <Button className='btn btn-secondary' onClick={showPlaces}>
          {props.label}
        </Button>
      )}
      {placesError && <View className='field-error'>{placesError}</View>}
      {places && (
        <View className='place-list' data-testid='place-list'>
          {(['district', 'landmark'] as const).map((kind) => (
            <View key={kind} style={{ marginTop: '8px' }}>
              <View className='label'>{kind === 'district' ? '按区县' : '按地标'}</View>
              <View className='wrap'>
                {places
                  .filter((p) => p.kind === kind)
                  .map((p) => (
                    <View key={p.id} className='chip' data-testid='place' onClick={() => choose(p)}>
                      {p.name}
                    </View>
                  ))}
              </View>
            </View>
          ))}
        </View>
      )}
    </>
  );
}

/**
 * What a worker can do when location fails, one message and the ways forward for its kind: retry, open the
 * settings (a refusal on weapp), pick a point on WeChat's map, or choose a district or landmark of Taiyuan.
 * `onFix` gets the place to search around. With `kind` null the location is still on its way: choosing a place
 * is offered already (a prompt nobody answers can take a while). One component for both, so a place list
 * opened while locating stays open when locating then fails.
 */
export function LocationFallback(props: {
  kind: LocationFailureKind | null;
  message: string;
  onRetry: () => void;
  onFix: (fix: Fix) => void;
}) {
  const locating = props.kind === null;
  const actions = locating ? null : fallbackActions(props.kind!, process.env.TARO_ENV === 'weapp');
  const done = (fix: Fix | null) => {
    if (fix) props.onFix(fix);
  };
  const store = useLocationStore.getState;

  return (
    <View
      className={`banner ${locating ? 'banner-info' : 'banner-warn'}`}
      role={locating ? 'status' : 'alert'}
      data-testid={locating ? 'locating' : 'location-fallback'}
      data-kind={props.kind ?? undefined}
    >
      <View data-testid='location-message'>{props.message}</View>
      {actions?.consent && (
        <View>
          <Button
            className='btn btn-primary'
            data-testid='location-consent-agree'
            onClick={() => {
              useLocationConsent.getState().grant();
              props.onRetry();
            }}
          >
            同意使用我的位置
          </Button>
          <View className='link-row' role='link' data-testid='privacy-link' onClick={() => openPage(ROUTES.privacy)}>
            查看《驿站通隐私政策》
          </View>
        </View>
      )}
      {actions?.retry && (
        <Button className='btn btn-secondary' onClick={props.onRetry}>
          重新定位
        </Button>
      )}
      {actions?.settings && (
        <Button className='btn btn-secondary' onClick={() => void store().openSettings().then(done)}>
          去设置打开位置权限
        </Button>
      )}
      {actions?.map && (
        <Button className='btn btn-secondary' onClick={() => void store().chooseOnMap().then(done)}>
          在地图上选择位置
        </Button>
      )}
      <PlacePicker label='选择所在区域或地标' onFix={props.onFix} />
    </View>
  );
}
