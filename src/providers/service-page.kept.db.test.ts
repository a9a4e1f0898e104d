import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { setClock } from '../core/clock.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { testApp } from '../../test/support/http.ts';
import { asRequest } from '../../test/support/tables-read.ts';
import { addCqcRating, addIntelligence, addPublishedAssessment, makeStatusWorld, revoke, share, type StatusWorld } from '../../test/support/status-world.ts';

const TODAY = '2026-11-23';

type Services = Awaited<ReturnType<typeof testApp>>['services'];

const SCORES = { cqc_rating: 2, other_sources: 1, safeguarding: 4, complaints: 1, financial_viability: 2, complexity: 4, officer_intelligence: 1 };

/** What a viewer gets: the page and the document, or the error each ends in (a service no longer theirs to see). */
async function views(store: Store, services: Services, actor: Actor, serviceId: string) {
  const outcome = <T,>(work: () => Promise<T>) =>
    asRequest(store, actor, work).then(
      (value) => ({ value }),
      (error: Error) => ({ error: error.constructor.name }),
    );
  return { page: await outcome(() => services.services.page(actor, serviceId)), detail: await outcome(() => services.services.detail(actor, serviceId)) };
}

/**
 * The service page and GET /api/v1/services/{id} are kept until that service changes (store.keepForService):
 * its version, moved in the same transaction by every record they read (migration 20261207T1900 and those it
 * builds on), or a shared version. After each kind of change they are read again and are as if read afresh,
 * for every kind of viewer; a commit elsewhere leaves them kept. Which tables they read, and that each moves a
 * version: src/demo/kept-answers.db.test.ts.
 */
