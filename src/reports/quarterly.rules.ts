import { within, type Period } from './quarter.ts';

/**
 * The counting rules of the quarterly monitoring summary (seed 000: Hertfordshire's Q4 2017/18), pure: the
 * same records always give the same report. Every count is by the dates the records carry (published on,
 * visited on, starts on…), so a report for a past quarter changes only when records dated within it are
 * entered (bringing a past year in), never because of what happened after it. docs/reports.md states them.
 */

export type Band = 'excellent' | 'good' | 'requires_improvement' | 'poor';
export type VisitKind = 'full' | 'drop_in' | 'support' | 'follow_up' | 'joint' | 'relatives_surgery';

/** A full or self assessment with the dates and bands the summary reads. */
export interface AssessmentFact {
  readonly id: string;
  readonly serviceId: string;
  readonly category: string;
  readonly kind: 'full' | 'self';
  /** The report this one corrects (a correction is a new version of a published report). */
  readonly supersedesId: string | null;
  readonly completedOn: string | null;
  readonly publishedOn: string | null;
  readonly band: Band | null;
  /** Each domain's band, by the domain's name (the name is what themes count). */
  readonly domains: readonly { readonly name: string; readonly band: Band | null }[];
}

export interface VisitFact {
  readonly serviceId: string;
  readonly category: string;
  readonly kind: VisitKind;
  readonly visitedOn: string;
}

export interface ActionPlanFact {
  readonly serviceId: string;
  readonly category: string;
  /** The day the plan was drafted (the assessment it answers was completed). */
  readonly draftedOn: string;
  /** The day it was closed, if it has been. */
  readonly closedOn: string | null;
}

export interface SuspensionFact {
  readonly serviceId: string;
  readonly category: string;
  readonly startsOn: string;
  /** The day new placements could be made again in full (a partial lift does not end a suspension). */
  readonly liftedOn: string | null;
}

export interface ConcernsCaseFact {
  readonly serviceId: string;
  readonly category: string;
  readonly openedOn: string;
}

export interface IntelligenceFact {
  readonly serviceId: string;
  readonly category: string;
  readonly receivedOn: string;
  readonly themes: readonly string[];
}

export interface QuarterRecords {
  readonly assessments: readonly AssessmentFact[];
  readonly visits: readonly VisitFact[];
  readonly actionPlans: readonly ActionPlanFact[];
  readonly suspensions: readonly SuspensionFact[];
  readonly concernsCases: readonly ConcernsCaseFact[];
  readonly intelligence: readonly IntelligenceFact[];
}

export interface BandCounts {
  readonly excellent: number;
  readonly good: number;
  readonly requiresImprovement: number;
  readonly poor: number;
}

export interface VisitCounts {
  readonly full: number;
  readonly dropIn: number;
  readonly support: number;
  readonly followUp: number;
  readonly joint: number;
  readonly relativesSurgery: number;
}

export interface Theme {
  /** Where the theme comes from: domains banded below Good, or intelligence received. */
  readonly source: 'assessment' | 'intelligence';
  /** The domain's name, or the intelligence theme's key. */
  readonly theme: string;
  readonly count: number;
}

export interface CategoryFigures {
  readonly assessmentsPublished: BandCounts;
  /** Excellent and good over all published, exactly (the summary rounds it for show). */
  readonly goodOrBetter: Ratio | null;
  readonly visits: VisitCounts;
  readonly reportsCompleted: number;
  readonly reportsPublished: number;
  readonly actionPlansOpen: number;
  readonly actionPlansDrafted: number;
  readonly suspensionsStarted: number;
  readonly suspensionsLifted: number;
  readonly suspensionsInForce: number;
  readonly servicesReferredToConcerns: number;
  readonly themes: readonly Theme[];
}

/** A fraction kept exact, so percentages and their differences are rounded once, from unrounded figures. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

/** How many themes of each source a category lists. */
export const THEMES_LISTED = 5;

const VISIT_FIELDS: Record<VisitKind, keyof VisitCounts> = {
  full: 'full',
  drop_in: 'dropIn',
  support: 'support',
  follow_up: 'followUp',
  joint: 'joint',
  relatives_surgery: 'relativesSurgery',
};

/**
 * Published full assessments counted in a period: one per report, in the quarter its first version was
 * published, banded as the latest version published by the period's end. A correction counts instead of the
 * report it corrects, never beside it: it never counts in a quarter of its own, and one published after the
 * quarter ended leaves that quarter as it was reported.
 */
