import { Button, Text } from '@tarojs/components';
import type { CSSProperties } from 'react';
import type { Booking, Slot } from '../../../api/health';
import { hhmm } from '../time';
import { PALETTE } from '../../../theme/palette';

/** The worker's own slot, in the colours of its status on 我的预约 (booked green, waiting amber). */
const HELD: CSSProperties = { borderColor: PALETTE.success, color: PALETTE.success, background: PALETTE.successBg };
const WAITING: CSSProperties = { borderColor: PALETTE.warn, color: PALETTE.warn, background: PALETTE.warnBg };

/**
 * One slot: open with places -> book; open and full -> join the waitlist; not yet open / closed -> disabled with
 * the reason. A slot the worker already holds or waits for (`mine`) says so and opens that booking instead.
 * `busy` disables every slot while a booking request is in flight.
 */
export function SlotButton(props: {
  slot: Slot;
  mine?: Booking;
  busy: boolean;
  onBook: (slot: Slot, waitlist: boolean) => void;
  onOpen: (booking: Booking) => void;
}) {
  const { slot, mine, busy } = props;
  if (mine) {
    const waiting = mine.status === 'waitlisted';
    return (
      <Button
        className='slot slot-mine'
        data-testid='slot'
        data-mine={mine.status}
        style={waiting ? WAITING : HELD}
        disabled={busy}
        onClick={() => props.onOpen(mine)}
      >
        <Text>{hhmm(slot.startsAt)}</Text>
        <Text>{waiting ? '候补中' : mine.status === 'checked_in' ? '已签到' : '已约'}</Text>
      </Button>
    );
  }
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
