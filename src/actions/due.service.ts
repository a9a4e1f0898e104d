import { assessmentsBelowStandard } from '../assessments/index.ts';
import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { pageOf } from '../core/http/lists.ts';
import { paths } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import { openVisits, visitTargetDate } from '../visits/index.ts';
import { isActionDueSoon, isActionOverdue } from './action-plan.rules.ts';
import * as plansRepo from './plans.repository.ts';
import * as repo from './work.repository.ts';

/**
 * What action plans and visits ask of the council's officers now: assessments still without a plan, drafts
 * to share, plans the provider has not agreed, updates to verify, overdue actions, and visits to arrange,
 * make or record (the update visit of seed 002 among them). Exported as one function so that any work
 * list (the risk work list, a dashboard) can show these items beside its own.
 */

export type DueState = 'overdue' | 'due_soon' | 'to_do' | 'waiting' | 'scheduled';

export const DUE_STATE_LABELS: Record<DueState, string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  to_do: 'To do',
  waiting: 'Waiting for the provider',
  scheduled: 'Planned',
};

export interface DueItem {
  readonly kind: 'assessment' | 'plan' | 'update' | 'action' | 'visit';
  readonly recordId: string;
  readonly serviceId: string;
  readonly serviceName: string;
  /** One plain-English line of what is due. */
  readonly summary: string;
  /** The day it is due by or planned for, where there is one. */
  readonly dueOn: string | null;
  readonly state: DueState;
  readonly href: string;
}

type DueScope = 'mine' | 'all';

const STATE_ORDER: Record<DueState, number> = { overdue: 0, due_soon: 1, to_do: 2, waiting: 3, scheduled: 4 };
const KIND_ORDER: Record<DueItem['kind'], number> = { assessment: 0, plan: 1, update: 2, action: 3, visit: 4 };

/** Most pressing first; within a state, dated items by date, then undated ones, each in the order work is done. */
function sortDueItems(items: DueItem[]): DueItem[] {
  return items.sort(
    (a, b) =>
      STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
      (a.dueOn ?? '9999-12-31').localeCompare(b.dueOn ?? '9999-12-31') ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      a.serviceName.localeCompare(b.serviceName) ||
      a.recordId.localeCompare(b.recordId),
  );
}

/**
 * The council's completed full assessments that found something below the standard and have no plan yet, oldest
 * first; with `concerning`, only those of services the user leads or that the user made.
 */
async function assessmentsWithoutPlan(tx: Tx, councilId: string, concerning?: string) {
  // Most of an officer's assessments have a plan: those are left out before their answers are read.
  const except = (ids: readonly string[]) => plansRepo.assessmentsWithPlan(tx, ids);
  return assessmentsBelowStandard(tx, councilId, concerning ? { concerning, except } : { except });
}

