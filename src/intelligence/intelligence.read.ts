import { sql } from 'kysely';
import { today } from '../core/clock.ts';
import { addDays } from '../core/dates.ts';
import type { Tx } from '../core/db/database.ts';
import type { HandlingStatus, Section42Status, Severity, Source, Substantiated } from './intelligence.rules.ts';

/** What other capabilities read of intelligence, in their own unit of work (row-level security applies). */

/** One entry reduced to what scoring needs: no summary, no detail, no personal details. */
export interface IntelligenceFact {
  readonly receivedOn: string;
  readonly source: Source;
  readonly severity: Severity | null;
  readonly substantiated: Substantiated;
  readonly safeguarding: boolean;
  readonly section42Status: Section42Status | null;
  readonly status: HandlingStatus;
}

/**
 * For each service given, the entries received from `from` to `to` (ISO dates, both included), and any
 * whose Section 42 enquiry is still open whenever it was received.
 */
export async function intelligenceFacts(tx: Tx, serviceIds: readonly string[], received: { readonly from: string; readonly to: string }): Promise<Map<string, IntelligenceFact[]>> {
  const facts = new Map<string, IntelligenceFact[]>(serviceIds.map((id) => [id, []]));
  if (!serviceIds.length) return facts;
  const rows = await tx
    .selectFrom('intelligence')
    .select(['service_id', 'received_on', 'source', 'severity', 'substantiated', 'safeguarding', 'section42_status', 'status'])
    .where('service_id', 'in', serviceIds)
    .where((eb) => eb.or([eb.and([eb('received_on', '>=', received.from), eb('received_on', '<=', received.to)]), eb('section42_status', '=', 'open')]))
    .execute();
  for (const row of rows) {
    facts.get(row.service_id)?.push({
      receivedOn: row.received_on,
      source: row.source as Source,
      severity: row.severity,
      substantiated: row.substantiated,
      safeguarding: row.safeguarding,
      section42Status: row.section42_status,
      status: row.status,
    });
  }
  return facts;
}

/** A report from the public, reduced to when it came in and when the council triaged it (dates in England). */
export interface ConcernTriage {
  /** The service it named, where it named one the council has. */
  readonly serviceId: string | null;
  readonly receivedOn: string;
  /** Null while it waits for triage. */
  readonly triagedOn: string | null;
}

/** The council's reports from the public received from `from` to `to` (days in England, both included). */
export async function concernTriages(tx: Tx, councilId: string, received: { readonly from: string; readonly to: string }): Promise<ConcernTriage[]> {
  // A day in England starts at most an hour before midnight UTC: a day either side covers it, and the day is checked below.
  const rows = await tx
    .selectFrom('concern_reports')
    .select(['service_id', 'submitted_at', 'triaged_at'])
    .where('council_id', '=', councilId)
    .where('submitted_at', '>=', new Date(`${addDays(received.from, -1)}T00:00:00Z`))
    .where('submitted_at', '<', new Date(`${addDays(received.to, 2)}T00:00:00Z`))
    .execute();
  return rows
    .map((r) => ({ serviceId: r.service_id, receivedOn: today(r.submitted_at), triagedOn: r.triaged_at ? today(r.triaged_at) : null }))
    .filter((r) => r.receivedOn >= received.from && r.receivedOn <= received.to);
}

/** An entry of intelligence reduced to its day and themes (no summary, no detail), for the quarterly summary. */
export interface ReportedIntelligence {
  readonly id: string;
  readonly serviceId: string;
  readonly receivedOn: string;
  readonly themes: readonly string[];
}

/** The council's intelligence received from `from` to `to` (both included). */
export async function reportedIntelligence(tx: Tx, councilId: string, received: { readonly from: string; readonly to: string }): Promise<ReportedIntelligence[]> {
  const rows = await tx
    .selectFrom('intelligence')
    .select(['id', 'service_id', 'themes', sql<string>`received_on::text`.as('received_on')])
    .where('council_id', '=', councilId)
    .where('received_on', '>=', received.from)
    .where('received_on', '<=', received.to)
    .execute();
  return rows.map((r) => ({ id: r.id, serviceId: r.service_id, receivedOn: r.received_on, themes: r.themes }));
}