for (const database of testDatabases()) {
  describe(`the service page kept until its service changes (${database.name})`, () => {
    let store: Store;
    let world: StatusWorld;
    let reads = 0;
    let kept: Services;
    let fresh: Services;
    let closers: (() => Promise<unknown>)[] = [];

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      world = await makeStatusWorld(store);
      const keptApp = await testApp({ ...store, keepForService: (tx, key, id, read) => store.keepForService(tx, key, id, () => read().then((answer) => (reads++, answer))) });
      const freshApp = await testApp({ ...store, keepForService: (_tx, _key, _id, read) => read() });
      kept = keptApp.services;
      fresh = freshApp.services;
      closers = [() => keptApp.app.close(), () => freshApp.app.close()];
    });
    after(async () => {
      setClock(undefined);
      for (const close of closers) await close();
      await store.close();
    });

    test('every kind of record the page shows, and who may see it, reads it again; commits elsewhere do not', async () => {
      const { north, west, oakHouseId: oak, westHomeId, homesId, groupId } = world;
      const officer = north.officer.actor;
      const sharing = await share(store, north.org.id, west.org.id, { liveStatus: true });
      const viewers: [string, Actor][] = [
        ['the officer', officer],
        ['the commissioner', north.commissioner.actor],
        ['the council’s placing officer', north.placer.actor],
        ['the provider’s user', world.providerUser.actor],
        ['a placing officer the council shares with', west.placer.actor],
        ['a partner', world.healthwatch.actor],
      ];
      const system = <T,>(work: (tx: Parameters<Parameters<Store['asSystem']>[0]>[0]) => Promise<T>) => store.asSystem(work);

      const step = async (what: string, change: () => Promise<unknown>, readAgain: boolean) => {
        await change();
        reads = 0;
        const seen: string[] = [];
        for (const [who, actor] of viewers) {
          const got = await views(store, kept, actor, oak);
          assert.deepEqual(got, await views(store, fresh, actor, oak), `${what}: ${who} sees it as if read afresh`);
          if ('value' in got.page) seen.push(who);
        }
        // each viewer who may see the service keeps a page and a document (reads that fail are not counted, nor kept)
        assert.equal(reads, readAgain ? 2 * seen.length : 0, `${what}: read again (${seen.join(', ')})`);
        return seen;
      };

      const first = await step('the first view', async () => undefined, true);
      assert.ok(first.includes('the provider’s user') && first.includes('the officer'), `the provider's user and the officer see the page (${first.join(', ')})`);
      await step('nothing changed', async () => undefined, false);
      const rate = (actor: Actor, serviceId: string) => asRequest(store, actor, () => fresh.risk.rate(actor, serviceId, { scores: SCORES, rationale: 'Concerns raised' }), 'commit');
      await step('another council’s service rated', () => rate(west.officer.actor, westHomeId), false);
      await step('intelligence elsewhere', () => addIntelligence(store, west.org.id, westHomeId, west.officer.actor.userId, null), false);
      await step('a draft framework version saved', () => draftFramework(store, north.org.id), false);

      await step('intelligence on Oak House', () => addIntelligence(store, north.org.id, oak, officer.userId, 'open'), true);
      await step('Oak House rated', () => rate(officer, oak), true);
      const rating = await system(async (tx) => (await tx.selectFrom('risk_ratings').select('id').where('service_id', '=', oak).executeTakeFirstOrThrow()).id);
      await step('the rating approved', () => system((tx) => tx.insertInto('risk_rating_approvals').values({ council_id: north.org.id, rating_id: rating, approved_by: north.commissioner.actor.userId, approved_on: TODAY } as never).execute()), true);
      await step('an assessment published', () => addPublishedAssessment(store, north.org.id, oak, officer.userId, 'requires_improvement', TODAY), true);
      const assessment = await system(async (tx) => (await tx.selectFrom('assessments').select('id').where('service_id', '=', oak).executeTakeFirstOrThrow()).id);
      await step('a comment on the assessment', () => system((tx) => tx.insertInto('assessment_comments').values({ council_id: north.org.id, assessment_id: assessment, author_user_id: officer.userId, author_org_id: north.org.id, kind: 'comment', body: 'Noted' } as never).execute()), true);
      const suspension = await system(async (tx) =>
        (await tx.insertInto('suspensions').values({ council_id: north.org.id, service_id: oak, scope: 'full', reason: 'Safeguarding', starts_on: TODAY, scope_since: TODAY, created_by: north.commissioner.actor.userId } as never).returning('id').executeTakeFirstOrThrow()).id,
      );
      await step('placements suspended (after the suspension above)', async () => undefined, true);
      await step('the suspension’s review recorded', () => system((tx) => tx.insertInto('suspension_events').values({ council_id: north.org.id, suspension_id: suspension, kind: 'review_date_changed', occurred_on: TODAY, reason: 'Reviewed', recorded_by: officer.userId } as never).execute()), true);
      const groupCase = await system(async (tx) =>
        (await tx.insertInto('concerns_cases').values({ council_id: north.org.id, provider_id: groupId, stage: 2, reason: 'Group-wide staffing', opened_on: TODAY, opened_by: north.commissioner.actor.userId } as never).returning('id').executeTakeFirstOrThrow()).id,
      );
      await step('a concerns case on the provider group (after the case above)', async () => undefined, true);
      await step('an action agreed in the case', () => system((tx) => tx.insertInto('concerns_actions').values({ council_id: north.org.id, case_id: groupCase, description: 'Staffing plan', owner_name: 'Oakleaf', owner_organisation_type: 'provider', due_on: TODAY, recorded_by: officer.userId } as never).execute()), true);
      await step('a contract', () => system((tx) => tx.insertInto('contracts').values({ council_id: north.org.id, service_id: oak, kind: 'block', starts_on: '2026-01-01' } as never).execute()), true);
      await step('a contractual process', () => system((tx) => tx.insertInto('contract_processes').values({ council_id: north.org.id, service_id: oak, kind: 'remedies_for_poor_performance', reason: 'Late returns', started_on: TODAY, started_by: north.commissioner.actor.userId } as never).execute()), true);
      await step('a visit planned', () => system((tx) => tx.insertInto('visits').values({ council_id: north.org.id, service_id: oak, kind: 'drop_in', created_by: officer.userId, planned_on: '2026-12-01' } as never).execute()), true);
      await step('CQC publishes a rating', () => addCqcRating(store, '1-100000001', 'inadequate', '2026-11-01'), true);
      await step('the provider renamed', () => system((tx) => tx.updateTable('providers').set({ name: 'Oakleaf Homes (North) Ltd' }).where('id', '=', homesId).execute()), true);
      await step('the officer renamed', () => system((tx) => tx.updateTable('users').set({ name: 'Olive Officer-Jones' }).where('id', '=', officer.userId).execute()), true);
      await step('the council renamed', () => system((tx) => tx.updateTable('organisations').set({ name: 'Northshire Council' }).where('id', '=', north.org.id).execute()), true);
      await step('the council’s return settings changed', () => system((tx) => tx.insertInto('return_settings').values({ council_id: north.org.id, deadline_months: 2 } as never).onConflict((oc) => oc.column('council_id').doUpdateSet({ deadline_months: 2 } as never)).execute()), true);
      await step('a framework version published', () => publishFramework(store, north.org.id), true);
      await step('the next day', async () => setClock('2026-11-24'), true);
      // sharing live status shows a neighbour's placing officer the Live Status List, never the page
      assert.ok(!first.includes('a placing officer the council shares with'));
      await step('the sharing agreement revoked', () => revoke(store, sharing.id), true);
      const before = await step('(the provider’s user, as things stand)', async () => undefined, false);
      await step('the provider’s services handed to another organisation', () => system((tx) => tx.updateTable('providers').set({ org_id: null }).where('id', '=', homesId).execute()), true);
      const now = await step('(after it)', async () => undefined, false);
      assert.ok(before.includes('the provider’s user') && !now.includes('the provider’s user'), 'the provider’s user no longer sees the page');
      await step('Oak House’s category corrected', () => system((tx) => tx.updateTable('services').set({ category: 'home_care' }).where('id', '=', oak).execute()), true);
      await step('another council’s service corrected', () => system((tx) => tx.updateTable('services').set({ category: 'home_care' }).where('id', '=', westHomeId).execute()), false);
    });
  });
}

async function draftFramework(store: Store, councilId: string) {
  return store.asSystem(async (tx) => {
    const current = await tx
      .selectFrom('framework_versions as v')
      .innerJoin('frameworks as f', 'f.id', 'v.framework_id')
      .select(['v.framework_id', 'v.name', sql<number>`max(v.version) over (partition by v.framework_id)`.as('latest')])
      .where('f.council_id', '=', councilId)
      .executeTakeFirstOrThrow();
    return (
      await tx
        .insertInto('framework_versions')
        .values({ framework_id: current.framework_id, council_id: councilId, version: current.latest + 1, name: `${current.name} (revised)` } as never)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
}

async function publishFramework(store: Store, councilId: string) {
  await store.asSystem((tx) =>
    tx
      .updateTable('framework_versions')
      .set({ status: 'published', published_at: new Date() } as never)
      .where('council_id', '=', councilId)
      .where('status', '=', 'draft')
      .execute(),
  );
}
