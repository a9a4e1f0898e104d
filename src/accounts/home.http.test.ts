import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { PageClient, testApp } from '../../test/support/http.ts';
import {
  addCqcRating,
  addPublishedAssessment,
  addRiskRating,
  makeStatusWorld,
  share,
  type StatusWorld,
} from '../../test/support/status-world.ts';

/** The count a home page shows against a line (a red tag when pressing), or undefined when the line is not there. */
function countOf(body: string, text: string): number | undefined {
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(
    `<dt class="govuk-summary-list__key">${escaped}</dt>\\s*<dd class="govuk-summary-list__value">(?:<strong class="govuk-tag govuk-tag--red">)?(\\d+)`,
  ).exec(body);
  return match ? Number(match[1]) : undefined;
}

const TODAY = '2026-12-05';

for (const database of testDatabases()) {
  describe(`home pages by role, counted from the records now (${database.name})`, () => {
    let store: Store;
    let app: Awaited<ReturnType<typeof testApp>>['app'];
    let w: StatusWorld;
    const home = async (user: { email: string; password: string }) => {
      const client = new PageClient(app);
      await client.signIn(user.email, user.password);
      return client.get(paths.home);
    };

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      ({ app } = await testApp(store, { loginAttemptsPerWindow: 1000 }));
      w = await makeStatusWorld(store);
      const north = w.north.org.id;
      const officer = w.north.officer.actor.userId;
      const commissioner = w.north.commissioner.actor.userId;
      await store.asSystem(async (tx) => {
        // The officer leads two services, neither rated yet.
        await tx.updateTable('services').set({ lead_officer_id: officer }).where('id', 'in', [w.oakHouseId, w.oakLodgeId]).execute();
        // Two public reports to triage, one already triaged, and one for another council.
        const report = (councilId: string, reference: string, status: 'new' | 'closed') =>
          tx
            .insertInto('concern_reports')
            .values({ reference, council_id: councilId, route: 'self_neglect', what_happened: 'Seen', status })
            .execute();
        await report(north, 'CO-2026-000001', 'new');
        await report(north, 'CO-2026-000002', 'new');
        await report(north, 'CO-2026-000003', 'closed');
        await report(w.west.org.id, 'CO-2026-000004', 'new');
        // Three alerts to the council, one read.
        for (const read of [null, null, new Date()]) {
          await tx
            .insertInto('alerts')
            .values({
              recipient_org_id: north,
              council_id: north,
              service_id: w.elmId,
              event: 'suspension_started',
              summary: 'Elm View: new placements suspended',
              read_at: read,
            })
            .execute();
        }
        // Escalation: one suspension and one contract process due for review within two weeks, one later; cases at stages 1, 1 and 3.
        const suspension = (serviceId: string, reviewOn: string) =>
          tx
            .insertInto('suspensions')
            .values({
              council_id: north,
              service_id: serviceId,
              scope: 'full',
              reason: 'Test',
              starts_on: '2026-11-01',
              review_on: reviewOn,
              scope_since: '2026-11-01',
              created_by: commissioner,
            })
            .execute();
        await suspension(w.elmId, '2026-12-10');
        await suspension(w.oakHouseId, '2027-02-01');
        await tx
          .insertInto('contract_processes')
          .values({
            council_id: north,
            service_id: w.elmId,
            kind: 'failure_to_perform',
            reason: 'Test',
            started_on: '2026-10-01',
            review_on: '2026-12-01',
            started_by: commissioner,
          })
          .execute();
        for (const [serviceId, stage] of [
          [w.elmId, 1],
          [w.oakHouseId, 1],
          [w.oakLodgeId, 3],
        ] as const) {
          await tx
            .insertInto('concerns_cases')
            .values({ council_id: north, service_id: serviceId, stage, reason: 'Test', opened_on: '2026-11-01', opened_by: commissioner })
            .execute();
        }
        // Visits the officer makes: one overdue, one due soon; and one of the commissioner's, not the officer's.
        const visit = (officerId: string, plannedOn: string) =>
          tx
            .insertInto('visits')
            .values({
              council_id: north,
              service_id: w.elmId,
              kind: 'drop_in',
              planned_on: plannedOn,
              officer_id: officerId,
              created_by: officerId,
            })
            .execute();
        await visit(officer, '2026-11-20');
        await visit(officer, '2026-12-12');
        await visit(commissioner, '2026-11-25');
        // Administration: an email failing, CQC imports (one refused, one too old to count).
        await tx
          .insertInto('outgoing_emails')
          .values({
            to_address: 'x@example.com',
            subject: 'S',
            body: 'B',
            next_attempt_at: new Date(),
            last_error: 'connection refused',
            attempts: 2,
          })
          .execute();
        const cqcImport = (outcome: 'imported' | 'refused', startedAt: string) =>
          tx
            .insertInto('cqc_imports')
            .values({ source: 'test.csv', format: 'csv', keep_good_rows: false, council_id: north, outcome, started_at: startedAt })
            .execute();
        await cqcImport('imported', '2026-11-20T10:00:00Z');
        await cqcImport('refused', '2026-11-21T10:00:00Z');
        await cqcImport('imported', '2026-09-01T10:00:00Z');
      });
      // Risk ratings: two services rated (one high), neither approved.
      await addRiskRating(store, north, w.elmId, officer, 'high', '2026-11-01');
      await addRiskRating(store, north, w.groupHomeId, officer, 'low', '2026-11-01');
      // An assessment the officer published, and two drafts of theirs (one of another kind does not count as theirs to finish here).
      await addPublishedAssessment(store, north, w.oakLodgeId, officer, 'good', '2026-10-01');
      await store.asSystem(async (tx) => {
        const published = await tx
          .selectFrom('assessments')
          .select(['framework_version_id'])
          .where('council_id', '=', north)
          .executeTakeFirstOrThrow();
        for (const serviceId of [w.oakHouseId, w.elmId]) {
          await tx
            .insertInto('assessments')
            .values({
              council_id: north,
              service_id: serviceId,
              framework_version_id: published.framework_version_id,
              kind: 'full',
              created_by: officer,
              created_by_org_id: north,
              domain_scores: '{}',
            })
            .execute();
        }
        const inReview = await tx
          .insertInto('assessments')
          .values({
            council_id: north,
            service_id: w.groupHomeId,
            framework_version_id: published.framework_version_id,
            kind: 'full',
            created_by: officer,
            created_by_org_id: north,
            domain_scores: '{}',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await tx
          .updateTable('assessments')
          .set({
            status: 'completed',
            completed_at: new Date(),
            completed_by: officer,
            completed_on: '2026-12-01',
            review_ends_on: '2026-12-20',
          })
          .where('id', '=', inReview.id)
          .execute();
      });
      // Sharing: Healthwatch sees live status and the Enter and View list; Oak House is rated Inadequate by CQC.
      await share(store, north, w.healthwatchOrg.id, { liveStatus: true, alerts: true, enterAndView: true });
      await share(store, w.west.org.id, w.healthwatchOrg.id, { liveStatus: true, alerts: false, enterAndView: false });
      await addCqcRating(store, '1-100000001', 'inadequate', '2026-06-01');
    });
    after(async () => {
      setClock(undefined);
      await app.close();
      await store.close();
    });

    test('an officer sees their work due and overdue, each with a count and a link', async () => {
      const page = await home(w.north.officer);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<h2 class="govuk-heading-m">Your work<\/h2>/);
      assert.equal(countOf(page.body, 'Services you lead with no risk rating'), 2);
      assert.equal(countOf(page.body, 'Reports from the public to triage'), 2);
      assert.equal(countOf(page.body, 'Unread alerts'), 2);
      assert.equal(countOf(page.body, 'Your assessments in draft'), 2);
      assert.equal(countOf(page.body, 'Your assessments waiting for the provider’s accuracy comments'), 1);
      assert.equal(countOf(page.body, 'Visits overdue'), 1);
      assert.equal(countOf(page.body, 'Visits due soon or to arrange'), 1);
      for (const line of ['Action plan updates to verify', 'Actions overdue']) assert.equal(countOf(page.body, line), 0, line);
      assert.match(page.body, /<strong class="govuk-tag govuk-tag--red">2<\/strong>/, 'pressing lines with any are marked');
      for (const href of [paths.work, paths.triage.queue, paths.status.alerts, paths.actionPlans.due, '/assessments?status=draft'])
        assert.ok(page.body.includes(`href="${href}"`), href);
      assert.equal(countOf(page.body, 'Risk ratings to approve'), undefined, 'approvals are the commissioner’s');
      assert.equal(countOf(page.body, 'Active users of your council and the organisations it manages'), undefined);
    });

    test('a commissioner sees approvals, reviews due, open cases by stage and the council’s figures', async () => {
      const page = await home(w.north.commissioner);
      assert.equal(countOf(page.body, 'Risk ratings to approve'), 2);
      assert.equal(countOf(page.body, 'Suspensions of placements due for review'), 1);
      assert.equal(countOf(page.body, 'Contract processes due for review'), 1);
      assert.equal(countOf(page.body, 'At stage 1'), 2);
      assert.equal(countOf(page.body, 'At stage 2'), 0);
      assert.equal(countOf(page.body, 'At stage 3'), 1);
      assert.equal(countOf(page.body, 'Services in the register'), 4);
      assert.equal(countOf(page.body, 'Services rated high or very high risk'), 1);
      assert.equal(countOf(page.body, 'Services with no risk rating'), 2);
      assert.ok(page.body.includes('href="/dashboards/care-homes"'));
      assert.ok(page.body.includes(`href="${paths.escalation.overview}"`));
      assert.equal(countOf(page.body, 'Services you lead with no risk rating'), 0, 'a commissioner who leads nothing has nothing unrated');
    });

    test('an administrator sees users, imports, failing email and sharing', async () => {
      const page = await home(w.north.admin);
      assert.match(page.body, /<h2 class="govuk-heading-m">Administration<\/h2>/);
      // Northshire's four staff, plus the users of the two partners and the provider it manages.
      assert.equal(countOf(page.body, 'Active users of your council and the organisations it manages'), 7);
      assert.equal(countOf(page.body, 'Emails that could not be sent (the server’s operator can list and retry them)'), 1);
      assert.equal(countOf(page.body, 'CQC imports in the last 30 days'), 2);
      assert.equal(countOf(page.body, 'CQC files refused in the last 30 days'), 1);
      assert.equal(countOf(page.body, 'Organisations your council shares with'), 1);
      assert.equal(countOf(page.body, 'Reports from the public to triage'), undefined);
    });

    test('a partner sees what is shared with it and its Enter and View list', async () => {
      const page = await home(w.healthwatch);
      assert.equal(countOf(page.body, 'Councils sharing their live status with you'), 2);
      assert.equal(countOf(page.body, 'Services on your Enter and View list'), 1);
      assert.equal(countOf(page.body, 'Unread alerts'), 0);
    });

    test('a placing officer lands on the Live Status search; other councils count only their own', async () => {
      const client = new PageClient(app);
      await client.signIn(w.north.placer.email, w.north.placer.password);
      const landing = await client.get(paths.home);
      assert.equal(landing.statusCode, 303);
      assert.equal(landing.headers.location, paths.status.list);
      const west = await home(w.west.officer);
      assert.equal(countOf(west.body, 'Reports from the public to triage'), 1);
      assert.equal(countOf(west.body, 'Unread alerts'), 0);
      assert.equal(countOf(west.body, 'Your assessments in draft'), 0);
    });

    test('a home page kept between visits is each person’s own, and a change shows on the next visit', async () => {
      const officer = new PageClient(app);
      await officer.signIn(w.north.officer.email, w.north.officer.password);
      const commissioner = new PageClient(app);
      await commissioner.signIn(w.north.commissioner.email, w.north.commissioner.password);
      // Nothing is written between these visits, so later ones may be answered from what was kept.
      for (let visit = 0; visit < 2; visit++) {
        const mine = await officer.get(paths.home);
        assert.equal(countOf(mine.body, 'Services you lead with no risk rating'), 2);
        assert.equal(countOf(mine.body, 'Risk ratings to approve'), undefined);
        const theirs = await commissioner.get(paths.home);
        assert.equal(countOf(theirs.body, 'Services you lead with no risk rating'), 0);
        assert.equal(countOf(theirs.body, 'Risk ratings to approve'), 2);
      }
      assert.equal(countOf((await officer.get(paths.home)).body, 'Reports from the public to triage'), 2);
      await store.asSystem((tx) =>
        tx
          .insertInto('concern_reports')
          .values({ reference: 'CO-2026-000099', council_id: w.north.org.id, route: 'self_neglect', what_happened: 'Seen', status: 'new' })
          .execute(),
      );
      try {
        assert.equal(countOf((await officer.get(paths.home)).body, 'Reports from the public to triage'), 3);
      } finally {
        await store.asSystem((tx) => tx.deleteFrom('concern_reports').where('reference', '=', 'CO-2026-000099').execute());
      }
      assert.equal(countOf((await officer.get(paths.home)).body, 'Reports from the public to triage'), 2);
    });
  });
}
