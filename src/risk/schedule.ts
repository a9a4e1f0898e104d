import { addDays, addMonths, daysBetween } from './dates.ts';
import type { Regime } from './matrix.ts';

/**
 * The monitoring regime turned into dates. Every date counts from the latest thing that happened: the
 * last full assessment (or, where there has been none, the rating that set the regime), the last
 * monitoring meeting and the last contact (or the rating, where none is recorded since).
 */

export type DueStatus = 'overdue' | 'due_soon' | 'scheduled';

export interface DueDate {
  readonly dueOn: string;
  readonly status: DueStatus;
}

export interface Schedule {
  /** Null where the band sets none: for high and very high risk the full assessment happens inside the concerns procedure. */
  readonly fullAssessment: DueDate | null;
  readonly selfAssessment: DueDate | null;
  readonly monitoringMeeting: DueDate | null;
  /** Null where the band asks only for open lines of communication. */
  readonly contact: DueDate | null;
}

export interface ScheduleFacts {
  readonly regime: Regime;
  readonly ratedOn: string;
  readonly lastFullAssessmentOn: string | null;
  readonly lastMonitoringMeetingOn: string | null;
  readonly lastContactOn: string | null;
  readonly selfAssessmentMonthsBefore: number;
}

/** Assessments and meetings are flagged four weeks ahead; contacts a quarter of their interval ahead (a day for weekly contact). */
export const DUE_SOON_DAYS = 28;

function contactDueSoonDays(contactEveryDays: number): number {
  return Math.max(1, Math.floor(contactEveryDays / 4));
}

export function dueStatus(dueOn: string, today: string, soonDays: number): DueStatus {
  if (dueOn < today) return 'overdue';
  return daysBetween(today, dueOn) <= soonDays ? 'due_soon' : 'scheduled';
}

const later = (a: string, b: string | null) => (b !== null && b > a ? b : a);

export function scheduleFor(facts: ScheduleFacts, today: string): Schedule {
  const { regime, ratedOn } = facts;
  const due = (dueOn: string, soon = DUE_SOON_DAYS): DueDate => ({ dueOn, status: dueStatus(dueOn, today, soon) });

  const fullOn = regime.fullAssessmentEveryMonths === null ? null : addMonths(facts.lastFullAssessmentOn ?? ratedOn, regime.fullAssessmentEveryMonths);
  const selfOn = fullOn === null ? null : addMonths(fullOn, -facts.selfAssessmentMonthsBefore);

  const meetingOn =
    regime.monitoringMeetingsPerYear === null ? null : addMonths(later(ratedOn, facts.lastMonitoringMeetingOn), meetingIntervalMonths(regime.monitoringMeetingsPerYear));
  const contactOn = regime.contactEveryDays === null ? null : addDays(later(ratedOn, facts.lastContactOn), regime.contactEveryDays);

  return {
    fullAssessment: fullOn === null ? null : due(fullOn),
    selfAssessment: selfOn === null ? null : due(selfOn),
    monitoringMeeting: meetingOn === null ? null : due(meetingOn),
    contact: contactOn === null || regime.contactEveryDays === null ? null : due(contactOn, contactDueSoonDays(regime.contactEveryDays)),
  };
}

/** Meetings a year as whole months between them: yearly 12, twice yearly 6, quarterly 3, monthly 1. */
export function meetingIntervalMonths(perYear: number): number {
  return Math.max(1, Math.floor(12 / perYear));
}

/** Plain-English wording of a regime, for pages. */
export function describeRegime(regime: Regime, selfAssessmentMonthsBefore: number) {
  const months = regime.fullAssessmentEveryMonths;
  return {
    fullAssessment:
      months === null
        ? 'Within the concerns procedure, by announced or unannounced visit'
        : months % 12 === 0
          ? months === 12
            ? 'Every 12 months'
            : `Every ${months / 12} years`
          : `Every ${months} month${months === 1 ? '' : 's'}`,
    selfAssessment:
      months === null ? 'Not required' : `${selfAssessmentMonthsBefore} month${selfAssessmentMonthsBefore === 1 ? '' : 's'} before the full assessment`,
    monitoringMeetings: meetingsText(regime.monitoringMeetingsPerYear),
    contact: regime.contactEveryDays === null ? 'Open lines of communication' : contactText(regime.contactEveryDays),
    concernsProcedure:
      regime.concernsStage === null ? 'Not indicated' : regime.concernsStage >= 4 ? 'Consider stage 4 or stage 5' : `Consider stage ${regime.concernsStage}`,
  };
}

function meetingsText(perYear: number | null): string {
  if (perYear === null) return 'None set';
  return ({ 1: 'Yearly', 2: 'Twice yearly', 4: 'Quarterly', 12: 'Monthly' } as Record<number, string>)[perYear] ?? `${perYear} a year`;
}

function contactText(days: number): string {
  return ({ 7: 'At least weekly', 14: 'At least fortnightly', 30: 'At least monthly' } as Record<number, string>)[days] ?? `At least every ${days} days`;
}
