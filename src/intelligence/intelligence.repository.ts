import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { IntelligenceTable } from '../core/db/schema.ts';
import type { IntelligenceInput } from './intelligence.rules.ts';

/** All SQL about intelligence entries. Row-level security confines every query to the actor's council. */

const ENTRY_COLUMNS = [
  'i.id',
  'i.council_id',
  'i.service_id',
  's.name as service_name',
  'i.received_on',
  'i.source',
  'i.summary',
  'i.detail',
  'i.themes',
  'i.severity',
  'i.substantiated',
  'i.safeguarding',
  'i.section42_status',
  'i.status',
  'i.concern_report_id',
  'i.created_by',
  'u.name as created_by_name',
  'i.created_at',
  'i.updated_at',
] as const;

function entries(tx: Tx) {
  return tx
    .selectFrom('intelligence as i')
    .innerJoin('services as s', 's.id', 'i.service_id')
    .leftJoin('users as u', 'u.id', 'i.created_by')
    .select(ENTRY_COLUMNS);
}

export type EntryRow = NonNullable<Awaited<ReturnType<typeof findEntry>>>;

export async function findEntry(tx: Tx, id: string) {
  return entries(tx).where('i.id', '=', id).executeTakeFirst();
}

export async function listEntries(tx: Tx, serviceId: string, limit?: number) {
  let query = entries(tx).where('i.service_id', '=', serviceId).orderBy('i.received_on', 'desc').orderBy('i.created_at', 'desc').orderBy('i.id');
  if (limit) query = query.limit(limit);
  return query.execute();
}

function columns(input: IntelligenceInput) {
  return {
    received_on: input.receivedOn,
    source: input.source,
    summary: input.summary,
    detail: input.detail ?? null,
    themes: [...input.themes],
    severity: input.severity ?? null,
    substantiated: input.substantiated,
    safeguarding: input.safeguarding,
    section42_status: input.section42 ?? null,
    status: input.status,
  } satisfies Partial<Record<keyof IntelligenceTable, unknown>>;
}

export async function insertEntry(
  tx: Tx,
  entry: { councilId: string; serviceId: string; createdBy: string; concernReportId?: string; input: IntelligenceInput },
) {
  return tx
    .insertInto('intelligence')
    .values({
      council_id: entry.councilId,
      service_id: entry.serviceId,
      created_by: entry.createdBy,
      concern_report_id: entry.concernReportId ?? null,
      ...columns(entry.input),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function updateEntry(tx: Tx, id: string, input: IntelligenceInput) {
  const result = await tx.updateTable('intelligence').set(columns(input)).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The service as the actor may see it (row-level security hides other councils' services). */
export async function findService(tx: Tx, id: string) {
  return tx.selectFrom('services').select(['id', 'name', 'council_id', 'postcode']).where('id', '=', id).executeTakeFirst();
}

export async function listServices(tx: Tx) {
  return tx.selectFrom('services').select(['id', 'name', 'postcode']).orderBy(sql`lower(name)`).orderBy('id').execute();
}

export async function serviceNames(tx: Tx, ids: readonly string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await tx.selectFrom('services').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The audit trail of one record, oldest first, with who made each change. */
export async function auditTrail(tx: Tx, table: 'intelligence' | 'concern_reports', recordId: string) {
  return tx
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.occurred_at', 'a.action', 'a.before', 'a.after', 'a.actor_user_id', 'u.name as actor_name'])
    .where('a.table_name', '=', table)
    .where('a.record_id', '=', recordId)
    .orderBy('a.id')
    .execute();
}
