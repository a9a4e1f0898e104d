import type { Tx } from '../core/db/database.ts';
import * as repo from './visits.repository.ts';

/**
 * Visits another capability's plan sets (a contingency plan's weekly branch visits, seed 000): visits like any
 * other, planned and recorded on the visit pages. Scheduled inside the caller's unit of work, under its
 * row-level security: visits are the council's own record.
 */
export interface MonitoringVisits {
  readonly councilId: string;
  readonly serviceId: string;
  /** The day each visit is due by. */
  readonly dueDates: readonly string[];
  readonly purpose: string;
  readonly officerId: string;
  readonly createdBy: string;
}

export async function scheduleMonitoringVisits(tx: Tx, visits: MonitoringVisits): Promise<string[]> {
  const ids: string[] = [];
  for (const dueBy of visits.dueDates) {
    ids.push(
      await repo.insertVisit(tx, {
        councilId: visits.councilId,
        serviceId: visits.serviceId,
        kind: 'drop_in',
        jointWith: [],
        jointDetail: null,
        purpose: visits.purpose.slice(0, 2000),
        dueBy,
        plannedOn: null,
        visitedOn: null,
        outcome: null,
        officerId: visits.officerId,
        assessmentId: null,
        actionPlanId: null,
        createdBy: visits.createdBy,
      }),
    );
  }
  return ids;
}
