import { Button, ScrollView, View, Text } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchHealthStations, fetchSlots, type ClinicSession, type HealthStation, type Slot } from '../../../../api/health';
import { ApiError } from '../../../../api/client';
import { useBookingsStore } from '../../../../stores/bookings';
import { useSessionStore } from '../../../../stores/session';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { ROUTES } from '../../../../platform/routes';
import { weekdayOf } from '../../../../rules/time';
import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from '../../../../rules/slots';
import { WEEKDAY_NAMES } from '../../../../rules/hours';
import { SlotButton } from '../../components/SlotButton';
import { ProblemBanner } from '../../components/ProblemBanner';
import { askReminderConsent } from '../../reminders';
import { dayTime, hhmm, shortDay } from '../../time';
import { limitMessage, ownIn, refusalOf, upcomingCount } from '../../own';
import { openPage } from '../../../../platform/openPage';
import { usePageClass } from '../../../../components/usePageClass';
import { showDialog } from '../../../../platform/dialog';

const WAITLIST_PROMPT = '这个时段已约满。加入候补后，有人取消时会按排队顺序自动为您约上，并发消息通知您。要加入候补吗？';

/** What the worker is about to book, and the rules that come with it (src/rules/slots.ts). */
const bookingPrompt = (station: HealthStation | undefined, session: ClinicSession, slot: Slot, policy: BookingPolicy): string =>
  `${dayTime(slot.startsAt) ?? ''}–${hhmm(slot.endsAt)}，${session.doctor.specialty} ${session.doctor.name} ${session.doctor.title}` +
  // Where to go, in the words of the booking itself: the chips show only the station's name.
  (station ? `，地点：${station.name}（${station.address}）。` : '。') +
  `去不了请至少提前${policy.cancelBeforeMin / 60}小时取消；${policy.noShowWindowDays}天内${policy.noShowLimit}次未到诊会暂停预约${policy.blockDays}天。`;

