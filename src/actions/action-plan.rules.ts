import type { Answer, Band } from '../assessments/index.ts';
import { addDays, daysBetween } from '../core/dates.ts';
import { DUE_SOON_DAYS } from '../visits/index.ts';

/**
 * Action plans (SPEC "Action plan"; seeds 000 and 002): what the draft plan of an assessment holds, how
 * actions and plans move through their states, and when an action is overdue. Pure: "today" is passed in.
 */

export const PLAN_STATUSES = ['draft', 'shared', 'agreed', 'in_progress', 'completed', 'closed'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_STATUS_LABELS: Record<PlanStatus, string> = {
  draft: 'Draft',
  shared: 'Waiting for the provider to agree',
  agreed: 'Agreed',
  in_progress: 'In progress',
  completed: 'Completed',
  closed: 'Closed',
};

/** Plans still being worked on: counted as "open" on the service page and in the quarterly report. */
export const OPEN_PLAN_STATUSES: readonly PlanStatus[] = ['draft', 'shared', 'agreed', 'in_progress'];

export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'verified', 'rejected'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  open: 'Not started',
  in_progress: 'In progress',
  done: 'Done, waiting for verification',
  verified: 'Verified',
  rejected: 'Update rejected',
};

export const OWNER_ORGS = ['provider', 'council'] as const;
export type OwnerOrg = (typeof OWNER_ORGS)[number];
export const OWNER_ORG_LABELS: Record<OwnerOrg, string> = { provider: 'The provider', council: 'The council' };

export const REPORTED_STATUSES = ['in_progress', 'done'] as const;
export type ReportedStatus = (typeof REPORTED_STATUSES)[number];
export const REPORTED_STATUS_LABELS: Record<ReportedStatus, string> = { in_progress: 'Still in progress', done: 'Done' };

export type Decision = 'verified' | 'rejected';

// ---------------------------------------------------------------------------------------------------
// The draft plan

/**
 * How long the provider gets, counted from the day of the assessment: four weeks (28 days) for a question
 * not met or rated poor and for a domain banded poor; eight weeks (56 days) for a question met only in part
 * or rated requires improvement and for a domain banded requires improvement. Both fall well inside the
 * three months by which the update visit checks the actions (seed 002). The officer may change any date
 * before sharing the plan.
 */
const DAYS_TO_ACT = { urgent: 28, improve: 56 } as const;

export function daysToAct(finding: Answer | Band): number {
  switch (finding) {
    case 'not_met':
    case 'poor':
      return DAYS_TO_ACT.urgent;
    case 'partly_met':
    case 'requires_improvement':
      return DAYS_TO_ACT.improve;
    default:
      throw new RangeError(`"${finding}" is not below the standard`);
  }
}

const FINDING_WORDS: Partial<Record<Answer | Band, string>> = {
  partly_met: 'met in part',
  not_met: 'not met',
  requires_improvement: 'requires improvement',
  poor: 'poor',
};

export interface QuestionFinding {
  readonly questionId: string;
  readonly domainId: string;
  readonly answer: Answer;
  /** "2.3" */
  readonly number: string;
  readonly text: string;
  /** The officer's evidence note, only where it is not confidential (the provider reads the plan). */
  readonly evidence: string | null;
}

export interface DomainFinding {
  readonly domainId: string;
  readonly band: Band;
  readonly name: string;
  readonly percent?: number;
  /** What the framework calls requires_improvement ("Requires improvement" or "Adequate"). */
  readonly requiresImprovementLabel?: string;
}

interface DraftAction {
  readonly questionId: string | null;
  readonly domainId: string;
  readonly description: string;
  readonly ownerOrg: OwnerOrg;
  readonly dueOn: string;
}

const DESCRIPTION_MAX = 2000;

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

function questionDescription(q: QuestionFinding): string {
  const head = `Question ${q.number} was ${FINDING_WORDS[q.answer]}: “${clip(q.text, 600)}”.`;
  const finding = q.evidence ? ` Finding: ${clip(q.evidence, 900)}` : '';
  const ask = ' Say what will change, who will do it and how the council will see that it is done.';
  return clip(`${head}${finding}${ask}`, DESCRIPTION_MAX);
}

function domainDescription(d: DomainFinding): string {
  const band = d.band === 'requires_improvement' ? (d.requiresImprovementLabel ?? 'Requires improvement').toLowerCase() : FINDING_WORDS[d.band];
  const percent = d.percent === undefined ? '' : ` (${Math.floor(d.percent)}%)`;
  return clip(
    `“${clip(d.name, 200)}” was banded ${band}${percent}. Bring it up to Good: say what will change, who will do it and how the council will see that it is done.`,
    DESCRIPTION_MAX,
  );
}

/**
 * The draft plan of an assessment: one action for every question answered below the standard, then one for
 * every domain banded below Good that none of those actions already covers, in framework order. Each is
 * owned by the provider and due by the rule of DAYS_TO_ACT. The officer edits the draft before sharing it.
 */
