import { addMonths, daysBetween, ukDateText } from './dates.ts';
import { RISK_AREA_KEYS, complexityRowFor, type RiskAreaKey, type RiskMatrix, type Score } from './matrix.ts';
import type { Scores } from './prr.ts';

/**
 * Proposed indicator scores, worked out from what the record says about a service, each with the reason
 * in plain English. A proposal is only a starting point: an officer confirms or changes every score with
 * a rationale (seed 004). Where the record says nothing for an area, the last confirmed score is offered,
 * and where there is none, no score is proposed.
 */

export type CqcValue = 'outstanding' | 'good' | 'requires_improvement' | 'inadequate' | 'insufficient_evidence' | 'inspected_not_rated' | 'no_published_rating';

export interface CqcFact {
  readonly overall: CqcValue | null;
  readonly safe: CqcValue | null;
  readonly effective: CqcValue | null;
  readonly caring: CqcValue | null;
  readonly responsive: CqcValue | null;
  readonly wellLed: CqcValue | null;
  readonly publishedOn: string | null;
}

/** What CQC registers a care home for, which places it on the complexity row. */
export interface CareHomeProfile {
  readonly nursing: boolean;
  readonly dementia: boolean;
}

/** Nursing and dementia, as CQC's service types and specialisms name them (current and 2016 wording); null for a service that is not a care home. */
export function careHomeProfile(careHome: boolean | null, serviceTypes: readonly string[], specialisms: readonly string[]): CareHomeProfile | null {
  const types = serviceTypes.map((t) => t.toLowerCase());
  const isCareHome = careHome === true || types.some((t) => t.includes('care home') || t.includes('nursing home') || t.includes('residential home'));
  if (!isCareHome) return null;
  const nursing = types.some((t) => (t.includes('with nursing') && !t.includes('without nursing')) || t === 'nursing homes');
  const dementia = specialisms.some((s) => /dementia/i.test(s));
  return { nursing, dementia };
}

/** The council's own assessment, used where the service has no CQC rating (seed 004: "apply PAMMS rating if not regulated"). */
export interface AssessmentFact {
  readonly band: 'excellent' | 'good' | 'requires_improvement' | 'poor';
  readonly completedOn: string;
}

/** One intelligence entry, reduced to what scoring needs: no summary, no personal details. */
export interface IntelligenceFact {
  readonly receivedOn: string;
  readonly source: string;
  readonly severity: 'red' | 'amber' | 'green' | null;
  readonly substantiated: 'yes' | 'no' | 'unknown';
  readonly safeguarding: boolean;
  readonly section42Status: 'open' | 'concluded' | null;
  readonly status: 'open' | 'under_review' | 'closed';
}

export interface EscalationFact {
  /** The stage of an open concerns procedure case, if any. */
  readonly concernsStage: number | null;
  readonly suspended: boolean;
  /** Only some placements are suspended (for example nursing beds only). */
  readonly partialSuspension?: boolean;
}

export interface RiskFacts {
  readonly category: string;
  readonly cqc: CqcFact | null;
  readonly careHome: CareHomeProfile | null;
  readonly ownAssessment: AssessmentFact | null;
  /** Entries received in the last six months, and any with a Section 42 enquiry still open. */
  readonly intelligence: readonly IntelligenceFact[];
  /** Null where the council records no concerns procedure or suspensions. */
  readonly escalation: EscalationFact | null;
  readonly previous: Scores | null;
  /** Quarterly returns sent in the last six months with flagged figures (from the returns capability); none if absent. */
  readonly returns?: ReturnsFact | null;
}

/** Flagged figures of the provider's quarterly returns: information from the provider itself, for a person to weigh. */
export interface ReturnsFact {
  readonly flagged: readonly { readonly period: string; readonly flags: readonly { readonly key: string; readonly message: string }[] }[];
  /** The newest return sent was flagged (otherwise the service has since sent a return with nothing flagged). */
  readonly newestFlagged: boolean;
}

export type ProposalBasis = 'record' | 'previous' | 'none';

