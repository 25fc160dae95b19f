/**
 * The bare baselines the benchmarks print beside their figures: the stack alone (Fastify, the database driver,
 * the same database) with none of the product's layers (no sessions, no Kysely, no rules, no logging), run as
 * the product runs (WORKERS processes: one, or a cluster on one port), forked by a benchmark with BARE_KIND:
 *
 * - `unlock`: POST /bare/unlock {workerId, doorId, stationId} writes an entry row and its grant row in one
 *   transaction, as the unlock path does, and answers 201 with their ids;
 * - `booking`: POST /bare/bookings {slotId, sessionId, workerId} takes a place with the conditional UPDATE and
 *   inserts the booking row in one transaction, as a booking does: 201, or 409 when the slot is full;
 * - `nearby`: GET /bare/nearby?... answers the bytes the real server gave for that URL with Accept-Encoding gzip
 *   (read from BARE_NEARBY_FILE: JSON {url: {encoding, body: base64}}): gzipped, or plain under its 1 KB threshold.
 *
 * SQLite: the data folder DATA_DIR opened by core/db (the server's pragmas and checkpoints), statements through
 * better-sqlite3 directly, each transaction BEGIN IMMEDIATE. PostgreSQL (DATABASE_URL): the `pg` driver, each
 * transaction BEGIN ... COMMIT on a pooled client. Sends `{url}` to the parent once every process listens.
 */
import cluster from 'cluster';
import crypto from 'crypto';
import fs from 'fs';
import Fastify from 'fastify';
import { openDatabase } from '../src/core/db/database';
import { sqliteOf } from '../src/core/db/handle';

interface EntryAndGrant {
  workerId: string;
  doorId: string;
  stationId: string;
}

interface Place {
  slotId: string;
  sessionId: string;
  workerId: string;
}

/** The two bare writes, on one engine. */
interface BareStore {
  /** Entry + grant in one transaction; resolves their ids. */
  unlock(e: EntryAndGrant, nowMs: number): Promise<{ entryId: string; grantId: string }>;
  /** Conditional UPDATE of the slot + booking row in one transaction; resolves the booking id, or null when full. */
  book(p: Place, nowMs: number): Promise<string | null>;
}

const GRANT_TTL_MS = 10_000;
const id = (prefix: string): string => `${prefix}_${crypto.randomBytes(12).toString('base64url')}`;
const checkInCode = (): string => String(crypto.randomInt(0, 100_000_000)).padStart(8, '0');

const ENTRY_SQL =
  'INSERT INTO entries (id, worker_id, door_id, station_id, at, outcome, reason, code_kind, location_present, distance_m, door_acked_at, pass_id) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, 1, ?, NULL, NULL)';
const GRANT_SQL = 'INSERT INTO grants (id, door_id, entry_id, expires_at, acked_at) VALUES (?, ?, ?, ?, NULL)';
const TAKE_SQL = 'UPDATE slots SET booked = booked + 1 WHERE id = ? AND booked < capacity';
const BOOKING_SQL =
  "INSERT INTO bookings (id, worker_id, slot_id, session_id, status, check_in_code, created_at, waitlist_id) VALUES (?, ?, ?, ?, 'booked', ?, ?, NULL)";

function sqliteStore(dataDir: string): BareStore {
  const sqlite = sqliteOf(openDatabase(dataDir, { checkIntegrity: false }).db);
  const [entry, grant, take, booking] = [ENTRY_SQL, GRANT_SQL, TAKE_SQL, BOOKING_SQL].map((s) => sqlite.prepare(s));
  const unlock = sqlite.transaction((e: EntryAndGrant, nowMs: number) => {
    const ids = { entryId: id('e'), grantId: id('g') };
    entry.run(ids.entryId, e.workerId, e.doorId, e.stationId, nowMs, 'granted', 'printed', 12);
    grant.run(ids.grantId, e.doorId, ids.entryId, nowMs + GRANT_TTL_MS);
    return ids;
  });
  const book = sqlite.transaction((p: Place, nowMs: number) => {
    if (take.run(p.slotId).changes !== 1) return null;
    const bookingId = id('b');
    booking.run(bookingId, p.workerId, p.slotId, p.sessionId, checkInCode(), nowMs);
    return bookingId;
  });
  return {
    unlock: async (e, nowMs) => unlock.immediate(e, nowMs),
    book: async (p, nowMs) => book.immediate(p, nowMs),
  };
}

