import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { paths } from '../core/http/paths.ts';
import { canPostUpdate, type ActionStatus, type PlanStatus } from './action-plan.rules.ts';
import type { Action, ActionPlan, ActionUpdate, PlanListItem } from './action-plan.model.ts';
import { DUE_STATE_LABELS, type DueItem, type DueState } from './due.service.ts';

/** View models of the action plan pages: templates get words, links and flags, never rows or rules. */

export const VIEWS = 'actions/views';

/** The banner a page shows after a change, named by the `saved` query parameter of the redirect. */
export const SAVED: Record<string, string> = {
  action: 'Action saved',
  removed: 'Action removed',
  milestone: 'Milestone saved',
  'milestone-removed': 'Milestone removed',
  shared: 'The action plan has been shared with the provider',
  reopened: 'The action plan is a draft again. Share it when you have made your changes: the provider will need to agree it again.',
  agreed: 'You have agreed the action plan',
  'changes-requested': 'Your request for changes has been sent to the council',
  closed: 'The action plan has been closed',
  update: 'Your update has been saved',
  decided: 'Your decision has been saved',
};

const PLAN_TAGS: Record<PlanStatus, string> = {
  draft: 'govuk-tag--grey',
  shared: 'govuk-tag--yellow',
  agreed: 'govuk-tag--turquoise',
  in_progress: 'govuk-tag--blue',
  completed: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
};

const ACTION_TAGS: Record<ActionStatus, string> = {
  open: 'govuk-tag--grey',
  in_progress: 'govuk-tag--blue',
  done: 'govuk-tag--yellow',
  verified: 'govuk-tag--green',
  rejected: 'govuk-tag--red',
};

const planTag = (status: PlanStatus, text: string) => ({ text, classes: PLAN_TAGS[status] });
const actionTag = (status: ActionStatus, text: string) => ({ text, classes: ACTION_TAGS[status] });

/** What the actor may do with the plan as it stands. */
function planAbilities(actor: Actor, plan: Pick<ActionPlan, 'status'>) {
  const council = can(actor, 'actions.manage');
  const provider = can(actor, 'actions.respond');
  return {
    council,
    provider,
    edit: council && plan.status === 'draft',
    share: council && plan.status === 'draft',
    reopen: council && (plan.status === 'shared' || plan.status === 'agreed'),
    close: council && ['draft', 'shared', 'agreed', 'in_progress'].includes(plan.status),
    respond: provider && plan.status === 'shared',
    report: plan.status === 'agreed' || plan.status === 'in_progress',
  };
}

function updateView(u: ActionUpdate, council: boolean) {
  return {
    id: u.id,
    author: `${u.authorName} (${u.authorOrgName})`,
    fromProvider: u.fromProvider,
    body: u.body,
    reported: u.reportedStatusLabel,
    createdAt: u.createdAt,
    decision: u.decision,
    decisionText: u.decision === 'verified' ? 'Verified' : u.decision === 'rejected' ? 'Rejected' : 'Waiting for the council',
    decisionTag: u.decision === 'verified' ? 'govuk-tag--green' : u.decision === 'rejected' ? 'govuk-tag--red' : 'govuk-tag--yellow',
    decisionReason: u.decisionReason,
    decidedBy: u.decidedByName,
    decidedAt: u.decidedAt,
    canDecide: council && u.decision === null,
    decideHref: paths.actionPlans.decide(u.id),
  };
}

export function actionView(actor: Actor, plan: ActionPlan, a: Action) {
  const abilities = planAbilities(actor, plan);
  return {
    id: a.id,
    number: a.number,
    domain: a.domainName,
    question: a.questionNumber ? `${a.questionNumber} ${a.questionText ?? ''}` : null,
    description: a.description,
    owner: a.ownerName ? `${a.ownerName} (${a.ownerOrgLabel.toLowerCase()})` : `${a.ownerOrgLabel} (no one named yet)`,
    ownerOrg: a.ownerOrg,
    dueOn: a.dueOn,
    tag: actionTag(a.status, a.statusLabel),
    overdue: a.overdue,
    dueSoon: a.dueSoon,
    pendingUpdates: a.pendingUpdates,
    milestones: a.milestones.map((m) => ({ ...m, removeHref: paths.actionPlans.removeMilestone(m.id) })),
    openMilestones: a.milestones.filter((m) => m.doneOn === null).map((m) => ({ value: m.id, text: m.description })),
    updates: a.updates.map((u) => updateView(u, abilities.council)),
    href: paths.actionPlans.action(a.id),
    editHref: paths.actionPlans.editAction(a.id),
    removeHref: paths.actionPlans.removeAction(a.id),
    newMilestoneHref: paths.actionPlans.newMilestone(a.id),
    updateHref: paths.actionPlans.newUpdate(a.id),
    canReport: canPostUpdate(plan.status, a.status) && (abilities.council || (abilities.provider && a.ownerOrg === 'provider')),
  };
}

