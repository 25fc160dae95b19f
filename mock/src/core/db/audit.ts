import type { Db } from './database';
import type { AuditLogTable } from './schema';
import { sha256Hex } from '../crypto';

/**
 * The audit trail (migration 010): append-only and hash-chained. Each row's `hash` is SHA-256 (FIPS 180-4) of the
 * canonical JSON of every other column of the row, `prev_hash` (the previous row's hash; 64 zeros for the first)
 * included, so an edited row no longer matches its hash and a deleted one breaks the link of the row after it;
 * the head row (audit_head) holds the last seq and hash, so a deleted last row shows too. Appends are serialised:
 * each runs in one transaction that first updates the head (SQLite: the IMMEDIATE write lock; PostgreSQL: the
 * head's row lock), so concurrent appends from several processes keep one chain. Times are epoch milliseconds.
 */

/** What one audit row says; `at` and the chain columns are filled in by the append. */
export interface AuditEntry {
  accountId: string | null;
  staffId: string | null;
  role: string | null;
  scope: string | null;
  /** e.g. checkin, session.cancel, worker.release, alarm.acknowledge, invitation.create, member.suspend, alerts.read. */
  action: string;
  /** refused: the caller may act but the request was turned down (`detail.reason` says why, e.g. a console sign-in's). */
  outcome: 'ok' | 'forbidden' | 'limited' | 'refused';
  targetType: string | null;
  targetId: string | null;
  stationId: string | null;
  address: string | null;
  /** A flat object of strings, numbers, booleans and nulls; never identity numbers, phones or door codes. */
  detail: Record<string, string | number | boolean | null> | null;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys in code-point order at every level and no whitespace: for the flat rows hashed here (strings,
 * safe integers, null) this is the RFC 8785 canonical form, since JSON.stringify already writes such strings and
 * integers as RFC 8785 does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

type Row = Omit<AuditLogTable, 'hash'>;

/** The hash of a row: SHA-256 of the canonical JSON of all its columns but `hash`. */
export const rowHash = (row: Row): string => sha256Hex(canonicalJson(row));

/**
 * Appends one row inside the caller's transaction `trx` (which must be one: the head update and the insert belong
 * together). @returns the row's seq.
 */
export async function appendAuditIn(trx: Db, entry: AuditEntry, nowMs: number): Promise<number> {
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const row: Row = {
    seq: head.seq,
    at: nowMs,
    account_id: entry.accountId,
    staff_id: entry.staffId,
    role: entry.role,
    scope: entry.scope,
    action: entry.action,
    outcome: entry.outcome,
    target_type: entry.targetType,
    target_id: entry.targetId,
    station_id: entry.stationId,
    address: entry.address,
    detail: entry.detail ? canonicalJson(entry.detail) : null,
    prev_hash: head.hash,
  };
  const hash = rowHash(row);
  await trx
    .insertInto('audit_log')
    .values({ ...row, hash })
    .execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
  return row.seq;
}

/** Appends one row in a transaction of its own. @returns its seq. */
export async function appendAudit(db: Db, entry: AuditEntry, nowMs: number): Promise<number> {
  return db.transaction().execute((trx) => appendAuditIn(trx, entry, nowMs));
}

/** The filters of GET /staff/audit; times are epoch ms, [fromMs, toMs). `beforeSeq` pages backwards. */
export interface AuditQuery {
  staffId?: string;
  stationId?: string;
  action?: string;
  fromMs?: number;
  toMs?: number;
  beforeSeq?: number;
  limit: number;
}

/** Audit rows matching `q`, newest first. */
export async function auditRows(db: Db, q: AuditQuery): Promise<AuditLogTable[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.staffId) query = query.where('staff_id', '=', q.staffId);
  if (q.stationId) query = query.where('station_id', '=', q.stationId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.fromMs !== undefined) query = query.where('at', '>=', q.fromMs);
  if (q.toMs !== undefined) query = query.where('at', '<', q.toMs);
  if (q.beforeSeq !== undefined) query = query.where('seq', '<', q.beforeSeq);
  return query.orderBy('seq', 'desc').limit(q.limit).execute();
}

/** The outcome of {@link verifyAudit}: ok, or the first row that does not hold and why. */
export type AuditVerdict = { ok: true; rows: number } | { ok: false; seq: number; reason: string };

/** Rows read per query while verifying. */
const VERIFY_PAGE = 1000;

/**
 * Walks the chain from the first row: each row's seq follows the last (1, 2, 3...), its prev_hash is the last
 * row's hash, its hash is its content's; at the end the head names the last row. The first failure is the verdict:
 * an edited row fails its own hash; a deleted row leaves a gap in seq at the row after it (or, for the last row,
 * a head that names a row that is not there).
 */
export async function verifyAudit(db: Db): Promise<AuditVerdict> {
  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', prevSeq).orderBy('seq').limit(VERIFY_PAGE).execute();
    for (const r of page) {
      const { hash, ...content } = r;
      if (r.seq !== prevSeq + 1) return { ok: false, seq: r.seq, reason: `row ${prevSeq + 1} is missing before it (deleted)` };
      if (r.prev_hash !== prevHash) return { ok: false, seq: r.seq, reason: 'prev_hash does not match the row before it' };
      if (rowHash(content) !== hash) return { ok: false, seq: r.seq, reason: 'its content does not match its hash (edited)' };
      prevSeq = r.seq;
      prevHash = hash;
    }
    if (page.length < VERIFY_PAGE) break;
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (!head) return { ok: false, seq: prevSeq + 1, reason: 'the chain head (audit_head) is missing' };
  if (head.seq !== prevSeq)
    return { ok: false, seq: prevSeq + 1, reason: `the head names row ${head.seq}, the last row is ${prevSeq} (deleted)` };
  if (head.hash !== prevHash) return { ok: false, seq: prevSeq, reason: 'the head hash does not match the last row (edited)' };
  return { ok: true, rows: prevSeq };
}
