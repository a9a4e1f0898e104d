import type { Answer, assessmentsServices } from '../assessments/index.ts';
import { setClock } from '../core/clock.ts';
import type { Actor } from '../core/db/database.ts';

/**
 * Test helper: a full assessment of the care homes framework (percentage scoring) visited, completed and
 * published on the days given, through the assessments capability's services with the clock set to each
 * day, as the product would have recorded it then. The band comes from how many answers are only partly met.
 */
export async function publishedOn(
  services: { assessments: ReturnType<typeof assessmentsServices>['assessments'] },
  people: { officer: Actor; commissioner: Actor },
  target: { serviceId: string; frameworkId: string },
  band: 'excellent' | 'good' | 'requires_improvement' | 'poor',
  days: { visited: string; completed?: string; published: string },
): Promise<string> {
  setClock(days.visited);
  const { id } = await services.assessments.start(people.officer, { serviceId: target.serviceId, frameworkId: target.frameworkId, kind: 'full', visitedOn: days.visited });
  const assessment = await services.assessments.get(people.officer, id);
  const questions = assessment.framework.domains.flatMap((d) => d.standards.flatMap((s) => s.questions.map((q) => q.id)));
  // Percent is 1 - partly/(2n) with equal weights: 0 partly is 100 (excellent), 0.2n is 90 (good), 0.56n is 72 (requires improvement); not met below.
  const partly = { excellent: 0, good: Math.round(0.2 * questions.length), requires_improvement: Math.round(0.56 * questions.length), poor: 0 }[band];
  const answers = questions.map((questionId, i): { questionId: string; answer: Answer } => ({ questionId, answer: band === 'poor' ? (i % 2 ? 'not_met' : 'met') : i < partly ? 'partly_met' : 'met' }));
  await services.assessments.saveAnswers(people.officer, id, { answers });
  setClock(days.completed ?? days.visited);
  await services.assessments.complete(people.officer, id);
  setClock(days.published);
  const published = await services.assessments.publish(people.commissioner, id);
  if (published.scores.overall.band !== band) throw new Error(`expected ${band}, scored ${published.scores.overall.band}`);
  return id;
}
