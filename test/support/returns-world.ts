import type { Store } from '../../src/core/db/database.ts';
import { DEFAULT_RETURN_TEMPLATES } from '../../src/migrations/20261206T0100_returns.defaults.ts';
import { makeAssessmentWorld } from './assessment-world.ts';
import { makeOrganisation, makeUser } from './fixtures.ts';

/**
 * Test data for returns: the assessment world (a council whose provider runs a care home, a home care branch
 * and a day centre, a rival provider's care home, a partner, a second council), plus a care home in the
 * second council with a provider user of its own.
 */
export async function makeReturnsWorld(store: Store) {
  const world = await makeAssessmentWorld(store);
  const farOrg = await makeOrganisation(store, 'provider', { managedBy: world.other.org.id, name: 'Southern Homes Ltd' });
  const farProvider = await makeUser(store, farOrg, 'provider', 'Sam South');
  const farHomeId = await store.asSystem(async (tx) => {
    const p = await tx.insertInto('providers').values({ council_id: world.other.org.id, name: 'Southern Homes Ltd', org_id: farOrg.id }).returning('id').executeTakeFirstOrThrow();
    const s = await tx
      .insertInto('services')
      .values({ council_id: world.other.org.id, provider_id: p.id, name: 'South View', category: 'care_home_older_people', postcode: 'SS1 1AA' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return s.id;
  });
  return { ...world, farProvider, farHomeId };
}

/** Every required answer of a default template, unremarkable (no flags) unless `overrides` says otherwise. */
export function completeAnswers(key: 'care_homes' | 'community', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const template = DEFAULT_RETURN_TEMPLATES.find((t) => t.key === key)!;
  const answers: Record<string, unknown> = {};
  for (const q of template.sections.flatMap((s) => s.questions)) {
    if (!q.required) continue;
    answers[q.key] = q.type === 'yes_no' ? q.key === 'registered_manager_in_post' : q.type === 'percentage' ? (q.key === 'agency_hours_percent' ? 5 : 92) : 4;
  }
  return { ...answers, ...overrides };
}
