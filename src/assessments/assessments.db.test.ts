import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { testDatabases } from '../../test/support/databases.ts';
import { setClock } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../core/errors.ts';
import { answerAll, makeAssessmentWorld } from '../../test/support/assessment-world.ts';
import { assessmentsService } from './assessments.service.ts';
import { allQuestions } from './frameworks.ts';
import { frameworksService } from './frameworks.service.ts';

const TODAY = '2026-11-20';

for (const database of testDatabases()) {
  describe(`assessments (${database.name})`, () => {
    let store: Store;
    let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;
    let service: ReturnType<typeof assessmentsService>;
    let frameworks: ReturnType<typeof frameworksService>;
    before(async () => {
      setClock(TODAY);
      store = await database.open();
      world = await makeAssessmentWorld(store);
      service = assessmentsService(store);
      frameworks = frameworksService(store);
    });
    after(async () => {
      setClock(undefined);
      await store.close();
    });

    async function startFull(serviceId = world.careHomeId, frameworkId = world.careHomesFrameworkId) {
      return service.start(world.council.officer.actor, { serviceId, frameworkId, kind: 'full', visitedOn: '2026-11-18' });
    }

    async function questionsOf(id: string) {
      return allQuestions((await service.get(world.council.officer.actor, id)).framework).map((q) => q.id);
    }

    test('every council starts with the two default frameworks, and sees only its own', async () => {
      const mine = await frameworks.currentVersions(world.council.officer.actor);
      assert.deepEqual(mine.map((f) => [f.name, f.scoring, f.version]).sort(), [
        ['Care at home quality framework', 'rating', 1],
        ['Care homes quality framework', 'percentage', 1],
      ]);
      for (const f of mine) {
        assert.equal(f.councilId, world.council.org.id);
        assert.deepEqual(f.domains.map((d) => d.name), [
          'Involvement and information',
          'Personalised care and support',
          'Safeguarding and safety',
          'Suitability of staffing',
          'Quality of management',
        ]);
        assert.ok(allQuestions(f).length >= 25);
        assert.ok(allQuestions(f).every((q) => q.text.length > 20 && q.guidance && q.weight > 0));
      }
      const theirs = await frameworks.currentVersions(world.other.officer.actor);
      assert.ok(theirs.every((f) => f.councilId === world.other.org.id));
      const templates = await store.asUser(world.council.admin.actor, (tx) => tx.selectFrom('frameworks').select('id').where('council_id', 'is', null).execute());
      assert.equal(templates.length, 0);
    });

    test('a provider reads the frameworks of the council it works for; a partner reads none', async () => {
      const seen = await frameworks.currentVersions(world.provider.actor);
      assert.equal(seen.length, 2);
      assert.ok(seen.every((f) => f.councilId === world.council.org.id));
      await assert.rejects(frameworks.currentVersions(world.partner.actor), Forbidden);
      const direct = await store.asUser(world.partner.actor, (tx) => tx.selectFrom('framework_questions').select('id').execute());
      assert.equal(direct.length, 0);
    });

    test('a full assessment: answers with evidence are scored at once, completed, shared, commented on and published', async () => {
      const { id, status } = await startFull();
      assert.equal(status, 'draft');
      const questions = await questionsOf(id);
      const [first, second, third] = questions as [string, string, string];
      let assessment = await service.saveAnswers(world.council.officer.actor, id, {
        answers: [
          { questionId: first, answer: 'met', evidence: 'Three residents described being involved.', evidenceSource: 'people_using_the_service' },
          { questionId: second, answer: 'partly_met', evidence: 'A whistle-blower named the night manager.', evidenceSource: 'staff', confidential: true },
        ],
      });
      assert.equal(assessment.scores.overall.percent, 75);
      assert.equal(assessment.scores.overall.band, 'requires_improvement');
      assert.equal(assessment.answers.get(second)?.confidential, true);

      await assert.rejects(service.complete(world.council.officer.actor, id), (e: unknown) => e instanceof Invalid && /Answer every question/.test(e.message));
      assessment = await service.saveAnswers(world.council.officer.actor, id, answerAll(questions, 'met', { [second]: 'partly_met', [third]: 'not_applicable' }));
      assert.equal(assessment.answers.get(first)?.evidence, 'Three residents described being involved.', 'evidence is kept when only the answer changes');
      assert.equal(assessment.scores.overall.band, 'excellent');

      // Nothing is shared before completion.
      await assert.rejects(service.get(world.provider.actor, id), NotFound);
      await assert.rejects(service.get(world.council.placer.actor, id), NotFound);

      const completed = await service.complete(world.council.officer.actor, id);
      assert.equal(completed.status, 'completed');
      assert.equal(completed.completedOn, TODAY);
      assert.equal(completed.reviewEndsOn, '2026-12-04');
      assert.equal(completed.reviewWindow, 'open');

      const asProvider = await service.get(world.provider.actor, id);
      assert.equal(asProvider.status, 'completed');
      assert.equal(asProvider.answers.get(first)?.evidence, 'Three residents described being involved.');
      assert.equal(asProvider.answers.get(second)?.answer, 'partly_met');
      assert.equal(asProvider.answers.get(second)?.evidence ?? null, null, 'confidential evidence is withheld from the provider');
      assert.deepEqual(asProvider.scores, completed.scores);
      await assert.rejects(service.get(world.rival.actor, id), NotFound);
      await assert.rejects(service.get(world.council.placer.actor, id), NotFound);
      await assert.rejects(service.get(world.other.commissioner.actor, id), NotFound);

      await service.comment(world.provider.actor, id, { body: 'The activities programme was updated in October.' });
      await assert.rejects(service.comment(world.rival.actor, id, { body: 'Sneaky' }), NotFound);
      await assert.rejects(service.comment(world.council.placer.actor, id, { body: 'Placer' }), NotFound);
      const comments = await service.comments(world.council.officer.actor, id);
      assert.equal(comments.length, 1);
      assert.equal(comments[0]!.fromProvider, true);

      await assert.rejects(service.publish(world.council.officer.actor, id), Forbidden);
      await assert.rejects(service.publish(world.provider.actor, id), Forbidden);
      await assert.rejects(service.publish(world.council.placer.actor, id), Forbidden);
      const published = await service.publish(world.council.commissioner.actor, id);
      assert.equal(published.status, 'published');
      assert.equal(published.publishedOn, TODAY);
      assert.equal(published.publishedDuringReview, true);

      const asPlacer = await service.get(world.council.placer.actor, id);
      assert.equal(asPlacer.status, 'published');
      assert.equal(asPlacer.answers.get(second)?.evidence ?? null, null, 'confidential evidence is withheld from placing officers');
      await assert.rejects(service.comment(world.provider.actor, id, { body: 'Too late' }), Conflict);

      // Locked, by the service and by the database.
      await assert.rejects(service.saveAnswers(world.council.officer.actor, id, answerAll([first], 'not_met')), Conflict);
      await assert.rejects(service.publish(world.council.commissioner.actor, id), Conflict);
      await assert.rejects(
        store.asSystem((tx) => tx.updateTable('assessment_answers').set({ answer: 'not_met' }).where('assessment_id', '=', id).execute()),
        /locked/,
      );
      await assert.rejects(store.asSystem((tx) => tx.updateTable('assessments').set({ overall_band: 'poor' }).where('id', '=', id).execute()), /locked/);
      await assert.rejects(store.asSystem((tx) => tx.deleteFrom('assessments').where('id', '=', id).execute()), /only a draft/);
    });

    test('an officer cannot publish even by going straight to the database', async () => {
      const { id } = await startFull();
      await service.saveAnswers(world.council.officer.actor, id, answerAll(await questionsOf(id), 'met'));
      await service.complete(world.council.officer.actor, id);
      await assert.rejects(
        store.asUser(world.council.officer.actor, (tx) =>
          tx.updateTable('assessments').set({ status: 'published', published_at: new Date(), published_on: TODAY }).where('id', '=', id).execute(),
        ),
        /only a commissioner or administrator/,
      );
      const asProvider = await store.asUser(world.provider.actor, (tx) =>
        tx.updateTable('assessments').set({ status: 'published', published_at: new Date(), published_on: TODAY }).where('id', '=', id).executeTakeFirst(),
      );
      assert.equal(Number(asProvider.numUpdatedRows), 0);
    });

    test('the provider’s window: confirming accuracy closes it; after it ends comments are refused', async () => {
      const { id } = await startFull();
      await service.saveAnswers(world.council.officer.actor, id, answerAll(await questionsOf(id), 'met'));
      await service.complete(world.council.officer.actor, id);
      await service.confirmAccuracy(world.provider.actor, id);
      const confirmed = await service.get(world.council.officer.actor, id);
      assert.equal(confirmed.accuracyConfirmed, true);
      assert.equal(confirmed.reviewWindow, 'closed');
      await assert.rejects(service.comment(world.provider.actor, id, { body: 'One more thing' }), Conflict);
      const published = await service.publish(world.council.admin.actor, id);
      assert.equal(published.publishedDuringReview, false);

      const late = await startFull();
      await service.saveAnswers(world.council.officer.actor, late.id, answerAll(await questionsOf(late.id), 'met'));
      await service.complete(world.council.officer.actor, late.id);
      setClock('2026-12-04');
      await service.comment(world.provider.actor, late.id, { body: 'On the last day' });
      setClock('2026-12-05');
      await assert.rejects(service.comment(world.provider.actor, late.id, { body: 'A day late' }), /has closed/);
      setClock(TODAY);
    });

    test('the factual accuracy window is configurable per council by its administrators', async () => {
      await assert.rejects(service.saveFactualAccuracyDays(world.council.officer.actor, { factualAccuracyDays: '7' }), Forbidden);
      await assert.rejects(service.saveFactualAccuracyDays(world.other.admin.actor, { factualAccuracyDays: '200' }), Invalid);
      await service.saveFactualAccuracyDays(world.other.admin.actor, { factualAccuracyDays: '7' });
      assert.equal(await service.factualAccuracyDays(world.other.officer.actor), 7);
      assert.equal(await service.factualAccuracyDays(world.council.officer.actor), 14);
    });

    test('starting needs a framework that fits the service, of the council that commissions it', async () => {
      const officer = world.council.officer.actor;
      await assert.rejects(
        service.start(officer, { serviceId: world.homeCareId, frameworkId: world.careHomesFrameworkId, kind: 'full' }),
        (e: unknown) => e instanceof Invalid && /does not apply to home care/.test(e.message),
      );
      await assert.rejects(service.start(officer, { serviceId: world.careHomeId, frameworkId: world.otherCareHomesFrameworkId, kind: 'full' }), Invalid);
      await assert.rejects(service.start(officer, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full', visitedOn: '2026-11-21' }), /today or in the past/);
      await assert.rejects(service.start(world.other.officer.actor, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' }), NotFound);
      await assert.rejects(service.start(world.council.placer.actor, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' }), Forbidden);
      await assert.rejects(service.start(world.provider.actor, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'full' }), Forbidden);
      await assert.rejects(service.start(officer, { serviceId: world.careHomeId, frameworkId: 'nonsense', kind: 'full' }), Invalid);
      const started = await service.start(officer, { serviceId: world.homeCareId, frameworkId: world.careAtHomeFrameworkId, kind: 'full' });
      assert.equal(started.status, 'draft');
    });

    test('completing a visit needs its date; answers must fit the framework’s method and questions', async () => {
      const { id } = await service.start(world.council.officer.actor, { serviceId: world.homeCareId, frameworkId: world.careAtHomeFrameworkId, kind: 'full' });
      const questions = await questionsOf(id);
      await assert.rejects(
        service.saveAnswers(world.council.officer.actor, id, { answers: [{ questionId: questions[0], answer: 'met' }] }),
        (e: unknown) => e instanceof Invalid && e.errors[0]?.path === 'answers.0.answer',
      );
      const careHome = await startFull();
      const foreign = (await questionsOf(careHome.id))[0];
      await assert.rejects(
        service.saveAnswers(world.council.officer.actor, id, { answers: [{ questionId: foreign, answer: 'good' }] }),
        (e: unknown) => e instanceof Invalid && e.errors[0]?.path === 'answers.0.questionId',
      );
      await assert.rejects(
        store.asUser(world.council.officer.actor, (tx) =>
          tx.insertInto('assessment_answers').values({ council_id: world.council.org.id, assessment_id: id, question_id: foreign!, answer: 'good' }).execute(),
        ),
        /not part of this assessment/,
      );
      await assert.rejects(
        store.asUser(world.council.officer.actor, (tx) =>
          tx.insertInto('assessment_answers').values({ council_id: world.council.org.id, assessment_id: id, question_id: questions[0]!, answer: 'met' }).execute(),
        ),
        /does not fit/,
      );
      const rated = await service.saveAnswers(world.council.officer.actor, id, answerAll(questions, 'good'));
      assert.equal(rated.scores.overall.band, 'good');
      assert.equal(rated.scores.overall.percent, undefined);
      await assert.rejects(service.complete(world.council.officer.actor, id), (e: unknown) => e instanceof Invalid && e.errors[0]?.path === 'visitedOn');
      const done = await service.complete(world.council.officer.actor, id, { visitedOn: '2026-11-19' });
      assert.equal(done.visitedOn, '2026-11-19');
      assert.equal(done.assessedOn, '2026-11-19');
    });

    test('a self-assessment belongs to the provider, is locked once submitted, and sits beside the officer’s answers', async () => {
      await assert.rejects(
        service.start(world.rival.actor, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'self' }),
        NotFound,
      );
      await assert.rejects(service.start(world.council.officer.actor, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'self' }), Forbidden);
      const self = await service.start(world.provider.actor, { serviceId: world.careHomeId, frameworkId: world.careHomesFrameworkId, kind: 'self' });
      const questions = allQuestions((await service.get(world.provider.actor, self.id)).framework).map((q) => q.id);
      const [q1, q2] = questions as [string, string];
      await service.saveAnswers(world.provider.actor, self.id, {
        answers: questions.map((questionId) => ({ questionId, answer: 'met', evidence: 'Our audit', evidenceSource: 'records', confidential: true })),
      });
      const stored = await service.get(world.provider.actor, self.id);
      assert.equal(stored.answers.get(q1)?.confidential, false, 'a provider does not hide its own evidence');
      // The council sees a self-assessment in progress, but cannot change it.
      assert.equal((await service.get(world.council.officer.actor, self.id)).status, 'draft');
      await assert.rejects(service.saveAnswers(world.council.officer.actor, self.id, answerAll([q1], 'not_met')), Forbidden);
      await assert.rejects(service.get(world.rival.actor, self.id), NotFound);
      await assert.rejects(service.get(world.council.placer.actor, self.id), NotFound);

      const submitted = await service.complete(world.provider.actor, self.id);
      assert.equal(submitted.status, 'completed');
      assert.equal(submitted.reviewEndsOn, null);
      await assert.rejects(service.saveAnswers(world.provider.actor, self.id, answerAll([q1], 'not_met')), Conflict);
      await assert.rejects(service.publish(world.council.commissioner.actor, self.id), Conflict);

      const full = await startFull();
      const officerQuestions = await questionsOf(full.id);
      await service.saveAnswers(world.council.officer.actor, full.id, answerAll(officerQuestions, 'met', { [officerQuestions[0]!]: 'not_met', [officerQuestions[1]!]: 'met' }));
      const { comparison } = await service.compare(world.council.officer.actor, full.id);
      assert.ok(comparison);
      assert.equal(comparison.differences, 1);
      const row = comparison.domains[0]!.rows[0]!;
      assert.deepEqual([row.provider, row.officer, row.difference], ['met', 'not_met', 'provider_higher']);
      assert.equal(comparison.domains[0]!.rows[1]!.difference, 'same');
      assert.ok(q2);
      // From the self-assessment, the provider is compared only with full assessments shared with it.
      const fromSelf = await service.compare(world.provider.actor, self.id);
      assert.notEqual(fromSelf.officer?.id, full.id, 'a draft full assessment is not shown to the provider');
      assert.equal(fromSelf.provider?.id, self.id);
    });

    test('a correction is a new version with a reason; both stay visible to the council; only the newest is current', async () => {
      const { id } = await startFull();
      const questions = await questionsOf(id);
      await service.saveAnswers(world.council.officer.actor, id, answerAll(questions, 'met', { [questions[0]!]: 'not_met' }));
      await service.complete(world.council.officer.actor, id);
      await service.publish(world.council.commissioner.actor, id);
      await assert.rejects(service.correct(world.provider.actor, id, { reason: 'x' }), Forbidden);
      await assert.rejects(service.correct(world.council.officer.actor, id, { reason: '' }), Invalid);
      const correctionId = await service.correct(world.council.officer.actor, id, { reason: 'Question 1.1 was recorded against the wrong home.' });
      await assert.rejects(service.correct(world.council.officer.actor, id, { reason: 'Again' }), Conflict);
      const draft = await service.get(world.council.officer.actor, correctionId);
      assert.equal(draft.version, 2);
      assert.equal(draft.supersedesId, id);
      assert.equal(draft.status, 'draft');
      assert.equal(draft.answers.get(questions[0]!)?.answer, 'not_met', 'the correction starts from the published answers');
      await service.saveAnswers(world.council.officer.actor, correctionId, answerAll([questions[0]!], 'met'));
      const completed = await service.complete(world.council.officer.actor, correctionId);
      assert.equal(completed.reviewEndsOn, null, 'a correction has no second review window');
      await service.publish(world.council.commissioner.actor, correctionId);
      const original = await service.get(world.council.officer.actor, id);
      assert.equal(original.status, 'published');
      assert.equal(original.supersededById, correctionId);
      assert.equal(original.answers.get(questions[0]!)?.answer, 'not_met', 'the original is unchanged');
    });

    test('what needs action: every answer below the standard and every domain below good, with the visit date', async () => {
      const { id } = await startFull();
      const questions = await questionsOf(id);
      const below = { [questions[0]!]: 'not_met', [questions[1]!]: 'partly_met', [questions[2]!]: 'not_met' } as const;
      await service.saveAnswers(world.council.officer.actor, id, answerAll(questions, 'met', below));
      await assert.rejects(service.needingAction(world.council.officer.actor, id), Conflict);
      await service.complete(world.council.officer.actor, id);
      const needs = await service.needingAction(world.council.officer.actor, id);
      assert.equal(needs.assessedOn, '2026-11-18');
      assert.deepEqual(needs.questions.map((q) => [q.questionId, q.answer]), [
        [questions[0], 'not_met'],
        [questions[1], 'partly_met'],
        [questions[2], 'not_met'],
      ]);
      // Domain 1: 9 of 14 points (question 1.5 weighs 2) is 64.3%, poor; every other domain is fully met.
      assert.ok(Math.abs(needs.domains[0]!.percent! - (9 / 14) * 100) < 1e-9);
      assert.equal(needs.domains.length, 1);
      assert.equal(needs.domains[0]!.name, 'Involvement and information');
      assert.equal(needs.domains[0]!.band, 'poor');
    });

    test('a new framework version is used by new assessments; earlier assessments keep theirs', async () => {
      const old = await startFull();
      const admin = world.council.admin.actor;
      await assert.rejects(frameworks.startNewVersion(world.council.officer.actor, world.careHomesFrameworkId), Forbidden);
      await assert.rejects(frameworks.startNewVersion(world.other.admin.actor, world.careHomesFrameworkId), NotFound);
      const draftId = await frameworks.startNewVersion(admin, world.careHomesFrameworkId);
      assert.equal(await frameworks.startNewVersion(admin, world.careHomesFrameworkId), draftId, 'one draft at a time');
      const draft = await frameworks.version(admin, draftId);
      assert.equal(draft.version, 2);
      assert.equal(draft.status, 'draft');
      const firstQuestion = draft.domains[0]!.questions[0]!;
      const oldFirst = (await service.get(admin, old.id)).framework.domains[0]!.questions[0]!;
      assert.equal(firstQuestion.lineageId, oldFirst.lineageId, 'a question keeps its lineage across versions');
      await frameworks.updateQuestion(admin, firstQuestion.id, { text: 'People are involved in planning their care (revised).', guidance: 'New guidance', weight: '3' });
      await assert.rejects(frameworks.updateQuestion(admin, firstQuestion.id, { text: 'x', weight: '0' }), Invalid);
      await assert.rejects(frameworks.updateQuestion(admin, oldFirst.id, { text: 'Rewrite history', weight: '1' }), Conflict);
      await assert.rejects(
        store.asSystem((tx) => tx.updateTable('framework_questions').set({ text: 'Rewrite history' }).where('id', '=', oldFirst.id).execute()),
        /published framework version cannot be changed/,
      );
      const domainId = await frameworks.addDomain(admin, draftId, { name: 'Outcomes for people' });
      await assert.rejects(frameworks.publish(admin, draftId), (e: unknown) => e instanceof Invalid && /Add a standard/.test(e.message));
      const standardId = await frameworks.addStandard(admin, domainId, { name: 'Outcomes' });
      await frameworks.addQuestion(admin, standardId, { text: 'People achieve the outcomes in their plan.', weight: '1.5' });
      await frameworks.updateDetails(admin, draftId, {
        name: 'Care homes quality framework',
        categories: ['care_home_older_people', 'care_home_adults_with_disabilities'],
        requiresImprovementLabel: 'Adequate',
        changeNote: 'Added outcomes',
      });
      await frameworks.publish(admin, draftId);
      await assert.rejects(frameworks.addDomain(admin, draftId, { name: 'Too late' }), Conflict);

      const fresh = await startFull();
      const newer = await service.get(world.council.officer.actor, fresh.id);
      assert.equal(newer.framework.version, 2);
      assert.equal(newer.framework.domains.length, 6);
      assert.equal(newer.framework.requiresImprovementLabel, 'Adequate');
      assert.equal(newer.framework.domains[0]!.questions[0]!.text, 'People are involved in planning their care (revised).');
      assert.equal(newer.framework.domains[0]!.questions[0]!.weight, 3);
      const older = await service.get(world.council.officer.actor, old.id);
      assert.equal(older.framework.version, 1);
      assert.equal(older.framework.domains.length, 5);
      assert.notEqual(older.framework.domains[0]!.questions[0]!.text, newer.framework.domains[0]!.questions[0]!.text);
    });

    test('an administrator can create a framework from nothing, and discard a draft', async () => {
      const admin = world.other.admin.actor;
      await assert.rejects(frameworks.create(world.other.officer.actor, {}), Forbidden);
      await assert.rejects(frameworks.create(admin, { name: '', scoring: 'stars', categories: [] }), (e: unknown) => e instanceof Invalid && e.errors.length === 4);
      const { frameworkId, versionId } = await frameworks.create(admin, { name: 'Day services framework', scoring: 'rating', categories: 'day_services_older_people', requiresImprovementLabel: 'Requires improvement' });
      const domainId = await frameworks.addDomain(admin, versionId, { name: 'Activities' });
      const standardId = await frameworks.addStandard(admin, domainId, { name: 'Meaningful activity' });
      const q1 = await frameworks.addQuestion(admin, standardId, { text: 'The programme reflects what people enjoy.' });
      const q2 = await frameworks.addQuestion(admin, standardId, { text: 'People can choose what they take part in.' });
      await frameworks.move(admin, 'framework_questions', q2, 'up');
      const reordered = await frameworks.version(admin, versionId);
      assert.deepEqual(reordered.domains[0]!.questions.map((q) => q.id), [q2, q1]);
      await frameworks.remove(admin, 'framework_questions', q1);
      await frameworks.publish(admin, versionId);
      const list = await frameworks.list(admin);
      assert.ok(list.some((f) => f.frameworkId === frameworkId && f.current?.version === 1));
      await assert.rejects(store.asUser(world.council.admin.actor, (tx) => tx.insertInto('frameworks').values({ council_id: world.other.org.id, scoring: 'rating' }).execute()), /row-level security/);

      const throwaway = await frameworks.create(admin, { name: 'Experiment', scoring: 'percentage', categories: ['home_care'], requiresImprovementLabel: 'Adequate' });
      assert.equal(await frameworks.discardDraft(admin, throwaway.versionId), undefined);
      assert.ok(!(await frameworks.list(admin)).some((f) => f.frameworkId === throwaway.frameworkId));
    });

    test('row-level security: each role sees only the rows its role allows', async () => {
      const { id } = await startFull(world.elmLodgeId);
      const questions = await questionsOf(id);
      await service.saveAnswers(world.council.officer.actor, id, {
        answers: questions.map((questionId, i) => ({ questionId, answer: 'met', evidence: i === 0 ? 'Secret source' : 'Plain', confidential: i === 0 })),
      });
      await service.complete(world.council.officer.actor, id);
      const count = (rows: unknown[]) => rows.length;
      const evidence = (actor: Parameters<Store['asUser']>[0]) =>
        store.asUser(actor, (tx) => tx.selectFrom('assessment_evidence').select(['body', 'confidential']).where('assessment_id', '=', id).execute());
      assert.equal(count(await evidence(world.council.officer.actor)), questions.length);
      assert.equal(count(await evidence(world.rival.actor)), questions.length - 1, 'the provider of Elm Lodge sees all but the confidential note');
      assert.ok((await evidence(world.rival.actor)).every((e) => !e.confidential));
      assert.equal(count(await evidence(world.provider.actor)), 0, 'another provider sees nothing');
      assert.equal(count(await evidence(world.council.placer.actor)), 0, 'a placer sees nothing before publication');
      assert.equal(count(await evidence(world.partner.actor)), 0);
      assert.equal(count(await evidence(world.other.admin.actor)), 0);
      const answers = await store.asUser(world.other.officer.actor, (tx) => tx.selectFrom('assessment_answers').select('id').where('assessment_id', '=', id).execute());
      assert.equal(answers.length, 0);
      await assert.rejects(
        store.asUser(world.rival.actor, (tx) =>
          tx.insertInto('assessment_evidence').values({ council_id: world.council.org.id, assessment_id: id, question_id: questions[0]!, body: 'Planted' }).execute(),
        ),
        /row-level security|duplicate key/,
      );
      const moved = await store.asUser(world.other.admin.actor, (tx) => tx.updateTable('assessments').set({ visited_on: '2020-01-01' }).where('id', '=', id).executeTakeFirst());
      assert.equal(Number(moved.numUpdatedRows), 0);
      const audit = await store.asUser(world.council.commissioner.actor, (tx) =>
        tx.selectFrom('audit_events').select(['action', 'actor_user_id']).where('table_name', '=', 'assessments').where('record_id', '=', id).orderBy('id').execute(),
      );
      assert.equal(audit[0]?.action, 'insert');
      assert.equal(audit[0]?.actor_user_id, world.council.officer.actor.userId);
      const raw = await sql<{ n: number }>`select count(*)::int as n from assessments where id = ${id}`.execute(store.db);
      assert.equal(raw.rows[0]?.n, 1);
    });

    test('a draft can be discarded by the people who may change it', async () => {
      const { id } = await startFull();
      await assert.rejects(service.discard(world.council.placer.actor, id), NotFound);
      await service.discard(world.council.officer.actor, id);
      await assert.rejects(service.get(world.council.officer.actor, id), NotFound);
    });
  });
}
