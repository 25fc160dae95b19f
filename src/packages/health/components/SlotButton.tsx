import { Button, Text } from '@tarojs/components';
import type { Slot } from '../../../api/health';
import { hhmm } from '../time';

/**
 * One slot: open with places -> book; open and full -> join the waitlist; not yet open / closed -> disabled with
 * the reason. `busy` disables every slot while a booking request is in flight.
 */
export function SlotButton(props: { slot: Slot; busy: boolean; onBook: (slot: Slot, waitlist: boolean) => void }) {
  const { slot, busy } = props;
  const open = slot.bookable && slot.state === 'open';
  const full = slot.remaining <= 0;
  const note = !open
    ? slot.state === 'not_yet_open'
      ? '未开放'
      : '已停约'
    : full
      ? slot.waiting > 0
        ? `约满·候补${slot.waiting}人`
        : '约满·可候补'
      : `余${slot.remaining}`;
  return (
    <Button
      className={`slot ${full || !open ? 'slot-full' : ''}`}
      data-testid='slot'
      disabled={!open || busy}
      onClick={() => props.onBook(slot, full)}
    >
      <Text>{hhmm(slot.startsAt)}</Text>
      <Text className='muted'>{note}</Text>
    </Button>
  );
}
