import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actionPlansService } from '../actions/actions.service.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import { makePlanWorld, type PlanWorld } from '../../test/support/plan-world.ts';
import { addIntelligence } from '../../test/support/status-world.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';

const text = (s: string) => s.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ');

/**
 * The provider's home page lists, per service, what it owes the council from every capability (returns,
 * self-assessments from the risk regime's dates, action plan actions, assessments open for comments,
 * published reports), and nothing of the council's own records.
 */
for (const database of testDatabases()) {
  describe(`the provider's home page (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let world: PlanWorld;

    before(async () => {
      setClock('2026-11-20');
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      world = await makePlanWorld(store);
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    const home = async (user: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return text((await client.get('/')).body);
    };

    test('a self-assessment due by the risk regime’s dates, without the rating behind it', async () => {
      // Rated a year ago with a full assessment every 12 months: it is due 1 December 2026, the self-assessment a month before.
      await store.asSystem((tx) =>
        tx
          .insertInto('risk_ratings')
          .values({
            council_id: world.council.org.id,
            service_id: world.homeId,
            scores: JSON.stringify({}),
            rationale: 'Private rationale about staffing',
            proposals: JSON.stringify({}),
            prr: 43,
            band_key: 'medium',
            band_label: 'Medium risk band',
            regime: JSON.stringify({ fullAssessmentEveryMonths: 12, monitoringMeetingsPerYear: 2, contactEveryDays: 90, concernsStage: null }),
            rated_on: '2025-12-01',
            rated_by: world.council.officer.actor.userId,
          })
          .execute(),
      );
      await addIntelligence(store, world.council.org.id, world.homeId, world.council.officer.actor.userId, 'open');
      const page = await home(world.provider);
      assert.match(page, /Oakwood House: self-assessment overdue, it was due by 1 November 2026/);
      // Nothing of the council's own records: the band, the PRR, the rationale, the intelligence, its visits.
      for (const secret of [/Medium risk band/, /\b43\b/, /Private rationale/, /Mrs Jones/, /bruising/, /monitoring meeting/i, /Elm Lodge/]) assert.doesNotMatch(page, secret);
      // The rival provider sees nothing of Oakwood's.
      assert.doesNotMatch(await home(world.rival), /Oakwood House/);
    });

    test('an assessment open for comments, actions due, and a published report', async () => {
      const plans = actionPlansService(store);
      const { id } = await world.completedAssessment({ answers: { 1: 'partly_met' } });
      const { plan } = await plans.forAssessment(world.council.officer.actor, id);
      for (const a of plan!.actions) {
        await plans.updateAction(world.council.officer.actor, a.id, { domainId: a.domainId, questionId: a.questionId ?? '', description: a.description, ownerOrg: 'provider', ownerName: 'Registered manager', dueOn: '2026-12-10' });
      }
      await plans.share(world.council.officer.actor, plan!.id);
      const page = await home(world.provider);
      assert.match(page, /Oakwood House: assessment open for your factual accuracy comments until/);
      assert.match(page, /Oakwood House: an action due by 10 December 2026/);
      assert.doesNotMatch(await home(world.rival), /Oakwood House/);
      // Published: the report line instead of the comments line.
      await store.asSystem((tx) => tx.updateTable('assessments').set({ status: 'published', published_at: new Date(), published_on: '2026-11-20', published_by: world.council.officer.actor.userId }).where('id', '=', id).execute());
      const later = await home(world.provider);
      assert.match(later, /Oakwood House: assessment report published on 20 November 2026/);
      assert.doesNotMatch(later, /open for your factual accuracy comments/);
    });
  });
}
