import { sql } from 'kysely';
import type { Tx } from '../../core/db/database.ts';
import { addDays, type Window } from '../history/calendar.ts';
import type { DemoData } from '../model.ts';
import { Random } from '../random.ts';

/**
 * One market event with an open contingency plan in the main council (issue 18), so that the contingency pages
 * are not empty: the Oakleaf group's smallest subsidiary with several branches applied for a Company Voluntary
 * Arrangement ten days ago. The plan holds its branches' figures, three actions and daily assurance statements
 * from the provider, sent for most days. Deterministic: ids and gaps come from the demo's seed.
 */
export async function writeMarket(tx: Tx, data: DemoData, window: Window): Promise<void> {
  const council = data.councils[0];
  const parent = data.providers.find((p) => p.councilId === council?.id && p.parentId === null && data.providers.some((c) => c.parentId === p.id));
  if (!council || !parent) return;
  const branchesOf = (providerId: string) => data.services.filter((s) => s.providerId === providerId);
  const subsidiary = data.providers
    .filter((p) => p.parentId === parent.id && branchesOf(p.id).length >= 2)
    .sort((a, b) => branchesOf(a.id).length - branchesOf(b.id).length || a.name.localeCompare(b.name))[0];
  if (!subsidiary) return;
  const random = new Random(`${data.seed}:${data.scale}:market`);
  const officer = data.users.find((u) => u.orgId === council.id && u.role === 'officer')!;
  const occurredOn = addDays(window.today, -10);
  const eventId = random.uuid();
  const planId = random.uuid();
  const branches = branchesOf(subsidiary.id);
  const at = (day: string) => `${day}T10:00:00Z`;

  await tx
    .insertInto('market_events')
    .values({
      id: eventId,
      council_id: council.id,
      provider_id: subsidiary.id,
      kind: 'company_voluntary_arrangement',
      occurred_on: occurredOn,
      source: 'Companies House and a call from the regional director',
      summary: `${subsidiary.name} has applied for a Company Voluntary Arrangement. Care continues at every branch while creditors vote.`,
      created_by: officer.id,
      created_at: at(occurredOn),
    })
    .execute();
  await tx.insertInto('contingency_plans').values({ id: planId, council_id: council.id, provider_id: subsidiary.id, market_event_id: eventId, visit_every_days: 7, created_by: officer.id, created_at: at(occurredOn) }).execute();
  await tx
    .insertInto('contingency_plan_services')
    .values(
      branches.map((s) => ({
        id: random.uuid(),
        plan_id: planId,
        council_id: council.id,
        service_id: s.id,
        service_council_id: council.id,
        council_name: council.name,
        service_name: s.name,
        provider_name: subsidiary.name,
        category: s.category,
        people_funded: s.fundedPeople,
        beds: s.beds,
        hours_per_week: s.hoursPerWeek === null ? null : Math.round(s.hoursPerWeek),
      })),
    )
    .execute();
  const actions = [
    ['Weekly call with the regional director on the CVA and staffing', 'Home care commissioning team', 3, 1],
    ['Check each branch’s electronic call monitoring for late and missed calls', 'Quality monitoring officers', 7, null],
    ['Agree with other providers how many packages they could take on', 'Brokerage team', 14, null],
  ] as const;
  await tx
    .insertInto('contingency_actions')
    .values(actions.map(([description, owner, due, done]) => ({ id: random.uuid(), plan_id: planId, council_id: council.id, description, owner_name: owner, due_on: addDays(occurredOn, due), done_on: done === null ? null : addDays(occurredOn, due + done), created_by: officer.id })))
    .execute();
  const asked = branches.slice(0, 3);
  const submitter = data.users.find((u) => u.orgId === subsidiary.orgId && u.role === 'provider');
  for (const service of asked) {
    const requestId = random.uuid();
    await tx.insertInto('assurance_requests').values({ id: requestId, plan_id: planId, council_id: council.id, service_id: service.id, from_on: addDays(occurredOn, 1), until_on: addDays(occurredOn, 28) }).execute();
    if (!submitter) continue;
    for (let day = addDays(occurredOn, 1); day < window.today; day = addDays(day, 1)) {
      if (random.chance(0.15)) continue;
      await tx
        .insertInto('assurance_statements')
        .values({ id: random.uuid(), request_id: requestId, council_id: council.id, service_id: service.id, statement_on: day, care_delivered: random.chance(0.9), staffing_safe: random.chance(0.85), missed_calls: random.int(0, 4), submitted_by: submitter.id, submitted_at: `${day}T17:30:00Z` })
        .execute();
    }
  }
  // The alert the event's trigger wrote takes the event's day.
  await sql`update alerts set created_at = ${at(occurredOn)}::timestamptz where event = 'market_event' and provider_id = ${subsidiary.id}`.execute(tx);
}