export function assessmentsPublishedIn(assessments: readonly AssessmentFact[], period: Period): AssessmentFact[] {
  const full = assessments.filter((a) => a.kind === 'full' && a.publishedOn);
  const byId = new Map(full.map((a) => [a.id, a]));
  const rootOf = (a: AssessmentFact): AssessmentFact => {
    let current = a;
    const seen = new Set<string>();
    while (current.supersedesId && byId.has(current.supersedesId) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.supersedesId)!;
    }
    return current;
  };
  const chains = new Map<string, AssessmentFact[]>();
  for (const a of full) {
    const root = rootOf(a);
    chains.set(root.id, [...(chains.get(root.id) ?? []), a]);
  }
  const counted: AssessmentFact[] = [];
  for (const [rootId, versions] of chains) {
    const root = byId.get(rootId)!;
    if (!within(root.publishedOn, period)) continue;
    const known = versions.filter((v) => v.publishedOn! <= period.to);
    counted.push(known.reduce((latest, v) => (v.publishedOn! > latest.publishedOn! || (v.publishedOn === latest.publishedOn && depth(v, byId) > depth(latest, byId)) ? v : latest)));
  }
  return counted.sort((a, b) => a.id.localeCompare(b.id));
}

function depth(a: AssessmentFact, byId: Map<string, AssessmentFact>): number {
  let n = 0;
  let current = a;
  while (current.supersedesId && byId.has(current.supersedesId) && n < 1000) {
    current = byId.get(current.supersedesId)!;
    n++;
  }
  return n;
}

export function bandCounts(assessments: readonly AssessmentFact[]): BandCounts {
  const count = (band: Band) => assessments.filter((a) => a.band === band).length;
  return { excellent: count('excellent'), good: count('good'), requiresImprovement: count('requires_improvement'), poor: count('poor') };
}

export function goodOrBetter(counts: BandCounts): Ratio | null {
  const total = counts.excellent + counts.good + counts.requiresImprovement + counts.poor;
  return total === 0 ? null : { numerator: counts.excellent + counts.good, denominator: total };
}

/** Half away from zero, to one decimal place, of an exact fraction (no binary floating-point surprises). */
function roundTenths(numerator: number, denominator: number): number {
  const negative = numerator < 0 !== denominator < 0 && numerator !== 0;
  const n = Math.abs(numerator) * 10;
  const d = Math.abs(denominator);
  const tenths = Math.floor((2 * n + d) / (2 * d));
  return (negative ? -tenths : tenths) / 10;
}

/** 13 good of 28 is 46.4; none published is null. */
export function percent(ratio: Ratio | null): number | null {
  return ratio ? roundTenths(100 * ratio.numerator, ratio.denominator) : null;
}

/** Percentage points from the previous quarter, from the unrounded figures; null when either quarter has none. */
export function percentChange(current: Ratio | null, previous: Ratio | null): number | null {
  if (!current || !previous) return null;
  return roundTenths(100 * (current.numerator * previous.denominator - previous.numerator * current.denominator), current.denominator * previous.denominator);
}

export function visitCounts(visits: readonly VisitFact[], period: Period): VisitCounts {
  const counts = { full: 0, dropIn: 0, support: 0, followUp: 0, joint: 0, relativesSurgery: 0 };
  for (const v of visits) if (within(v.visitedOn, period)) counts[VISIT_FIELDS[v.kind]]++;
  return counts;
}

/** Full reports completed in the period (a correction is not a new report). */
export function reportsCompletedIn(assessments: readonly AssessmentFact[], period: Period): number {
  return completedIn(assessments, period).length;
}

const completedIn = <A extends AssessmentFact>(assessments: readonly A[], period: Period) =>
  assessments.filter((a) => a.kind === 'full' && !a.supersedesId && within(a.completedOn, period));

const inForceAt = (startsOn: string, endedOn: string | null, day: string) => startsOn <= day && (!endedOn || endedOn > day);

/**
 * The records behind each figure of a period (what a drill-down lists): the same rules categoryFigures
 * counts by, kept as the records themselves. Works on any records carrying the facts' fields.
 */
export function recordsCounted<
  A extends AssessmentFact,
  V extends VisitFact,
  P extends ActionPlanFact,
  S extends SuspensionFact,
  C extends ConcernsCaseFact,
