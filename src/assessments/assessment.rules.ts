import { addDays } from '../core/dates.ts';
import type { FieldError } from '../core/errors.ts';
import { ukDate } from '../core/http/views.ts';
import type { Domain, FrameworkVersion, Question } from './frameworks.ts';
import { bandRank, type Answer, type Band } from './scoring.ts';

/** Lifecycle rules of an assessment: pure, with "today" passed in. */

export type AssessmentKind = 'full' | 'self';
export type AssessmentStatus = 'draft' | 'completed' | 'published';

export const DEFAULT_FACTUAL_ACCURACY_DAYS = 14;

/**
 * The provider's factual-accuracy window on a full assessment: it opens when the officer completes the
 * assessment and runs to the last day given (inclusive), unless the provider confirms sooner that the
 * report is accurate. Publication closes it.
 */
export type ReviewWindow = 'not_started' | 'open' | 'closed';

export function reviewWindow(
  assessment: { kind: AssessmentKind; status: AssessmentStatus; reviewEndsOn: string | null; accuracyConfirmed: boolean },
  today: string,
): ReviewWindow {
  if (assessment.kind === 'self' || assessment.status === 'draft') return 'not_started';
  if (assessment.status === 'published' || assessment.accuracyConfirmed) return 'closed';
  return assessment.reviewEndsOn !== null && today <= assessment.reviewEndsOn ? 'open' : 'closed';
}

/** Whether publishing on the given day closes the provider's window early: the window as it stood that day. */
export function publishedDuringReview(
  assessment: { kind: AssessmentKind; status: AssessmentStatus; reviewEndsOn: string | null; accuracyConfirmed: boolean },
  publishedOn: string,
): boolean {
  return reviewWindow(assessment, publishedOn) === 'open';
}

/** The last day of the window for an assessment completed on the day given (entered or today); a correction has none (it is already reviewed). */
export function reviewEndsOn(completedOn: string, days: number, isCorrection: boolean): string | null {
  if (isCorrection || days <= 0) return null;
  return addDays(completedOn, days);
}

/** The dates of an assessment's life: what is recorded, with what is being entered now in its place. */
export interface AssessmentDates {
  readonly visitedOn?: string | null | undefined;
  readonly completedOn?: string | null | undefined;
  readonly publishedOn?: string | null | undefined;
  /** For a correction: the day the report it corrects was published. A correction comes after it. */
  readonly correctsPublishedOn?: string | null | undefined;
}

export type DateField = 'visitedOn' | 'completedOn' | 'publishedOn';

const DATE_NAMES: Record<DateField, string> = {
  visitedOn: 'The date of the visit',
  completedOn: 'The date the assessment was completed',
  publishedOn: 'The date the report was published',
};

/**
 * The order of an assessment's dates, for the dates being entered now (`entering`; the others are as
 * recorded and get no message): none in the future, completion not before the visit, publication not before
 * completion (nor the visit), and a correction not before the report it corrects was published. One message
 * per date, the first rule it breaks.
 */
export function dateErrors(dates: AssessmentDates, entering: readonly DateField[], today: string): FieldError[] {
  const errors: FieldError[] = [];
  const visit = dates.visitedOn ? { on: dates.visitedOn, what: 'the date of the visit' } : undefined;
  const completion = dates.completedOn ? { on: dates.completedOn, what: 'the date the assessment was completed' } : undefined;
  const original = dates.correctsPublishedOn ? { on: dates.correctsPublishedOn, what: 'the date the report it corrects was published' } : undefined;
  const earliest: Record<DateField, (typeof visit)[]> = {
    visitedOn: [],
    completedOn: [visit, original],
    publishedOn: [completion, visit, original],
  };
  for (const field of entering) {
    const on = dates[field];
    if (!on) continue;
    if (on > today) {
      errors.push({ path: field, message: `${DATE_NAMES[field]} must be today or in the past` });
      continue;
    }
    const before = earliest[field].find((e) => e !== undefined && on < e.on);
    if (before) errors.push({ path: field, message: `${DATE_NAMES[field]} must be the same as or after ${before.what} (${ukDate(before.on)})` });
  }
  return errors;
}

