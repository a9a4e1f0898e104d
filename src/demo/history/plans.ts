import { actionStatusFrom, draftActions, planStatusAfterProgress } from '../../actions/index.ts';
import { belowStandard, scoreAssessment } from '../../assessments/index.ts';
import { followUpDueBy } from '../../visits/index.ts';
import type { Random } from '../random.ts';
import type { Framework } from './answers.ts';
import { addDays, daysBetween, instantOn, minDate, workingDay, type Window } from './calendar.ts';
import type { ActionRow, ActionUpdateRow, AssessmentRow, MilestoneRow, PlanRow, PlanStatus, VisitRow } from './model.ts';
import { MILESTONES, UPDATE_BODIES, VISIT_OUTCOMES } from './texts.ts';

/**
 * Action plans for every completed full assessment with anything below the standard, drafted as the
 * actions capability drafts them, then shared, agreed, reported on by the provider (or by the officer,
 * for a provider without a portal account) and verified, each with its update visit within three months.
 * A plan still open when the next assessment arrives is closed.
 */

export interface PlanContext {
  readonly window: Window;
  readonly random: Random;
  readonly councilId: string;
  readonly officer: { readonly id: string; readonly name: string };
  /** The provider's portal user, who agrees plans and reports progress itself. */
  readonly providerUser: { readonly id: string; readonly orgId: string; readonly name: string } | undefined;
  /** The provider's manager, named as the owner of its actions. */
  readonly managerName: string;
}

export interface PlanOutput {
  readonly plan: PlanRow;
  readonly followUp: VisitRow;
}

/** The most actions an officer keeps in a shared plan. */
const MOST_ACTIONS = 8;

// Action descriptions quote the question and the evidence: each finding's words are made once.
const DESCRIPTIONS = new Map<string, string>();

function actionRows(ctx: PlanContext, framework: Framework, assessment: AssessmentRow): Omit<ActionRow, 'status' | 'milestones' | 'updates'>[] {
  const answers = new Map(assessment.answers.map((a) => [a.questionId, a.answer]));
  const assessedOn = assessment.visitedOn ?? assessment.completedOn!;
  const scores = scoreAssessment(framework.scoring, answers);
  const below = belowStandard(framework.scoring, answers, scores, assessedOn);
  const questions = new Map(framework.version.domains.flatMap((d) => d.questions.map((q) => [q.id, q] as const)));
  const domains = new Map(framework.version.domains.map((d) => [d.id, d.name]));
  const evidence = new Map(assessment.evidence.filter((e) => !e.confidential).map((e) => [e.questionId, e.body]));
  const findings = below.questions.map((q) => ({
    questionId: q.questionId,
    domainId: q.domainId,
    answer: q.answer,
    number: questions.get(q.questionId)?.number ?? '',
    text: questions.get(q.questionId)?.text ?? '',
    evidence: evidence.get(q.questionId) ?? null,
  }));
  const words = new Map<string, string>();
  for (const finding of findings) {
    const key = `${finding.questionId}|${finding.answer}|${finding.evidence ?? ''}`;
    let description = DESCRIPTIONS.get(key);
    if (description === undefined) {
      description = draftActions(assessedOn, [finding], [])[0]!.description;
      DESCRIPTIONS.set(key, description);
    }
    words.set(finding.questionId, description);
  }
  // The drafting's own order, targets and domain actions; question actions take the words made above.
  const drafts = draftActions(
    assessedOn,
    findings.map((f) => ({ ...f, text: '', evidence: null })),
    below.domains.map((d) => ({ domainId: d.domainId, band: d.band, name: domains.get(d.domainId) ?? '', ...(d.percent === undefined ? {} : { percent: d.percent }), requiresImprovementLabel: framework.version.requiresImprovementLabel })),
  );
  return drafts.map((d, i) => ({
    id: ctx.random.uuid(),
    position: i + 1,
    questionId: d.questionId,
    domainId: d.domainId,
    description: d.questionId ? words.get(d.questionId)! : d.description,
    ownerName: null,
    dueOn: d.dueOn,
  }));
}

