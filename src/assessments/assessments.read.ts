import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { AssessmentsTable } from '../core/db/schema.ts';

/** What other capabilities read of the council's assessments, in their own unit of work. */

export type OverallBand = NonNullable<AssessmentsTable['overall_band']>;

export interface LastFullAssessment {
  /** The overall band, where the assessment gave one. */
  readonly band: OverallBand | null;
  /** The day of its visit, or when it was completed where it had none. */
  readonly completedOn: string;
}

/** Each service's latest completed or published full assessment: its date and overall band. */
export async function lastFullAssessments(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, LastFullAssessment>> {
  if (!serviceIds.length) return new Map();
  const rows = await tx
    .selectFrom('assessments')
    .select(['service_id', 'overall_band', sql<string>`coalesce(visited_on, completed_on)::text`.as('assessed_on')])
    .distinctOn('service_id')
    .where('service_id', 'in', serviceIds)
    .where('kind', '=', 'full')
    .where('status', 'in', ['completed', 'published'])
    .orderBy('service_id')
    .orderBy(sql`coalesce(visited_on, completed_on)`, 'desc')
    .orderBy('version', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.service_id, { band: r.overall_band, completedOn: r.assessed_on }]));
}
