import { ScrollView, View } from '@tarojs/components';
import type { NearbyFilters } from '../../stores/nearby';
import { AMENITIES, HOST_KIND_KEYS, hostKindLabel, type AmenityKey } from '../../rules/catalog';

/** The amenities workers ask for most (hot water, toilet, charging, cooling, heating food). */
const FILTER_AMENITIES: AmenityKey[] = ['hot_water', 'toilet', 'charging', 'air_conditioning', 'microwave'];

/** '党群服务阵地+爱心驿站' -> '党群服务阵地': every kind ends in the same suffix, which only takes room on a chip. */
const shortKind = (key: string): string => hostKindLabel(key).replace(/\+爱心驿站$/, '');

const Chip = (p: { on: boolean; label: string; testId: string; onTap: () => void }) => (
  <View className={`chip ${p.on ? 'chip-on' : ''}`} data-testid={p.testId} aria-pressed={p.on} onClick={p.onTap}>
    {p.label}
  </View>
);

/**
 * Filter chips: amenities (all selected must be present), open now, 24 h, and host kind (one at a time, in a
 * row that scrolls sideways). `onChange` gets the changed part; the page searches again.
 */
export function FilterBar(props: { filters: NearbyFilters; onChange: (f: Partial<NearbyFilters>) => void }) {
  const f = props.filters;
  const toggleAmenity = (key: string) =>
    props.onChange({ amenities: f.amenities.includes(key) ? f.amenities.filter((x) => x !== key) : [...f.amenities, key] });
  return (
    <View style={{ marginBottom: '12px' }}>
      <View className='wrap'>
        {FILTER_AMENITIES.map((key) => (
          <Chip key={key} on={f.amenities.includes(key)} label={AMENITIES[key]} testId={`filter-${key}`} onTap={() => toggleAmenity(key)} />
        ))}
        <Chip on={f.openNow} label='营业中' testId='filter-openNow' onTap={() => props.onChange({ openNow: !f.openNow })} />
        <Chip on={f.is24h} label='24小时' testId='filter-is24h' onTap={() => props.onChange({ is24h: !f.is24h })} />
      </View>
      <ScrollView scrollX style={{ whiteSpace: 'nowrap', marginTop: '8px' }}>
        <View className='wrap' style={{ flexWrap: 'nowrap' }}>
          <Chip on={f.kind === null} label='全部类型' testId='filter-kind-all' onTap={() => props.onChange({ kind: null })} />
          {HOST_KIND_KEYS.map((key) => (
            <Chip key={key} on={f.kind === key} label={shortKind(key)} testId={`filter-kind-${key}`} onTap={() => props.onChange({ kind: f.kind === key ? null : key })} />
          ))}
        </View>
      </ScrollView>
    </View>
  );
}
