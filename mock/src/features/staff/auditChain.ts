import type { Db } from '../../core/db/database';
import { verifyAudit } from '../../core/db/audit';

/**
 * The audit chain's verification state (issue 15), the check `npm run -s audit:verify` runs (core/db/audit.ts
 * verifyAudit, which tools/audit-verify.ts calls through here too): `rows` intact rows from the first, and the first
 * row that does not hold (edited, deleted, or the head out of step) with why, or null.
 */
export async function auditChainState(db: Db): Promise<{ ok: boolean; rows: number; firstBad: { seq: number; reason: string } | null }> {
  const v = await verifyAudit(db);
  return v.ok ? { ok: true, rows: v.rows, firstBad: null } : { ok: false, rows: v.seq - 1, firstBad: { seq: v.seq, reason: v.reason } };
}