/** The most pressing actions of a long draft, in their order: domains below Good, then what was not met. */
function trimmed<T extends { questionId: string | null; dueOn: string; position: number }>(drafts: readonly T[], assessedOn: string): T[] {
  const urgency = (d: T) => (d.questionId === null ? 0 : daysBetween(assessedOn, d.dueOn) <= 28 ? 1 : 2);
  const chosen = new Set([...drafts].sort((a, b) => urgency(a) - urgency(b) || a.position - b.position).slice(0, MOST_ACTIONS));
  return drafts.filter((d) => chosen.has(d)).map((d, i) => ({ ...d, position: i + 1 }));
}

/** The plan of a completed full assessment, or undefined when nothing fell below the standard. */
export function planFor(ctx: PlanContext, framework: Framework, assessment: AssessmentRow, closesOn: string | null): PlanOutput | undefined {
  const { random, window } = ctx;
  const drafts = actionRows(ctx, framework, assessment);
  if (drafts.length === 0 || !assessment.completedOn) return undefined;
  const assessedOn = assessment.visitedOn ?? assessment.completedOn;
  const createdOn = assessment.completedOn;
  const limit = minDate(window.today, closesOn ?? window.today);
  const sharedOn = workingDay(addDays(createdOn, random.int(3, 14)));
  const agreedOn = addDays(sharedOn, random.int(3, 21));
  const provider = ctx.providerUser;
  const reporter = provider ?? { id: ctx.officer.id, orgId: ctx.councilId, name: ctx.officer.name };

  // Before sharing, the officer trims a long draft to the actions that matter most (the SPEC's smart plan).
  const kept = sharedOn <= limit && drafts.length > MOST_ACTIONS ? trimmed(drafts, assessedOn) : drafts;
  const actions: ActionRow[] = kept.map((draft) => {
    const shared = sharedOn <= limit;
    const dueOn = shared && draft.dueOn < sharedOn ? addDays(sharedOn, 28) : draft.dueOn;
    const milestones: MilestoneRow[] = MILESTONES.slice(0, random.chance(0.5) ? 0 : random.chance(0.8) ? 1 : 2).map((description, i, all) => {
      const due = minDate(dueOn, addDays(sharedOn, Math.round(((i + 1) * Math.max(7, daysBetween(sharedOn, dueOn))) / (all.length + 1))));
      const doneOn = addDays(due, random.int(-7, 10));
      const done = agreedOn <= limit && doneOn <= limit && doneOn >= agreedOn && random.chance(0.8);
      return { id: random.uuid(), description, dueOn: due, doneOn: done ? doneOn : null, doneBy: done ? reporter.id : null };
    });
    const updates: ActionUpdateRow[] = [];
    if (agreedOn <= limit) {
      const finish = addDays(agreedOn, random.int(15, 100));
      const stalls = random.chance(0.04);
      const post = (on: string, reported: 'in_progress' | 'done', decision: 'verified' | 'rejected' | null, decidedOn: string | null) => {
        if (on > limit) return;
        const byCouncil = !provider;
        const decided = byCouncil ? on : decidedOn && decidedOn <= limit ? decidedOn : null;
        const verdict = byCouncil ? 'verified' : decided ? decision : null;
        updates.push({
          id: random.uuid(),
          authorUserId: reporter.id,
          authorOrgId: reporter.orgId,
          authorName: reporter.name,
          body: byCouncil ? `Reported by the provider: ${random.pick(UPDATE_BODIES[reported])}` : random.pick(UPDATE_BODIES[reported]),
          reportedStatus: reported,
          createdAt: instantOn(random, on),
          decision: verdict,
          decisionReason: verdict === 'rejected' ? random.pick(UPDATE_BODIES.rejected) : null,
          decidedBy: verdict ? ctx.officer.id : null,
          decidedByName: verdict ? ctx.officer.name : null,
          decidedAt: verdict && decided ? instantOn(random, decided) : null,
        });
      };
      const halfway = addDays(agreedOn, Math.round(daysBetween(agreedOn, finish) * 0.4) + 1);
      if (random.chance(0.25)) post(halfway, 'in_progress', 'verified', addDays(halfway, random.int(3, 14)));
      // A few actions drag on for months before they are done.
      const done = stalls ? addDays(finish, random.int(120, 300)) : finish;
      const rejected = !!provider && random.chance(0.1);
      post(done, 'done', rejected ? 'rejected' : 'verified', addDays(done, random.int(3, 20)));
      if (rejected) post(addDays(done, random.int(25, 40)), 'done', 'verified', addDays(done, random.int(45, 60)));
      updates.sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
    }
    const status = actionStatusFrom(updates.map((u) => ({ reportedStatus: u.reportedStatus, decision: u.decision })));
    return { ...draft, dueOn, ownerName: shared ? ctx.managerName : null, status, milestones, updates };
  });

  let status: PlanStatus = 'draft';
  if (sharedOn <= limit) status = 'shared';
  if (agreedOn <= limit) status = planStatusAfterProgress('agreed', actions.map((a) => a.status));
  const lastDecision = actions
    .flatMap((a) => a.updates.map((u) => (u.decidedAt ?? u.createdAt).slice(0, 10)))
    .reduce((a, b) => (a > b ? a : b), agreedOn);
  const closed = status !== 'completed' && closesOn !== null && closesOn <= window.today;
  if (closed) status = 'closed';
  const plan: PlanRow = {
    id: random.uuid(),
    serviceId: assessment.serviceId,
    assessmentId: assessment.id,
    status,
    assessedOn,
    sharedOn: status === 'draft' || (closed && sharedOn > closesOn) ? null : sharedOn,
    sharedBy: status === 'draft' || (closed && sharedOn > closesOn) ? null : ctx.officer.id,
    agreedOn: agreedOn <= limit ? agreedOn : null,
    agreedBy: agreedOn <= limit ? reporter.id : null,
    agreedByName: agreedOn <= limit ? (provider ? provider.name : ctx.managerName) : null,
    completedOn: status === 'completed' ? lastDecision : null,
    closedOn: closed ? closesOn : null,
    closedBy: closed ? ctx.officer.id : null,
    closeReason: closed ? 'Superseded by the next full assessment, which has its own action plan.' : null,
    createdBy: assessment.completedBy ?? ctx.officer.id,
    createdAt: assessment.completedAt ?? instantOn(random, createdOn),
    actions,
  };
  return { plan, followUp: followUpVisit(ctx, plan, closed ? closesOn : null) };
}

