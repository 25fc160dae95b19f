/**
 * The health pages with Taro stand-ins: slot buttons (places left, full -> waitlist, not yet open), every slot
 * disabled while a booking is in flight, errors with the action that helps, "my bookings" with cancel where
 * allowed (an unparsable deadline never counts as "before"), and the reminder consent on weapp.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { __reset, __setRouterParams, __show } from '../stubs/taro';
import HealthPage from '@/packages/health/pages/index/index';
import MyBookingsPage from '@/packages/health/pages/mine/index';
import BookingPage from '@/packages/health/pages/booking/index';
import { askReminderConsent } from '@/packages/health/reminders';
import { useBookingsStore } from '@/stores/bookings';
import { useSessionStore } from '@/stores/session';
import { ROUTES } from '@/platform/routes';
import type { Booking, Slot } from '@/api/health';
import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from '@/rules/slots';
import { fakeApi, networkDown, type FakeApi } from '../support/fakeApi';

const DATE = '2026-12-03';
const slot = (id: string, t: string, patch: Partial<Slot> = {}): Slot => ({
  id,
  startsAt: `${DATE}T${t}:00+08:00`,
  endsAt: `${DATE}T${t.slice(0, 3)}30:00+08:00`,
  capacity: 2,
  remaining: 2,
  waiting: 0,
  state: 'open',
  bookable: true,
  ...patch,
});
const booking = (patch: Partial<Booking> = {}): Booking => ({
  id: 'b_1',
  kind: 'booking',
  slotId: 's1',
  sessionId: 'cs_1',
  stationId: 'hs01',
  stationName: '解南社区卫生服务中心职工健康驿站',
  stationPhone: '0351-8852653',
  doctorName: '李振宇',
  doctorTitle: '主任医师',
  specialty: '全科',
  startsAt: `${DATE}T09:00:00+08:00`,
  endsAt: `${DATE}T09:30:00+08:00`,
  status: 'booked',
  checkInCode: '12345678',
  cancelledBy: null,
  cancellableUntil: `${DATE}T07:00:00+08:00`,
  checkInOpensAt: `${DATE}T08:30:00+08:00`,
  position: null,
  ...patch,
});

let api: FakeApi;
function serveSlots(slots: Slot[], opensAt = '2026-11-26T08:00:00+08:00', policy?: BookingPolicy) {
  api.on('GET /health-stations', {
    status: 200,
    body: {
      stations: [
        {
          id: 'hs01',
          name: '解南社区卫生服务中心职工健康驿站',
          address: '太原市小店区坞城路与平阳路交叉口',
          status: 'open',
          doctors: [],
          sessionDates: [DATE],
        },
      ],
      bookableDates: [DATE],
      ...(policy ? { policy } : {}),
    },
  });
  api.on('GET /health-stations/hs01/slots', {
    status: 200,
    body: {
      date: DATE,
      opensAt,
      sessions: [
        {
          id: 'cs_1',
          status: 'scheduled',
          startsAt: `${DATE}T09:00:00+08:00`,
          endsAt: `${DATE}T10:00:00+08:00`,
          doctor: { id: 'd', name: '李振宇', title: '主任医师', specialty: '全科' },
          slots,
        },
      ],
    },
  });
}

beforeEach(() => {
  __reset();
  api = fakeApi();
  useBookingsStore.setState({ bookings: [], loading: false, bookingSlotId: null, cancellingId: null, pendingKeys: {}, error: null });
  useSessionStore.setState({
    hydrated: true,
    deviceId: 'abcdef0123456789abcdef0123456789',
    token: 'tok',
    expiresAt: '2099-01-01T00:00:00+08:00',
    worker: { id: 'w_1' } as never,
    pendingDoorCode: null,
  });
});
afterEach(cleanup);

describe('slot buttons', () => {
  it('shows places left, offers the waitlist on a full slot, and disables every slot while booking', async () => {
    serveSlots([slot('s1', '09:00'), slot('s2', '09:30', { remaining: 0, waiting: 3 })]);
    let answer: (a: { status: number; body: unknown }) => void = () => undefined;
    api.on('POST /bookings', () => new Promise((r) => (answer = r)));
    render(<HealthPage />);
    const buttons = await screen.findAllByTestId('slot');
    expect(buttons.map((b) => b.textContent)).toEqual(['09:00余2', '09:30约满·候补3人']);
    fireEvent.click(buttons[0]);
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/bookings')).toHaveLength(1));
    expect(screen.getAllByTestId('slot').map((b) => (b as HTMLButtonElement).disabled)).toEqual([true, true]);
    await act(async () => answer({ status: 201, body: booking() }));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('b_1') });
  });

  it('asks before booking, with the time, the doctor, the place and the no-show rule; 再看看 books nothing', async () => {
    serveSlots([slot('s1', '09:00')]);
    api.on('POST /bookings', { status: 201, body: booking() });
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('余2'));
    await waitFor(() =>
      expect(Taro.showModal).toHaveBeenCalledWith(
        expect.objectContaining({
          title: '确认预约',
          content:
            '12月3日 09:00–09:30，全科 李振宇 主任医师，地点：解南社区卫生服务中心职工健康驿站（太原市小店区坞城路与平阳路交叉口）。' +
            '去不了请至少提前2小时取消；90天内3次未到诊会暂停预约30天。',
          confirmText: '确认预约',
        }),
      ),
    );
    expect(api.calls.filter((c) => c.path === '/bookings')).toHaveLength(0);
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('余2'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('b_1') }));
    expect(api.calls.filter((c) => c.path === '/bookings')).toHaveLength(1);
  });

  it('unregistered: says why before the form, and asks the form to come back here', async () => {
    useSessionStore.setState({ worker: null });
    serveSlots([slot('s1', '09:00')]);
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('余2'));
    await waitFor(() =>
      expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '先登记一次', confirmText: '去登记' })),
    );
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    fireEvent.click(screen.getByText('余2'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `${ROUTES.register}?back=1` }));
    expect(api.calls.filter((c) => c.path === '/bookings')).toHaveLength(0);
    // GET /me/bookings answers NOT_REGISTERED: not asked before registering.
    expect(api.calls.filter((c) => c.path === '/me/bookings')).toHaveLength(0);
  });

  it('asks before joining the waitlist and sends waitlistIfFull', async () => {
    serveSlots([slot('s2', '09:30', { remaining: 0 })]);
    api.on('POST /bookings', {
      status: 202,
      body: booking({ id: 'wl_1', kind: 'waitlist', status: 'waitlisted', position: 1, checkInCode: null }),
    });
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('约满·可候补'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('wl_1') }));
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '加入候补' }));
    expect(api.calls.find((c) => c.path === '/bookings')?.body).toEqual({ slotId: 's2', waitlistIfFull: true });
  });

  it('says when a day not yet open opens, and keeps its slots disabled', async () => {
    serveSlots([slot('s1', '09:00', { state: 'not_yet_open', bookable: false })], '2026-11-26T08:00:00+08:00');
    render(<HealthPage />);
    expect((await screen.findByTestId('opens-at')).textContent).toContain('11月26日 08:00');
    expect((screen.getByTestId('slot') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('slot').textContent).toContain('未开放');
  });

  it('shows what happened and offers the waitlist when the last place went to someone else', async () => {
    serveSlots([slot('s1', '09:00', { remaining: 1 })]);
    api.on('POST /bookings', (body) =>
      body.waitlistIfFull
        ? { status: 202, body: booking({ id: 'wl_9', status: 'waitlisted', position: 1 }) }
        : { status: 409, body: { error: { code: 'SLOT_FULL', message: '这个时段已经约满了，请选择其他时段。' } } },
    );
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('余1'));
    expect((await screen.findByRole('alert')).textContent).toContain('已经约满');
    fireEvent.click(screen.getByText('加入候补'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('wl_9') }));
  });
});

describe('the health stations', () => {
  it('open stations are one sideways row of chips; those opening soon are named in one line, not as chips', async () => {
    api.on('GET /health-stations', {
      status: 200,
      body: {
        stations: [
          {
            id: 'hs01',
            name: '解南社区卫生服务中心职工健康驿站',
            address: '太原市小店区',
            status: 'open',
            doctors: [],
            sessionDates: [DATE],
          },
          {
            id: 'hs02',
            name: '坝陵桥社区卫生服务中心职工健康驿站',
            address: '太原市万柏林区',
            status: 'open',
            doctors: [],
            sessionDates: [DATE],
          },
          { id: 'hs04', name: '太钢职工健康驿站', address: '太原市尖草坪区', status: 'opening_soon', doctors: [], sessionDates: [] },
          { id: 'hs05', name: '晋祠职工健康驿站', address: '太原市晋源区', status: 'opening_soon', doctors: [], sessionDates: [] },
        ],
        bookableDates: [DATE],
      },
    });
    api.on('GET /health-stations/hs01/slots', { status: 200, body: { date: DATE, opensAt: null, sessions: [] } });
    render(<HealthPage />);
    await waitFor(() => expect(screen.getAllByTestId('health-station')).toHaveLength(2));
    expect(screen.getAllByTestId('health-station').map((c) => c.textContent)).toEqual([
      '解南社区卫生服务中心职工健康驿站',
      '坝陵桥社区卫生服务中心职工健康驿站',
    ]);
    expect(screen.getByTestId('health-opening-soon').textContent).toBe('即将开放：太钢职工健康驿站、晋祠职工健康驿站');
  });
});

describe("the worker's own slots", () => {
  it('marks a booked slot 已约 and a waiting place 候补中; tapping one opens that booking, books nothing', async () => {
    serveSlots([slot('s1', '09:00'), slot('s2', '09:30', { remaining: 0, waiting: 1 }), slot('s3', '10:00')]);
    api.on('GET /me/bookings', {
      status: 200,
      body: {
        bookings: [
          booking({ id: 'b_1', slotId: 's1' }),
          booking({ id: 'wl_1', kind: 'waitlist', slotId: 's2', status: 'waitlisted', position: 1, checkInCode: null }),
          // Cancelled: the slot is free for the worker again.
          booking({ id: 'b_old', slotId: 's3', status: 'cancelled', cancelledBy: 'worker' }),
        ],
      },
    });
    render(<HealthPage />);
    await waitFor(() => expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['09:00已约', '09:30候补中', '10:00余2']));
    fireEvent.click(screen.getByText('已约'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('b_1') });
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(api.calls.filter((c) => c.path === '/bookings')).toHaveLength(0);
  });

  it('a lost answer that booked after all: the banner goes, and the slot shows 已约, not 约满·可候补', async () => {
    serveSlots([slot('s1', '14:30', { capacity: 1, remaining: 1 })]);
    api.on('GET /me/bookings', { status: 200, body: { bookings: [] } });
    api.on('POST /bookings', () => {
      // The server booked the last place; the answer never arrived.
      serveSlots([slot('s1', '14:30', { capacity: 1, remaining: 0 })]);
      api.on('GET /me/bookings', { status: 200, body: { bookings: [booking({ id: 'b_lost', slotId: 's1' })] } });
      return networkDown();
    });
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('余1'));
    await waitFor(() => expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['14:30已约']));
    expect(screen.queryByRole('alert')).toBeNull();
    (Taro.showModal as jest.Mock).mockClear();
    fireEvent.click(screen.getByText('已约'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('b_lost') });
    expect(Taro.showModal).not.toHaveBeenCalled();
    expect(api.calls.filter((c) => c.path === '/bookings')).toHaveLength(1);
  });

  it('a failed booking the refreshed list does not hold keeps its banner and 重试', async () => {
    serveSlots([slot('s1', '14:30')]);
    api.on('GET /me/bookings', { status: 200, body: { bookings: [] } });
    api.on('POST /bookings', networkDown);
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('余2'));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByText('重试')).toBeTruthy();
    expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['14:30余2']);
  });

  it('coming back after cancelling: the mark goes with the refreshed list', async () => {
    serveSlots([slot('s1', '09:00', { capacity: 1, remaining: 0 })]);
    api.on('GET /me/bookings', { status: 200, body: { bookings: [booking({ slotId: 's1' })] } });
    render(<HealthPage />);
    await waitFor(() => expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['09:00已约']));
    serveSlots([slot('s1', '09:00', { capacity: 1, remaining: 1 })]);
    api.on('GET /me/bookings', {
      status: 200,
      body: { bookings: [booking({ slotId: 's1', status: 'cancelled', cancelledBy: 'worker' })] },
    });
    act(() => __show());
    await waitFor(() => expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['09:00余1']));
  });
});

describe("bookings the server would refuse, known from the worker's own list", () => {
  const NOW = Date.UTC(2026, 11, 2, 2, 0); // 2026-12-02 10:00 Shanghai
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    // No answer queued with mockResolvedValueOnce and left unused may leak into the next test (__reset only clears calls).
    (Taro.showModal as jest.Mock).mockReset().mockImplementation(async () => ({ confirm: true, cancel: false }));
  });
  afterEach(() => jest.restoreAllMocks());
  const mine = (bookings: Booking[]) => api.on('GET /me/bookings', { status: 200, body: { bookings } });
  const bookingCalls = () => api.calls.filter((c) => c.path === '/bookings');

  it("one per doctor's session: another slot of the session says why and offers 我的预约, without asking to book", async () => {
    serveSlots([slot('s1', '09:00'), slot('s3', '10:00')]);
    mine([booking({ id: 'b_1', slotId: 's1' })]);
    render(<HealthPage />);
    await waitFor(() => expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['09:00已约', '10:00余2']));
    fireEvent.click(screen.getByText('余2'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.myBookings }));
    expect(Taro.showModal).toHaveBeenCalledTimes(1);
    // In the brand colours (src/theme/palette.ts): the platform's default green confirm was 2.28:1 on white.
    expect(Taro.showModal).toHaveBeenCalledWith({
      title: '这一场已约',
      content: '您已经约了李振宇这一场09:00的号，每场只能约一个时段。如要换时间，请先在“我的预约”里取消原来的预约。',
      confirmText: '我的预约',
      cancelText: '知道了',
      confirmColor: '#c8102e',
      cancelColor: '#1f2329',
    });
    expect(bookingCalls()).toHaveLength(0);
  });

  it('the upcoming limit: a banner says it, and a tap says it again instead of asking to book', async () => {
    serveSlots([slot('s1', '09:00')]);
    mine([
      booking({ id: 'b_8', slotId: 's8', sessionId: 'cs_8', startsAt: '2026-12-04T09:00:00+08:00', endsAt: '2026-12-04T09:30:00+08:00' }),
      booking({ id: 'b_9', slotId: 's9', sessionId: 'cs_9', startsAt: '2026-12-05T09:00:00+08:00', endsAt: '2026-12-05T09:30:00+08:00' }),
    ]);
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<HealthPage />);
    const LIMIT = '最多同时预约2个，您已有2个还没就诊的预约。请先就诊，或在“我的预约”里取消一个后再约。';
    expect((await screen.findByTestId('booking-limit')).textContent).toBe(LIMIT);
    fireEvent.click(screen.getByText('余2'));
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '预约已达上限', content: LIMIT })));
    expect(Taro.navigateTo).not.toHaveBeenCalled();
    expect(bookingCalls()).toHaveLength(0);
  });

  it("follows the server's rules: 3 upcoming allowed and cancel until 1 h before (BOOKING_* settings)", async () => {
    serveSlots([slot('s1', '09:00')], undefined, { ...DEFAULT_BOOKING_POLICY, maxUpcoming: 3, cancelBeforeMin: 60 });
    mine([
      booking({ id: 'b_8', slotId: 's8', sessionId: 'cs_8', startsAt: '2026-12-04T09:00:00+08:00', endsAt: '2026-12-04T09:30:00+08:00' }),
      booking({ id: 'b_9', slotId: 's9', sessionId: 'cs_9', startsAt: '2026-12-05T09:00:00+08:00', endsAt: '2026-12-05T09:30:00+08:00' }),
    ]);
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<HealthPage />);
    fireEvent.click(await screen.findByText('余2'));
    await waitFor(() =>
      expect(Taro.showModal).toHaveBeenCalledWith(
        expect.objectContaining({
          title: '确认预约',
          content:
            '12月3日 09:00–09:30，全科 李振宇 主任医师，地点：解南社区卫生服务中心职工健康驿站（太原市小店区坞城路与平阳路交叉口）。' +
            '去不了请至少提前1小时取消；90天内3次未到诊会暂停预约30天。',
        }),
      ),
    );
    expect(screen.queryByTestId('booking-limit')).toBeNull();
  });

  it('a past booking, a checked-in one and a cancelled one do not count towards the limit', async () => {
    serveSlots([slot('s1', '09:00')]);
    mine([
      booking({ id: 'b_8', slotId: 's8', sessionId: 'cs_8', startsAt: '2026-12-04T09:00:00+08:00', endsAt: '2026-12-04T09:30:00+08:00' }),
      booking({ id: 'b_7', slotId: 's7', sessionId: 'cs_7', startsAt: '2026-12-01T09:00:00+08:00', endsAt: '2026-12-01T09:30:00+08:00' }),
      booking({
        id: 'b_6',
        slotId: 's6',
        sessionId: 'cs_6',
        status: 'checked_in',
        startsAt: '2026-12-02T09:30:00+08:00',
        endsAt: '2026-12-02T10:00:00+08:00',
      }),
      booking({
        id: 'b_5',
        slotId: 's5',
        sessionId: 'cs_5',
        status: 'cancelled',
        cancelledBy: 'worker',
        startsAt: '2026-12-05T09:00:00+08:00',
        endsAt: '2026-12-05T09:30:00+08:00',
      }),
    ]);
    api.on('POST /bookings', { status: 201, body: booking() });
    render(<HealthPage />);
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/me/bookings')).toHaveLength(1));
    expect(screen.queryByTestId('booking-limit')).toBeNull();
    fireEvent.click(await screen.findByText('余2'));
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.booking('b_1') }));
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '确认预约' }));
    // The booking just made is the second upcoming one: now the limit shows.
    expect(screen.getByTestId('booking-limit')).toBeTruthy();
  });

  it('two doctors at once: a slot overlapping a booking at another station says which one', async () => {
    serveSlots([slot('s1', '09:00')]);
    mine([
      booking({
        id: 'b_2',
        slotId: 's20',
        sessionId: 'cs_2',
        stationId: 'hs02',
        stationName: '坝陵桥社区卫生服务中心职工健康驿站',
        doctorName: '王芳',
        specialty: '中医',
        startsAt: '2026-12-03T09:15:00+08:00',
        endsAt: '2026-12-03T09:45:00+08:00',
      }),
    ]);
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<HealthPage />);
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/me/bookings')).toHaveLength(1));
    fireEvent.click(await screen.findByText('余2'));
    await waitFor(() =>
      expect(Taro.showModal).toHaveBeenCalledWith(
        expect.objectContaining({
          title: '时间重叠',
          content:
            '这个时段和您12月3日 09:15在坝陵桥社区卫生服务中心职工健康驿站的预约（中医 王芳）时间重叠，同一时间只能看一位医生。如要改约，请先在“我的预约”里取消原来的预约。',
        }),
      ),
    );
    expect(bookingCalls()).toHaveLength(0);
  });

  it('one waiting place per session: another full slot says so; a slot with places may still be booked', async () => {
    serveSlots([slot('s1', '09:00', { remaining: 0, waiting: 1 }), slot('s2', '09:30', { remaining: 0 }), slot('s3', '10:00')]);
    mine([booking({ id: 'wl_1', kind: 'waitlist', slotId: 's1', status: 'waitlisted', position: 1, checkInCode: null })]);
    (Taro.showModal as jest.Mock)
      .mockResolvedValueOnce({ confirm: false, cancel: true })
      .mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<HealthPage />);
    await waitFor(() =>
      expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['09:00候补中', '09:30约满·可候补', '10:00余2']),
    );
    fireEvent.click(screen.getByText('约满·可候补'));
    await waitFor(() =>
      expect(Taro.showModal).toHaveBeenCalledWith(
        expect.objectContaining({
          title: '这一场已在候补',
          content: '您已在这一场09:00的时段候补，每场只能候补一个时段。可在“我的预约”里退出候补后再选。',
        }),
      ),
    );
    fireEvent.click(screen.getByText('余2'));
    await waitFor(() => expect(Taro.showModal).toHaveBeenLastCalledWith(expect.objectContaining({ title: '确认预约' })));
    expect(bookingCalls()).toHaveLength(0);
  });

  it('the server stays the authority: a refusal the app could not foresee shows with 查看我的预约', async () => {
    serveSlots([slot('s1', '09:00')]);
    mine([]);
    api.on('POST /bookings', {
      status: 409,
      body: { error: { code: 'ALREADY_BOOKED', message: '您已经约了这位医生这一场的号，每场只能约一个时段。' } },
    });
    render(<HealthPage />);
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/me/bookings')).toHaveLength(1));
    fireEvent.click(await screen.findByText('余2'));
    expect((await screen.findByRole('alert')).textContent).toContain('您已经约了这位医生这一场的号');
    fireEvent.click(screen.getByText('查看我的预约'));
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: ROUTES.myBookings });
  });
});

describe('the date strip', () => {
  it("starts on the first day with a doctor in, marks the days without, and follows the station's days", async () => {
    // 12-02 (Wed) to 12-05 (Sat): hs01 sees doctors on Thu and Sat only, hs02 on Wed only.
    const dates = ['2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'];
    api.on('GET /health-stations', {
      status: 200,
      body: {
        stations: [
          { id: 'hs01', name: '解南社区卫生服务中心职工健康驿站', status: 'open', doctors: [], sessionDates: ['2026-12-03', '2026-12-05'] },
          { id: 'hs02', name: '坝陵桥社区卫生服务中心职工健康驿站', status: 'open', doctors: [], sessionDates: ['2026-12-02'] },
        ],
        bookableDates: dates,
      },
    });
    api.on('GET /health-stations/hs01/slots', { status: 200, body: { date: DATE, opensAt: null, sessions: [] } });
    api.on('GET /health-stations/hs02/slots', { status: 200, body: { date: '2026-12-02', opensAt: null, sessions: [] } });
    render(<HealthPage />);
    await waitFor(() => expect(screen.getAllByTestId('date')).toHaveLength(4));
    const strip = () => screen.getAllByTestId('date').map((d) => [d.textContent, d.classList.contains('date-on')]);
    expect(strip()).toEqual([
      ['周三12/2无出诊', false],
      ['周四12/3', true],
      ['周五12/4无出诊', false],
      ['周六12/5', false],
    ]);
    await waitFor(() =>
      expect(api.calls).toContainEqual(expect.objectContaining({ path: '/health-stations/hs01/slots', query: { date: '2026-12-03' } })),
    );
    fireEvent.click(screen.getByText('坝陵桥社区卫生服务中心职工健康驿站'));
    await waitFor(() =>
      expect(strip()).toEqual([
        ['周三12/2', true],
        ['周四12/3无出诊', false],
        ['周五12/4无出诊', false],
        ['周六12/5无出诊', false],
      ]),
    );
  });
});

describe('coming back to the booking page', () => {
  it('refreshes the slots, so a place taken meanwhile (e.g. by this worker) no longer shows as free', async () => {
    serveSlots([slot('s1', '09:00', { remaining: 1, capacity: 1 })]);
    render(<HealthPage />);
    expect((await screen.findAllByTestId('slot')).map((b) => b.textContent)).toEqual(['09:00余1']);
    const slotCalls = () => api.calls.filter((c) => c.path.startsWith('/health-stations/hs01/slots')).length;
    expect(slotCalls()).toBe(1);
    serveSlots([slot('s1', '09:00', { remaining: 0, capacity: 1, waiting: 0 })]);
    act(() => __show());
    await waitFor(() => expect(screen.getAllByTestId('slot').map((b) => b.textContent)).toEqual(['09:00约满·可候补']));
    expect(slotCalls()).toBe(2);
  });
});

describe('my bookings', () => {
  const NOW = Date.UTC(2026, 11, 2, 2, 0); // 2026-12-02 10:00 Shanghai
  beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
  afterEach(() => jest.restoreAllMocks());

  it('shows each status, cancel before the deadline, the phone after it, and no cancel for an unparsable deadline', async () => {
    api.on('GET /me/bookings', {
      status: 200,
      body: {
        bookings: [
          booking({ id: 'wl_1', kind: 'waitlist', status: 'waitlisted', position: 2, checkInCode: null, cancellableUntil: null }),
          booking({ id: 'b_ok' }),
          booking({ id: 'b_late', cancellableUntil: '2026-12-02T09:59:00+08:00' }),
          booking({ id: 'b_bad', cancellableUntil: '2026-12-03 7:00' }),
          booking({ id: 'b_stop', status: 'cancelled', cancelledBy: 'station' }),
          booking({ id: 'b_ns', status: 'no_show' }),
        ],
      },
    });
    render(<MyBookingsPage />);
    await waitFor(() => expect(screen.getAllByTestId('my-booking')).toHaveLength(6));
    expect(screen.getAllByTestId('booking-status').map((x) => x.textContent)).toEqual([
      '候补中，排第2位',
      '已预约',
      '已预约',
      '已预约',
      '医生停诊，已取消',
      '未到诊',
    ]);
    const cards = screen.getAllByTestId('my-booking');
    expect(cards.map((c) => c.querySelector('[data-testid="cancel-booking"]')?.textContent ?? null)).toEqual([
      '退出候补',
      '取消预约',
      null,
      null,
      null,
      null,
    ]);
    expect(cards[2].querySelector('[data-testid="cancel-closed"]')?.textContent).toContain('0351-8852653');
  });

  it('lists what still needs the worker first: a cancelled booking sent first goes below a booked one', async () => {
    api.on('GET /me/bookings', {
      status: 200,
      body: {
        bookings: [
          booking({ id: 'b_old', status: 'cancelled', cancelledBy: 'worker' }),
          booking({ id: 'b_new' }),
          booking({ id: 'wl_2', status: 'waitlisted', position: 1, checkInCode: null }),
        ],
      },
    });
    render(<MyBookingsPage />);
    await waitFor(() => expect(screen.getAllByTestId('my-booking')).toHaveLength(3));
    expect(screen.getAllByTestId('booking-status').map((x) => x.textContent)).toEqual(['已预约', '候补中，排第1位', '已取消']);
    expect(screen.getAllByTestId('booking-status')[0].className).toContain('booking-status-booked');
  });

  it('cancels after a confirmation and shows the new status', async () => {
    api.on('GET /me/bookings', { status: 200, body: { bookings: [booking()] } });
    api.on('POST /bookings/b_1/cancel', { status: 200, body: booking({ status: 'cancelled', cancelledBy: 'worker' }) });
    render(<MyBookingsPage />);
    fireEvent.click(await screen.findByTestId('cancel-booking'));
    await waitFor(() => expect(screen.getByTestId('booking-status').textContent).toBe('已取消'));
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '取消预约' }));
    const content = (Taro.showModal as jest.Mock).mock.calls[0][0].content as string;
    expect(content.replace(/\u2060/g, '')).toMatch(/^12月3日 09:00 解南社区卫生服务中心职工健康驿站 全科 李振宇。取消后/);
  });

  it('the cancel dialog keeps a date and a time whole (12:30 never breaks as 1 / 2:30)', async () => {
    const at1230 = booking({
      startsAt: `${DATE}T12:30:00+08:00`,
      endsAt: `${DATE}T13:00:00+08:00`,
      cancellableUntil: `${DATE}T10:30:00+08:00`,
    });
    api.on('GET /me/bookings', { status: 200, body: { bookings: [at1230] } });
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    render(<MyBookingsPage />);
    fireEvent.click(await screen.findByTestId('cancel-booking'));
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1));
    const content = (Taro.showModal as jest.Mock).mock.calls[0][0].content as string;
    // A word joiner (U+2060, no break on either side, invisible) between every two characters of each date and time.
    const J = '\u2060';
    expect(content).toBe(
      `1${J}2${J}月${J}3${J}日 1${J}2${J}:${J}3${J}0 解南社区卫生服务中心职工健康驿站 全科 李振宇。取消后号源会让给其他职工。` +
        `1${J}2${J}月${J}3${J}日 1${J}0${J}:${J}3${J}0前可以在线取消。`,
    );
  });

  it('a cancel that fails offline: 重试 retries the cancel (not the list), and the booking page does not show it', async () => {
    api.on('GET /me/bookings', { status: 200, body: { bookings: [booking()] } });
    api.on('POST /bookings/b_1/cancel', networkDown);
    render(<MyBookingsPage />);
    fireEvent.click(await screen.findByTestId('cancel-booking'));
    const banner = await screen.findByRole('alert');
    cleanup();
    // On 预约健康驿站 the failed cancel is not this page's problem.
    serveSlots([slot('s1', '09:00')]);
    render(<HealthPage />);
    await screen.findAllByTestId('slot');
    expect(screen.queryByRole('alert')).toBeNull();
    cleanup();
    // Back on 我的预约 (its list reloads on show), a new failure: 重试 repeats the cancel.
    render(<MyBookingsPage />);
    fireEvent.click(await screen.findByTestId('cancel-booking'));
    await screen.findByRole('alert');
    api.on('POST /bookings/b_1/cancel', { status: 200, body: booking({ status: 'cancelled', cancelledBy: 'worker' }) });
    const listLoads = api.calls.filter((c) => c.path === '/me/bookings').length;
    fireEvent.click(screen.getByText('重试'));
    await waitFor(() => expect(screen.getByTestId('booking-status').textContent).toBe('已取消'));
    expect(api.calls.filter((c) => c.path === '/me/bookings').length).toBe(listLoads);
    expect(banner).toBeTruthy();
  });
});

describe('confirmation page', () => {
  it('shows the check-in digits for a booking and the place in line (no code) for a waiting place', () => {
    useBookingsStore.setState({ bookings: [booking(), booking({ id: 'wl_1', status: 'waitlisted', position: 3, checkInCode: null })] });
    __setRouterParams({ id: 'b_1' });
    const { unmount } = render(<BookingPage />);
    expect(screen.getByTestId('check-in-code').textContent).toBe('12345678');
    unmount();
    __setRouterParams({ id: 'wl_1' });
    render(<BookingPage />);
    expect(screen.getByTestId('waitlist-position').textContent).toBe('已加入候补，排第3位');
    expect(screen.queryByTestId('check-in-code')).toBeNull();
  });

  it("shows the health station's address and navigates there (weapp: WeChat's map, GCJ-02)", async () => {
    api.on('GET /health-stations', {
      status: 200,
      body: {
        stations: [
          {
            id: 'hs02',
            name: '坝陵桥社区卫生服务中心职工健康驿站',
            address: '太原市万柏林区千峰南路',
            lat: 37.8549,
            lng: 112.5091,
            phone: '0351-1111111',
            status: 'open',
            doctors: [],
            sessionDates: [],
          },
          {
            id: 'hs01',
            name: '解南社区卫生服务中心职工健康驿站',
            address: '太原市小店区坞城路与平阳路交叉口',
            lat: 37.8003,
            lng: 112.5672,
            phone: '0351-8852653',
            status: 'open',
            doctors: [],
            sessionDates: [],
          },
        ],
        bookableDates: [DATE],
      },
    });
    useBookingsStore.setState({ bookings: [booking()] });
    __setRouterParams({ id: 'b_1' });
    render(<BookingPage />);
    expect((await screen.findByTestId('station-address')).textContent).toBe('地址：太原市小店区坞城路与平阳路交叉口');
    process.env.TARO_ENV = 'weapp';
    try {
      fireEvent.click(screen.getByTestId('station-navigate'));
    } finally {
      delete process.env.TARO_ENV;
    }
    expect(Taro.openLocation).toHaveBeenCalledWith({
      latitude: 37.8003,
      longitude: 112.5672,
      name: '解南社区卫生服务中心职工健康驿站',
      address: '太原市小店区坞城路与平阳路交叉口',
      scale: 17,
    });
  });

  it('without the station list (offline) the check-in code and the phone still show, with no address', async () => {
    api.on('GET /health-stations', networkDown);
    useBookingsStore.setState({ bookings: [booking()] });
    __setRouterParams({ id: 'b_1' });
    render(<BookingPage />);
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/health-stations')).toHaveLength(1));
    expect(screen.getByTestId('check-in-code').textContent).toBe('12345678');
    expect(screen.getByTestId('station-phone').textContent).toBe('联系健康驿站 0351-8852653');
    expect(screen.queryByTestId('station-address')).toBeNull();
    expect(screen.queryByTestId('station-navigate')).toBeNull();
  });
});

describe('reminder consent', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('asks for the configured templates on weapp only, and a refusal does not throw', async () => {
    process.env.TARO_APP_WX_TPL_REMINDER = 'TPL_A';
    process.env.TARO_APP_WX_TPL_PROMOTED = 'TPL_B';
    await askReminderConsent('h5');
    expect(Taro.requestSubscribeMessage).not.toHaveBeenCalled();
    (Taro.requestSubscribeMessage as jest.Mock).mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail cancel' });
    await expect(askReminderConsent('weapp')).resolves.toBeUndefined();
    expect(Taro.requestSubscribeMessage).toHaveBeenCalledWith({ tmplIds: ['TPL_A', 'TPL_B'], entityIds: [] });
  });
});
