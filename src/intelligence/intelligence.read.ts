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
