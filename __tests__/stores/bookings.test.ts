/**
 * The bookings store: one request at a time, the Idempotency-Key reused when a retry follows a network failure
 * (the first attempt may have booked), a fresh key after a real answer, and cancel / leave the waitlist.
 */
import Taro from '@tarojs/taro';
import { __reset } from '../stubs/taro';
import { useBookingsStore } from '@/stores/bookings';
import type { Booking } from '@/api/health';

const request = Taro.request as jest.Mock;
const booking = (patch: Partial<Booking> = {}): Booking => ({
  id: 'b_1',
  kind: 'booking',
  slotId: 'slot_1',
  sessionId: 'cs_1',
  stationId: 'hs01',
  stationName: '解南社区卫生服务中心职工健康驿站',
  stationPhone: '0351-8852653',
  doctorName: '李振宇',
  doctorTitle: '主任医师',
  specialty: '全科',
  startsAt: '2026-12-03T09:00:00+08:00',
  endsAt: '2026-12-03T09:30:00+08:00',
  status: 'booked',
  checkInCode: '12345678',
  cancelledBy: null,
  cancellableUntil: '2026-12-03T07:00:00+08:00',
  checkInOpensAt: '2026-12-03T08:30:00+08:00',
  position: null,
  ...patch,
});
const ok = (data: unknown, statusCode = 201) => ({ statusCode, data, header: {} });
const fail = (code: string, statusCode = 409) => ({ statusCode, data: { error: { code, message: `${code} 的说明` } }, header: {} });
const keyOf = (call: unknown[]) => (call[0] as { header: Record<string, string> }).header['Idempotency-Key'];

beforeEach(() => {
  __reset();
  request.mockReset();
  useBookingsStore.setState({ bookings: [], loading: false, bookingSlotId: null, cancellingId: null, pendingKeys: {}, error: null });
});

it('disables booking while a request is in flight: a second tap sends nothing', async () => {
  let answer: (v: unknown) => void = () => undefined;
  request.mockImplementationOnce(() => new Promise((r) => (answer = r)));
  const first = useBookingsStore.getState().book('slot_1');
  expect(useBookingsStore.getState().bookingSlotId).toBe('slot_1');
  expect(await useBookingsStore.getState().book('slot_2')).toBeNull();
  expect(request).toHaveBeenCalledTimes(1);
  answer(ok(booking()));
  expect((await first)?.id).toBe('b_1');
  expect(useBookingsStore.getState()).toMatchObject({ bookingSlotId: null, pendingKeys: {} });
});

it('reuses the key after a network failure, and the retry gets the booking', async () => {
  request.mockRejectedValueOnce({ errMsg: 'request:fail' }).mockResolvedValueOnce(ok(booking()));
  expect(await useBookingsStore.getState().book('slot_1')).toBeNull();
  expect(useBookingsStore.getState().error?.code).toBe('NETWORK');
  expect(await useBookingsStore.getState().book('slot_1')).toMatchObject({ id: 'b_1' });
  expect(keyOf(request.mock.calls[1])).toBe(keyOf(request.mock.calls[0]));
  expect(keyOf(request.mock.calls[0])).toMatch(/^k[0-9a-z]{8,}/);
});

it('uses a new key after a real refusal, and another one (with the flag) for the waitlist', async () => {
  request
    .mockResolvedValueOnce(fail('SLOT_FULL'))
    .mockResolvedValueOnce(fail('SLOT_FULL'))
    .mockResolvedValueOnce(ok(booking({ status: 'waitlisted', kind: 'waitlist', position: 2 }), 202));
  await useBookingsStore.getState().book('slot_1');
  expect(useBookingsStore.getState().error).toEqual({ code: 'SLOT_FULL', message: 'SLOT_FULL 的说明', during: 'book' });
  await useBookingsStore.getState().book('slot_1');
  const w = await useBookingsStore.getState().book('slot_1', { waitlistIfFull: true });
  const keys = request.mock.calls.map(keyOf);
  expect(new Set(keys).size).toBe(3);
  expect(request.mock.calls[2][0]).toMatchObject({
    method: 'POST',
    url: '/api/v1/bookings',
    data: { slotId: 'slot_1', waitlistIfFull: true },
  });
  expect(request.mock.calls[0][0].data).toEqual({ slotId: 'slot_1' });
  expect(w).toMatchObject({ status: 'waitlisted', position: 2 });
});