export interface Proposal {
  readonly score: Score | null;
  readonly basis: ProposalBasis;
  readonly explanation: string;
}

export type Proposals = Readonly<Record<RiskAreaKey, Proposal>>;

/** Sources that are not scored in their own area: the "information from other sources" of the matrix. */
const OWN_AREA_SOURCES = new Set(['cqc', 'safeguarding', 'complaint', 'whistleblowing', 'financial_check', 'officer']);

/** Three or more safeguarding alerts within four weeks are a pattern (seed 004, score 3). */
const PATTERN_ALERTS = 3;
const PATTERN_DAYS = 28;

const CQC_LABELS: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};
const KEY_QUESTIONS = [
  ['safe', 'Safe'],
  ['effective', 'Effective'],
  ['caring', 'Caring'],
  ['responsive', 'Responsive'],
  ['wellLed', 'Well-led'],
] as const;

const record = (score: Score, explanation: string): Proposal => ({ score, basis: 'record', explanation });
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const listText = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

export function proposeScores(matrix: RiskMatrix, facts: RiskFacts, today: string): Proposals {
  const since = addMonths(today, -6);
  const recent = facts.intelligence.filter((e) => e.receivedOn >= since && e.receivedOn <= today);
  const byArea: Record<RiskAreaKey, Proposal | undefined> = {
    cqc_rating: proposeCqc(facts),
    other_sources: withReturns(proposeOtherSources(recent), facts.returns ?? null),
    safeguarding: proposeSafeguarding(recent, facts.intelligence),
    complaints: proposeComplaints(recent),
    financial_viability: proposeFinancial(recent),
    complexity: proposeComplexity(matrix, facts),
    officer_intelligence: proposeOfficer(facts.escalation),
  };
  return Object.fromEntries(RISK_AREA_KEYS.map((key) => [key, byArea[key] ?? fallback(key, facts)])) as unknown as Proposals;
}

const NOTHING_ON_RECORD: Record<RiskAreaKey, string> = {
  cqc_rating: 'No CQC rating or council assessment is on record',
  other_sources: '',
  safeguarding: '',
  complaints: '',
  financial_viability: '',
  complexity: 'The record does not say how complex the care is',
  officer_intelligence: 'This is your own judgement: no suspension or concerns procedure at stage 3 or above is on record',
};

function fallback(key: RiskAreaKey, facts: RiskFacts): Proposal {
  const reason = NOTHING_ON_RECORD[key];
  const previous = facts.previous?.[key];
  return previous
    ? { score: previous, basis: 'previous', explanation: `${reason}. The last confirmed rating scored ${previous}.` }
    : { score: null, basis: 'none', explanation: `${reason}. Choose a score.` };
}

function proposeCqc(facts: RiskFacts): Proposal | undefined {
  const cqc = facts.cqc;
  const published = cqc?.publishedOn ? ` (published ${ukDateText(cqc.publishedOn)})` : '';
  switch (cqc?.overall) {
    case 'outstanding':
      return record(1, `CQC rated the service Outstanding overall${published}.`);
    case 'good': {
      const below = KEY_QUESTIONS.filter(([k]) => cqc[k] === 'requires_improvement' || cqc[k] === 'inadequate');
      if (below.length) {
        const named = listText(below.map(([k, label]) => `${label} ${CQC_LABELS[cqc[k]!]}`));
        return record(3, `CQC rated the service Good overall, but ${named}${published}.`);
      }
      return record(2, `CQC rated the service Good overall${published}.`);
    }
    case 'requires_improvement':
      return record(4, `CQC rated the service Requires improvement overall${published}.`);
    case 'inadequate':
      return record(5, `CQC rated the service Inadequate overall${published}.`);
  }
  const own = facts.ownAssessment;
  if (!own) return undefined;
  const why = cqc ? 'CQC has not rated the service' : 'The service has no CQC rating';
  const scores: Record<AssessmentFact['band'], [Score, string]> = {
    excellent: [1, 'Excellent'],
    good: [2, 'Good'],
    requires_improvement: [4, 'Requires improvement'],
    poor: [5, 'Poor'],
  };
  const [score, label] = scores[own.band];
  return record(score, `${why}, so the council’s own assessment is used: ${label} (completed ${ukDateText(own.completedOn)}).`);
}

