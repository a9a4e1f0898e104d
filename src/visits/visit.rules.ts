/**
 * Visits to a service (SPEC "Visit"; seeds 002 and 003): the kinds of visit, the update visit that must
 * follow an action plan within three months of the assessment, and where a visit stands on a given day.
 * Pure: no I/O, "today" is passed in.
 */
import { addMonths, daysBetween } from '../core/dates.ts';

export const VISIT_KINDS = ['full', 'drop_in', 'support', 'follow_up', 'joint', 'relatives_surgery'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const VISIT_KIND_LABELS: Record<VisitKind, string> = {
  full: 'Full monitoring visit',
  drop_in: 'Drop-in or unannounced visit',
  support: 'Support visit',
  follow_up: 'Follow-up or update visit',
  joint: 'Joint visit',
  relatives_surgery: 'Relatives’ surgery',
};

export const VISIT_KIND_HINTS: Record<VisitKind, string> = {
  full: 'The annual contract monitoring visit, usually with an assessment',
  drop_in: 'Unannounced, usually prompted by intelligence',
  support: 'To help the provider make the improvements in its action plan',
  follow_up: 'To check that the actions of an action plan have been completed',
  joint: 'With CQC, health colleagues or social workers',
  relatives_surgery: 'A session where relatives can talk to the council during a visit',
};

/** Who came along on a joint visit. */
export const JOINT_PARTNERS = ['cqc', 'health', 'social_care', 'other'] as const;
export type JointPartner = (typeof JOINT_PARTNERS)[number];

export const JOINT_PARTNER_LABELS: Record<JointPartner, string> = {
  cqc: 'Care Quality Commission',
  health: 'Health (ICB, district nurses, GPs)',
  social_care: 'Social workers',
  other: 'Someone else',
};

/** Seed 002: "An update visit is completed within three months of the date of the initial visit". */
const FOLLOW_UP_WITHIN_MONTHS = 3;

/** The last day the update visit may take place: three calendar months after the assessment's visit, inclusive. */
export function followUpDueBy(assessedOn: string): string {
  return addMonths(assessedOn, FOLLOW_UP_WITHIN_MONTHS);
}

/** Visits and actions are flagged two weeks before they fall due. */
export const DUE_SOON_DAYS = 14;

export type VisitState = 'done' | 'cancelled' | 'overdue' | 'due_soon' | 'planned' | 'to_arrange';

export const VISIT_STATE_LABELS: Record<VisitState, string> = {
  done: 'Done',
  cancelled: 'Cancelled',
  overdue: 'Overdue',
  due_soon: 'Due soon',
  planned: 'Planned',
  to_arrange: 'To arrange',
};

export interface VisitDates {
  readonly dueBy: string | null;
  readonly plannedOn: string | null;
  readonly visitedOn: string | null;
  readonly cancelledOn: string | null;
}

/** The date a visit that has not happened yet is waiting for: its planned day, or failing that the day it is due by. */
export function visitTargetDate(visit: VisitDates): string | null {
  return visit.plannedOn ?? visit.dueBy;
}

/**
 * Where a visit stands today. A visit not yet recorded is overdue once the day it is due by has passed, or
 * once its planned day has passed without the visit being recorded; it is due soon when either of those
 * days is within two weeks. A visit that is only due (no day arranged) is "to arrange" until then.
 */
export function visitState(visit: VisitDates, today: string): VisitState {
  if (visit.visitedOn) return 'done';
  if (visit.cancelledOn) return 'cancelled';
  const dates = [visit.dueBy, visit.plannedOn].filter((d): d is string => d !== null);
  if (dates.some((d) => d < today)) return 'overdue';
  if (dates.some((d) => daysBetween(today, d) <= DUE_SOON_DAYS)) return 'due_soon';
  return visit.plannedOn ? 'planned' : 'to_arrange';
}

/** Whether the day arranged for a visit falls after the day it is due by (allowed, but shown). */
export function plannedAfterDeadline(visit: Pick<VisitDates, 'dueBy' | 'plannedOn'>): boolean {
  return visit.dueBy !== null && visit.plannedOn !== null && visit.plannedOn > visit.dueBy;
}
