import type { Tx } from '../core/db/database.ts';
import type { PlanStatus } from './action-plan.rules.ts';

/** All SQL of what plans ask of the council's officers now (the plans and visits due). */

/** Actions of the council's open plans that are not finished, with their plan and service, by target date. */
export function unfinishedActions(tx: Tx) {
  return tx
    .selectFrom('actions as x')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .leftJoin('providers as p', 'p.id', 's.provider_id')
    .select([
      'x.id',
      'x.position',
      'x.description',
      'x.due_on',
      'x.status',
      'x.owner_org',
      'ap.id as plan_id',
      'ap.status as plan_status',
      'ap.created_by as plan_created_by',
      'ap.service_id',
      's.name as service_name',
      's.lead_officer_id',
      'p.name as provider_name',
    ])
    .where('ap.status', 'in', ['agreed', 'in_progress', 'shared', 'draft'])
    .where('x.status', 'not in', ['done', 'verified'])
    .orderBy('x.due_on')
    .orderBy('x.position')
    .execute();
}

/** Updates waiting for the council's decision, oldest first. */
export function pendingUpdates(tx: Tx) {
  return tx
    .selectFrom('action_updates as u')
    .innerJoin('actions as x', 'x.id', 'u.action_id')
    .innerJoin('action_plans as ap', 'ap.id', 'x.plan_id')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .select([
      'u.id',
      'u.action_id',
      'u.created_at',
      'u.reported_status',
      'u.author_name',
      'x.position',
      'ap.id as plan_id',
      'ap.created_by as plan_created_by',
      'ap.service_id',
      's.name as service_name',
      's.lead_officer_id',
    ])
    .where('u.decision', 'is', null)
    .where('ap.status', 'in', ['agreed', 'in_progress'])
    .orderBy('u.created_at')
    .execute();
}

/** Plans of the council in a given status (drafts not yet shared, shared plans not yet agreed). */
export function plansIn(tx: Tx, statuses: readonly PlanStatus[]) {
  return tx
    .selectFrom('action_plans as ap')
    .innerJoin('services as s', 's.id', 'ap.service_id')
    .select(['ap.id', 'ap.status', 'ap.assessed_on', 'ap.shared_on', 'ap.created_by', 'ap.change_request', 'ap.service_id', 's.name as service_name', 's.lead_officer_id'])
    .where('ap.status', 'in', [...statuses])
    .orderBy('ap.assessed_on')
    .execute();
}