function proposeOtherSources(recent: readonly IntelligenceFact[]): Proposal {
  const entries = recent.filter((e) => !OWN_AREA_SOURCES.has(e.source) && !e.safeguarding);
  if (!entries.length) return record(1, 'No intelligence from other sources in the last 6 months.');
  const red = entries.filter((e) => e.severity === 'red');
  const open = (list: readonly IntelligenceFact[]) => list.filter((e) => e.status === 'open');
  const counted = `${plural(entries.length, 'entry', 'entries')} from other sources in the last 6 months`;
  if (red.length) {
    const unaddressed = open(red).length;
    return unaddressed
      ? record(5, `${counted}: ${red.length} rated red (significant), ${unaddressed} of them still open.`)
      : record(4, `${counted}: ${red.length} rated red (significant), none of them still open.`);
  }
  const unaddressed = open(entries).length;
  return unaddressed
    ? record(3, `${counted}, none rated red; ${unaddressed} still open.`)
    : record(2, `${counted}, none rated red, all under review or closed.`);
}

/**
 * Flagged figures in the provider's own quarterly returns are concerns from another source: a flagged newest
 * return proposes at least 3 (raised, not yet addressed), flags only in earlier returns at least 2 (the
 * newest came back clean). The intelligence's own score stands when it is higher; the reason says both.
 */
function withReturns(fromIntelligence: Proposal, returns: ReturnsFact | null): Proposal {
  if (!returns?.flagged.length) return fromIntelligence;
  const newest = returns.flagged[0]!;
  const words = `Quarterly returns flagged in the last 6 months: ${returns.flagged.map((r) => `${r.period} (${r.flags.map((f) => f.message).join('; ')})`).join(', ')}`;
  const score: Score = returns.newestFlagged ? 3 : 2;
  const why = returns.newestFlagged ? `${words}; the newest, ${newest.period}, is flagged.` : `${words}; the newest return since has nothing flagged.`;
  if (fromIntelligence.score !== null && fromIntelligence.score >= score && fromIntelligence.score > 1) return record(fromIntelligence.score, `${fromIntelligence.explanation} ${why}`);
  return record(score, fromIntelligence.score === 1 ? why : `${why} ${fromIntelligence.explanation}`);
}

function proposeSafeguarding(recent: readonly IntelligenceFact[], all: readonly IntelligenceFact[]): Proposal {
  const alerts = recent.filter((e) => e.safeguarding || e.source === 'safeguarding');
  const counted = `${plural(alerts.length, 'safeguarding alert')} in the last 6 months`;
  const red = alerts.filter((e) => e.severity === 'red').length;
  if (red) return record(4, `${counted}, ${red} rated red (serious concern). Score 5 if one resulted in a death or concluded there was organisational abuse.`);
  const openEnquiries = all.filter((e) => e.section42Status === 'open').length;
  if (openEnquiries) return record(3, `${counted}; ${plural(openEnquiries, 'Section 42 enquiry', 'Section 42 enquiries')} still open.`);
  if (hasPattern(alerts.map((a) => a.receivedOn))) return record(3, `${counted}, with ${PATTERN_ALERTS} or more within ${PATTERN_DAYS / 7} weeks: a pattern.`);
  if (alerts.length >= 2) return record(2, `${counted}, with no pattern and none rated red.`);
  return record(1, `${counted}: a low number.`);
}

/** Whether some run of PATTERN_ALERTS alerts falls within PATTERN_DAYS days. */
export function hasPattern(dates: readonly string[]): boolean {
  const sorted = [...dates].sort();
  for (let i = 0; i + PATTERN_ALERTS - 1 < sorted.length; i++) {
    if (daysBetween(sorted[i]!, sorted[i + PATTERN_ALERTS - 1]!) < PATTERN_DAYS) return true;
  }
  return false;
}

