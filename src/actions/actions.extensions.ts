import { can } from '../core/auth/permissions.ts';
import type { ServiceExtensions, ServicePanelSource, TimelineSource, WorkListSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import type { VisitsService } from '../visits/index.ts';
import { OPEN_PLAN_STATUSES } from './action-plan.rules.ts';
import type { ActionPlansService } from './actions.service.ts';
import { dueItemView, planListView } from './actions.view.ts';
import type { PlansAndVisitsDueService } from './due.service.ts';

/** The work list shows the most pressing rows of what is due and links to the full page for the rest. */
export const WORK_LIST_DUE_ROWS = 10;

/**
 * What action plans and visits add to pages other capabilities own: a panel on the service page (open
 * plans, overdue actions, the next visit) and the service timeline's visits made, plans agreed and
 * completed, and actions verified. Providers see their plans in the panel but never visits; placing
 * officers and partners get nothing. The officer's work list gets what plans and visits have made due.
 */
export function actionPlansExtensions(plans: ActionPlansService, visits: Pick<VisitsService, 'forService'>, due: PlansAndVisitsDueService): Partial<ServiceExtensions> {
  const panel: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'actions.read')) return undefined;
    const all = await plans.forService(actor, serviceId);
    const open = all.filter((p) => OPEN_PLAN_STATUSES.includes(p.status));
    const council = can(actor, 'visits.read');
    const upcoming = council ? (await visits.forService(actor, serviceId)).visits.filter((v) => v.state !== 'done' && v.state !== 'cancelled') : [];
    const next = upcoming[0];
    return {
      id: 'action-plans',
      title: council ? 'Action plans and visits' : 'Action plans',
      template: 'actions/views/panel.njk',
      model: {
        council,
        openPlans: planListView(open),
        closedPlans: all.length - open.length,
        overdue: open.reduce((n, p) => n + p.overdue, 0),
        nextVisit: next ? { href: paths.visits.show(next.id), kind: next.kindLabel, plannedOn: next.plannedOn, dueBy: next.dueBy, state: next.stateLabel, overdue: next.state === 'overdue' } : null,
        upcomingVisits: upcoming.length,
        links: { plans: paths.actionPlans.list, visits: paths.visits.forService(serviceId), planVisit: paths.visits.plan(serviceId) },
      },
    };
  };

  const timeline: TimelineSource = async (actor, serviceId) => {
    const events = [];
    if (can(actor, 'visits.read')) {
      for (const v of (await visits.forService(actor, serviceId)).visits) {
        if (!v.visitedOn) continue;
        events.push({ occurredOn: v.visitedOn, kind: 'visit', source: v.kind, sourceLabel: v.kindLabel, summary: `${v.kindLabel} made${v.officer ? ` by ${v.officer.name}` : ''}`, href: paths.visits.show(v.id), recordId: v.id });
      }
    }
    if (can(actor, 'actions.manage')) {
      for (const e of await plans.timeline(actor, serviceId)) {
        events.push({ occurredOn: e.on, kind: 'action', summary: e.summary, href: paths.actionPlans.show(e.planId), recordId: e.recordId });
      }
    }
    return events;
  };

  const workList: WorkListSource = async (actor) => {
    if (!can(actor, 'actions.manage') || !can(actor, 'visits.read')) return undefined;
    const result = await due.due(actor, 'mine');
    return {
      id: 'plans-and-visits',
      title: 'Action plans and visits',
      template: 'actions/views/work-list.njk',
      model: {
        today: result.today,
        summary: result.summary,
        total: result.items.length,
        items: result.items.slice(0, WORK_LIST_DUE_ROWS).map(dueItemView),
        allHref: paths.actionPlans.due,
      },
    };
  };

  return { panels: [panel], timeline: [timeline], workList: [workList] };
}
