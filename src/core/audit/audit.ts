import { ukDate, ukDateTime } from '../http/views.ts';
import type { AuditEvent } from './audit.repository.ts';

/**
 * Turns audit events into what a history page shows: who, when, and each field's value before and after,
 * in plain English. Any capability can describe its own columns and reuse the partial views/history.njk.
 */

export interface AuditField {
  readonly label: string;
  /** Formats a stored value for people; the default handles text, numbers, yes/no, dates and blanks. */
  readonly format?: (value: unknown) => string;
}

export interface AuditDescription {
  /** Labels for the columns people care about, in the order changes should be listed. */
  readonly fields: Readonly<Record<string, AuditField>>;
  /** Columns never worth showing here, beyond the bookkeeping ones (id, council, timestamps). */
  readonly hidden?: readonly string[];
  /** What the record is, when a history mixes several kinds (e.g. "Contract BLK-001"). */
  readonly recordLabel?: (event: AuditEvent) => string | undefined;
}

export interface AuditChange {
  readonly field: string;
  readonly before: string | undefined;
  readonly after: string | undefined;
}

export interface AuditEntry {
  readonly id: number;
  readonly occurredAt: Date;
  readonly when: string;
  readonly who: string;
  readonly action: 'insert' | 'update' | 'delete';
  readonly summary: string;
  readonly changes: readonly AuditChange[];
}

/** Bookkeeping columns every audited table has; they say nothing a reader needs. */
const HIDDEN = new Set(['id', 'council_id', 'created_at', 'updated_at']);
const NOT_RECORDED = 'Not recorded';

export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return NOT_RECORDED;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en-GB');
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return ukDate(value);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return ukDateTime(value);
    return value;
  }
  return JSON.stringify(value);
}

/** snake_case column to a readable label, for columns a capability has not described. */
export function humaniseColumn(column: string): string {
  const words = column.replace(/_id$/, '').replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ACTIONS = { insert: 'Created', update: 'Changed', delete: 'Deleted' } as const;

export function auditEntries(events: readonly AuditEvent[], description: AuditDescription): AuditEntry[] {
  return events.map((event) => {
    const before = event.before ?? {};
    const after = event.after ?? {};
    const columns = orderedColumns(description, [...Object.keys(before), ...Object.keys(after)]);
    const changes: AuditChange[] = [];
    for (const column of columns) {
      const field = description.fields[column];
      const format = field?.format ?? formatAuditValue;
      const label = field?.label ?? humaniseColumn(column);
      const was = before[column];
      const now = after[column];
      if (event.action === 'insert') {
        if (!isBlank(now)) changes.push({ field: label, before: undefined, after: format(now) });
      } else if (event.action === 'delete') {
        if (!isBlank(was)) changes.push({ field: label, before: format(was), after: undefined });
      } else if (JSON.stringify(was ?? null) !== JSON.stringify(now ?? null)) {
        changes.push({ field: label, before: format(was), after: format(now) });
      }
    }
    const what = description.recordLabel?.(event);
    return {
      id: event.id,
      occurredAt: event.occurredAt,
      when: ukDateTime(event.occurredAt),
      who: event.actorName ?? (event.actorUserId ? 'Someone outside your organisation' : 'The system'),
      action: event.action,
      summary: what ? `${ACTIONS[event.action]} ${what}` : ACTIONS[event.action],
      changes,
    };
  });
}

function orderedColumns(description: AuditDescription, present: readonly string[]): string[] {
  const described = Object.keys(description.fields);
  const seen = new Set(present);
  const hidden = new Set([...HIDDEN, ...(description.hidden ?? [])]);
  const extra = [...seen].filter((c) => !hidden.has(c) && !described.includes(c)).sort();
  return [...described.filter((c) => seen.has(c) && !hidden.has(c)), ...extra];
}

function isBlank(value: unknown) {
  return value === null || value === undefined || value === '';
}

/** Ids held in the given columns across events, so a caller can look their names up in one query. */
export function referencedIds(events: readonly AuditEvent[], columns: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const event of events) {
    for (const doc of [event.before, event.after]) {
      for (const column of columns) {
        const value = doc?.[column];
        if (typeof value === 'string' && value) ids.add(value);
      }
    }
  }
  return [...ids];
}

/** A formatter that shows the name behind an id, or says it is no longer visible. */
export function nameOf(names: ReadonlyMap<string, string>): (value: unknown) => string {
  return (value) => (typeof value === 'string' && value ? (names.get(value) ?? 'A record you cannot see') : NOT_RECORDED);
}