function proposeComplaints(recent: readonly IntelligenceFact[]): Proposal {
  const complaints = recent.filter((e) => e.source === 'complaint');
  const whistle = recent.filter((e) => e.source === 'whistleblowing').length;
  const red = complaints.filter((e) => e.severity === 'red').length;
  const substantiated = complaints.filter((e) => e.substantiated === 'yes').length;
  const counted = `${plural(complaints.length, 'complaint')} and ${plural(whistle, 'whistle-blowing report')} in the last 6 months`;
  if (red || whistle >= 2) {
    return record(4, `${counted}${red ? `; ${red} rated red (higher level)` : ''}. Score 5 if they show people are at risk and the service is not addressing them.`);
  }
  if (whistle === 1 || substantiated >= 2 || complaints.length >= 3) {
    return record(3, `${counted}; ${substantiated} substantiated: a pattern.`);
  }
  if (complaints.length) return record(2, `${counted}, with no pattern.`);
  return record(1, `${counted}.`);
}

function proposeFinancial(recent: readonly IntelligenceFact[]): Proposal {
  const checks = recent.filter((e) => e.source === 'financial_check');
  if (!checks.length) return record(1, 'No financial alerts in the last 6 months.');
  const counted = `${plural(checks.length, 'financial alert')} in the last 6 months`;
  if (checks.some((e) => e.severity === 'red')) return record(4, `${counted}, rated red. Score 5 if the supplier is not financially viable.`);
  if (checks.some((e) => e.severity === 'amber')) return record(3, `${counted}, the most serious rated amber.`);
  return record(2, `${counted}, none rated red or amber: minor concerns.`);
}

function proposeComplexity(matrix: RiskMatrix, facts: RiskFacts): Proposal | undefined {
  const row = complexityRowFor(matrix, facts.category);
  if (!row) return undefined;
  const level = (score: Score, why: string) => record(score, `${why}: “${row.indicators[score - 1]}” on the ${row.label.toLowerCase()} row.`);
  if (facts.category === 'extra_care') return level(1, 'The service is extra care housing');
  if ((facts.category === 'care_home_older_people' || facts.category === 'care_home_adults_with_disabilities') && facts.careHome) {
    const { nursing, dementia } = facts.careHome;
    const what = `CQC registers it as a care home ${nursing ? 'with' : 'without'} nursing${dementia ? ', specialising in dementia' : ''}`;
    return level(nursing ? (dementia ? 5 : 4) : dementia ? 3 : 2, what);
  }
  return undefined;
}

function proposeOfficer(escalation: EscalationFact | null): Proposal | undefined {
  if (!escalation) return undefined;
  if (escalation.suspended) {
    return record(5, escalation.partialSuspension ? 'Some new placements with the service are suspended.' : 'New placements with the service are suspended.');
  }
  if (escalation.concernsStage !== null && escalation.concernsStage >= 3) {
    return record(4, `The service is in the concerns procedure at stage ${escalation.concernsStage}.`);
  }
  return undefined;
}

export interface ProposalChange {
  readonly area: RiskAreaKey;
  readonly was: Score | null;
  readonly now: Score;
  readonly explanation: string;
}

/**
 * The areas where the record now proposes a different score from the one it proposed when the service
 * was last rated. Any change means the service needs re-rating; the confirmed rating itself never moves
 * until a person confirms a new one.
 */
export function changedProposals(atRating: Proposals | null, now: Proposals): ProposalChange[] {
  const changes: ProposalChange[] = [];
  for (const area of RISK_AREA_KEYS) {
    const current = now[area];
    if (current.basis !== 'record' || current.score === null) continue;
    const before = atRating?.[area];
    const was = before?.basis === 'record' ? before.score : null;
    if (was !== current.score) changes.push({ area, was, now: current.score, explanation: current.explanation });
  }
  return changes;
}
