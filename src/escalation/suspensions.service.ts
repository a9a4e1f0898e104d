import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { Conflict, Invalid, NotFound } from '../core/errors.ts';
import { checkEventDate, isSuspensionReviewOverdue, planLift, planReinstate, type LiftInput, type ReinstateInput, type SuspensionEventKind, type SuspensionScope } from './escalation.rules.ts';
import type { ReviewDateInput, SuspensionInput } from './escalation.schemas.ts';
import { findService } from './subjects.repository.ts';
import * as repo from './suspensions.repository.ts';

/**
 * A suspension of new placements at a service: starting it, lifting it in part or in full on evidence of
 * sustained improvement, reinstating it when care slips again, and moving its review date.
 */

interface SuspensionEvent {
  readonly id: string;
  readonly kind: SuspensionEventKind;
  readonly occurredOn: string;
  readonly scopeAfter: SuspensionScope | null;
  readonly detailAfter: string | null;
  readonly reason: string;
  readonly recordedBy: string | null;
}

export interface Suspension {
  readonly id: string;
  readonly service: { readonly id: string; readonly name: string; readonly postcode: string };
  readonly provider: { readonly id: string; readonly name: string };
  readonly scope: SuspensionScope;
  readonly detail: string | null;
  readonly reason: string;
  readonly startsOn: string;
  readonly reviewOn: string | null;
  readonly scopeSince: string;
  readonly status: 'active' | 'lifted';
  readonly liftedOn: string | null;
  readonly lastEventOn: string;
  readonly updatedAt: Date;
  /** In force and its review date has passed. */
  readonly reviewOverdue: boolean;
  readonly events: SuspensionEvent[];
}

export function toSuspension(row: repo.SuspensionRow, events: Awaited<ReturnType<typeof repo.suspensionEvents>>, today: string): Suspension {
  return {
    id: row.id,
    service: { id: row.service_id, name: row.service_name, postcode: row.postcode },
    provider: { id: row.provider_id, name: row.provider_name },
    scope: row.scope,
    detail: row.detail,
    reason: row.reason,
    startsOn: row.starts_on,
    reviewOn: row.review_on,
    scopeSince: row.scope_since,
    status: row.status,
    liftedOn: row.lifted_on,
    lastEventOn: row.last_event_on ?? row.starts_on,
    updatedAt: row.updated_at,
    reviewOverdue: isSuspensionReviewOverdue({ status: row.status, reviewOn: row.review_on }, today),
    events: events
      .filter((e) => e.suspension_id === row.id)
      .map((e) => ({
        id: e.id,
        kind: e.kind,
        occurredOn: e.occurred_on,
        scopeAfter: e.scope_after,
        detailAfter: e.detail_after,
        reason: e.reason,
        recordedBy: e.recorded_by_name,
      })),
  };
}

async function loadSuspension(tx: Tx, id: string): Promise<Suspension> {
  const row = await repo.findSuspension(tx, id);
  if (!row) throw new NotFound('Suspension');
  return toSuspension(row, await repo.suspensionEvents(tx, [id]), today());
}

export function suspensionsService(store: Store) {
  async function suspend(actor: Actor, serviceId: string, input: SuspensionInput) {
    authorise(actor, 'escalation.decide');
    checkEventDate('startsOn', input.startsOn, today());
    return store.asUser(actor, async (tx) => {
      const service = await findService(tx, serviceId);
      if (!service) throw new NotFound('Service');
      const active = (await repo.suspensionsForService(tx, serviceId)).find((s) => s.status === 'active');
      if (active) throw new Conflict('New placements at this service are already suspended: change or lift that suspension instead');
      const detail = input.scope === 'partial' ? (input.detail ?? null) : null;
      const { id } = await repo.insertSuspension(tx, {
        councilId: service.council_id,
        serviceId,
        scope: input.scope,
        detail,
        reason: input.reason,
        startsOn: input.startsOn,
        reviewOn: input.reviewOn ?? null,
        createdBy: actor.userId,
      });
      await repo.insertSuspensionEvent(tx, { councilId: service.council_id, suspensionId: id, kind: 'started', occurredOn: input.startsOn, scopeAfter: input.scope, detailAfter: detail, reason: input.reason, recordedBy: actor.userId });
      return loadSuspension(tx, id);
    });
  }

  async function lift(actor: Actor, id: string, input: LiftInput) {
    authorise(actor, 'escalation.decide');
    return store.asUser(actor, async (tx) => {
      await repo.lockSuspension(tx, id);
      const current = await loadSuspension(tx, id);
      const change = planLift(current, input, today());
      await repo.updateSuspension(tx, id, { status: change.status, scope: change.scope, detail: change.detail, scopeSince: change.scopeSince, liftedOn: change.liftedOn });
      await repo.insertSuspensionEvent(tx, {
        councilId: actor.orgId,
        suspensionId: id,
        kind: change.kind,
        occurredOn: input.liftedOn,
        scopeAfter: change.status === 'active' ? change.scope : null,
        detailAfter: change.status === 'active' ? change.detail : null,
        reason: input.evidence,
        recordedBy: actor.userId,
      });
      return loadSuspension(tx, id);
    });
  }

  async function reinstate(actor: Actor, id: string, input: ReinstateInput) {
    authorise(actor, 'escalation.decide');
    return store.asUser(actor, async (tx) => {
      await repo.lockSuspension(tx, id);
      const current = await loadSuspension(tx, id);
      const change = planReinstate(current, input, today());
      if (current.status === 'lifted') {
        const ofService = await repo.suspensionsForService(tx, current.service.id);
        if (ofService[0]?.id !== id || ofService.some((s) => s.status === 'active')) {
          throw new Conflict('Only the latest suspension of a service can be reinstated, and only when none is in force');
        }
      }
      await repo.updateSuspension(tx, id, { status: change.status, scope: change.scope, detail: change.detail, scopeSince: change.scopeSince, liftedOn: null });
      await repo.insertSuspensionEvent(tx, {
        councilId: actor.orgId,
        suspensionId: id,
        kind: 'reinstated',
        occurredOn: input.reinstatedOn,
        scopeAfter: change.scope,
        detailAfter: change.detail,
        reason: input.reason,
        recordedBy: actor.userId,
      });
      return loadSuspension(tx, id);
    });
  }

  async function changeReviewDate(actor: Actor, id: string, input: ReviewDateInput) {
    authorise(actor, 'escalation.decide');
    return store.asUser(actor, async (tx) => {
      await repo.lockSuspension(tx, id);
      const current = await loadSuspension(tx, id);
      if (current.status !== 'active') throw new Conflict('This suspension has been lifted');
      if (input.reviewOn < current.startsOn) throw new Invalid([{ path: 'reviewOn', message: 'The review date must be on or after the start date' }]);
      await repo.updateSuspension(tx, id, { reviewOn: input.reviewOn });
      await repo.insertSuspensionEvent(tx, {
        councilId: actor.orgId,
        suspensionId: id,
        kind: 'review_date_changed',
        occurredOn: today(),
        scopeAfter: current.scope,
        detailAfter: current.detail,
        reason: input.reason,
        recordedBy: actor.userId,
      });
      return loadSuspension(tx, id);
    });
  }

  return {
    suspend,
    lift,
    reinstate,
    changeReviewDate,

    async getSuspension(actor: Actor, id: string) {
      authorise(actor, 'escalation.read');
      return store.asUser(actor, (tx) => loadSuspension(tx, id));
    },
  };
}
