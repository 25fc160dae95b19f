import type { AppContext } from '../../core/context';
import { ApiError } from '../../core/http/errors';
import { clinicDayRows, healthStationName, type DayBookingRow } from './repoClinicDay';
import { checkInState, type BookingPolicy } from '@/rules/slots';
import { maskName } from '@/rules/name';
import { parseDate, shanghaiDate, toShanghaiIso } from '@/rules/time';

/**
 * A health station's day for its clinic staff (issue 13; GET /staff/health-stations/{id}/day): each clinic session
 * with its doctor, places and bookings (workers masked), and the day's no-shows. The route has authorised the
 * caller over the health station. No check-in code is ever in the answer.
 */

/** A worker as staff see them: surname and stars, the phone's first 3 and last 4 digits (null once erased). */
export interface MaskedWorker {
  maskedName: string;
  maskedPhone: string | null;
}

/** What staff read for an account that was erased (its bookings stay, anonymous). */
const ERASED_NAME = '已注销';

const maskedWorker = (b: DayBookingRow): MaskedWorker =>
  b.workerName === null
    ? { maskedName: ERASED_NAME, maskedPhone: null }
    : { maskedName: maskName(b.workerName), maskedPhone: b.workerPhoneMasked };

/**
 * A booking's status at `nowMs` by the no-show rule the scheduler applies (repo.ts markNoShows, src/rules/slots.ts
 * checkInState): a booking still booked when its slot ends is a no-show from that instant, whether or not the
 * scheduler's pass has marked it yet. Cancelled bookings (by the worker or by the station, e.g. a doctor absent)
 * are never no-shows.
 */
export function dayStatus(
  b: Pick<DayBookingRow, 'status' | 'startsAt' | 'endsAt'>,
  nowMs: number,
  policy: BookingPolicy,
): DayBookingRow['status'] {
  if (b.status === 'booked' && checkInState(b.startsAt, b.endsAt, nowMs, policy) === 'ended') return 'no_show';
  return b.status;
}

/**
 * The day at health station `healthStationId` on Shanghai date `date` ('YYYY-MM-DD'; default today at ctx.now()).
 * Counts per session: `booked` the bookings not cancelled (booked, checked in or no-show), `checkedIn` those checked
 * in, `waiting` the waiting places still in line (of slots not yet started, the scheduler's expireWaitlist rule).
 * `noShows` lists the day's no-shows by slot start.
 * @throws ApiError VALIDATION_FAILED (not a real date), NOT_FOUND (no such health station)
 */
export async function clinicDay(ctx: AppContext, healthStationId: string, date?: string) {
  const nowMs = ctx.now();
  const day = date ?? shanghaiDate(nowMs);
  if (!parseDate(day)) throw new ApiError('VALIDATION_FAILED', { message: '日期不对，请用 YYYY-MM-DD 格式的真实日期。' });
  const station = await healthStationName(ctx.db, healthStationId);
  if (!station) throw new ApiError('NOT_FOUND', { message: '没有这个健康驿站，请核对编号。' });
  const rows = await clinicDayRows(ctx.db, healthStationId, day, nowMs);
  const noShows: { bookingId: string; sessionId: string; startsAt: string; doctorName: string; worker: MaskedWorker }[] = [];
  const sessions = rows.sessions.map((s) => {
    const bookings = rows.bookings
      .filter((b) => b.sessionId === s.id)
      .map((b) => {
        const status = dayStatus(b, nowMs, ctx.config.booking.policy);
        const worker = maskedWorker(b);
        if (status === 'no_show')
          noShows.push({ bookingId: b.id, sessionId: s.id, startsAt: toShanghaiIso(b.startsAt), doctorName: s.doctorName, worker });
        return {
          id: b.id,
          startsAt: toShanghaiIso(b.startsAt),
          endsAt: toShanghaiIso(b.endsAt),
          worker,
          status,
          checkedInAt: b.checkedInAt === null ? null : toShanghaiIso(b.checkedInAt),
          cancelledBy: status === 'cancelled' ? b.cancelledBy : null,
        };
      });
    return {
      id: s.id,
      status: s.status === 'cancelled' ? ('cancelled' as const) : ('scheduled' as const),
      startsAt: toShanghaiIso(s.startsAt),
      endsAt: toShanghaiIso(s.endsAt),
      doctor: { id: s.doctorId, name: s.doctorName, title: s.doctorTitle, specialty: s.doctorSpecialty },
      capacity: s.capacity,
      booked: bookings.filter((b) => b.status !== 'cancelled').length,
      checkedIn: bookings.filter((b) => b.status === 'checked_in').length,
      waiting: s.waiting,
      bookings,
    };
  });
  // Sessions run by start, so the no-shows collected session by session are sorted by slot start only within each.
  noShows.sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : 0));
  return { date: day, healthStation: station, sessions, noShows };
}
