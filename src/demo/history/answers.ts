import { scoreAssessment, type Answer, type Band, type FrameworkVersion, type Scores, type ScoringFramework } from '../../assessments/index.ts';
import type { Random } from '../random.ts';
import type { AnswerRow, EvidenceRow, StoredDomainScore } from './model.ts';
import { normal } from './stories.ts';
import { EVIDENCE_NOTES } from './texts.ts';

/**
 * Answers to a framework's questions that the assessments capability's own scoring turns into the band
 * the story calls for. The scores stored with an assessment are always that scoring of its answers.
 */

export interface Framework {
  readonly version: FrameworkVersion;
  readonly scoring: ScoringFramework;
}

/** The council's judgement of a service of a given hidden quality (stricter than CQC's). */
export function bandFor(quality: number, random: Random): Band {
  const q = quality + 0.35 * normal(random);
  if (q >= 1.7) return 'excellent';
  if (q >= 0) return 'good';
  if (q >= -1.4) return 'requires_improvement';
  return 'poor';
}

/** Chances of each answer, best first, for a question in a domain of the given standard. */
const PERCENTAGE: Record<Band, readonly [number, number, number]> = {
  excellent: [0.97, 0.03, 0],
  good: [0.91, 0.08, 0.01],
  requires_improvement: [0.62, 0.27, 0.11],
  poor: [0.32, 0.33, 0.35],
};
const RATING: Record<Band, readonly [number, number, number, number]> = {
  excellent: [0.62, 0.38, 0, 0],
  good: [0.12, 0.85, 0.03, 0],
  requires_improvement: [0.02, 0.52, 0.38, 0.08],
  poor: [0, 0.25, 0.45, 0.3],
};
const WORSE: Record<Band, Band> = { excellent: 'good', good: 'requires_improvement', requires_improvement: 'poor', poor: 'poor' };

/** Staffing and management are where care most often falls short (seed 000's themes). */
const weakWeight = (name: string) => (/staff|manage|lead|govern/i.test(name) ? 3 : 1);

function draw(framework: Framework, band: Band, random: Random): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  const domains = framework.version.domains;
  const weak = new Set<string>();
  if (band !== 'excellent' && domains.length > 0 && (band !== 'good' || random.chance(0.35))) {
    const weights = Object.fromEntries(domains.map((d) => [d.id, weakWeight(d.name)]));
    weak.add(random.weighted(weights));
    if (band !== 'good' && random.chance(0.5)) weak.add(random.weighted(weights));
  }
  for (const domain of domains) {
    const level = weak.has(domain.id) ? WORSE[band] : band;
    for (const question of domain.questions) {
      if (random.chance(0.015)) {
        answers.set(question.id, 'not_applicable');
        continue;
      }
      const roll = random.float();
      if (framework.version.scoring === 'percentage') {
        const [met, partly] = PERCENTAGE[level];
        answers.set(question.id, roll < met ? 'met' : roll < met + partly ? 'partly_met' : 'not_met');
      } else {
        const [excellent, good, ri] = RATING[level];
        answers.set(question.id, roll < excellent ? 'excellent' : roll < excellent + good ? 'good' : roll < excellent + good + ri ? 'requires_improvement' : 'poor');
      }
    }
  }
  return answers;
}

export interface Answered {
  readonly answers: Map<string, Answer>;
  readonly scores: Scores;
}

/** Answers whose scoring gives the band wanted (or, rarely, the nearest the draws reached). */
export function answersFor(framework: Framework, band: Band, random: Random): Answered {
  let best: Answered | undefined;
  for (let tries = 0; tries < 40; tries++) {
    const answers = draw(framework, band, random);
    const scores = scoreAssessment(framework.scoring, answers);
    if (scores.overall.band === band) return { answers, scores };
    best ??= { answers, scores };
  }
  return best!;
}

/** A correction changes an answer or two; the scores follow from the answers. */
export function corrected(framework: Framework, original: ReadonlyMap<string, Answer>, random: Random): Answered {
  const answers = new Map(original);
  const ids = [...answers.keys()];
  const better: Partial<Record<Answer, Answer>> = { not_met: 'partly_met', partly_met: 'met', poor: 'requires_improvement', requires_improvement: 'good' };
  const changes = random.int(1, 2);
  for (let i = 0; i < changes; i++) {
    const id = random.pick(ids);
    answers.set(id, better[answers.get(id)!] ?? answers.get(id)!);
  }
  return { answers, scores: scoreAssessment(framework.scoring, answers) };
}

/** The first `share` of the answers: a draft part-way through. */
export function partly(answered: Answered, framework: Framework, share: number): Answered {
  const kept = new Map([...answered.answers].slice(0, Math.max(1, Math.floor(answered.answers.size * share))));
  return { answers: kept, scores: scoreAssessment(framework.scoring, kept) };
}

/** How the assessments capability stores scores (its repository's saveScores). */
export function storedScores(scores: Scores): { overallBand: Band | null; overallPercent: number | null; domainScores: StoredDomainScore[] } {
  return {
    overallBand: scores.overall.band,
    overallPercent: scores.overall.percent ?? null,
    domainScores: scores.domains.map((d) => ({ domainId: d.domainId, ...(d.percent === undefined ? {} : { percent: d.percent }), band: d.band })),
  };
}

export function answerRows(answers: ReadonlyMap<string, Answer>): AnswerRow[] {
  return [...answers].map(([questionId, answer]) => ({ questionId, answer }));
}

const SOURCES = ['observation', 'people_using_the_service', 'staff', 'records', 'policy'] as const;
const BELOW: ReadonlySet<Answer> = new Set(['partly_met', 'not_met', 'requires_improvement', 'poor']);

/** The officer's notes behind answers below the standard; a few are confidential (exempt). */
export function evidenceFor(answers: ReadonlyMap<string, Answer>, random: Random): EvidenceRow[] {
  const rows: EvidenceRow[] = [];
  for (const [questionId, answer] of answers) {
    // Officers write a note for every finding that was not met, and for some met only in part.
    if (!BELOW.has(answer) || ((answer === 'partly_met' || answer === 'requires_improvement') && !random.chance(0.35))) continue;
    rows.push({ questionId, body: random.pick(EVIDENCE_NOTES), source: random.pick(SOURCES), confidential: random.chance(0.08) });
  }
  return rows;
}
