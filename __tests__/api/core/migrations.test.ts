/**
 * Both engines have the same migrations: every SQLite migration (mock/src/core/db/migrations/NNN_x.sql) has its
 * PostgreSQL twin of the same name in migrations/postgres/, and no twin lacks its SQLite migration, so a schema change
 * made for one engine alone fails here (the numbering is shared: schema_migrations holds these names on both).
 */
import fs from 'fs';
import path from 'path';

const DIR = path.resolve(__dirname, '../../../mock/src/core/db/migrations');
const names = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();

it('has a PostgreSQL migration of the same name for every SQLite migration, and no other', () => {
  const sqlite = names(DIR);
  expect(sqlite.length).toBeGreaterThanOrEqual(9);
  expect(names(path.join(DIR, 'postgres'))).toEqual(sqlite);
});

it('numbers them 001, 002, ... without a gap, one name per number', () => {
  const numbers = names(DIR).map((f) => Number(/^(\d{3})_[a-z0-9_]+\.sql$/.exec(f)?.[1]));
  expect(numbers).toEqual(numbers.map((_, i) => i + 1));
});
