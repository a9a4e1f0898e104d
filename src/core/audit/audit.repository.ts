import type { Tx } from '../db/database.ts';

/** Reads the append-only audit trail the database writes for every change to an audited table. */

export interface AuditRecordRef {
  readonly table: string;
  readonly ids: readonly string[];
}

export interface AuditEvent {
  readonly id: number;
  readonly occurredAt: Date;
  readonly tableName: string;
  readonly recordId: string;
  readonly action: 'insert' | 'update' | 'delete';
  readonly actorUserId: string | null;
  /** Null when the change was made by the system, or by someone whose name the reader may not see. */
  readonly actorName: string | null;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
}

const MAX_EVENTS = 1000;

/**
 * Every event on the given records, newest first. Row-level security limits it to the reader's council
 * and to roles allowed to read the trail; the users join shows names only of people the reader may see.
 */
export async function listAuditEvents(tx: Tx, records: readonly AuditRecordRef[], limit = MAX_EVENTS): Promise<AuditEvent[]> {
  const wanted = records.filter((r) => r.ids.length > 0);
  if (wanted.length === 0) return [];
  const rows = await tx
    .selectFrom('audit_events as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.occurred_at', 'a.table_name', 'a.record_id', 'a.action', 'a.actor_user_id', 'u.name as actor_name', 'a.before', 'a.after'])
    .where((eb) => eb.or(wanted.map((r) => eb.and([eb('a.table_name', '=', r.table), eb('a.record_id', 'in', [...r.ids])]))))
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    occurredAt: row.occurred_at,
    tableName: row.table_name,
    recordId: row.record_id,
    action: row.action,
    actorUserId: row.actor_user_id,
    actorName: row.actor_name,
    before: asDocument(row.before),
    after: asDocument(row.after),
  }));
}

function asDocument(value: unknown): Record<string, unknown> | null {
  if (typeof value === 'string') return JSON.parse(value) as Record<string, unknown>;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}