/** The update visit drafted with the plan (seed 002: within three months of the assessment). */
function followUpVisit(ctx: PlanContext, plan: PlanRow, closedOn: string | null): VisitRow {
  const { random, window } = ctx;
  const dueBy = followUpDueBy(plan.assessedOn);
  const visitOn = workingDay(addDays(dueBy, -random.int(0, 35)));
  const visited = visitOn <= window.today && (closedOn === null || visitOn < closedOn) && plan.sharedOn !== null && visitOn > plan.sharedOn;
  const cancelled = !visited && closedOn !== null;
  const planned = !visited && !cancelled && visitOn > window.today && random.chance(0.6);
  return {
    id: random.uuid(),
    serviceId: plan.serviceId,
    kind: 'follow_up',
    jointWith: [],
    jointDetail: null,
    purpose: 'Check that every action of the action plan has been completed.',
    dueBy,
    plannedOn: visited || planned ? visitOn : null,
    visitedOn: visited ? visitOn : null,
    officerId: ctx.officer.id,
    outcome: visited ? random.pick(VISIT_OUTCOMES.follow_up!) : null,
    assessmentId: plan.assessmentId,
    actionPlanId: plan.id,
    cancelledOn: cancelled ? closedOn : null,
    cancelReason: cancelled ? `The action plan was closed: ${plan.closeReason ?? 'superseded'}` : null,
    createdBy: plan.createdBy,
    recordedBy: visited ? ctx.officer.id : null,
    createdAt: plan.createdAt,
  };
}
