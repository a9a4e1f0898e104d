import { addDays, daysBetween } from '../../core/dates.ts';
import { quarterLabel, quarterOf, quarterPeriod, quartersEndingWith, type Period, type Quarter } from '../quarter.ts';
import { assessmentsPublishedIn, bandCounts, goodOrBetter, percent, type AssessmentFact, type Band, type Ratio } from '../quarterly.rules.ts';

/**
 * The figures of the two dashboards (seed 004: a care homes dashboard and a performance dashboard), pure: the
 * records read at request time in, the figures out; "today" is a parameter. docs/reports.md ("Dashboards")
 * states each rule in words.
 */

export const CQC_RATINGS = ['outstanding', 'good', 'requires_improvement', 'inadequate'] as const;
export type CqcRating = (typeof CQC_RATINGS)[number];
const CQC_GOOD_OR_BETTER: readonly string[] = ['outstanding', 'good'];

export interface DashboardService {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly beds: number | null;
  /** Held in the register but not commissioned (the self-funded market, issue 18): counted apart. */
  readonly notCommissioned?: boolean;
}

export interface CqcRatingFact {
  /** Any of CQC's values; only the four real ratings count as a rating. */
  readonly overall: string;
  readonly publishedOn: string;
}

export interface PublishedAssessment {
  readonly id: string;
  readonly serviceId: string;
  readonly supersedesId: string | null;
  readonly assessedOn: string;
  readonly publishedOn: string;
  readonly band: Band | null;
}

export interface CareHomesRecords {
  readonly services: readonly DashboardService[];
  /** Each service's CQC overall ratings, oldest first. */
  readonly cqc: ReadonlyMap<string, readonly CqcRatingFact[]>;
  /** The council's risk bands, lowest risk first, and each rated service's latest band (by key). */
  readonly riskBands: readonly { readonly key: string; readonly label: string }[];
  readonly riskBandOf: ReadonlyMap<string, string>;
  /** Services with an open concerns procedure case (on them, their provider or a provider above it). */
  readonly inConcerns: ReadonlySet<string>;
  readonly suspensions: readonly { readonly serviceId: string; readonly scope: 'full' | 'partial' }[];
  readonly contractProcesses: readonly { readonly serviceId: string }[];
  readonly assessments: readonly PublishedAssessment[];
}

export interface Count {
  readonly key: string;
  readonly label: string;
  readonly count: number;
}

export interface QuarterPercent {
  readonly quarter: Quarter;
  readonly label: string;
  /** Our published full assessments: excellent and good over all published in the quarter. */
  readonly ours: Ratio | null;
  readonly oursPercent: number | null;
  /** CQC: services rated Outstanding or Good at the quarter's end over services with a rating then. */
  readonly cqc: Ratio | null;
  readonly cqcPercent: number | null;
}

export interface CqcChange {
  readonly serviceId: string;
  readonly name: string;
  readonly from: CqcRating;
  readonly to: CqcRating;
  readonly on: string;
  readonly direction: 'better' | 'worse';
}

/** The care homes held in the register that the council does not commission (the self-funded market): market oversight only. */
export interface NotCommissionedFigures {
  readonly services: number;
  /** Their beds (a home without a bed count adds none). */
  readonly beds: number;
  readonly byCqcRating: readonly Count[];
}

export interface CareHomesFigures {
  /** The care homes the council commissions: every figure below but `notCommissioned` counts these only. */
  readonly services: number;
  readonly notCommissioned: NotCommissionedFigures;
  readonly byCqcRating: readonly Count[];
  readonly byRiskBand: readonly Count[];
  readonly suspended: { readonly services: number; readonly full: number; readonly partial: number; readonly beds: number };
  readonly inConcerns: number;
  readonly underContractRemedies: number;
  readonly goodOrBetterByQuarter: readonly QuarterPercent[];
  readonly cqcChanges: readonly CqcChange[];
}

const NOT_RATED = 'not_rated';
const isCqcRating = (value: string): value is CqcRating => (CQC_RATINGS as readonly string[]).includes(value);

/** A service's CQC rating on a day: the latest real rating published by then (a later "not rated" note does not undo it). */
export function cqcRatingOn(history: readonly CqcRatingFact[] | undefined, day: string): CqcRating | null {
  let rating: CqcRating | null = null;
  for (const r of history ?? []) if (r.publishedOn <= day && isCqcRating(r.overall)) rating = r.overall;
  return rating;
}

export function countByCqcRating(records: Pick<CareHomesRecords, 'services' | 'cqc'>, day: string, labels: Readonly<Record<string, string>>): Count[] {
  const counts = new Map<string, number>();
  for (const s of records.services) {
    const key = cqcRatingOn(records.cqc.get(s.id), day) ?? NOT_RATED;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...CQC_RATINGS, NOT_RATED].map((key) => ({ key, label: labels[key] ?? 'Not rated', count: counts.get(key) ?? 0 }));
}

