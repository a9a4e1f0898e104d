import {
  JOINT_PARTNER_LABELS,
  VISIT_KIND_LABELS,
  VISIT_STATE_LABELS,
  plannedAfterDeadline,
  visitState,
  type JointPartner,
  type VisitKind,
  type VisitState,
} from './visit.rules.ts';
import type { VisitRow } from './visits.repository.ts';

/** A visit as the rest of the app sees it. */
export interface Visit {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly providerName: string | null;
  readonly leadOfficerId: string | null;
  readonly kind: VisitKind;
  readonly kindLabel: string;
  readonly jointWith: readonly JointPartner[];
  readonly jointWithLabels: readonly string[];
  readonly jointDetail: string | null;
  readonly purpose: string | null;
  readonly dueBy: string | null;
  readonly plannedOn: string | null;
  readonly visitedOn: string | null;
  readonly officer: { readonly id: string; readonly name: string } | null;
  readonly outcome: string | null;
  readonly recordedBy: string | null;
  readonly assessmentId: string | null;
  readonly actionPlanId: string | null;
  readonly cancelledOn: string | null;
  readonly cancelReason: string | null;
  readonly createdBy: string;
  readonly state: VisitState;
  readonly stateLabel: string;
  readonly plannedAfterDeadline: boolean;
}

export function toVisit(row: VisitRow, today: string): Visit {
  const jointWith = row.joint_with as JointPartner[];
  const state = visitState({ dueBy: row.due_by, plannedOn: row.planned_on, visitedOn: row.visited_on, cancelledOn: row.cancelled_on }, today);
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    providerName: row.provider_name,
    leadOfficerId: row.lead_officer_id,
    kind: row.kind,
    kindLabel: VISIT_KIND_LABELS[row.kind],
    jointWith,
    jointWithLabels: jointWith.map((p) => JOINT_PARTNER_LABELS[p]),
    jointDetail: row.joint_detail,
    purpose: row.purpose,
    dueBy: row.due_by,
    plannedOn: row.planned_on,
    visitedOn: row.visited_on,
    officer: row.officer_id ? { id: row.officer_id, name: row.officer_name ?? 'A former user' } : null,
    outcome: row.outcome,
    recordedBy: row.recorded_by_name,
    assessmentId: row.assessment_id,
    actionPlanId: row.action_plan_id,
    cancelledOn: row.cancelled_on,
    cancelReason: row.cancel_reason,
    createdBy: row.created_by,
    state,
    stateLabel: VISIT_STATE_LABELS[state],
    plannedAfterDeadline: plannedAfterDeadline({ dueBy: row.due_by, plannedOn: row.planned_on }),
  };
}
