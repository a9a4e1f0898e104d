import type { Tx } from '../../core/db/database.ts';
import type { VisitRow } from '../history/model.ts';
import { insertRows } from './bulk.ts';

/** Visits, planned and recorded (after the assessments and action plans they link to). */
export async function writeVisits(tx: Tx, councilId: string, visits: readonly VisitRow[]): Promise<void> {
  await insertRows<VisitRow>(tx, 'visits', [
    { name: 'id', type: 'uuid', value: (v) => v.id },
    { name: 'council_id', type: 'uuid', value: () => councilId },
    { name: 'service_id', type: 'uuid', value: (v) => v.serviceId },
    { name: 'kind', type: 'text', value: (v) => v.kind },
    { name: 'joint_with', type: 'text[]', value: (v) => v.jointWith },
    { name: 'joint_detail', type: 'text', value: (v) => v.jointDetail },
    { name: 'purpose', type: 'text', value: (v) => v.purpose },
    { name: 'due_by', type: 'date', value: (v) => v.dueBy },
    { name: 'planned_on', type: 'date', value: (v) => v.plannedOn },
    { name: 'visited_on', type: 'date', value: (v) => v.visitedOn },
    { name: 'officer_id', type: 'uuid', value: (v) => v.officerId },
    { name: 'outcome', type: 'text', value: (v) => v.outcome },
    { name: 'assessment_id', type: 'uuid', value: (v) => v.assessmentId },
    { name: 'action_plan_id', type: 'uuid', value: (v) => v.actionPlanId },
    { name: 'cancelled_on', type: 'date', value: (v) => v.cancelledOn },
    { name: 'cancel_reason', type: 'text', value: (v) => v.cancelReason },
    { name: 'created_by', type: 'uuid', value: (v) => v.createdBy },
    { name: 'recorded_by', type: 'uuid', value: (v) => v.recordedBy },
    { name: 'created_at', type: 'timestamptz', value: (v) => v.createdAt },
    { name: 'updated_at', type: 'timestamptz', value: (v) => (v.visitedOn ? `${v.visitedOn}T17:00:00Z` : v.cancelledOn ? `${v.cancelledOn}T17:00:00Z` : v.createdAt) },
  ], visits);
}