it('cancels a booking through POST /bookings/{id}/cancel and leaves a waiting place through DELETE /waitlist/{id}', async () => {
  const waiting = booking({ id: 'wl_1', kind: 'waitlist', status: 'waitlisted', position: 1, checkInCode: null });
  useBookingsStore.setState({ bookings: [booking(), waiting] });
  request.mockResolvedValueOnce(ok(booking({ status: 'cancelled', cancelledBy: 'worker' }), 200)).mockResolvedValueOnce(ok(null, 204));
  expect(await useBookingsStore.getState().cancel(booking())).toBe(true);
  expect(await useBookingsStore.getState().cancel(waiting)).toBe(true);
  expect(request.mock.calls.map((c) => [c[0].method, c[0].url, c[0].data])).toEqual([
    ['POST', '/api/v1/bookings/b_1/cancel', {}],
    ['DELETE', '/api/v1/waitlist/wl_1', {}],
  ]);
  expect(useBookingsStore.getState().bookings.map((b) => [b.id, b.status])).toEqual([['b_1', 'cancelled']]);
});

it('keeps the booking and says why when the cancel is too late', async () => {
  useBookingsStore.setState({ bookings: [booking()] });
  request.mockResolvedValueOnce(fail('CANCEL_TOO_LATE'));
  expect(await useBookingsStore.getState().cancel(booking())).toBe(false);
  expect(useBookingsStore.getState()).toMatchObject({ cancellingId: null, error: { code: 'CANCEL_TOO_LATE' } });
  expect(useBookingsStore.getState().bookings[0].status).toBe('booked');
});

it('a BOOKING_LIMIT refusal names the limit the server sends', async () => {
  request.mockResolvedValueOnce({
    statusCode: 409,
    data: {
      error: { code: 'BOOKING_LIMIT', message: '您已有的预约数量达到上限，请先就诊或取消一个预约后再约。', details: { maxUpcoming: 2 } },
    },
    header: {},
  });
  expect(await useBookingsStore.getState().book('slot_1')).toBeNull();
  expect(useBookingsStore.getState().error).toEqual({
    code: 'BOOKING_LIMIT',
    message: '最多同时预约2个。您已有的预约数量达到上限，请先就诊或取消一个预约后再约。',
    during: 'book',
  });
});

describe('refresh (the slot grid reloads the list with the slots)', () => {
  it('replaces the list quietly, and keeps it without an error or a loading state when offline', async () => {
    useBookingsStore.setState({ bookings: [booking({ id: 'b_old' })] });
    request.mockResolvedValueOnce(ok({ bookings: [booking({ id: 'b_new' })] }, 200)).mockRejectedValueOnce({ errMsg: 'request:fail' });
    await useBookingsStore.getState().refresh();
    expect(useBookingsStore.getState().bookings.map((b) => b.id)).toEqual(['b_new']);
    const seen: boolean[] = [];
    const unsubscribe = useBookingsStore.subscribe((s) => seen.push(s.loading));
    await useBookingsStore.getState().refresh();
    unsubscribe();
    expect(seen).toEqual([]);
    expect(useBookingsStore.getState()).toMatchObject({ error: null, loading: false });
    expect(useBookingsStore.getState().bookings.map((b) => b.id)).toEqual(['b_new']);
  });

  it('does not clear the problem of a failed booking', async () => {
    request.mockResolvedValueOnce(fail('SLOT_FULL')).mockResolvedValueOnce(ok({ bookings: [] }, 200));
    await useBookingsStore.getState().book('slot_1');
    await useBookingsStore.getState().refresh();
    expect(useBookingsStore.getState().error?.code).toBe('SLOT_FULL');
  });

  it('an answer that went out before a booking was made does not drop that booking', async () => {
    let answerList: (v: unknown) => void = () => undefined;
    request
      .mockImplementationOnce(() => new Promise((r) => (answerList = r)))
      .mockResolvedValueOnce(ok(booking({ id: 'b_2', slotId: 'slot_2' })));
    const refreshing = useBookingsStore.getState().refresh();
    expect((await useBookingsStore.getState().book('slot_2'))?.id).toBe('b_2');
    answerList(ok({ bookings: [] }, 200));
    await refreshing;
    expect(useBookingsStore.getState().bookings.map((b) => b.id)).toEqual(['b_2']);
  });
});