export function plansAndVisitsDueService(store: Store) {
  const service = {
    /**
     * The items due. "mine" keeps what concerns the signed-in officer: services they lead, plans they drafted,
     * assessments they made and visits they are down to make.
     */
    async due(actor: Actor, scope: DueScope = 'mine') {
      authorise(actor, 'actions.manage');
      authorise(actor, 'visits.read');
      const on = today();
      const me = actor.userId;
      // The home page and the work lists ask for this on every visit: kept while none of the council's services
      // changes (their plans, actions, updates, assessments and answers, visits, the services themselves).
      const key = `actions.due:${actor.userId}:${actor.orgId}:${actor.role}:${scope}:${on}`;
      return store.asUser(actor, (tx) => store.keepByCouncil(tx, key, actor.orgId, async () => {
        const items: DueItem[] = [];
        const mine = (...owners: (string | null | undefined)[]) => scope === 'all' || owners.includes(me);

        for (const a of await assessmentsWithoutPlan(tx, actor.orgId, scope === 'mine' ? me : undefined)) {
          if (!mine(a.leadOfficerId, a.createdBy)) continue;
          items.push({
            kind: 'assessment',
            recordId: a.id,
            serviceId: a.serviceId,
            serviceName: a.serviceName,
            summary: `Draft the action plan for the assessment of ${ukDate(a.visitedOn ?? a.completedOn)}: it found answers below the standard`,
            dueOn: null,
            state: 'to_do',
            href: paths.actionPlans.forAssessment(a.id),
          });
        }

        for (const p of await repo.plansIn(tx, ['draft', 'shared'])) {
          if (!mine(p.lead_officer_id, p.created_by)) continue;
          const summary =
            p.status === 'shared'
              ? 'The provider has not yet agreed the action plan'
              : p.change_request
                ? 'The provider asked for changes to the action plan'
                : 'Finish the draft action plan and share it with the provider';
          items.push({
            kind: 'plan',
            recordId: p.id,
            serviceId: p.service_id,
            serviceName: p.service_name,
            summary,
            dueOn: null,
            state: p.status === 'shared' ? 'waiting' : 'to_do',
            href: paths.actionPlans.show(p.id),
          });
        }

        for (const u of await repo.pendingUpdates(tx)) {
          if (!mine(u.lead_officer_id, u.plan_created_by)) continue;
          items.push({
            kind: 'update',
            recordId: u.id,
            serviceId: u.service_id,
            serviceName: u.service_name,
            summary: `Verify or reject the update on action ${u.position} (${u.reported_status === 'done' ? 'reported done' : 'progress'})`,
            dueOn: null,
            state: 'to_do',
            href: paths.actionPlans.action(u.action_id),
          });
        }

        for (const x of await repo.unfinishedActions(tx)) {
          if (x.plan_status !== 'agreed' && x.plan_status !== 'in_progress') continue;
          if (!mine(x.lead_officer_id, x.plan_created_by)) continue;
          const fact = { dueOn: x.due_on, status: x.status };
          const state: DueState | undefined = isActionOverdue(fact, x.plan_status, on) ? 'overdue' : isActionDueSoon(fact, x.plan_status, on) ? 'due_soon' : undefined;
          if (!state) continue;
          items.push({
            kind: 'action',
            recordId: x.id,
            serviceId: x.service_id,
            serviceName: x.service_name,
            summary: `Action ${x.position} of the action plan (${x.owner_org === 'council' ? 'owned by the council' : 'owned by the provider'})`,
            dueOn: x.due_on,
            state,
            href: paths.actionPlans.action(x.id),
          });
        }

        for (const v of await openVisits(tx)) {
          if (!mine(v.officer?.id, v.officer ? undefined : v.leadOfficerId)) continue;
          const state: DueState = v.state === 'overdue' ? 'overdue' : v.state === 'due_soon' ? 'due_soon' : v.state === 'to_arrange' ? 'to_do' : 'scheduled';
          const when = v.plannedOn ? `planned for ${ukDate(v.plannedOn)}` : `to arrange, due by ${ukDate(v.dueBy)}`;
          items.push({
            kind: 'visit',
            recordId: v.id,
            serviceId: v.serviceId,
            serviceName: v.serviceName,
            summary: `${v.kindLabel}, ${when}${v.officer ? ` (${v.officer.name})` : ''}`,
            dueOn: visitTargetDate(v),
            state,
            href: paths.visits.show(v.id),
          });
        }

        sortDueItems(items);
        const count = (s: DueState) => items.filter((i) => i.state === s).length;
        return { today: on, scope, items, summary: { overdue: count('overdue'), dueSoon: count('due_soon'), toDo: count('to_do'), waiting: count('waiting'), scheduled: count('scheduled') } };
      }));
    },

    /** One page of what is due, in the same order (the summary counts everything). */
    async duePage(actor: Actor, scope: DueScope, page: number) {
      const result = await service.due(actor, scope);
      return { ...result, page: pageOf(result.items, page) };
    },
  };
  return service;
}

export type PlansAndVisitsDueService = ReturnType<typeof plansAndVisitsDueService>;
