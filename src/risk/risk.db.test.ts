import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { testDatabases } from '../../test/support/databases.ts';
import { makeCouncil, makeOrganisation, makeUser } from '../../test/support/fixtures.ts';
import { DEFAULT_MATRIX } from './matrix.ts';
import { auditService } from './audit.service.ts';
import { matrixService } from './matrix.service.ts';
import { registerService } from './register.service.ts';
import { riskService } from './risk.service.ts';
import { workListService } from './work-list.service.ts';
import { addCqcRating, addIntelligence, makeCqcLocation, makeService, scoresOf, setTeam } from './risk.test-support.ts';

const TODAY = '2026-11-23';

for (const database of testDatabases()) {
  describe(`risk ratings (${database.name})`, () => {
    let store: Store;
    let a: Awaited<ReturnType<typeof makeCouncil>>;
    let b: Awaited<ReturnType<typeof makeCouncil>>;
    let risk: ReturnType<typeof riskService> & ReturnType<typeof matrixService>;
    let reports: ReturnType<typeof registerService> & ReturnType<typeof workListService> & ReturnType<typeof auditService>;

    before(async () => {
      setClock(TODAY);
      store = await database.open();
      a = await makeCouncil(store, 'Buckinghamshire');
      b = await makeCouncil(store, 'Other council');
      risk = { ...riskService(store), ...matrixService(store) };
      reports = { ...registerService(store), ...workListService(store), ...auditService(store) };
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    test('a confirmed rating is computed exactly, kept with its date, author and the proposals of the day', async () => {
      const location = await makeCqcLocation(store, { overall: 'good', safe: 'requires_improvement', publishedOn: '2026-02-01' }, { nursing: true });
      const service = await makeService(store, a.org.id, { cqcLocationId: location });
      const form = await risk.ratingForm(a.officer.actor, service.id);
      assert.equal(form.matrix.isDefault, true);
      assert.equal(form.areas.find((x) => x.key === 'cqc_rating')!.proposal.score, 3);
      assert.equal(form.areas.find((x) => x.key === 'complexity')!.proposal.score, 4);
      assert.match(form.areas.find((x) => x.key === 'complexity')!.indicators[3], /Nursing/);

      const rating = await risk.rate(a.officer.actor, service.id, { scores: scoresOf({ cqc_rating: 3 }), rationale: 'Safe requires improvement at the last inspection' });
      // 3 + 1 + 5 + 2.5 + 2 + 6 + 1
      assert.equal(rating.prr, 20.5);
      assert.deepEqual(rating.band, { key: 'low', label: 'Low' });
      assert.deepEqual(rating.regime, DEFAULT_MATRIX.bands[1]!.regime);
      assert.equal(rating.ratedOn, TODAY);
      assert.deepEqual(rating.ratedBy, { id: a.officer.actor.userId, name: a.officer.actor.name });
      assert.equal(rating.proposals?.cqc_rating.score, 3);

      const view = await risk.serviceRisk(a.officer.actor, service.id);
      assert.equal(view.history.length, 1);
      assert.deepEqual(view.rerating, { needed: false, changes: [] });
      assert.equal(view.schedule?.fullAssessment?.dueOn, '2028-11-23');
    });

    test('new intelligence that changes a proposal flags re-rating but never changes the confirmed rating', async () => {
      const service = await makeService(store, a.org.id, { category: 'home_care' });
      await risk.rate(a.officer.actor, service.id, { scores: scoresOf({ complaints: 1 }), rationale: 'Quiet six months' });
      await addIntelligence(store, { councilId: a.org.id, serviceId: service.id, createdBy: a.officer.actor.userId, receivedOn: '2026-11-20', source: 'complaint', severity: 'red' });
      const view = await risk.serviceRisk(a.officer.actor, service.id);
      assert.equal(view.latest?.scores.complaints, 1);
      assert.equal(view.latest?.prr, 19.5);
      assert.equal(view.rerating?.needed, true);
      assert.deepEqual(view.rerating?.changes.map((c) => [c.area, c.was, c.now]), [['complaints', 1, 4]]);

      const again = await risk.rate(a.officer.actor, service.id, { scores: scoresOf({ complaints: 4 }), rationale: 'Red complaint about missed calls' });
      assert.equal(again.prr, 27);
      const after = await risk.serviceRisk(a.officer.actor, service.id);
      assert.equal(after.rerating?.needed, false);
      assert.deepEqual(after.history.map((h) => h.prr), [27, 19.5]);
    });

    test('a CQC re-inspection flags re-rating too', async () => {
      const location = await makeCqcLocation(store, { overall: 'good', publishedOn: '2025-01-01' });
      const service = await makeService(store, a.org.id, { cqcLocationId: location });
      await risk.rate(a.commissioner.actor, service.id, { scores: scoresOf(), rationale: 'Baseline' });
      await addCqcRating(store, location, { overall: 'inadequate', publishedOn: '2026-11-01' });
      const view = await risk.serviceRisk(a.commissioner.actor, service.id);
      assert.deepEqual(view.rerating?.changes.map((c) => [c.area, c.was, c.now]), [['cqc_rating', 2, 5]]);
    });

    test('a visit counts as contact, a full monitoring visit as a monitoring meeting', async () => {
      const service = await makeService(store, a.org.id, { category: 'home_care' });
      await risk.rate(a.officer.actor, service.id, { scores: scoresOf({ safeguarding: 5, complaints: 5, cqc_rating: 4 }), rationale: 'High risk' });
      const before = await risk.serviceRisk(a.officer.actor, service.id);
      assert.equal(before.latest?.band.key, 'high');
      assert.equal(before.schedule?.contact?.dueOn, '2026-12-07');
      assert.equal(before.schedule?.monitoringMeeting?.dueOn, '2027-02-23');
      const visit = (kind: 'full' | 'drop_in', visitedOn: string, cancelled = false) =>
        store.asSystem((tx) =>
          tx
            .insertInto('visits')
            .values({
              council_id: a.org.id,
              service_id: service.id,
              kind,
              created_by: a.officer.actor.userId,
              ...(cancelled
                ? { planned_on: visitedOn, cancelled_on: visitedOn, cancel_reason: 'Provider closed for infection control' }
                : { visited_on: visitedOn, outcome: 'Seen', recorded_by: a.officer.actor.userId }),
            })
            .execute(),
        );
      await visit('drop_in', '2026-12-01');
      await visit('full', '2026-12-10', true);
      setClock('2026-12-02');
      const after = await risk.serviceRisk(a.officer.actor, service.id);
      setClock(TODAY);
      assert.equal(after.schedule?.contact?.dueOn, '2026-12-15');
      assert.equal(after.schedule?.monitoringMeeting?.dueOn, '2027-02-23');
      await visit('full', '2027-01-05');
      setClock('2027-01-06');
      const met = await risk.serviceRisk(a.officer.actor, service.id);
      setClock(TODAY);
      assert.equal(met.schedule?.monitoringMeeting?.dueOn, '2027-04-05');
      assert.equal(met.schedule?.contact?.dueOn, '2027-01-19');
    });

    test('a concerns case on the provider group, then a suspension, raise the officer intelligence proposal', async () => {
      const service = await makeService(store, a.org.id);
      const parent = await store.asSystem(async (tx) => {
        const group = await tx.insertInto('providers').values({ council_id: a.org.id, name: 'Group plc' }).returning('id').executeTakeFirstOrThrow();
        await tx.updateTable('providers').set({ parent_provider_id: group.id }).where('id', '=', (await tx.selectFrom('services').select('provider_id').where('id', '=', service.id).executeTakeFirstOrThrow()).provider_id).execute();
        return group.id;
      });
      const officerProposal = async () => (await risk.ratingForm(a.officer.actor, service.id)).areas.find((x) => x.key === 'officer_intelligence')!.proposal;
      assert.equal((await officerProposal()).score, null);
      await store.asSystem((tx) =>
        tx.insertInto('concerns_cases').values({ council_id: a.org.id, provider_id: parent, stage: 3, reason: 'Group-wide staffing', opened_on: TODAY, opened_by: a.commissioner.actor.userId } as never).execute(),
      );
      assert.deepEqual(await officerProposal(), { score: 4, basis: 'record', explanation: 'The service is in the concerns procedure at stage 3.' });
      await store.asSystem((tx) =>
        tx
          .insertInto('suspensions')
          .values({ council_id: a.org.id, service_id: service.id, scope: 'partial', detail: 'Nursing beds', reason: 'Safeguarding', starts_on: TODAY, scope_since: TODAY, created_by: a.commissioner.actor.userId } as never)
          .execute(),
      );
      assert.equal((await officerProposal()).score, 5);
    });

    test('a commissioner approves a rating someone else confirmed, once', async () => {
      const service = await makeService(store, a.org.id);
      const byOfficer = await risk.rate(a.officer.actor, service.id, { scores: scoresOf(), rationale: 'Officer rating' });
      assert.equal(byOfficer.approval, null);
      await assert.rejects(risk.approve(a.officer.actor, service.id, {}), { status: 403 });
      await assert.rejects(risk.approve(b.commissioner.actor, service.id, {}), { status: 404 });
      const approved = await risk.approve(a.commissioner.actor, service.id, { note: 'Agreed at quality meeting' });
      assert.deepEqual(approved.approval, { by: { id: a.commissioner.actor.userId, name: a.commissioner.actor.name }, on: TODAY, note: 'Agreed at quality meeting' });
      await assert.rejects(risk.approve(a.commissioner.actor, service.id, {}), { status: 409 });
      const byCommissioner = await risk.rate(a.commissioner.actor, service.id, { scores: scoresOf({ complaints: 2 }), rationale: 'Commissioner rating' });
      await assert.rejects(risk.approve(a.commissioner.actor, service.id, {}), { status: 403, message: /you confirmed yourself/ });
      const history = (await risk.serviceRisk(a.officer.actor, service.id)).history;
      assert.deepEqual(history.map((h) => [h.id, h.approval?.note ?? null]), [[byCommissioner.id, null], [byOfficer.id, 'Agreed at quality meeting']]);
      const forged = (by: string) => ({ council_id: a.org.id, rating_id: byCommissioner.id, approved_by: by, approved_on: TODAY });
      await assert.rejects(store.asUser(a.commissioner.actor, (tx) => tx.insertInto('risk_rating_approvals').values(forged(a.commissioner.actor.userId)).execute()), /row-level security/);
      await assert.rejects(store.asUser(a.officer.actor, (tx) => tx.insertInto('risk_rating_approvals').values(forged(a.officer.actor.userId)).execute()), /row-level security/);
    });

    test('ratings cannot be changed or deleted, even by their author', async () => {
      const service = await makeService(store, a.org.id);
      const rating = await risk.rate(a.officer.actor, service.id, { scores: scoresOf(), rationale: 'First' });
      await assert.rejects(store.asSystem((tx) => tx.updateTable('risk_ratings').set({ prr: 10.5 }).where('id', '=', rating.id).execute()), /append-only/);
      await assert.rejects(store.asSystem((tx) => tx.deleteFrom('risk_ratings').where('id', '=', rating.id).execute()), /append-only/);
      const audit = await store.asSystem((tx) => tx.selectFrom('audit_events').select(['action', 'actor_user_id']).where('record_id', '=', rating.id).execute());
      assert.deepEqual(audit, [{ action: 'insert', actor_user_id: a.officer.actor.userId }]);
    });

    test('another council’s service is not found; placers, providers, partners and administrators cannot rate', async () => {
      const service = await makeService(store, a.org.id);
      await assert.rejects(risk.rate(b.officer.actor, service.id, { scores: scoresOf(), rationale: 'x' }), { status: 404 });
      await assert.rejects(risk.serviceRisk(b.commissioner.actor, service.id), { status: 404 });
      await assert.rejects(risk.rate(a.placer.actor, service.id, { scores: scoresOf(), rationale: 'x' }), { status: 403 });
      await assert.rejects(risk.rate(a.admin.actor, service.id, { scores: scoresOf(), rationale: 'x' }), { status: 403 });
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      const providerUser = await makeUser(store, providerOrg, 'provider');
      const own = await makeService(store, a.org.id, { providerOrgId: providerOrg.id });
      await risk.rate(a.officer.actor, own.id, { scores: scoresOf(), rationale: 'Rated' });
      await assert.rejects(risk.serviceRisk(providerUser.actor, own.id), { status: 403 });
      const partner = await makeUser(store, await makeOrganisation(store, 'partner'), 'partner');
      await assert.rejects(risk.serviceRisk(partner.actor, own.id), { status: 403 });
    });

    test('row-level security refuses what the code might forget', async () => {
      const service = await makeService(store, a.org.id);
      await risk.rate(a.officer.actor, service.id, { scores: scoresOf(), rationale: 'Rated' });
      const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id });
      const providerUser = await makeUser(store, providerOrg, 'provider');
      for (const actor of [b.officer.actor, providerUser.actor]) {
        const seen = await store.asUser(actor, (tx) => tx.selectFrom('risk_ratings').select('id').where('service_id', '=', service.id).execute());
        assert.equal(seen.length, 0);
      }
      const row = {
        council_id: a.org.id,
        service_id: service.id,
        scores: '{}',
        rationale: 'forged',
        proposals: '{}',
        prr: 10.5,
        band_key: 'minor',
        band_label: 'Minor',
        regime: '{}',
        rated_on: TODAY,
      };
      await assert.rejects(store.asUser(b.officer.actor, (tx) => tx.insertInto('risk_ratings').values({ ...row, rated_by: b.officer.actor.userId }).execute()), /row-level security/);
      await assert.rejects(store.asUser(a.placer.actor, (tx) => tx.insertInto('risk_ratings').values({ ...row, rated_by: a.placer.actor.userId }).execute()), /row-level security/);
      await assert.rejects(store.asUser(a.officer.actor, (tx) => tx.insertInto('risk_ratings').values({ ...row, rated_by: a.commissioner.actor.userId }).execute()), /row-level security/);
      await assert.rejects(
        store.asUser(a.officer.actor, (tx) => tx.insertInto('risk_matrices').values({ council_id: a.org.id, version: 99, definition: '{}', created_by: a.officer.actor.userId }).execute()),
        /row-level security/,
      );
    });

    test('an administrator’s matrix becomes a new version; earlier ratings keep theirs', async () => {
      const council = await makeCouncil(store, 'Matrix council');
      const service = await makeService(store, council.org.id);
      const first = await risk.rate(council.officer.actor, service.id, { scores: scoresOf(), rationale: 'Default matrix' });
      assert.deepEqual(first.matrix, { id: null, version: 0 });
      // A heavier CQC weight lifts the lowest possible rating to 12.5, so the minor band must end higher too.
      const heavier = {
        ...DEFAULT_MATRIX,
        areas: DEFAULT_MATRIX.areas.map((x) => (x.key === 'cqc_rating' ? { ...x, weight: 3 } : x)),
        bands: DEFAULT_MATRIX.bands.map((x) => (x.key === 'low' ? { ...x, fromPrr: 14 } : x)),
      };
      await assert.rejects(risk.saveMatrix(council.admin.actor, { ...heavier, bands: DEFAULT_MATRIX.bands }), /No possible rating falls in the Minor band: ratings run from 12.5 to 62.5/);
      const saved = await risk.saveMatrix(council.admin.actor, heavier);
      assert.equal(saved.version, 1);
      assert.equal((await risk.saveMatrix(council.admin.actor, heavier)).version, 2);
      await assert.rejects(risk.saveMatrix(council.officer.actor, heavier), { status: 403 });
      await assert.rejects(
        risk.saveMatrix(council.admin.actor, { ...DEFAULT_MATRIX, bands: DEFAULT_MATRIX.bands.map((x) => (x.key === 'high' ? { ...x, fromPrr: 20 } : x)) }),
        (e: { status: number; errors: { path: string }[] }) => e.status === 400 && e.errors[0]!.path === 'bands.3.fromPrr',
      );
      const second = await risk.rate(council.officer.actor, service.id, { scores: scoresOf(), rationale: 'Council matrix' });
      assert.equal(second.prr, first.prr + 2 * 2);
      assert.equal(second.matrix.version, 2);
      const history = (await risk.serviceRisk(council.officer.actor, service.id)).history;
      assert.deepEqual(history.map((h) => h.matrix.version), [2, 0]);
      assert.equal((await risk.matrix(a.officer.actor)).isDefault, true);
    });

    test('register, work list and audit', async () => {
      const council = await makeCouncil(store, 'Reports council');
      await setTeam(store, council.officer.actor.userId, 'North team');
      const location = await makeCqcLocation(store, { overall: 'good', publishedOn: '2024-01-01' });
      const high = await makeService(store, council.org.id, { name: 'Alder House', leadOfficerId: council.officer.actor.userId, cqcLocationId: location });
      const low = await makeService(store, council.org.id, { name: 'Birch Court', leadOfficerId: council.officer.actor.userId, category: 'home_care' });
      await makeService(store, council.org.id, { name: 'Cedar Lodge', leadOfficerId: council.commissioner.actor.userId });
      setClock('2025-01-10');
      await risk.rate(council.officer.actor, high.id, { scores: scoresOf({ cqc_rating: 2, safeguarding: 5, complaints: 5 }), rationale: 'Serious concerns' });
      setClock(TODAY);
      await risk.rate(council.officer.actor, low.id, { scores: scoresOf({ complexity: 1 }), rationale: 'Low' });
      await addCqcRating(store, location, { overall: 'requires_improvement', publishedOn: '2026-06-01' });

      const register = await reports.register(council.commissioner.actor, {});
      assert.deepEqual(register.items.map((i) => [i.serviceName, i.prr, i.band?.key ?? null]), [
        ['Alder House', 37, 'high'],
        ['Birch Court', 15, 'low'],
        ['Cedar Lodge', null, null],
      ]);
      assert.deepEqual((await reports.register(council.commissioner.actor, { band: 'unrated' })).items.map((i) => i.serviceName), ['Cedar Lodge']);
      assert.deepEqual((await reports.register(council.commissioner.actor, { team: 'North team', category: 'home_care' })).items.map((i) => i.serviceName), ['Birch Court']);
      assert.deepEqual((await reports.register(council.commissioner.actor, { officer: council.commissioner.actor.userId })).items.map((i) => i.serviceName), ['Cedar Lodge']);
      assert.equal((await reports.register(b.commissioner.actor, {})).items.some((i) => i.serviceName === 'Alder House'), false);
      await assert.rejects(reports.register(council.placer.actor, {}), { status: 403 });

      const work = await reports.workList(council.officer.actor);
      assert.deepEqual(work.items.map((i) => [i.serviceName, i.urgency]), [
        ['Alder House', 'overdue'],
        ['Birch Court', 'scheduled'],
      ]);
      assert.equal(work.items[0]!.schedule?.contact?.dueOn, '2025-01-24');
      assert.deepEqual(work.items[0]!.changes.map((c) => c.area), ['cqc_rating']);
      assert.equal(work.summary.needsRerating, 1);

      const audit = await reports.audit(council.commissioner.actor, 12);
      assert.deepEqual(audit.stale.map((r) => r.service_name), ['Alder House']);
      assert.deepEqual(audit.disagreements.map((d) => [d.row.service_name, d.row.cqc_score, d.expected]), [['Alder House', 2, 4]]);
      assert.deepEqual(audit.unrated.map((r) => r.service_name), ['Cedar Lodge']);
      assert.deepEqual(
        audit.spread.map((s) => [s.team, s.counts.high, s.counts.low, s.counts.unrated]),
        [
          ['North team', 1, 1, 0],
          [null, 0, 0, 1],
        ],
      );
    });

    test('the work list reads each latest rating as the service page does: the same rating, and what was proposed then, area by area', async () => {
      const council = await makeCouncil(store, 'Brief ratings council');
      const officer = council.officer.actor;
      const location = await makeCqcLocation(store, { overall: 'good', publishedOn: '2024-01-01' }, { nursing: true });
      const rated = await makeService(store, council.org.id, { name: 'Elm House', leadOfficerId: officer.userId, cqcLocationId: location });
      await makeService(store, council.org.id, { name: 'Fir Lodge', leadOfficerId: officer.userId });
      await risk.rate(officer, rated.id, { scores: scoresOf({ cqc_rating: 2 }), rationale: 'First' });
      // a second rating on the same day: the later one is the latest
      await risk.rate(officer, rated.id, { scores: scoresOf({ cqc_rating: 3, complaints: 4 }), rationale: 'Second' });
      await addCqcRating(store, location, { overall: 'inadequate', publishedOn: '2026-10-01' });

      const page = await risk.serviceRisk(officer, rated.id);
      const full = page.history[0]!;
      assert.equal(full.rationale, 'Second');
      const work = await reports.workList(officer);
      const brief = work.items.find((i) => i.serviceName === 'Elm House')!.latest!;
      assert.deepEqual(
        { id: brief.id, prr: brief.prr, band: brief.band, regime: brief.regime, ratedOn: brief.ratedOn, scores: brief.scores },
        { id: full.id, prr: full.prr, band: full.band, regime: full.regime, ratedOn: full.ratedOn, scores: full.scores },
      );
      const proposed = (p: typeof full.proposals) => Object.entries(p ?? {}).map(([area, x]) => [area, x.basis, x.score]);
      assert.deepEqual(proposed(brief.proposals), proposed(full.proposals));
      assert.ok(proposed(full.proposals).some(([, basis]) => basis === 'record'), 'the record proposed scores when it was rated');
      // the same changes as the service page finds
      assert.deepEqual(
        work.items.find((i) => i.serviceName === 'Elm House')!.changes.map((c) => [c.area, c.was, c.now]),
        page.rerating!.changes.map((c) => [c.area, c.was, c.now]),
      );
      assert.deepEqual(page.rerating!.changes.map((c) => c.area), ['cqc_rating']);
      assert.equal(work.items.find((i) => i.serviceName === 'Fir Lodge')!.latest, null);
    });

    test('the work list, kept while nothing changes, shows a new rating and a changed matrix on the next read', async () => {
      const council = await makeCouncil(store, 'Kept answers council');
      const officer = council.officer.actor;
      const service = await makeService(store, council.org.id, { name: 'Damson House', leadOfficerId: officer.userId });
      const first = await reports.workList(officer);
      assert.deepEqual(first.items.map((i) => [i.serviceName, i.urgency]), [['Damson House', 'not_rated']]);
      assert.deepEqual(await reports.workList(officer), first, 'the same answer while nothing changes');

      await risk.rate(officer, service.id, { scores: scoresOf(), rationale: 'Settled' });
      const rated = await reports.workList(officer);
      assert.notEqual(rated.items[0]!.urgency, 'not_rated');
      assert.equal(rated.summary.notRated, 0);
      const selfDue = rated.items[0]!.schedule?.selfAssessment?.dueOn;
      assert.ok(selfDue, 'the regime asks for a self-assessment before each full assessment');

      await risk.saveMatrix(council.admin.actor, { ...DEFAULT_MATRIX, selfAssessmentMonthsBefore: 3 });
      const changed = await reports.workList(officer);
      assert.ok(changed.items[0]!.schedule!.selfAssessment!.dueOn < selfDue, 'the self-assessment falls due earlier under the new matrix');
      // Another council's officer gets their own answer, never this one.
      assert.deepEqual((await reports.workList(a.officer.actor)).items.map((i) => i.serviceName).includes('Damson House'), false);
    });
  });
}
