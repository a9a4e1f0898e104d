import { bandFor, careHomeProfile, computePrr, proposeScores, RISK_AREA_KEYS, type RiskFacts, type RiskMatrix, type Score, type Scores } from '../../risk/index.ts';
import type { Random } from '../random.ts';
import { addDays, addMonths, instantOn, minDate, type Window } from './calendar.ts';
import { cqcOn } from './cqc.ts';
import { intelligenceStatusOn, section42On } from './intelligence.ts';
import type { AssessmentRow, CaseRow, CqcLocationRow, CqcRatingRow, IntelligenceRow, RiskRatingRow, SuspensionRow } from './model.ts';
import { qualityOn, type Story } from './stories.ts';
import { RATING_RATIONALES } from './texts.ts';

/**
 * Risk ratings as an officer makes them: the record's proposals (the risk capability's own rules, from
 * what the demo's records said on that day), confirmed or changed by the officer's judgement, then the
 * PRR, band and monitoring regime the capability's rules give. A commissioner approves most of them.
 */

export interface RecordOfService {
  readonly story: Story;
  readonly location: CqcLocationRow | undefined;
  readonly cqc: readonly CqcRatingRow[];
  readonly intelligence: readonly IntelligenceRow[];
  /** Cases about the service, and those about its provider group. */
  readonly cases: readonly CaseRow[];
  readonly suspensions: readonly SuspensionRow[];
  /** Its full assessments so far (completed or published ones count from their completion). */
  readonly assessments: readonly AssessmentRow[];
}

function stageOn(kase: CaseRow, on: string): number | null {
  if (kase.openedOn > on || (kase.closedOn !== null && kase.closedOn <= on)) return null;
  let stage: number | null = null;
  for (const e of kase.events) if (e.occurredOn <= on && e.toStage !== null) stage = e.toStage;
  return stage;
}

export function suspensionScopeOn(s: SuspensionRow, on: string): 'full' | 'partial' | null {
  if (s.startsOn > on || (s.liftedOn !== null && s.liftedOn <= on)) return null;
  let scope: 'full' | 'partial' | null = null;
  for (const e of s.events) if (e.occurredOn <= on && e.scopeAfter) scope = e.scopeAfter;
  return scope;
}

/** What the record said about a service on a day, as the risk capability reads it from the database. */
export function factsOn(record: RecordOfService, on: string, previous: Scores | null): RiskFacts {
  const cqc = cqcOn(record.cqc, on);
  const since = addMonths(on, -6);
  const completed = record.assessments
    .filter((a) => a.kind === 'full' && a.completedOn !== null && a.completedOn <= on)
    .sort((a, b) => ((a.visitedOn ?? a.completedOn!) < (b.visitedOn ?? b.completedOn!) ? -1 : (a.visitedOn ?? a.completedOn!) > (b.visitedOn ?? b.completedOn!) ? 1 : a.version - b.version));
  const own = completed.at(-1);
  const stages = record.cases.map((c) => stageOn(c, on)).filter((s): s is number => s !== null);
  const scope = record.suspensions.map((s) => suspensionScopeOn(s, on)).find((s) => s !== null) ?? null;
  return {
    category: record.story.service.category,
    cqc: cqc
      ? { overall: cqc.overall, safe: cqc.safe, effective: cqc.effective, caring: cqc.caring, responsive: cqc.responsive, wellLed: cqc.wellLed, publishedOn: cqc.publishedOn }
      : null,
    careHome: record.location ? careHomeProfile(record.location.careHome, record.location.serviceTypes, record.location.specialisms) : null,
    ownAssessment: own?.overallBand ? { band: own.overallBand, completedOn: own.visitedOn ?? own.completedOn! } : null,
    intelligence: record.intelligence
      .filter((e) => e.receivedOn <= on && (e.receivedOn >= since || section42On(e, on) === 'open'))
      .map((e) => ({
        receivedOn: e.receivedOn,
        source: e.source,
        severity: e.severity,
        substantiated: e.closedOn && e.closedOn <= on ? e.substantiated : 'unknown',
        safeguarding: e.safeguarding,
        section42Status: section42On(e, on),
        status: intelligenceStatusOn(e, on),
      })),
    escalation: { concernsStage: stages.length ? Math.max(...stages) : null, suspended: scope !== null, partialSuspension: scope === 'partial' },
    previous,
  };
}

const clamp = (n: number): Score => Math.min(5, Math.max(1, Math.round(n))) as Score;

/** The officer's own score where the record proposes none. */
function judgement(record: RecordOfService, area: (typeof RISK_AREA_KEYS)[number], facts: RiskFacts, quality: number): Score {
  switch (area) {
    case 'cqc_rating':
      return quality >= 1.7 ? 1 : quality >= 0 ? 2 : quality >= -1.4 ? 4 : 5;
    case 'complexity':
      return record.story.complexity;
    case 'officer_intelligence': {
      const stage = facts.escalation?.concernsStage ?? null;
      if (stage !== null) return 3;
      return quality < -0.8 ? 3 : quality < 0.2 ? 2 : 1;
    }
    default:
      return 2;
  }
}

export interface RatingContext {
  readonly matrix: RiskMatrix;
  readonly window: Window;
  readonly random: Random;
  readonly officerId: string;
  readonly commissionerId: string;
}

/** A rating confirmed on a day, with the commissioner's approval where given. */
export function rateOn(ctx: RatingContext, record: RecordOfService, on: string, previous: RiskRatingRow | undefined): RiskRatingRow {
  const { random, matrix, window } = ctx;
  const facts = factsOn(record, on, previous?.scores ?? null);
  const proposals = proposeScores(matrix, facts, on);
  const quality = qualityOn(record.story, on, window);
  const scores = {} as Record<(typeof RISK_AREA_KEYS)[number], Score>;
  const areaRationales: Record<string, string> = {};
  for (const key of RISK_AREA_KEYS) scores[key] = proposals[key].score ?? judgement(record, key, facts, quality);
  // Now and then the officer knows better than the record, and says why.
  if (random.chance(0.12)) {
    const key = random.pick(['other_sources', 'complaints', 'officer_intelligence', 'safeguarding'] as const);
    const moved = clamp(scores[key] + (quality < 0 ? 1 : -1));
    if (moved !== scores[key]) {
      scores[key] = moved;
      areaRationales[key] = quality < 0 ? 'Raised: what the officer saw at recent visits is worse than the record shows.' : 'Lowered: the concerns on record have been dealt with.';
    }
  }
  const prr = computePrr(matrix, scores);
  const band = bandFor(matrix, prr);
  const byCommissioner = random.chance(0.15);
  const ratedBy = byCommissioner ? ctx.commissionerId : ctx.officerId;
  const approvedOn = minDate(addDays(on, random.int(1, 12)), window.today);
  const approved = !byCommissioner && approvedOn > on && random.chance(0.7);
  return {
    id: random.uuid(),
    serviceId: record.story.service.id,
    scores,
    rationale: random.pick(RATING_RATIONALES),
    areaRationales,
    proposals,
    prr,
    bandKey: band.key,
    bandLabel: band.label,
    regime: band.regime,
    ratedOn: on,
    ratedBy,
    createdAt: instantOn(random, on),
    approval: approved ? { id: random.uuid(), approvedBy: ctx.commissionerId, approvedOn, note: random.chance(0.3) ? 'Agreed.' : null, createdAt: instantOn(random, approvedOn) } : null,
  };
}
