import { ScrollView, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { NearbyFilters } from '../../stores/nearby';
import { AMENITIES, HOST_KIND_KEYS, hostKindLabel, type AmenityKey } from '../../rules/catalog';

/** The amenities workers ask for most (hot water, toilet, charging, cooling, heating food). */
const FILTER_AMENITIES: AmenityKey[] = ['hot_water', 'toilet', 'charging', 'air_conditioning', 'microwave'];

/** '党群服务阵地+爱心驿站' -> '党群服务阵地': every kind ends in the same suffix, which only takes room on a chip. */
const shortKind = (key: string): string => hostKindLabel(key).replace(/\+爱心驿站$/, '');

/** Test id and element id of a kind chip (an id, so the row can scroll it into view; ids may not start with a digit). */
const kindChipId = (key: string): string => `filter-kind-${key}`;

/** The labels of the filters that are on, in the order of the chips. */
export function filterLabels(f: NearbyFilters): string[] {
  const labels: string[] = FILTER_AMENITIES.filter((k) => f.amenities.includes(k)).map((k) => AMENITIES[k]);
  // An amenity without a chip (set by an older or newer version) still filters, so it is still named.
  labels.push(
    ...f.amenities.filter((k) => !(FILTER_AMENITIES as string[]).includes(k)).map((k) => (AMENITIES as Record<string, string>)[k] ?? k),
  );
  if (f.openNow) labels.push('营业中');
  if (f.is24h) labels.push('24小时');
  if (f.kind) labels.push(shortKind(f.kind));
  return labels;
}

const KINDS_ROW_ID = 'filter-kinds';

/**
 * Scrolls the sideways row `rowId` so that chip `chipId` is wholly in view, when it is not: a kind saved from last
 * time may sit far right. A chip already in view stays where it is, so a tapped chip never jumps from under the
 * thumb. Measured with Taro's selector query (weapp and h5 alike); returns a cancel for an effect's clean-up.
 */
function revealChip(chipId: string, rowId: string, scrollTo: (left: number) => void): () => void {
  let cancelled = false;
  // Page tests run without a layout engine: there is nothing to measure there.
  if (typeof Taro.createSelectorQuery !== 'function') return () => undefined;
  Taro.nextTick(() => {
    Taro.createSelectorQuery()
      .select(`#${rowId}`)
      .boundingClientRect()
      .select(`#${rowId}`)
      .scrollOffset()
      .select(`#${chipId}`)
      .boundingClientRect()
      .exec((res: ({ left: number; right: number } & { scrollLeft: number })[] | null) => {
        const [row, offset, chip] = res ?? [];
        if (cancelled || !row || !offset || !chip || (chip.left >= row.left && chip.right <= row.right)) return;
        scrollTo(Math.max(0, offset.scrollLeft + chip.left - row.left - 12));
      });
  });
  return () => {
    cancelled = true;
  };
}

const Chip = (p: { on: boolean; label: string; testId: string; onTap: () => void }) => (
  <View id={p.testId} className={`chip ${p.on ? 'chip-on' : ''}`} data-testid={p.testId} aria-pressed={p.on} onClick={p.onTap}>
    {p.label}
  </View>
);

/**
 * The one chip the filters fold behind: 筛选, the number of filters on, and which way it opens. Three rows of
 * chips above the list pushed the first station below the fold on a 375x667 phone; folded, the list starts
 * near the top and the filters that are on are still named (FilterNotice).
 */
export function FilterToggle(props: { filters: NearbyFilters; open: boolean; onTap: () => void }) {
  const count = filterLabels(props.filters).length;
  return (
    <View
      className={`chip filter-toggle ${count > 0 ? 'filter-toggle-on' : ''}`}
      role='button'
      data-testid='filter-toggle'
      aria-expanded={props.open}
      onClick={props.onTap}
    >
      筛选
      {count > 0 && <Text className='filter-count'>{count}</Text>}
      <Text className='filter-caret' aria-hidden>
        {props.open ? '▴' : '▾'}
      </Text>
    </View>
  );
}

/**
 * Filter chips: amenities (all selected must be present), open now, 24 h, and host kind (one at a time, in a
 * row that scrolls sideways), and 收起 to fold them again. `onChange` gets the changed part; the page searches
 * again. The page shows this only while 筛选 is open.
 */
export function FilterBar(props: { filters: NearbyFilters; onChange: (f: Partial<NearbyFilters>) => void; onClose: () => void }) {
  const f = props.filters;
  const [kindsScrollLeft, setKindsScrollLeft] = useState<number | undefined>(undefined);
  useEffect(() => (f.kind ? revealChip(kindChipId(f.kind), KINDS_ROW_ID, setKindsScrollLeft) : undefined), [f.kind]);
  const toggleAmenity = (key: string) =>
    props.onChange({ amenities: f.amenities.includes(key) ? f.amenities.filter((x) => x !== key) : [...f.amenities, key] });
  return (
    <View className='filter-bar'>
      <View className='wrap'>
        {FILTER_AMENITIES.map((key) => (
          <Chip key={key} on={f.amenities.includes(key)} label={AMENITIES[key]} testId={`filter-${key}`} onTap={() => toggleAmenity(key)} />
        ))}
        <Chip on={f.openNow} label='营业中' testId='filter-openNow' onTap={() => props.onChange({ openNow: !f.openNow })} />
        <Chip on={f.is24h} label='24小时' testId='filter-is24h' onTap={() => props.onChange({ is24h: !f.is24h })} />
        {/* In the room left beside 24小时, where the thumb already is. */}
        <View className='chip chip-action filter-close' role='button' onClick={props.onClose}>
          收起
        </View>
      </View>
      <ScrollView scrollX id={KINDS_ROW_ID} className='filter-kinds' scrollLeft={kindsScrollLeft} scrollWithAnimation>
        <View className='wrap filter-kinds-row'>
          <Chip on={f.kind === null} label='全部类型' testId='filter-kind-all' onTap={() => props.onChange({ kind: null })} />
          {HOST_KIND_KEYS.map((key) => (
            <Chip
              key={key}
              on={f.kind === key}
              label={shortKind(key)}
              testId={kindChipId(key)}
              onTap={() => props.onChange({ kind: f.kind === key ? null : key })}
            />
          ))}
        </View>
      </ScrollView>
    </View>
  );
}

/**
 * Says which filters are on, with a one-tap way back to every station: a filter saved from last time (folded
 * behind 筛选, or a kind chip scrolled out of sight) would otherwise quietly shorten the list. Nothing when no
 * filter is on.
 */
export function FilterNotice(props: { filters: NearbyFilters; onClear: () => void; showClear: boolean }) {
  const labels = filterLabels(props.filters);
  if (labels.length === 0) return null;
  return (
    <View className='filter-notice' data-testid='filter-notice'>
      <View className='filter-notice-text'>已筛选：{labels.join('、')}</View>
      {props.showClear && (
        <View className='chip chip-action' role='button' onClick={props.onClear}>
          清除筛选
        </View>
      )}
    </View>
  );
}