/** A date counts as entered when it is not the day it was recorded: a form offers today, and leaving it is the clock's date. */
export function enteredDate(given: string | undefined, today: string): { on: string; entered: boolean } {
  return given === undefined ? { on: today, entered: false } : { on: given, entered: given !== today };
}

export function unansweredQuestions(version: Pick<FrameworkVersion, 'domains'>, answers: ReadonlyMap<string, unknown>): Question[] {
  return version.domains.flatMap((d) => d.questions.filter((q) => !answers.has(q.id)));
}

export type DomainProgress = 'not_started' | 'in_progress' | 'completed';

/** A task list status per domain: completed when every question has an answer. */
export function domainProgress(domain: Domain, answers: ReadonlyMap<string, unknown>): DomainProgress {
  const answered = domain.questions.filter((q) => answers.has(q.id)).length;
  if (answered === 0) return domain.questions.length === 0 ? 'completed' : 'not_started';
  return answered === domain.questions.length ? 'completed' : 'in_progress';
}

/** Points on one scale for comparing a provider's and an officer's answers of the same method. */
const ORDER: Record<Answer, number | null> = {
  met: 2,
  partly_met: 1,
  not_met: 0,
  excellent: 3,
  good: 2,
  requires_improvement: 1,
  poor: 0,
  not_applicable: null,
};

export type Difference = 'same' | 'provider_higher' | 'provider_lower' | 'different' | 'missing';

export function difference(provider: Answer | undefined, officer: Answer | undefined): Difference {
  if (provider === undefined || officer === undefined) return 'missing';
  if (provider === officer) return 'same';
  const p = ORDER[provider];
  const o = ORDER[officer];
  if (p === null || o === null) return 'different';
  return p > o ? 'provider_higher' : 'provider_lower';
}

interface ComparisonRow {
  readonly question: Question;
  readonly provider: Answer | undefined;
  readonly officer: Answer | undefined;
  readonly difference: Difference;
}

export interface ComparisonDomain {
  readonly domain: Domain;
  readonly provider: Band | null;
  readonly officer: Band | null;
  readonly rows: readonly ComparisonRow[];
  readonly differences: number;
}

/**
 * The provider's self-assessment beside the officer's assessment, question by question. Questions are
 * matched by lineage, so the two may use different versions of a framework; questions only one side has
 * show as missing on the other.
 */
export function compareAssessments(
  officer: { version: FrameworkVersion; answers: ReadonlyMap<string, Answer>; domainBands: ReadonlyMap<string, Band | null> },
  provider: { version: FrameworkVersion; answers: ReadonlyMap<string, Answer>; domainBands: ReadonlyMap<string, Band | null> },
): { domains: ComparisonDomain[]; differences: number; comparable: boolean } {
  const comparable = officer.version.scoring === provider.version.scoring;
  const providerQuestion = new Map(provider.version.domains.flatMap((d) => d.questions.map((q) => [q.lineageId, q] as const)));
  const providerDomain = new Map(provider.version.domains.map((d) => [d.lineageId, d] as const));
  const domains = officer.version.domains.map((domain) => {
    const rows = domain.questions.map((question) => {
      const theirs = providerQuestion.get(question.lineageId);
      const providerAnswer = theirs ? provider.answers.get(theirs.id) : undefined;
      const officerAnswer = officer.answers.get(question.id);
      return { question, provider: providerAnswer, officer: officerAnswer, difference: comparable ? difference(providerAnswer, officerAnswer) : 'different' };
    });
    const matched = providerDomain.get(domain.lineageId);
    return {
      domain,
      provider: matched ? (provider.domainBands.get(matched.id) ?? null) : null,
      officer: officer.domainBands.get(domain.id) ?? null,
      rows,
      differences: rows.filter((r) => r.difference !== 'same').length,
    };
  });
  return { domains, differences: domains.reduce((n, d) => n + d.differences, 0), comparable };
}

/** Whether the provider rated a domain better than the officer did: the gap a commissioner asks about first. */
export function providerOverrated(provider: Band | null, officer: Band | null): boolean {
  return provider !== null && officer !== null && bandRank(provider) > bandRank(officer);
}