export function countByRiskBand(records: Pick<CareHomesRecords, 'services' | 'riskBands' | 'riskBandOf'>): Count[] {
  const counts = new Map<string, number>();
  for (const s of records.services) {
    const key = records.riskBandOf.get(s.id) ?? NOT_RATED;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...records.riskBands.map((b) => ({ key: b.key, label: b.label, count: counts.get(b.key) ?? 0 })), { key: NOT_RATED, label: 'Not rated', count: counts.get(NOT_RATED) ?? 0 }];
}

/** The share of rated services rated Outstanding or Good by CQC on a day. */
export function cqcGoodOrBetterOn(records: Pick<CareHomesRecords, 'services' | 'cqc'>, day: string): Ratio | null {
  let rated = 0;
  let good = 0;
  for (const s of records.services) {
    const rating = cqcRatingOn(records.cqc.get(s.id), day);
    if (!rating) continue;
    rated++;
    if (CQC_GOOD_OR_BETTER.includes(rating)) good++;
  }
  return rated ? { numerator: good, denominator: rated } : null;
}

/** Ours and CQC's percent good or better in each of the eight quarters ending with the one `day` falls in. */
export function goodOrBetterByQuarter(records: Pick<CareHomesRecords, 'services' | 'cqc' | 'assessments'>, day: string, count = 8): QuarterPercent[] {
  const facts: AssessmentFact[] = records.assessments.map((a) => ({
    id: a.id,
    serviceId: a.serviceId,
    category: '',
    kind: 'full',
    supersedesId: a.supersedesId,
    completedOn: a.assessedOn,
    publishedOn: a.publishedOn,
    band: a.band,
    domains: [],
  }));
  return quartersEndingWith(quarterOf(day), count).map((quarter) => {
    const period = quarterPeriod(quarter);
    const ours = goodOrBetter(bandCounts(assessmentsPublishedIn(facts, period)));
    // A quarter still running is read as it stands on the day.
    const cqc = cqcGoodOrBetterOn(records, period.to < day ? period.to : day);
    return { quarter, label: quarterLabel(quarter), ours, oursPercent: percent(ours), cqc, cqcPercent: percent(cqc) };
  });
}

/** Each change of a service's CQC overall rating published in the period, newest first (a first rating is not a change). */
export function cqcChangesIn(records: Pick<CareHomesRecords, 'services' | 'cqc'>, period: Period): CqcChange[] {
  const changes: CqcChange[] = [];
  for (const s of records.services) {
    let previous: CqcRating | null = null;
    for (const r of records.cqc.get(s.id) ?? []) {
      if (!isCqcRating(r.overall)) continue;
      if (previous && previous !== r.overall && r.publishedOn >= period.from && r.publishedOn <= period.to) {
        const direction = CQC_RATINGS.indexOf(r.overall) < CQC_RATINGS.indexOf(previous) ? 'better' : 'worse';
        changes.push({ serviceId: s.id, name: s.name, from: previous, to: r.overall, on: r.publishedOn, direction });
      }
      previous = r.overall;
    }
  }
  return changes.sort((a, b) => b.on.localeCompare(a.on) || a.name.localeCompare(b.name));
}

/** The commissioned services' records only: what every figure of the commissioned market counts. */
export function commissionedOnly(records: CareHomesRecords): CareHomesRecords {
  const services = records.services.filter((s) => !s.notCommissioned);
  const ids = new Set(services.map((s) => s.id));
  return {
    ...records,
    services,
    suspensions: records.suspensions.filter((s) => ids.has(s.serviceId)),
    contractProcesses: records.contractProcesses.filter((p) => ids.has(p.serviceId)),
    assessments: records.assessments.filter((a) => ids.has(a.serviceId)),
  };
}

