import { assessmentsService } from '../../src/assessments/assessments.service.ts';
import { allQuestions } from '../../src/assessments/frameworks.ts';
import type { Answer } from '../../src/assessments/index.ts';
import type { Store } from '../../src/core/db/database.ts';
import { makeCouncil, makeOrganisation, makeUser } from './fixtures.ts';

/**
 * Test data for action plans and visits: a council whose quality officer leads a care home run by a
 * provider with a portal account; a rival provider with a home of its own; a second council with the
 * same set-up; and a partner. Assessments are made through the assessments service, as officers make them,
 * on the day the clock says (tests that need a fixed day set it: src/core/clock.ts).
 */
export async function makePlanWorld(store: Store) {
  const council = await makeCouncil(store, 'Northshire County Council');
  const other = await makeCouncil(store, 'Southshire County Council');
  const providerOrg = await makeOrganisation(store, 'provider', { managedBy: council.org.id, name: 'Oakwood Care Ltd' });
  const rivalOrg = await makeOrganisation(store, 'provider', { managedBy: council.org.id, name: 'Elm Homes Ltd' });
  const provider = await makeUser(store, providerOrg, 'provider', 'Pat Provider');
  const rival = await makeUser(store, rivalOrg, 'provider', 'Rita Rival');
  const partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
  const ids = await store.asSystem(async (tx) => {
    const service = async (councilId: string, providerId: string, name: string, leadOfficerId: string) =>
      (
        await tx
          .insertInto('services')
          .values({ council_id: councilId, provider_id: providerId, name, category: 'care_home_older_people', postcode: 'NS1 1AA', lead_officer_id: leadOfficerId })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const oak = await tx.insertInto('providers').values({ council_id: council.org.id, name: 'Oakwood Care Ltd', org_id: providerOrg.id }).returning('id').executeTakeFirstOrThrow();
    const elm = await tx.insertInto('providers').values({ council_id: council.org.id, name: 'Elm Homes Ltd', org_id: rivalOrg.id }).returning('id').executeTakeFirstOrThrow();
    const south = await tx.insertInto('providers').values({ council_id: other.org.id, name: 'Southern Care' }).returning('id').executeTakeFirstOrThrow();
    const frameworks = await tx.selectFrom('frameworks').select(['id', 'council_id']).where('based_on_template', '=', 'care_homes').execute();
    return {
      homeId: await service(council.org.id, oak.id, 'Oakwood House', council.officer.actor.userId),
      elmId: await service(council.org.id, elm.id, 'Elm Lodge', council.officer.actor.userId),
      southId: await service(other.org.id, south.id, 'South House', other.officer.actor.userId),
      frameworkId: frameworks.find((f) => f.council_id === council.org.id)!.id,
      otherFrameworkId: frameworks.find((f) => f.council_id === other.org.id)!.id,
    };
  });
  const assessments = assessmentsService(store);

  /**
   * A completed full assessment visited on `visitedOn`: every question met, except those given by their
   * index in the framework. `evidence` adds evidence notes by index (confidential when marked so).
   */
  async function completedAssessment(
    options: {
      serviceId?: string;
      answers?: Record<number, Answer>;
      evidence?: Record<number, { body: string; confidential?: boolean }>;
      visitedOn?: string;
      as?: 'council' | 'other';
    } = {},
  ) {
    const officer = options.as === 'other' ? other.officer.actor : council.officer.actor;
    const { id } = await assessments.start(officer, {
      serviceId: options.serviceId ?? ids.homeId,
      frameworkId: options.as === 'other' ? ids.otherFrameworkId : ids.frameworkId,
      kind: 'full',
      visitedOn: options.visitedOn ?? '2026-11-18',
    });
    const questions = allQuestions((await assessments.get(officer, id)).framework);
    await assessments.saveAnswers(officer, id, {
      answers: questions.map((q, i) => ({
        questionId: q.id,
        answer: options.answers?.[i] ?? 'met',
        ...(options.evidence?.[i] ? { evidence: options.evidence[i].body, evidenceSource: 'records', confidential: options.evidence[i].confidential ?? false } : {}),
      })),
    });
    await assessments.complete(officer, id);
    return { id, questions };
  }

  return { council, other, provider, rival, partner, providerOrg, ...ids, assessments, completedAssessment };
}

export type PlanWorld = Awaited<ReturnType<typeof makePlanWorld>>;