>(records: { assessments: readonly A[]; visits: readonly V[]; actionPlans: readonly P[]; suspensions: readonly S[]; concernsCases: readonly C[] }, period: Period) {
  return {
    assessmentsPublished: assessmentsPublishedIn(records.assessments, period) as A[],
    reportsCompleted: completedIn(records.assessments, period),
    visits: records.visits.filter((v) => within(v.visitedOn, period)),
    actionPlansOpen: records.actionPlans.filter((p) => inForceAt(p.draftedOn, p.closedOn, period.to)),
    actionPlansDrafted: records.actionPlans.filter((p) => within(p.draftedOn, period)),
    suspensionsStarted: records.suspensions.filter((s) => within(s.startsOn, period)),
    suspensionsLifted: records.suspensions.filter((s) => within(s.liftedOn, period)),
    suspensionsInForce: records.suspensions.filter((s) => inForceAt(s.startsOn, s.liftedOn, period.to)),
    concernsCases: records.concernsCases.filter((c) => within(c.openedOn, period)),
  };
}

/** The most frequent themes, most first, then by name; at most THEMES_LISTED of each source. */
function topThemes(source: Theme['source'], names: readonly string[]): Theme[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .map(([theme, count]) => ({ source, theme, count }))
    .sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme))
    .slice(0, THEMES_LISTED);
}

const BELOW_GOOD: readonly (Band | null)[] = ['requires_improvement', 'poor'];

/** Every figure of one category (or of all, when given all the records) for one period. */
export function categoryFigures(records: QuarterRecords, period: Period): CategoryFigures {
  const counted = recordsCounted(records, period);
  const published = counted.assessmentsPublished;
  const counts = bandCounts(published);
  return {
    assessmentsPublished: counts,
    goodOrBetter: goodOrBetter(counts),
    visits: visitCounts(records.visits, period),
    reportsCompleted: counted.reportsCompleted.length,
    reportsPublished: published.length,
    actionPlansOpen: counted.actionPlansOpen.length,
    actionPlansDrafted: counted.actionPlansDrafted.length,
    suspensionsStarted: counted.suspensionsStarted.length,
    suspensionsLifted: counted.suspensionsLifted.length,
    suspensionsInForce: counted.suspensionsInForce.length,
    servicesReferredToConcerns: new Set(counted.concernsCases.map((c) => c.serviceId)).size,
    themes: [
      ...topThemes('assessment', published.flatMap((a) => a.domains.filter((d) => BELOW_GOOD.includes(d.band)).map((d) => d.name))),
      ...topThemes('intelligence', records.intelligence.filter((i) => within(i.receivedOn, period)).flatMap((i) => [...new Set(i.themes)])),
    ],
  };
}

/** The records of one category (of whatever records carry the facts' fields). */
export function recordsOf<R extends QuarterRecords>(records: R, category: string): R {
  const mine = <T extends { category: string }>(list: readonly T[]) => list.filter((r) => r.category === category);
  return {
    ...records,
    assessments: mine(records.assessments),
    visits: mine(records.visits),
    actionPlans: mine(records.actionPlans),
    suspensions: mine(records.suspensions),
    concernsCases: mine(records.concernsCases),
    intelligence: mine(records.intelligence),
  };
}

/**
 * A service held in the register that the council does not commission (the self-funded market, issue 18), with
 * its CQC overall rating at the quarter's end: counted apart, in none of the figures above.
 */
export interface NotCommissionedFact {
  readonly serviceId: string;
  readonly category: string;
  /** outstanding, good, requires_improvement or inadequate; null when CQC has not rated it. */
  readonly cqcRating: string | null;
}

export interface NotCommissionedCounts {
  readonly services: number;
  readonly byCqcRating: { readonly outstanding: number; readonly good: number; readonly requiresImprovement: number; readonly inadequate: number; readonly notRated: number };
}

export function notCommissionedCounts(facts: readonly NotCommissionedFact[], category: string): NotCommissionedCounts {
  const mine = facts.filter((f) => f.category === category);
  const rated = (rating: string | null) => mine.filter((f) => f.cqcRating === rating).length;
  return {
    services: mine.length,
    byCqcRating: { outstanding: rated('outstanding'), good: rated('good'), requiresImprovement: rated('requires_improvement'), inadequate: rated('inadequate'), notRated: rated(null) },
  };
}