export function careHomesFigures(all: CareHomesRecords, period: Period, today: string, cqcLabels: Readonly<Record<string, string>>): CareHomesFigures {
  const records = commissionedOnly(all);
  const apart = all.services.filter((s) => s.notCommissioned);
  const suspended = new Map<string, 'full' | 'partial'>();
  for (const s of records.suspensions) if (suspended.get(s.serviceId) !== 'full') suspended.set(s.serviceId, s.scope);
  const beds = records.services.filter((s) => suspended.has(s.id)).reduce((sum, s) => sum + (s.beds ?? 0), 0);
  const day = period.to < today ? period.to : today;
  return {
    services: records.services.length,
    notCommissioned: {
      services: apart.length,
      beds: apart.reduce((sum, s) => sum + (s.beds ?? 0), 0),
      byCqcRating: countByCqcRating({ services: apart, cqc: all.cqc }, today, cqcLabels),
    },
    byCqcRating: countByCqcRating(records, today, cqcLabels),
    byRiskBand: countByRiskBand(records),
    suspended: {
      services: suspended.size,
      full: [...suspended.values()].filter((s) => s === 'full').length,
      partial: [...suspended.values()].filter((s) => s === 'partial').length,
      beds,
    },
    inConcerns: records.services.filter((s) => records.inConcerns.has(s.id)).length,
    underContractRemedies: new Set(records.contractProcesses.map((p) => p.serviceId)).size,
    goodOrBetterByQuarter: goodOrBetterByQuarter(records, day),
    cqcChanges: cqcChangesIn(records, period),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Performance

export const DEFAULT_VISITS_TARGET = 300;

export interface Officer {
  readonly id: string;
  readonly name: string;
}

export interface PerformanceRecords {
  /** The quality officers a filter asks about (with none made, they still show); others who made visits are added. */
  readonly officers: readonly Officer[];
  /** Visits made in the period to services in scope, by who made them (null: recorded without an officer). */
  readonly visitsByOfficer: readonly { readonly officerId: string | null; readonly officerName: string | null; readonly count: number }[];
  readonly visitsTargetPerYear: number;
  /** Services in scope with a risk rating: when their regime's next full assessment is due. */
  readonly fullAssessmentsDue: readonly { readonly serviceId: string; readonly name: string; readonly dueOn: string }[];
  readonly openActions: readonly { readonly planId: string; readonly serviceId: string; readonly dueOn: string; readonly overdue: boolean }[];
  readonly suspensionReviews: readonly { readonly serviceId: string; readonly reviewOn: string | null }[];
  readonly processReviews: readonly { readonly serviceId: string; readonly reviewOn: string | null }[];
  /** Reports from the public received in the period. */
  readonly concerns: readonly { readonly receivedOn: string; readonly triagedOn: string | null }[];
}

export interface OfficerVisitsFigure {
  readonly officerId: string | null;
  readonly name: string;
  readonly made: number;
  readonly target: number;
  /** Made over target, one decimal place; null when the target is nought (a period not yet begun). */
  readonly percentOfTarget: number | null;
}

export interface TriageFigures {
  readonly received: number;
  readonly triaged: number;
  readonly waiting: number;
  /** Days from receipt to triage of those triaged (a report triaged the day it came in took 0 days). */
  readonly medianDays: number | null;
  readonly meanDays: number | null;
  readonly longestDays: number | null;
  /** The longest wait so far of those still waiting, to today. */
  readonly oldestWaitingDays: number | null;
  readonly buckets: readonly Count[];
}

export interface PerformanceFigures {
  readonly visitsTargetPerYear: number;
  /** The yearly target scaled to the days of the period up to today. */
  readonly targetPerOfficer: number;
  readonly visits: readonly OfficerVisitsFigure[];
  readonly visitsMade: number;
  readonly fullAssessmentsOverdue: readonly { readonly serviceId: string; readonly name: string; readonly dueOn: string; readonly daysOverdue: number }[];
  readonly actionPlansOverdue: number;
  readonly actionsOverdue: number;
  readonly suspensionReviewsOverdue: number;
  readonly processReviewsOverdue: number;
  readonly triage: TriageFigures;
}

/** The days of a financial year: 366 when it holds a 29 February. */
function daysInFinancialYearOf(day: string): number {
  const { year } = quarterOf(day);
  return daysBetween(`${year}-04-01`, `${year + 1}-04-01`);
}

/**
 * The yearly target for the days of the period that have come (all of them once it has ended), whole visits,
 * rounded half up: 300 a year is 75 for Q1 2026/27 (91 of 365 days), and 0 for a period not yet begun.
 */
export function visitsTargetFor(yearly: number, period: Period, today: string): number {
  const end = period.to < today ? period.to : today;
  if (end < period.from) return 0;
  const days = daysBetween(period.from, end) + 1;
  return Math.floor((2 * yearly * days + daysInFinancialYearOf(period.from)) / (2 * daysInFinancialYearOf(period.from)));
}

export function officerVisits(records: Pick<PerformanceRecords, 'officers' | 'visitsByOfficer'>, target: number): OfficerVisitsFigure[] {
  const made = new Map<string | null, { name: string; count: number }>();
  for (const o of records.officers) made.set(o.id, { name: o.name, count: 0 });
  for (const v of records.visitsByOfficer) {
    const entry = made.get(v.officerId) ?? { name: v.officerName ?? 'No officer recorded', count: 0 };
    made.set(v.officerId, { ...entry, count: entry.count + v.count });
  }
  return [...made]
    .map(([officerId, { name, count }]) => ({ officerId, name, made: count, target, percentOfTarget: target ? percent({ numerator: count, denominator: target }) : null }))
    .sort((a, b) => (a.officerId === null ? 1 : 0) - (b.officerId === null ? 1 : 0) || a.name.localeCompare(b.name));
}

const median = (sorted: readonly number[]) =>
  sorted.length === 0 ? null : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;

export const TRIAGE_BUCKETS: readonly { readonly key: string; readonly label: string; readonly upTo: number }[] = [
  { key: 'same_day', label: 'Same day', upTo: 0 },
  { key: 'next_day', label: 'Next day', upTo: 1 },
  { key: 'two_to_seven', label: '2 to 7 days', upTo: 7 },
  { key: 'over_seven', label: 'More than 7 days', upTo: Infinity },
];

export function triageFigures(concerns: PerformanceRecords['concerns'], today: string): TriageFigures {
  const days = concerns
    .filter((c) => c.triagedOn !== null)
    .map((c) => Math.max(0, daysBetween(c.receivedOn, c.triagedOn!)))
    .sort((a, b) => a - b);
  const waiting = concerns.filter((c) => c.triagedOn === null).map((c) => Math.max(0, daysBetween(c.receivedOn, today)));
  const buckets = TRIAGE_BUCKETS.map((b, i) => ({
    key: b.key,
    label: b.label,
    count: days.filter((d) => d <= b.upTo && (i === 0 || d > TRIAGE_BUCKETS[i - 1]!.upTo)).length,
  }));
  return {
    received: concerns.length,
    triaged: days.length,
    waiting: waiting.length,
    medianDays: median(days),
    meanDays: days.length ? Math.round((10 * days.reduce((s, d) => s + d, 0)) / days.length) / 10 : null,
    longestDays: days.length ? days[days.length - 1]! : null,
    oldestWaitingDays: waiting.length ? Math.max(...waiting) : null,
    buckets: [...buckets, { key: 'waiting', label: 'Not yet triaged', count: waiting.length }],
  };
}

/** A review is overdue once its date has passed (a review due today is not yet overdue). */
const reviewOverdue = (reviewOn: string | null, today: string) => reviewOn !== null && reviewOn < today;

export function performanceFigures(records: PerformanceRecords, period: Period, today: string): PerformanceFigures {
  const target = visitsTargetFor(records.visitsTargetPerYear, period, today);
  const visits = officerVisits(records, target);
  const overdueActions = records.openActions.filter((a) => a.overdue);
  return {
    visitsTargetPerYear: records.visitsTargetPerYear,
    targetPerOfficer: target,
    visits,
    visitsMade: visits.reduce((s, v) => s + v.made, 0),
    fullAssessmentsOverdue: records.fullAssessmentsDue
      .filter((d) => d.dueOn < today)
      .map((d) => ({ ...d, daysOverdue: daysBetween(d.dueOn, today) }))
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.name.localeCompare(b.name)),
    actionPlansOverdue: new Set(overdueActions.map((a) => a.planId)).size,
    actionsOverdue: overdueActions.length,
    suspensionReviewsOverdue: records.suspensionReviews.filter((s) => reviewOverdue(s.reviewOn, today)).length,
    processReviewsOverdue: records.processReviews.filter((p) => reviewOverdue(p.reviewOn, today)).length,
    triage: triageFigures(records.concerns, today),
  };
}

// ---------------------------------------------------------------------------------------------------------
// The period a dashboard looks at

export interface DashboardPeriod extends Period {
  /** As the filter writes it: `2026` (a financial year) or `2026-q2`. */
  readonly key: string;
  readonly label: string;
}

/** The period asked for, or null when the text names none; a financial year by the calendar year it starts in. */
export function parsePeriod(key: string): DashboardPeriod | null {
  const year = /^(\d{4})$/.exec(key);
  if (year) {
    const y = Number(year[1]);
    return { key, label: `${y}/${String((y + 1) % 100).padStart(2, '0')}`, from: `${y}-04-01`, to: addDays(`${y + 1}-04-01`, -1) };
  }
  const q = /^(\d{4})-q([1-4])$/.exec(key);
  if (q) {
    const quarter: Quarter = { year: Number(q[1]), quarter: Number(q[2]) as 1 | 2 | 3 | 4 };
    return { key, label: quarterLabel(quarter), ...quarterPeriod(quarter) };
  }
  return null;
}

/** The periods offered: this financial year and the two before it, then the last eight quarters, newest first. */
export function periodChoices(today: string): DashboardPeriod[] {
  const current = quarterOf(today);
  const years = [0, 1, 2].map((n) => parsePeriod(String(current.year - n))!);
  const quarters = quartersEndingWith(current, 8)
    .reverse()
    .map((q) => parsePeriod(`${q.year}-q${q.quarter}`)!);
  return [...years, ...quarters];
}

/** The financial year to date: what a dashboard shows when no period is asked for. */
export const defaultPeriodKey = (today: string) => String(quarterOf(today).year);
