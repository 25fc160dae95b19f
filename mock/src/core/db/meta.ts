import type { Db } from './database';

/** Facts about the data itself (table meta, migration 008), one value per name. */
export type MetaName = 'master_key_check';

/**
 * Stores `value` under `name` unless a value is there already, and returns the stored one: the first writer wins,
 * so two processes starting at once agree on it.
 */
export async function metaValueOnce(db: Db, name: MetaName, value: string): Promise<string> {
  await db
    .insertInto('meta')
    .values({ name, value })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
