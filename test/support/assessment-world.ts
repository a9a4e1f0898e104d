import type { Answer } from '../../src/assessments/index.ts';
import type { Store } from '../../src/core/db/database.ts';
import { makeCouncil, makeOrganisation, makeUser } from './fixtures.ts';

/**
 * Test data for assessment tests: a council with a provider organisation running two services (a care
 * home and a home care branch), another provider with a service of its own, and a second council.
 */
export async function makeAssessmentWorld(store: Store) {
  const council = await makeCouncil(store, 'Northshire County Council');
  const other = await makeCouncil(store, 'Southshire County Council');
  const providerOrg = await makeOrganisation(store, 'provider', { managedBy: council.org.id, name: 'Oakwood Care Ltd' });
  const rivalOrg = await makeOrganisation(store, 'provider', { managedBy: council.org.id, name: 'Elm Homes Ltd' });
  const provider = await makeUser(store, providerOrg, 'provider', 'Pat Provider');
  const rival = await makeUser(store, rivalOrg, 'provider', 'Rita Rival');
  const partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
  const ids = await store.asSystem(async (tx) => {
    const p = await tx.insertInto('providers').values({ council_id: council.org.id, name: 'Oakwood Care Ltd', org_id: providerOrg.id }).returning('id').executeTakeFirstOrThrow();
    const r = await tx.insertInto('providers').values({ council_id: council.org.id, name: 'Elm Homes Ltd', org_id: rivalOrg.id }).returning('id').executeTakeFirstOrThrow();
    const home = await tx
      .insertInto('services')
      .values({ council_id: council.org.id, provider_id: p.id, name: 'Oakwood House', category: 'care_home_older_people', postcode: 'NS1 1AA', town: 'Northtown' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const branch = await tx
      .insertInto('services')
      .values({ council_id: council.org.id, provider_id: p.id, name: 'Oakwood Home Care', category: 'home_care', postcode: 'NS1 1AB', town: 'Northtown' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const day = await tx
      .insertInto('services')
      .values({ council_id: council.org.id, provider_id: p.id, name: 'Oakwood Day Centre', category: 'day_services_older_people', postcode: 'NS1 1AC' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const elm = await tx
      .insertInto('services')
      .values({ council_id: council.org.id, provider_id: r.id, name: 'Elm Lodge', category: 'care_home_older_people', postcode: 'NS2 2AA' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const frameworks = await tx
      .selectFrom('frameworks')
      .select(['id', 'based_on_template', 'council_id'])
      .where('council_id', 'in', [council.org.id, other.org.id])
      .execute();
    const find = (council: string, key: string) => frameworks.find((f) => f.council_id === council && f.based_on_template === key)!.id;
    return {
      careHomeId: home.id,
      homeCareId: branch.id,
      dayCentreId: day.id,
      elmLodgeId: elm.id,
      careHomesFrameworkId: find(council.org.id, 'care_homes'),
      careAtHomeFrameworkId: find(council.org.id, 'community_care'),
      otherCareHomesFrameworkId: find(other.org.id, 'care_homes'),
    };
  });
  return { council, other, provider, rival, partner, providerOrg, ...ids };
}

/** Answers every question of an assessment's framework, all with `answer` unless `overrides` says otherwise. */
export function answerAll(questionIds: readonly string[], answer: Answer, overrides: Record<string, Answer> = {}) {
  return { answers: questionIds.map((questionId) => ({ questionId, answer: overrides[questionId] ?? answer })) };
}
