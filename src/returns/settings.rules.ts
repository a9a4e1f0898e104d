import type { PeriodChange, PeriodKind } from './period.rules.ts';
import type { ReturnTemplate, Section } from './template.ts';

/**
 * A council's settings for returns: how often it asks for them (its period, on financial quarters; see
 * period.rules.ts), the deadline (months after the period ends, the last day of that month) and the
 * thresholds its returns are flagged by. Pure.
 */
export interface ReturnSettings {
  readonly period: PeriodKind;
  /** The kind in force before a change of period, and the quarter the change applies from (null: no change). */
  readonly periodChange: PeriodChange | null;
  readonly deadlineMonths: number;
  /** Agency hours above this share of all hours worked are flagged. */
  readonly agencyHoursAbove: number;
  /** Mandatory training below this share of staff is flagged. */
  readonly trainingMandatoryBelow: number;
  /** No registered manager in post is flagged. */
  readonly flagNoRegisteredManager: boolean;
}

export const DEFAULT_RETURN_SETTINGS: ReturnSettings = { period: 'quarterly', periodChange: null, deadlineMonths: 1, agencyHoursAbove: 20, trainingMandatoryBelow: 80, flagNoRegisteredManager: true };

/** What the administrator sends: everything but the change record, worked out from today (the period may be left out: unchanged). */
export type ReturnSettingsInput = Omit<ReturnSettings, 'period' | 'periodChange'> & { readonly period?: PeriodKind | undefined };

/** The thresholds by stable question key: what the council's settings put on those questions of any template. */
function settingFlags(s: ReturnSettings): Record<string, { above?: number; below?: number; equals?: boolean; message: string } | null> {
  return {
    agency_hours_percent: { above: s.agencyHoursAbove, message: `Agency staff worked more than ${s.agencyHoursAbove}% of hours` },
    training_mandatory_percent: { below: s.trainingMandatoryBelow, message: `Fewer than ${s.trainingMandatoryBelow}% of staff are up to date with mandatory training` },
    registered_manager_in_post: s.flagNoRegisteredManager ? { equals: false, message: 'No registered manager in post' } : null,
  };
}

/** The template with the council's thresholds in place of the ones it was written with (other questions' flags kept). */
export function withThresholds<T extends Pick<ReturnTemplate, 'sections'>>(template: T, settings: ReturnSettings): T {
  const flags = settingFlags(settings);
  const sections: Section[] = template.sections.map((section) => ({
    ...section,
    questions: section.questions.map((q) => {
      if (!(q.key in flags)) return q;
      const { flag: old, ...rest } = q;
      const flag = flags[q.key];
      // The same threshold keeps the template's own words.
      if (flag && old && old.above === flag.above && old.below === flag.below && old.equals === flag.equals) return q;
      return flag ? { ...rest, flag } : rest;
    }),
  }));
  return { ...template, sections };
}