/** Health booking: a station, a date among the bookable days, sessions by doctor with slots and places left. */
export default function HealthPage() {
  const pageClass = usePageClass();
  const [stations, setStations] = useState<HealthStation[]>([]);
  // The server's rules (BOOKING_* settings); the defaults only until the first answer.
  const [policy, setPolicy] = useState<BookingPolicy>(DEFAULT_BOOKING_POLICY);
  const [dates, setDates] = useState<string[]>([]);
  const [stationId, setStationId] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [sessions, setSessions] = useState<ClinicSession[] | null>(null);
  const [opensAt, setOpensAt] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastTry, setLastTry] = useState<{ slotId: string; waitlist: boolean } | null>(null);
  const { book, bookingSlotId, error: problem, bookings, refresh: refreshMine, clearError } = useBookingsStore();
  const worker = useSessionStore((s) => s.worker);

  const loadStations = useCallback(async () => {
    setError(null);
    try {
      const r = await fetchHealthStations();
      setStations(r.stations);
      setDates(r.bookableDates);
      if (r.policy) setPolicy(r.policy);
      const first = r.stations.find((s) => s.status === 'open');
      setStationId((id) => id ?? first?.id ?? null);
      // The first day with a doctor in, not a today without one.
      setDate((d) => d ?? first?.sessionDates[0] ?? r.bookableDates[0] ?? null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请检查网络后重试');
    }
  }, []);
  /**
   * The slots, and with them the worker's own bookings (which slots to mark as theirs; a registered worker only).
   * `quiet` keeps the current slots on screen while refreshing (coming back to the page).
   */
  const loadSlots = useCallback(
    async (quiet = false) => {
      if (!stationId || !date) return;
      setError(null);
      if (!quiet) setSessions(null);
      const mine = useSessionStore.getState().worker ? refreshMine() : Promise.resolve();
      try {
        const r = await fetchSlots(stationId, date);
        setSessions(r.sessions);
        setOpensAt(r.opensAt);
      } catch (err) {
        setError(err instanceof ApiError ? err.message : '加载失败，请检查网络后重试');
      }
      await mine;
    },
    [stationId, date, refreshMine],
  );
  useEffect(() => {
    void loadStations();
  }, [loadStations]);
  useEffect(() => {
    void loadSlots();
  }, [loadSlots]);
  // Back from a booking or another page: places taken or freed meanwhile must show, so refresh (not on the first show).
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void loadSlots(true);
    shown.current = true;
  });

  const attempt = async (slotId: string, waitlist: boolean) => {
    setLastTry({ slotId, waitlist });
    await askReminderConsent();
    const b = await book(slotId, { waitlistIfFull: waitlist });
    if (b) return openPage(ROUTES.booking(b.id));
    await loadSlots();
    // An answer lost on the way (the server booked, the connection dropped): the refreshed list holds the place,
    // and the grid marks it as the worker's; a banner asking to retry would only confuse.
    if (ownIn(slotId, useBookingsStore.getState().bookings)) clearError();
  };
  const onBook = async (session: ClinicSession, slot: Slot, full: boolean) => {
    if (!worker) {
      // Say why before sending a worker to a form that talks about doors; after registering they come back here.
      const go = await showDialog({
        title: '先登记一次',
        content: '预约专家需要先登记（约1分钟，姓名、身份证号、手机号）。登记后会回到这里继续预约。',
        confirmText: '去登记',
        cancelText: '再看看',
      });
      if (go.confirm) openPage(`${ROUTES.register}?back=1`);
      return;
    }
    // What the server would refuse, known from the worker's own bookings: say so now, not after a confirmation.
    const refusal = refusalOf({ sessionId: session.id, doctorName: session.doctor.name, slot }, full, bookings, Date.now(), policy);
    if (refusal) {
      const next = await showDialog({ title: refusal.title, content: refusal.message, confirmText: '我的预约', cancelText: '知道了' });
      if (next.confirm) openPage(ROUTES.myBookings);
      return;
    }
    // A slip of a wet thumb must not book: a booking not kept counts towards the 30-day block.
    const answer = full
      ? await showDialog({ title: '加入候补', content: WAITLIST_PROMPT, confirmText: '加入候补', cancelText: '不了' })
      : await showDialog({
          title: '确认预约',
          content: bookingPrompt(
            stations.find((s) => s.id === stationId),
            session,
            slot,
            policy,
          ),
          confirmText: '确认预约',
          cancelText: '再看看',
        });
    if (!answer.confirm) return;
    await attempt(slot.id, full);
  };

  const chooseStation = (s: HealthStation) => {
    setStationId(s.id);
    setDate((d) => (d !== null && s.sessionDates.includes(d) ? d : (s.sessionDates[0] ?? d)));
  };
  const daysIn = stations.find((x) => x.id === stationId)?.sessionDates ?? [];
  const upcoming = upcomingCount(bookings, Date.now());
  const notOpenYet = sessions?.some((s) => s.slots.some((x) => x.state === 'not_yet_open'));
  return (
    <View className={pageClass}>
      {error && <ErrorBanner message={error} onRetry={() => void (stations.length ? loadSlots() : loadStations())} />}
      {/* One row that scrolls sideways: five full-width chips took half the first screen from the slots. */}
      <ScrollView scrollX className='chip-scroller' style={{ marginBottom: '12px' }}>
        <View className='wrap chip-row'>
          {stations
            .filter((s) => s.status === 'open')
            .map((s) => (
              <View
                key={s.id}
                className={`chip ${s.id === stationId ? 'chip-on' : ''}`}
                onClick={() => chooseStation(s)}
                data-testid='health-station'
              >
                {s.name}
              </View>
            ))}
        </View>
      </ScrollView>
      {stations.some((s) => s.status !== 'open') && (
        <View className='muted' data-testid='health-opening-soon' style={{ marginBottom: '12px' }}>
          即将开放：
          {stations
            .filter((s) => s.status !== 'open')
            .map((s) => s.name)
            .join('、')}
        </View>
      )}
      {(() => {
        const chosen = stations.find((x) => x.id === stationId);
        return chosen ? (
          <View data-testid='health-station-info' style={{ marginBottom: '12px' }}>
            <View className='muted'>{chosen.address}</View>
            {/* The whole row dials: the bare number was a 103x16 target. */}
            <View
              className='link-row'
              role='link'
              data-testid='health-station-phone'
              onClick={() => void Taro.makePhoneCall({ phoneNumber: chosen.phone })}
            >
              拨打电话 {chosen.phone}
            </View>
          </View>
        ) : null;
      })()}
      <View className='date-strip'>
        {dates.map((d) => (
          <View
            key={d}
            className={`date ${d === date ? 'date-on' : ''} ${daysIn.includes(d) ? '' : 'date-none'}`}
            onClick={() => setDate(d)}
            data-testid='date'
          >
            <Text>{WEEKDAY_NAMES[weekdayOf(d) - 1]}</Text>
            <Text>{shortDay(d)}</Text>
            {!daysIn.includes(d) && <Text className='date-note'>无出诊</Text>}
          </View>
        ))}
      </View>
      {/* Only a booking's own problem here: a failed cancel on 我的预约 stays there. */}
      {problem?.during === 'book' && (
        <ProblemBanner
          problem={problem}
          onRetry={lastTry ? () => void attempt(lastTry.slotId, lastTry.waitlist) : undefined}
          onWaitlist={lastTry ? () => void attempt(lastTry.slotId, true) : undefined}
        />
      )}
      {upcoming >= policy.maxUpcoming && (
        <View className='banner banner-info' data-testid='booking-limit'>
          {limitMessage(upcoming, policy)}
        </View>
      )}
      {notOpenYet && dayTime(opensAt) && (
        <View className='banner banner-info' data-testid='opens-at'>
          这一天的号 {dayTime(opensAt)} 开放预约，到时再来。
        </View>
      )}
      {sessions && sessions.length === 0 && <View className='muted'>这一天没有专家出诊，请选择其他日期。</View>}
      {sessions?.map((s) => (
        <View key={s.id} className='card' data-testid='clinic-session'>
          <View className='title'>
            {s.doctor.specialty} · {s.doctor.name} {s.doctor.title}
          </View>
          <View className='muted'>
            {hhmm(s.startsAt)}–{hhmm(s.endsAt)}
            {s.status === 'cancelled' ? '（已停诊）' : ''}
          </View>
          <View className='wrap' style={{ marginTop: '12px' }}>
            {s.slots.map((x) => (
              <SlotButton
                key={x.id}
                slot={x}
                mine={ownIn(x.id, bookings)}
                busy={bookingSlotId !== null}
                onBook={(slot, full) => void onBook(s, slot, full)}
                onOpen={(b) => openPage(ROUTES.booking(b.id))}
              />
            ))}
          </View>
        </View>
      ))}
      <Button className='btn btn-secondary' onClick={() => openPage(ROUTES.myBookings)}>
        我的预约
      </Button>
    </View>
  );
}
