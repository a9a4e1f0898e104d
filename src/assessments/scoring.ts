/**
 * Scoring of quality assessments: pure functions, no I/O. docs/scoring.md states both rules with worked
 * examples; scoring.test.ts covers every edge and property-tests that a worse answer never improves a result.
 */

export const SCORING_METHODS = ['percentage', 'rating'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export const PERCENTAGE_ANSWERS = ['met', 'partly_met', 'not_met', 'not_applicable'] as const;
export const RATING_ANSWERS = ['excellent', 'good', 'requires_improvement', 'poor', 'not_applicable'] as const;
type PercentageAnswer = (typeof PERCENTAGE_ANSWERS)[number];
type RatingAnswer = (typeof RATING_ANSWERS)[number];
export type Answer = PercentageAnswer | RatingAnswer;

/** Best first. */
export const BANDS = ['excellent', 'good', 'requires_improvement', 'poor'] as const;
export type Band = (typeof BANDS)[number];

export function answersFor(method: ScoringMethod): readonly Answer[] {
  return method === 'percentage' ? PERCENTAGE_ANSWERS : RATING_ANSWERS;
}

export function isAnswerFor(method: ScoringMethod, value: unknown): value is Answer {
  return typeof value === 'string' && (answersFor(method) as readonly string[]).includes(value);
}

/** Higher is better: poor 0 … excellent 3. */
export function bandRank(band: Band): number {
  return 3 - BANDS.indexOf(band);
}

function isBelowGood(band: Band | null): boolean {
  return band === 'requires_improvement' || band === 'poor';
}

/** What scoring needs to know about a framework version: its method and, per domain, each question's weight. */
interface ScoringQuestion {
  readonly id: string;
  readonly weight: number;
  readonly text?: string;
}
interface ScoringDomain {
  readonly id: string;
  readonly name?: string;
  readonly questions: readonly ScoringQuestion[];
}
export interface ScoringFramework {
  readonly scoring: ScoringMethod;
  readonly domains: readonly ScoringDomain[];
}

export type Answers = ReadonlyMap<string, Answer>;

/** A result with no percent and no band means nothing in it was answered, or every answer was "not applicable". */
interface Result {
  /** Percentage frameworks only: points over maximum × 100, unrounded. */
  readonly percent?: number;
  readonly band: Band | null;
}

interface DomainResult extends Result {
  readonly domainId: string;
  /** Questions in the domain, questions with an answer, and answers other than "not applicable". */
  readonly questions: number;
  readonly answered: number;
  readonly applicable: number;
}

export interface Scores {
  readonly overall: Result;
  readonly domains: readonly DomainResult[];
}

const PERCENTAGE_POINTS: Record<PercentageAnswer, number | null> = { met: 2, partly_met: 1, not_met: 0, not_applicable: null };
const RATING_POINTS: Record<RatingAnswer, number | null> = { excellent: 4, good: 3, requires_improvement: 2, poor: 1, not_applicable: null };
const BAND_POINTS: Record<Band, number> = { excellent: 4, good: 3, requires_improvement: 2, poor: 1 };

/**
 * Weights are held in hundredths so that every sum is a whole number and every band edge is compared
 * exactly (78% must be Good, never 77.99999…% Requires improvement).
 */
function weightUnits(weight: number): number {
  const units = Math.round(weight * 100);
  if (!Number.isFinite(weight) || units <= 0) throw new RangeError(`A question's weight must be more than 0 (got ${weight})`);
  return units;
}

interface Tally {
  points: number;
  max: number;
}

function percentageBand({ points, max }: Tally): Band | null {
  if (max === 0) return null;
  if (100 * points >= 95 * max) return 'excellent';
  if (100 * points >= 78 * max) return 'good';
  if (100 * points >= 65 * max) return 'requires_improvement';
  return 'poor';
}

function percentageResult(tally: Tally): Result {
  const band = percentageBand(tally);
  return band === null ? { band } : { percent: (tally.points * 100) / tally.max, band };
}

/**
 * The rating rule: the weighted mean of the points (excellent 4, good 3, requires improvement 2, poor 1)
 * gives the band at 3.5, 2.5 and 1.5; then any poor input limits the result to requires improvement, and
 * any input below good keeps it from being excellent. `items` are [points, weight units] pairs.
 */
function ratingBand(items: readonly (readonly [number, number])[]): Band | null {
  if (items.length === 0) return null;
  let sum = 0;
  let weights = 0;
  for (const [points, weight] of items) {
    sum += points * weight;
    weights += weight;
  }
  // Compared as 2 × sum ≥ 7 × weights rather than sum / weights ≥ 3.5, to stay in whole numbers.
  let band: Band = 2 * sum >= 7 * weights ? 'excellent' : 2 * sum >= 5 * weights ? 'good' : 2 * sum >= 3 * weights ? 'requires_improvement' : 'poor';
  const worst = Math.min(...items.map(([points]) => points));
  if (worst <= 1 && bandRank(band) > bandRank('requires_improvement')) band = 'requires_improvement';
  if (worst <= 2 && band === 'excellent') band = 'good';
  return band;
}

/** Scores an assessment. Questions without an answer count as if not applicable (a draft's scores are provisional). */
export function scoreAssessment(framework: ScoringFramework, answers: Answers): Scores {
  const domains: DomainResult[] = [];
  if (framework.scoring === 'percentage') {
    const overall: Tally = { points: 0, max: 0 };
    for (const domain of framework.domains) {
      const tally: Tally = { points: 0, max: 0 };
      let answered = 0;
      let applicable = 0;
      for (const question of domain.questions) {
        const answer = answers.get(question.id);
        if (answer === undefined) continue;
        answered++;
        const points = PERCENTAGE_POINTS[answer as PercentageAnswer];
        if (points === undefined) throw new RangeError(`"${answer}" is not an answer for a percentage framework`);
        if (points === null) continue;
        applicable++;
        const weight = weightUnits(question.weight);
        tally.points += points * weight;
        tally.max += 2 * weight;
      }
      overall.points += tally.points;
      overall.max += tally.max;
      domains.push({ domainId: domain.id, ...percentageResult(tally), questions: domain.questions.length, answered, applicable });
    }
    return { overall: percentageResult(overall), domains };
  }

  for (const domain of framework.domains) {
    const items: [number, number][] = [];
    let answered = 0;
    for (const question of domain.questions) {
      const answer = answers.get(question.id);
      if (answer === undefined) continue;
      answered++;
      const points = RATING_POINTS[answer as RatingAnswer];
      if (points === undefined) throw new RangeError(`"${answer}" is not an answer for a rating framework`);
      if (points === null) continue;
      items.push([points, weightUnits(question.weight)]);
    }
    domains.push({ domainId: domain.id, band: ratingBand(items), questions: domain.questions.length, answered, applicable: items.length });
  }
  // Each rated domain counts once towards the overall rating, whatever its number of questions.
  const rated = domains.flatMap((d) => (d.band ? [[BAND_POINTS[d.band], 1] as const] : []));
  return { overall: { band: ratingBand(rated) }, domains };
}

/** Whether an answer falls short of the standard: met in part or not met; requires improvement or poor. */
export function isBelowStandard(answer: Answer): boolean {
  return answer === 'partly_met' || answer === 'not_met' || answer === 'requires_improvement' || answer === 'poor';
}

interface QuestionBelowStandard {
  readonly questionId: string;
  readonly domainId: string;
  readonly answer: Answer;
  readonly text?: string;
}

interface DomainBelowGood {
  readonly domainId: string;
  readonly band: Band;
  readonly percent?: number;
  readonly name?: string;
}

/** What an action plan must address (SPEC: "any domain or question below Good produces actions"). */
export interface BelowStandard {
  /** The day the assessment describes (the visit), from which follow-up is timed. */
  readonly assessedOn: string;
  readonly questions: readonly QuestionBelowStandard[];
  readonly domains: readonly DomainBelowGood[];
}

/**
 * Every question answered below the standard and every domain banded below Good, in framework order.
 * `scores` must be the scores of these answers (scoreAssessment); it is taken rather than recomputed so
 * that a caller holding stored scores gets exactly what the report shows.
 */
export function belowStandard(framework: ScoringFramework, answers: Answers, scores: Scores, assessedOn: string): BelowStandard {
  const questions: QuestionBelowStandard[] = [];
  const domains: DomainBelowGood[] = [];
  for (const domain of framework.domains) {
    for (const question of domain.questions) {
      const answer = answers.get(question.id);
      if (answer !== undefined && isBelowStandard(answer)) {
        questions.push({ questionId: question.id, domainId: domain.id, answer, ...(question.text ? { text: question.text } : {}) });
      }
    }
    const result = scores.domains.find((d) => d.domainId === domain.id);
    if (result?.band && isBelowGood(result.band)) {
      domains.push({
        domainId: domain.id,
        band: result.band,
        ...(result.percent === undefined ? {} : { percent: result.percent }),
        ...(domain.name ? { name: domain.name } : {}),
      });
    }
  }
  return { assessedOn, questions, domains };
}

/**
 * Whole-number percent for display, rounded down so that a shown 78% always means the band edge was reached.
 * (A quotient of whole numbers that is itself whole is computed exactly, so flooring never loses a point.)
 */
export function displayPercent(percent: number | undefined): number | undefined {
  return percent === undefined ? undefined : Math.floor(percent);
}
