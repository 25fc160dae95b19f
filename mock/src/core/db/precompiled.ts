import { CompiledQuery, type Compilable, type QueryResult } from 'kysely';
import type { Db } from './database';

/**
 * Kysely queries of the hot paths built and compiled once, then run with new values: building a query and
 * compiling it to SQL cost more than SQLite's own work on the unlock path (bench:unlock --prof shows the split).
 * The query still goes through
 * Kysely's executor, so it waits for a transaction that holds the connection like any other, and a transaction's
 * `trx` runs it inside that transaction.
 *
 * `build(db, slot)` builds the query with `slot.<name>` wherever a value goes; each slot is a unique marker string
 * that Kysely passes through as a parameter, found again in the compiled parameters and replaced by the value of
 * each call. Values must therefore reach the query as parameters (where/values/set), never as SQL text or a
 * value Kysely inspects (an expression). The SQL is kept per dialect (the executor's adapter).
 */
export function precompiled<S extends string, R>(
  build: (db: Db, slot: Record<S, never>) => Compilable<R>,
): (db: Db, values: Record<S, unknown>) => Promise<QueryResult<R>> {
  const byDialect = new WeakMap<object, { sql: string; params: ({ slot: S } | { value: unknown })[] }>();
  return async (db, values) => {
    const adapter = db.getExecutor().adapter;
    let compiled = byDialect.get(adapter);
    if (!compiled) {
      const markers = new Map<string, S>();
      const slot = new Proxy({} as Record<S, never>, {
        get: (_t, name) => {
          const marker = `\u0000slot:${String(name)}\u0000`;
          markers.set(marker, name as S);
          return marker as never;
        },
      });
      const q = build(db, slot).compile();
      const params = q.parameters.map((p) => (typeof p === 'string' && markers.has(p) ? { slot: markers.get(p)! } : { value: p }));
      for (const name of markers.values()) {
        if (!params.some((p) => 'slot' in p && p.slot === name))
          throw new Error(`precompiled: the value ${name} did not become a parameter`);
      }
      byDialect.set(adapter, (compiled = { sql: q.sql, params }));
    }
    const parameters = compiled.params.map((p) => ('slot' in p ? values[p.slot] : p.value));
    return db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
  };
}
