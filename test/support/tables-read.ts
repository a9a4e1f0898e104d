import { sql } from 'kysely';
import type { Actor, Store } from '../../src/core/db/database.ts';

/** Runs `work` as a request does: in one unit of work as the actor (every step joins it), then ends it. */
export async function asRequest<T>(store: Store, actor: Actor, work: () => Promise<T>, end: 'commit' | 'rollback' = 'rollback'): Promise<T> {
  const unit = store.openRequest(actor);
  try {
    const result = await unit.run(work);
    if (end === 'commit') await unit.commit();
    return result;
  } finally {
    await unit.rollback();
  }
}

/**
 * The tables `read` scans, run as a request by the actor (PostgreSQL only: it counts each table's scans in the
 * transaction, pg_stat_xact_user_tables, including those of functions and row-level security policies); none
 * when the read fails (a service the actor may not see).
 */
export async function tablesRead(store: Store, actor: Actor, read: () => Promise<unknown>): Promise<string[]> {
  const counts = () =>
    store.asSystem(async (tx) => new Map((await sql<{ relname: string; n: string }>`select relname, (seq_scan + coalesce(idx_scan, 0))::text as n from pg_stat_xact_user_tables`.execute(tx)).rows.map((r) => [r.relname, Number(r.n)])));
  return asRequest(store, actor, async () => {
    const start = await counts();
    const ok = await read().then(
      () => true,
      () => false,
    );
    const end = await counts();
    return ok ? [...end].filter(([table, n]) => n > (start.get(table) ?? 0)).map(([table]) => table) : [];
  });
}

/** The tables a change to which moves a service's version or a shared one (a trigger calling a service_versions_ function). */
export async function versionedTables(store: Store): Promise<Set<string>> {
  return store.asSystem(async (tx) => {
    const { rows } = await sql<{ table_name: string }>`
      select distinct c.relname as table_name from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_proc p on p.oid = t.tgfoid
       where not t.tgisinternal and p.proname like 'service\\_versions\\_%'`.execute(tx);
    return new Set(rows.map((r) => r.table_name));
  });
}
