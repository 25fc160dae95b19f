import crypto from 'crypto';
import pg from 'pg';

/**
 * PostgreSQL as the meeting point of servers on any number of hosts: a notification channel (LISTEN/NOTIFY) and a
 * leader lock (a session advisory lock). Each holds one connection of its own, outside the query pool, for as long
 * as the server runs. Nothing here applies to SQLite (one host: the cluster's primary relays, its first worker
 * runs the scheduler).
 */

/** How long to wait before connecting again after the listening connection was lost (a restart, a failover). */
const RECONNECT_MS = 1000;

/** Server-side TCP keepalives on a long-held connection (PostgreSQL settings, seconds): a host that died is noticed. */
const KEEPALIVE_SQL = 'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3';

/** A channel between every server on one database: `publish` reaches the others' `subscribe`d listeners. */
export interface PgChannel {
  /** Sends `message` (at most a few hundred bytes) to the other servers listening on the channel. */
  publish(message: string): void;
  /** Calls `listener` with each message another server publishes; returns the unsubscribe. */
  subscribe(listener: (message: string) => void): () => void;
  /** Resolves once the channel listens (a message published before that is not heard); at start-up and in tests. */
  ready(): Promise<void>;
  /** Stops listening and closes the connection. */
  close(): Promise<void>;
}

/**
 * Listens on `channel` (a plain SQL identifier) of the database at `url` and publishes to it with pg_notify.
 * Messages carry this server's instance id, so a server does not hear its own. A lost connection is made again
 * after RECONNECT_MS; notifications sent meanwhile are lost (a door controller's long poll then ends at its
 * timeout and reads its grants from the database, as before). Publishing goes through the listening connection;
 * when it is down, the message is dropped likewise.
 */
export function pgChannel(url: string, channel: string, onError: (err: Error) => void = () => undefined): PgChannel {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  const me = crypto.randomBytes(6).toString('hex');
  const listeners = new Set<(message: string) => void>();
  let client: pg.Client | null = null;
  let ready = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let listening!: () => void;
  const firstListen = new Promise<void>((resolve) => (listening = resolve));

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    ready = false;
    c.on('notification', (n) => {
      const payload = n.payload ?? '';
      const cut = payload.indexOf(':');
      if (cut < 0 || payload.slice(0, cut) === me) return;
      for (const l of [...listeners]) l(payload.slice(cut + 1));
    });
    const lost = (err?: Error): void => {
      if (client !== c) return;
      client = null;
      ready = false;
      if (err) onError(err);
      void c.end().catch(() => undefined);
      if (!closed) retry = setTimeout(() => void connect(), RECONNECT_MS);
    };
    c.on('error', lost);
    c.on('end', () => lost());
    try {
      await c.connect();
      await c.query(KEEPALIVE_SQL);
      await c.query(`LISTEN ${channel}`);
      if (client === c) ready = !closed;
      if (closed) await c.end();
      else listening();
    } catch (err) {
      lost(err as Error);
    }
  };
  void connect();

  return {
    publish(message) {
      if (!ready || !client) return;
      client.query('SELECT pg_notify($1, $2)', [channel, `${me}:${message}`]).catch((err: Error) => onError(err));
    },
    ready: () => firstListen,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      ready = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}

/**
 * One leader among every server of a database, by a session advisory lock on a connection of its own: `isLeader`
 * takes the lock when it is free (pg_try_advisory_lock, never waits) and answers whether this server holds it.
 * PostgreSQL releases it when the holding connection ends: at once when the holder's process dies (its socket
 * closes), within the keepalive settings (about 25 s) when its host does, so another server takes over at its next
 * call.
 */
export interface PgLeader {
  isLeader(): Promise<boolean>;
  close(): Promise<void>;
}

export function pgLeader(url: string, lockKey: number): PgLeader {
  let client: pg.Client | null = null;
  let held = false;
  const drop = (): void => {
    const c = client;
    client = null;
    held = false;
    void c?.end().catch(() => undefined);
  };
  return {
    async isLeader() {
      try {
        if (!client) {
          const c = new pg.Client({ connectionString: url });
          c.on('error', () => {
            if (client === c) drop();
          });
          await c.connect();
          await c.query(KEEPALIVE_SQL);
          client = c;
        }
        if (held) {
          // Still connected (a dead connection fails here and the lock is gone with it).
          await client.query('SELECT 1');
          return true;
        }
        const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [lockKey]);
        held = r.rows[0]?.ok === true;
        return held;
      } catch {
        drop();
        return false;
      }
    },
    async close() {
      const c = client;
      client = null;
      held = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