export function planView(actor: Actor, plan: ActionPlan) {
  const council = can(actor, 'actions.manage');
  return {
    id: plan.id,
    status: plan.status,
    tag: planTag(plan.status, plan.statusLabel),
    serviceName: plan.serviceName,
    providerName: plan.providerName,
    serviceHref: paths.services.show(plan.serviceId),
    assessmentHref: paths.assessments.show(plan.assessmentId),
    frameworkName: plan.frameworkName,
    assessedOn: plan.assessedOn,
    sharedOn: plan.sharedOn,
    sharedBy: council ? plan.sharedBy : null,
    agreedOn: plan.agreedOn,
    agreedBy: plan.agreedBy,
    changeRequest: plan.changeRequest,
    completedOn: plan.completedOn,
    closedOn: plan.closedOn,
    closedBy: council ? plan.closedBy : null,
    closeReason: plan.closeReason,
    followUpDueBy: plan.followUpVisitDueBy,
    followUp: plan.followUpVisit
      ? { href: paths.visits.show(plan.followUpVisit.id), state: plan.followUpVisit.stateLabel, plannedOn: plan.followUpVisit.plannedOn, officer: plan.followUpVisit.officer?.name ?? null }
      : null,
    counts: plan.counts,
    actions: plan.actions.map((a) => actionView(actor, plan, a)),
    links: {
      self: paths.actionPlans.show(plan.id),
      newAction: paths.actionPlans.newAction(plan.id),
      share: paths.actionPlans.share(plan.id),
      reopen: paths.actionPlans.reopen(plan.id),
      agree: paths.actionPlans.agree(plan.id),
      requestChanges: paths.actionPlans.requestChanges(plan.id),
      close: paths.actionPlans.close(plan.id),
      visits: paths.visits.forService(plan.serviceId),
    },
    can: planAbilities(actor, plan),
  };
}

export function planListView(items: readonly PlanListItem[]) {
  return items.map((p) => ({
    href: paths.actionPlans.show(p.id),
    serviceName: p.serviceName,
    providerName: p.providerName,
    tag: planTag(p.status, p.statusLabel),
    assessedOn: p.assessedOn,
    progress: `${p.verified} of ${p.actions} verified`,
    overdue: p.overdue,
    pendingUpdates: p.pendingUpdates,
  }));
}

/** The domain and question choices of the action form. */
export function targetItems(plan: ActionPlan, values: { domainId: string; questionId: string }) {
  return {
    domainItems: [
      { value: '', text: 'Select a domain', selected: !values.domainId },
      ...plan.domains.map((d) => ({ value: d.id, text: `${d.number}. ${d.name}`, selected: d.id === values.domainId })),
    ],
    questionItems: [
      { value: '', text: 'None: the action is about the whole domain', selected: !values.questionId },
      ...plan.domains.flatMap((d) => d.questions.map((q) => ({ value: q.id, text: `${q.number} ${q.text.length > 90 ? `${q.text.slice(0, 89)}…` : q.text}`, selected: q.id === values.questionId }))),
    ],
  };
}

const DUE_TAGS: Record<DueState, string> = {
  overdue: 'govuk-tag--red',
  due_soon: 'govuk-tag--orange',
  waiting: 'govuk-tag--yellow',
  to_do: 'govuk-tag--blue',
  scheduled: 'govuk-tag--grey',
};

/** One row of what is due, as the due page and the work list section show it. */
export function dueItemView(i: DueItem) {
  return { ...i, stateLabel: DUE_STATE_LABELS[i.state], tagClass: DUE_TAGS[i.state], serviceHref: paths.services.show(i.serviceId) };
}