/** `?` placeholders as PostgreSQL's `$1, $2, ...`. */
const numbered = (s: string): string => {
  let n = 0;
  return s.replace(/\?/g, () => `$${++n}`);
};

async function postgresStore(url: string): Promise<BareStore> {
  // The driver comes with the PostgreSQL port; until then --pg stops here with this message.
  const pg = (await import('pg' as string).catch(() => {
    throw new Error('the bare baseline on PostgreSQL needs the `pg` driver (a dependency of the PostgreSQL port)');
  })) as { default: { Pool: new (o: { connectionString: string; max: number }) => PgPool } };
  const pool = new pg.default.Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX ?? 10) });
  const tx = async <T>(fn: (q: (s: string, params: unknown[]) => Promise<{ rowCount: number | null }>) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn((s, params) => client.query(numbered(s), params));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  };
  return {
    unlock: (e, nowMs) =>
      tx(async (q) => {
        const ids = { entryId: id('e'), grantId: id('g') };
        await q(ENTRY_SQL, [ids.entryId, e.workerId, e.doorId, e.stationId, nowMs, 'granted', 'printed', 12]);
        await q(GRANT_SQL, [ids.grantId, e.doorId, ids.entryId, nowMs + GRANT_TTL_MS]);
        return ids;
      }),
    book: (p, nowMs) =>
      tx(async (q) => {
        if ((await q(TAKE_SQL, [p.slotId])).rowCount !== 1) return null;
        const bookingId = id('b');
        await q(BOOKING_SQL, [bookingId, p.workerId, p.slotId, p.sessionId, checkInCode(), nowMs]);
        return bookingId;
      }),
  };
}

interface PgPool {
  connect(): Promise<{ query(s: string, params?: unknown[]): Promise<{ rowCount: number | null }>; release(): void }>;
}

async function serve(): Promise<string> {
  const kind = process.env.BARE_KIND;
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  if (kind === 'unlock' || kind === 'booking') {
    const store = process.env.DATABASE_URL ? await postgresStore(process.env.DATABASE_URL) : sqliteStore(process.env.DATA_DIR!);
    app.post('/bare/unlock', async (req, reply) => {
      const ids = await store.unlock(req.body as EntryAndGrant, Date.now());
      return reply.code(201).send({ grant: { id: ids.grantId }, entry: { id: ids.entryId } });
    });
    app.post('/bare/bookings', async (req, reply) => {
      const bookingId = await store.book(req.body as Place, Date.now());
      return bookingId ? reply.code(201).send({ id: bookingId, status: 'booked' }) : reply.code(409).send({ error: { code: 'SLOT_FULL' } });
    });
  } else if (kind === 'nearby') {
    const stored = JSON.parse(fs.readFileSync(process.env.BARE_NEARBY_FILE!, 'utf8')) as Record<
      string,
      { encoding: string | null; body: string }
    >;
    const answers = new Map(Object.entries(stored).map(([url, a]) => [url, { encoding: a.encoding, body: Buffer.from(a.body, 'base64') }]));
    app.get('/bare/nearby', async (req, reply) => {
      const a = answers.get(req.url.replace('/bare/nearby', '/api/v1/stations/nearby'));
      if (!a) return reply.code(404).send();
      reply.header('content-type', 'application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (a.encoding) reply.header('content-encoding', a.encoding);
      return reply.send(a.body);
    });
  } else {
    throw new Error(`BARE_KIND must be unlock, booking or nearby, not ${kind}`);
  }
  const stop = (): void => void app.close().finally(() => process.exit(0));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  return app.listen({ port: Number(process.env.BARE_PORT ?? 0), host: '127.0.0.1' });
}

const workers = Number(process.env.WORKERS ?? 1);
const fail = (err: unknown): void => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
};

if (workers > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('message', (_w, m: { url: string }) => {
    if (++listening === workers) process.send?.({ url: m.url });
  });
  cluster.on('exit', (_w, code) => {
    if (code) process.exit(code);
  });
  process.on('disconnect', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  serve().then((url) => process.send?.({ url }), fail);
}
