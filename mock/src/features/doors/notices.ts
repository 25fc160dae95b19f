import type { AppContext } from '../../core/context';
import { NotifyError, type Notifier, type StaffNotice } from '../../core/notifier';
import type { StaffRecipient } from '../../core/staff';
import { insertNotices, settleNotice } from './repoAlarms';

/**
 * Tells staff members something about a station (an alarm, an offline door): one staff_notices row per person and
 * (kind, ref, level), so nobody is told the same thing twice, each sent through the notifier and its outcome
 * recorded (sent, undeliverable: no template or no WeChat openid; failed: may work later).
 * @returns how many were newly told.
 */
export async function tellStaff(
  ctx: AppContext,
  notifier: Notifier,
  n: { kind: StaffNotice['kind']; refId: string; level: number; stationId: string; stationName: string; at: number; note: string },
  people: StaffRecipient[],
): Promise<number> {
  const added = await insertNotices(
    ctx.db,
    people.map((p) => ({ kind: n.kind, refId: n.refId, level: n.level, staffId: p.staffId, stationId: n.stationId })),
    ctx.now(),
  );
  const openids = new Map(people.map((p) => [p.staffId, p.openid]));
  await Promise.all(
    added.map(async ({ id, staffId }) => {
      try {
        await notifier.send({
          outboxId: id,
          kind: n.kind,
          openid: openids.get(staffId) ?? null,
          stationName: n.stationName,
          at: n.at,
          note: n.note,
        });
        await settleNotice(ctx.db, id, 'sent', null, ctx.now());
      } catch (err) {
        const e = err instanceof NotifyError ? err : new NotifyError('SEND_FAILED', true);
        await settleNotice(ctx.db, id, e.retryable ? 'failed' : 'undeliverable', e.code, ctx.now());
      }
    }),
  );
  return added.length;
}