export function draftActions(assessedOn: string, questions: readonly QuestionFinding[], domains: readonly DomainFinding[]): DraftAction[] {
  const covered = new Set(questions.map((q) => q.domainId));
  const domainOrder = [...new Set([...questions.map((q) => q.domainId), ...domains.map((d) => d.domainId)])];
  const actions: DraftAction[] = [];
  for (const domainId of domainOrder) {
    for (const q of questions.filter((x) => x.domainId === domainId)) {
      actions.push({ questionId: q.questionId, domainId, description: questionDescription(q), ownerOrg: 'provider', dueOn: addDays(assessedOn, daysToAct(q.answer)) });
    }
    const domain = domains.find((d) => d.domainId === domainId);
    if (domain && !covered.has(domainId)) {
      actions.push({ questionId: null, domainId, description: domainDescription(domain), ownerOrg: 'provider', dueOn: addDays(assessedOn, daysToAct(domain.band)) });
    }
  }
  return actions;
}

// ---------------------------------------------------------------------------------------------------
// Actions and their updates

export interface UpdateFacts {
  readonly reportedStatus: ReportedStatus;
  readonly decision: Decision | null;
}

/**
 * An action's status from its updates, oldest first: verified once the council has verified an update that
 * reported it done (that is final); otherwise what the latest update says — rejected if the council rejected
 * it, else the status it reported (a verified "in progress" stays in progress). No updates: not started.
 */
export function actionStatusFrom(updates: readonly UpdateFacts[]): ActionStatus {
  if (updates.some((u) => u.reportedStatus === 'done' && u.decision === 'verified')) return 'verified';
  const latest = updates.at(-1);
  if (!latest) return 'open';
  if (latest.decision === 'rejected') return 'rejected';
  return latest.reportedStatus;
}

/** Done or verified: nothing more is asked of the owner unless the council rejects the claim. */
function isActionFinished(status: ActionStatus): boolean {
  return status === 'done' || status === 'verified';
}

/** An action is overdue when its target date has passed and it is neither done nor verified, in a plan still open. */
export function isActionOverdue(action: { readonly dueOn: string; readonly status: ActionStatus }, planStatus: PlanStatus, today: string): boolean {
  if (!OPEN_PLAN_STATUSES.includes(planStatus)) return false;
  return action.dueOn < today && !isActionFinished(action.status);
}

export function isActionDueSoon(action: { readonly dueOn: string; readonly status: ActionStatus }, planStatus: PlanStatus, today: string): boolean {
  if (!OPEN_PLAN_STATUSES.includes(planStatus) || isActionFinished(action.status)) return false;
  return action.dueOn >= today && daysBetween(today, action.dueOn) <= DUE_SOON_DAYS;
}

/** A milestone is overdue when its date has passed, it is not ticked off and its action is still to finish. */
export function isMilestoneOverdue(
  milestone: { readonly dueOn: string; readonly doneOn: string | null },
  actionStatus: ActionStatus,
  planStatus: PlanStatus,
  today: string,
): boolean {
  if (!OPEN_PLAN_STATUSES.includes(planStatus) || isActionFinished(actionStatus)) return false;
  return milestone.doneOn === null && milestone.dueOn < today;
}

/** Whether an update may be posted on an action: the plan is agreed (or under way) and the action not yet verified. */
export function canPostUpdate(planStatus: PlanStatus, actionStatus: ActionStatus): boolean {
  return (planStatus === 'agreed' || planStatus === 'in_progress') && actionStatus !== 'verified';
}

// ---------------------------------------------------------------------------------------------------
// The plan

export type PlanEvent = 'share' | 'reopen' | 'agree' | 'request_changes' | 'close';

/**
 * Which status each step leads from and to. The council edits a draft and shares it; the provider agrees
 * it or asks for changes (back to draft); the council may take a shared or agreed plan back to draft to
 * change it, which the provider must then agree again; the council may close any plan not yet finished.
 * "In progress" and "completed" follow from the actions (planStatusAfterProgress).
 */
const STEPS: Record<PlanEvent, { readonly from: readonly PlanStatus[]; readonly to: PlanStatus }> = {
  share: { from: ['draft'], to: 'shared' },
  reopen: { from: ['shared', 'agreed'], to: 'draft' },
  agree: { from: ['shared'], to: 'agreed' },
  request_changes: { from: ['shared'], to: 'draft' },
  close: { from: ['draft', 'shared', 'agreed', 'in_progress'], to: 'closed' },
};

/** The status after a step, or undefined when the step does not apply to a plan in that status. */
export function planStep(from: PlanStatus, event: PlanEvent): PlanStatus | undefined {
  const step = STEPS[event];
  return step.from.includes(from) ? step.to : undefined;
}

/**
 * Progress moves an agreed plan along: in progress once any action has moved, completed once every action is
 * verified. Draft, shared, completed and closed plans are left as they are.
 */
export function planStatusAfterProgress(current: PlanStatus, actions: readonly ActionStatus[]): PlanStatus {
  if (current !== 'agreed' && current !== 'in_progress') return current;
  if (actions.length > 0 && actions.every((s) => s === 'verified')) return 'completed';
  if (actions.some((s) => s !== 'open')) return 'in_progress';
  return current;
}

interface ActionForSharing {
  readonly description: string;
  readonly ownerName: string | null;
  readonly dueOn: string;
}

/** What stops a plan being shared: no actions, or an action without someone named to do it. */
export function sharingProblems(actions: readonly ActionForSharing[], today: string): string[] {
  if (actions.length === 0) return ['Add at least one action before sharing the plan'];
  const problems: string[] = [];
  actions.forEach((a, i) => {
    if (!a.ownerName) problems.push(`Action ${i + 1}: enter who is responsible for it`);
    if (a.dueOn < today) problems.push(`Action ${i + 1}: the target date has passed, so set a new one`);
  });
  return problems;
}
