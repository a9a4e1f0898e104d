import type { Store } from '../../src/core/db/database.ts';
import { makeUser } from './fixtures.ts';
import { addCqcRating, addPublishedAssessment, makeStatusWorld } from './status-world.ts';

/**
 * Test data for the dashboards, on the status world (Northshire's four care homes, Westshire's one): the
 * records each figure counts, dated for a clock set to TODAY, so the default period is the financial year
 * 2025/26 (1 April 2025 to 31 March 2026). The expected figures are stated in the tests that read them.
 */
export const TODAY = '2026-03-20';

const REGIME = (months: number | null) => JSON.stringify({ fullAssessmentEveryMonths: months, monitoringMeetingsPerYear: null, contactEveryDays: null, concernsStage: null });

export async function makeDashboardsWorld(store: Store) {
  const w = await makeStatusWorld(store);
  const north = w.north;
  const ann = await makeUser(store, north.org, 'officer', 'Ann North');
  const bob = await makeUser(store, north.org, 'officer', 'Bob South');
  const westOfficer = await makeUser(store, w.west.org, 'officer', 'Wes West');
  const by = north.commissioner.actor.userId;

  const extra = await store.asSystem(async (tx) => {
    await tx.updateTable('users').set({ team: 'North team' }).where('id', '=', ann.actor.userId).execute();
    await tx.updateTable('users').set({ team: 'South team' }).where('id', '=', bob.actor.userId).execute();
    await tx.updateTable('services').set({ lead_officer_id: ann.actor.userId, beds: 30 }).where('id', 'in', [w.oakHouseId]).execute();
    await tx.updateTable('services').set({ lead_officer_id: ann.actor.userId, beds: 40 }).where('id', '=', w.oakLodgeId).execute();
    await tx.updateTable('services').set({ lead_officer_id: bob.actor.userId, beds: 20 }).where('id', '=', w.groupHomeId).execute();
    await tx.updateTable('services').set({ lead_officer_id: bob.actor.userId, beds: 25 }).where('id', '=', w.elmId).execute();
    const homeCare = await tx
      .insertInto('services')
      .values({ council_id: north.org.id, provider_id: w.elmProviderId, name: 'Elm Home Care', category: 'home_care', postcode: 'NS9 9ZY', lead_officer_id: bob.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();

    // Suspensions: Oak Lodge in full (review overdue), Oakleaf Court in part (review in time), Western Rise (the other council's).
    const suspension = (councilId: string, serviceId: string, scope: 'full' | 'partial', reviewOn: string, createdBy: string) =>
      tx
        .insertInto('suspensions')
        .values({ council_id: councilId, service_id: serviceId, scope, reason: 'Test', starts_on: '2026-01-05', scope_since: '2026-01-05', review_on: reviewOn, created_by: createdBy } as never)
        .execute();
    await suspension(north.org.id, w.oakLodgeId, 'full', '2026-02-01', by);
    await suspension(north.org.id, w.groupHomeId, 'partial', '2199-01-01', by);
    await suspension(w.west.org.id, w.westHomeId, 'full', '2026-02-01', w.west.commissioner.actor.userId);
    // Oak House: under Remedies for Poor Performance (review overdue) and in the concerns procedure at stage 2.
    await tx
      .insertInto('contract_processes')
      .values({ council_id: north.org.id, service_id: w.oakHouseId, kind: 'remedies_for_poor_performance', reason: 'Missed calls', started_on: '2026-01-02', review_on: '2026-02-01', started_by: by } as never)
      .execute();
    await tx.insertInto('concerns_cases').values({ council_id: north.org.id, service_id: w.oakHouseId, stage: 2, reason: 'Staffing', opened_on: '2026-01-10', opened_by: by } as never).execute();

    // Risk: Elm View low risk, a full assessment every 6 months (its last, 20 May 2025, makes one due 20 November 2025: overdue);
    // Oak Lodge medium, every 24 months from 1 September 2025 (not due); Oak House high (no full assessment set).
    const rating = (serviceId: string, bandKey: string, months: number | null, ratedOn: string) =>
      tx
        .insertInto('risk_ratings')
        .values({
          council_id: north.org.id,
          service_id: serviceId,
          scores: JSON.stringify({}),
          rationale: 'Test rating',
          proposals: JSON.stringify({}),
          prr: 30,
          band_key: bandKey as 'medium',
          band_label: bandKey,
          regime: REGIME(months),
          rated_on: ratedOn,
          rated_by: by,
        })
        .execute();
    await rating(w.elmId, 'low', 6, '2024-06-01');
    await rating(w.oakLodgeId, 'medium', 24, '2025-09-01');
    await rating(w.oakHouseId, 'high', null, '2025-10-01');

    // Visits in 2025/26: Ann three (one to home care), Bob one; not counted: a cancelled one, one in 2024/25, the other council's.
    const visit = (councilId: string, serviceId: string, officerId: string, visitedOn: string | null, cancelled = false) =>
      tx
        .insertInto('visits')
        .values({
          council_id: councilId,
          service_id: serviceId,
          kind: 'drop_in',
          officer_id: officerId,
          visited_on: visitedOn,
          planned_on: visitedOn ?? '2025-07-01',
          outcome: visitedOn ? 'Seen' : null,
          recorded_by: visitedOn ? officerId : null,
          cancelled_on: cancelled ? '2025-06-30' : null,
          cancel_reason: cancelled ? 'Home closed to visitors' : null,
          created_by: officerId,
        } as never)
        .execute();
    await visit(north.org.id, w.oakHouseId, ann.actor.userId, '2025-05-01');
    await visit(north.org.id, w.oakLodgeId, ann.actor.userId, '2025-09-15');
    await visit(north.org.id, homeCare.id, ann.actor.userId, '2026-01-15');
    await visit(north.org.id, w.elmId, bob.actor.userId, '2025-10-01');
    await visit(north.org.id, w.elmId, bob.actor.userId, null, true);
    await visit(north.org.id, w.elmId, bob.actor.userId, '2025-03-31');
    await visit(w.west.org.id, w.westHomeId, westOfficer.actor.userId, '2025-06-01');

    // Reports from the public: triaged the same day, after 3 days, after 10 days; one waiting since 10 March; one of Westshire's.
    let n = 0;
    const report = (councilId: string, submittedAt: string, triagedAt: string | null, serviceId: string | null) =>
      tx
        .insertInto('concern_reports')
        .values({
          reference: `CO-2026-${String(900000 + n++)}`,
          council_id: councilId,
          route: 'care_service',
          service_id: serviceId,
          what_happened: 'Test',
          submitted_at: new Date(submittedAt),
          triaged_at: triagedAt ? new Date(triagedAt) : null,
          status: triagedAt ? 'closed' : 'new',
        } as never)
        .execute();
    await report(north.org.id, '2025-06-02T09:00:00Z', '2025-06-02T15:00:00Z', w.oakHouseId);
    await report(north.org.id, '2025-07-01T09:00:00Z', '2025-07-04T10:00:00Z', w.elmId);
    await report(north.org.id, '2025-08-01T09:00:00Z', '2025-08-11T10:00:00Z', null);
    await report(north.org.id, '2026-03-10T09:00:00Z', null, null);
    await report(w.west.org.id, '2025-06-02T09:00:00Z', null, null);
    return { homeCareId: homeCare.id };
  });

  // CQC: Oak House Good → Requires improvement (10 February 2026, worse); Elm View Inadequate → Good (20 November
  // 2025, better); Oak Lodge Outstanding since 2023; Western Rise (Westshire) Inadequate → Good in the period too.
  await addCqcRating(store, '1-100000001', 'good', '2024-05-01');
  await addCqcRating(store, '1-100000001', 'requires_improvement', '2026-02-10');
  await addCqcRating(store, '1-100000003', 'inadequate', '2025-01-15');
  await addCqcRating(store, '1-100000003', 'good', '2025-11-20');
  await addCqcRating(store, '1-100000002', 'outstanding', '2023-03-01');
  await addCqcRating(store, '1-200000001', 'inadequate', '2024-01-01');
  await addCqcRating(store, '1-200000001', 'good', '2025-12-01');

  // Our assessments: Q1 2025/26 Oak House good and Elm View requires improvement (50.0 %); Q3 Oak Lodge excellent (100.0 %).
  await addPublishedAssessment(store, north.org.id, w.oakHouseId, by, 'good', '2025-05-10');
  await addPublishedAssessment(store, north.org.id, w.elmId, by, 'requires_improvement', '2025-05-20');
  await addPublishedAssessment(store, north.org.id, w.oakLodgeId, by, 'excellent', '2025-11-02');

  // An action plan (draft) on Elm View's assessment: one action overdue, one due in 2199, one overdue but done.
  await store.asSystem(async (tx) => {
    const assessment = await tx
      .selectFrom('assessments as a')
      .innerJoin('framework_domains as d', 'd.version_id', 'a.framework_version_id')
      .select(['a.id', 'd.id as domain_id'])
      .where('a.service_id', '=', w.elmId)
      .executeTakeFirstOrThrow();
    const plan = await tx
      .insertInto('action_plans')
      .values({ council_id: north.org.id, service_id: w.elmId, assessment_id: assessment.id, assessed_on: '2025-05-20', created_by: by } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    let position = 1;
    for (const [dueOn, status] of [
      ['2026-01-31', 'open'],
      ['2199-01-01', 'open'],
      ['2026-01-31', 'done'],
    ] as const) {
      await tx
        .insertInto('actions')
        .values({ council_id: north.org.id, plan_id: plan.id, position: position++, domain_id: assessment.domain_id, description: 'Test action', due_on: dueOn, status, created_by: by } as never)
        .execute();
    }
  });

  return { ...w, ann, bob, westOfficer, ...extra };
}

export type DashboardsWorld = Awaited<ReturnType<typeof makeDashboardsWorld>>;

/**
 * A care home Northshire holds in the register but does not commission (the self-funded market), led by Ann,
 * with 50 beds: CQC Good in 2024, Inadequate on 1 October 2025 (a change in the period); rated high risk, a
 * suspension, a remedy, a visit by Ann and a report from the public all recorded against it. Only the report
 * from the public (intelligence) and its CQC data may count, apart; the dashboards' other figures must not move.
 */
export async function addNotCommissionedHome(store: Store, w: DashboardsWorld): Promise<string> {
  const by = w.north.commissioner.actor.userId;
  const id = await store.asSystem(async (tx) => {
    const { id } = await tx
      .insertInto('services')
      .values({ council_id: w.north.org.id, provider_id: w.elmProviderId, name: 'Self Funded Manor', category: 'care_home_older_people', postcode: 'NS8 8AA', cqc_location_id: '1-100000099', beds: 50, lead_officer_id: w.ann.actor.userId, not_commissioned: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('risk_ratings')
      .values({ council_id: w.north.org.id, service_id: id, scores: JSON.stringify({}), rationale: 'Test', proposals: JSON.stringify({}), prr: 30, band_key: 'high', band_label: 'high', regime: REGIME(3), rated_on: '2025-04-01', rated_by: by })
      .execute();
    await tx.insertInto('suspensions').values({ council_id: w.north.org.id, service_id: id, scope: 'full', reason: 'Test', starts_on: '2026-01-05', scope_since: '2026-01-05', review_on: '2026-02-01', created_by: by } as never).execute();
    await tx
      .insertInto('contract_processes')
      .values({ council_id: w.north.org.id, service_id: id, kind: 'remedies_for_poor_performance', reason: 'Test', started_on: '2026-01-02', review_on: '2026-02-01', started_by: by } as never)
      .execute();
    await tx
      .insertInto('visits')
      .values({ council_id: w.north.org.id, service_id: id, kind: 'drop_in', officer_id: w.ann.actor.userId, visited_on: '2025-12-01', planned_on: '2025-12-01', outcome: 'Seen', recorded_by: w.ann.actor.userId, created_by: w.ann.actor.userId } as never)
      .execute();
    await tx
      .insertInto('concern_reports')
      .values({ reference: 'CO-2026-999999', council_id: w.north.org.id, route: 'care_service', service_id: id, what_happened: 'Test', submitted_at: new Date('2025-12-02T09:00:00Z'), triaged_at: new Date('2025-12-03T09:00:00Z'), status: 'closed' } as never)
      .execute();
    return id;
  });
  await addCqcRating(store, '1-100000099', 'good', '2024-02-01');
  await addCqcRating(store, '1-100000099', 'inadequate', '2025-10-01');
  return id;
}
