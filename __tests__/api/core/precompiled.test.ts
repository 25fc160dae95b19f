/**
 * Queries compiled once and run with new values (mock/src/core/db/precompiled.ts): each call binds its own values
 * in the right places, constants of the query stay, a transaction's `trx` runs it inside that transaction, and a
 * slot that never became a parameter is refused rather than run with the marker in it.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { openDatabase, type OpenedDatabase } from '../../../mock/src/core/db/database';
import { precompiled } from '../../../mock/src/core/db/precompiled';

describe('precompiled queries', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-precompiled-'));
  let opened: OpenedDatabase;
  const insert = precompiled<'key' | 'expiresMs', never>((db, v) =>
    db.insertInto('rate_counts').values({ key: v.key, expires_ms: v.expiresMs, count: 7 }),
  );
  const byKey = precompiled<'key', { key: string; expires_ms: number; count: number }>((db, v) =>
    db.selectFrom('rate_counts').select(['key', 'expires_ms', 'count']).where('key', '=', v.key).where('count', '=', 7),
  );
  beforeAll(() => {
    opened = openDatabase(dataDir);
  });
  afterAll(async () => {
    await opened.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('binds each call its own values, in the places the query named them, beside its constants', async () => {
    await insert(opened.db, { key: 'a', expiresMs: 1000 });
    await insert(opened.db, { expiresMs: 2000, key: 'b' });
    expect((await byKey(opened.db, { key: 'b' })).rows).toEqual([{ key: 'b', expires_ms: 2000, count: 7 }]);
    expect((await byKey(opened.db, { key: 'a' })).rows).toEqual([{ key: 'a', expires_ms: 1000, count: 7 }]);
    expect((await byKey(opened.db, { key: 'none' })).rows).toEqual([]);
  });

  it('runs inside the transaction it is given: a rollback takes its write back', async () => {
    await expect(
      opened.db.transaction().execute(async (trx) => {
        await insert(trx, { key: 'rolled-back', expiresMs: 3000 });
        expect((await byKey(trx, { key: 'rolled-back' })).rows).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect((await byKey(opened.db, { key: 'rolled-back' })).rows).toEqual([]);
  });

  it('refuses a slot that did not become a parameter', async () => {
    const bad = precompiled<'column', never>((db, v) => db.selectFrom('rate_counts').select(v.column));
    await expect(bad(opened.db, { column: 'key' })).rejects.toThrow('did not become a parameter');
  });
});
