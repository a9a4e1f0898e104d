import { personName } from '../naming.ts';
import type { Random } from '../random.ts';
import { addDays, daysBetween, minDate, type Window } from './calendar.ts';
import type { CaseEventRow, CaseRow, ContractProcessRow, IntelligenceRow, SuspensionEventRow, SuspensionRow } from './model.ts';
import type { GroupStory } from './scripts.ts';
import type { Episode, StageChange, Story } from './stories.ts';
import {
  CASE_ACTIONS,
  CASE_REASONS,
  DECISIONS,
  LIFT_REASONS,
  MEETING_NOTES,
  PARTIAL_LIFT_REASONS,
  PROCESS_OUTCOMES,
  PROCESS_REASONS,
  REINSTATE_REASONS,
  SUSPENSION_REASONS,
} from './texts.ts';

/**
 * The council's response to each episode, as the escalation records hold it: concerns procedure cases
 * with their stages, meetings, decisions and actions; suspensions of new placements, lifted in part,
 * reinstated and lifted; Remedies for Poor Performance and Failure to Perform. What falls after today
 * has not happened: a case still open, a suspension still in force.
 */

export interface EscalationOutput {
  readonly cases: CaseRow[];
  readonly suspensions: SuspensionRow[];
  readonly processes: ContractProcessRow[];
}

export interface EscalationInput {
  readonly stories: readonly Story[];
  readonly groups: readonly GroupStory[];
  readonly window: Window;
  readonly random: Random;
  readonly intelligence: ReadonlyMap<string, readonly IntelligenceRow[]>;
  readonly officerName: (story: Story | undefined) => string;
  readonly providerName: (story: Story) => string;
}

function caseRecords(
  input: EscalationInput,
  target: { serviceId: string | null; providerId: string | null; story: Story | undefined },
  plan: { openedOn: string; stage: number; changes: readonly StageChange[]; closedOn: string; reason: string; providerName: string },
): CaseRow | undefined {
  const { window, random } = input;
  if (plan.openedOn > window.today) return undefined;
  const events: CaseEventRow[] = [{ id: random.uuid(), kind: 'opened', fromStage: null, toStage: plan.stage, reason: plan.reason, occurredOn: plan.openedOn }];
  let stage = plan.stage;
  for (const change of plan.changes) {
    if (change.on > window.today || change.on >= plan.closedOn || change.on <= plan.openedOn || change.to === stage) continue;
    const up = change.to > stage;
    events.push({
      id: random.uuid(),
      kind: up ? 'escalated' : 'de_escalated',
      fromStage: stage,
      toStage: change.to,
      reason: up ? 'The concerns have not been addressed and new ones have been raised.' : 'Improvement seen at recent visits and sustained.',
      occurredOn: change.on,
    });
    stage = change.to;
  }
  const closed = plan.closedOn <= window.today;
  if (closed) events.push({ id: random.uuid(), kind: 'closed', fromStage: stage, toStage: null, reason: 'The concerns have been resolved and improvement sustained.', occurredOn: plan.closedOn });

  const until = closed ? plan.closedOn : window.today;
  const meetings: CaseRow['meetings'][number][] = [];
  const decisions: CaseRow['decisions'][number][] = [];
  const actions: CaseRow['actions'][number][] = [];
  for (let on = addDays(plan.openedOn, random.int(5, 14)); on <= until; on = addDays(on, random.int(28, 56))) {
    const attendees = [
      { name: input.officerName(target.story), organisationType: 'council', organisation: 'Quality monitoring team' },
      { name: personName(random), organisationType: 'provider', organisation: plan.providerName },
      ...(random.chance(0.5) ? [{ name: personName(random), organisationType: 'cqc', organisation: 'Care Quality Commission' }] : []),
      ...(random.chance(0.5) ? [{ name: personName(random), organisationType: 'health', organisation: 'Integrated care board' }] : []),
    ];
    const meeting = { id: random.uuid(), heldOn: on, attendees, notes: random.pick(MEETING_NOTES) };
    meetings.push(meeting);
    decisions.push({ id: random.uuid(), meetingId: meeting.id, decidedOn: on, decision: random.pick(DECISIONS) });
    for (const description of random.shuffle(CASE_ACTIONS).slice(0, random.int(1, 3))) {
      const dueOn = addDays(on, random.int(14, 42));
      const done = dueOn <= window.today ? random.chance(0.85) : random.chance(0.2) && addDays(on, 7) <= window.today;
      const provider = random.chance(0.7);
      actions.push({
        id: random.uuid(),
        meetingId: meeting.id,
        description,
        ownerName: provider ? plan.providerName : input.officerName(target.story),
        ownerOrganisationType: provider ? 'provider' : 'council',
        dueOn,
        completedOn: done ? minDate(addDays(on, random.int(5, Math.max(5, daysBetween(on, dueOn) + 7))), window.today) : null,
      });
    }
  }
  const intelligence = target.serviceId ? (input.intelligence.get(target.serviceId) ?? []) : [];
  const before = intelligence.filter((e) => e.receivedOn <= plan.openedOn && e.receivedOn >= addDays(plan.openedOn, -120));
  const evidence = before.slice(-3).map((e) => ({ id: random.uuid(), kind: 'intelligence', recordId: e.id, occurredOn: e.receivedOn, summary: e.summary }));
  return {
    id: random.uuid(),
    serviceId: target.serviceId,
    providerId: target.providerId,
    stage,
    status: closed ? 'closed' : 'open',
    reason: plan.reason,
    openedOn: plan.openedOn,
    closedOn: closed ? plan.closedOn : null,
    events,
    meetings,
    decisions,
    actions,
    evidence,
  };
}

function suspensionRecords(input: EscalationInput, story: Story, episode: Episode): SuspensionRow | undefined {
  const { window, random } = input;
  const plan = episode.suspension;
  if (!plan || plan.startsOn > window.today) return undefined;
  const events: SuspensionEventRow[] = [
    { id: random.uuid(), kind: 'started', occurredOn: plan.startsOn, scopeAfter: plan.scope, detailAfter: plan.detail, reason: random.pick(SUSPENSION_REASONS) },
  ];
  let scope = plan.scope;
  let detail = plan.detail;
  let since = plan.startsOn;
  const happened = (on: string | null): on is string => on !== null && on <= window.today && on < plan.liftedOn;
  if (happened(plan.partialLiftOn)) {
    scope = 'partial';
    detail = plan.partialDetail;
    since = plan.partialLiftOn;
    events.push({ id: random.uuid(), kind: 'partially_lifted', occurredOn: since, scopeAfter: 'partial', detailAfter: detail, reason: random.pick(PARTIAL_LIFT_REASONS) });
  }
  if (happened(plan.reinstatedOn)) {
    scope = 'full';
    detail = null;
    since = plan.reinstatedOn;
    events.push({ id: random.uuid(), kind: 'reinstated', occurredOn: since, scopeAfter: 'full', detailAfter: null, reason: random.pick(REINSTATE_REASONS) });
  }
  const lifted = plan.liftedOn <= window.today;
  if (lifted) events.push({ id: random.uuid(), kind: 'lifted', occurredOn: plan.liftedOn, scopeAfter: null, detailAfter: null, reason: random.pick(LIFT_REASONS) });
  // Reviews every six weeks; one in four still in force is past its review date.
  const last = events.at(-1)!.occurredOn;
  const reviewOn = lifted ? null : random.chance(0.25) ? addDays(window.today, -random.int(3, 20)) : addDays(window.today, random.int(5, 42));
  return {
    id: random.uuid(),
    serviceId: story.service.id,
    scope,
    detail,
    reason: events[0]!.reason,
    startsOn: plan.startsOn,
    reviewOn: reviewOn && reviewOn < last ? addDays(last, 42) : reviewOn,
    scopeSince: since,
    liftedOn: lifted ? plan.liftedOn : null,
    events,
  };
}

export function generateEscalation(input: EscalationInput): EscalationOutput {
  const { window, random } = input;
  const out: EscalationOutput = { cases: [], suspensions: [], processes: [] };
  for (const story of input.stories) {
    for (const episode of story.episodes) {
      if (!episode.group) {
        const kase = caseRecords(
          input,
          { serviceId: story.service.id, providerId: null, story },
          {
            openedOn: episode.caseOpenedOn,
            stage: episode.caseStage,
            changes: episode.stageChanges,
            closedOn: episode.caseClosedOn,
            reason: random.pick(CASE_REASONS[episode.kind]),
            providerName: input.providerName(story),
          },
        );
        if (kase) out.cases.push(kase);
      }
      const suspension = suspensionRecords(input, story, episode);
      if (suspension) out.suspensions.push(suspension);
      const contract = episode.contract;
      if (contract && contract.startedOn <= window.today) {
        const ended = contract.endedOn <= window.today;
        const review = random.chance(0.2) ? addDays(window.today, -random.int(2, 15)) : addDays(window.today, random.int(7, 40));
        out.processes.push({
          id: random.uuid(),
          serviceId: story.service.id,
          kind: contract.kind,
          reason: PROCESS_REASONS[contract.kind],
          startedOn: contract.startedOn,
          reviewOn: ended ? null : review < contract.startedOn ? addDays(contract.startedOn, 28) : review,
          endedOn: ended ? contract.endedOn : null,
          outcome: ended ? random.pick(PROCESS_OUTCOMES) : null,
        });
      }
    }
  }
  for (const group of input.groups) {
    const kase = caseRecords(
      input,
      { serviceId: null, providerId: group.providerId, story: undefined },
      {
        openedOn: group.caseOpenedOn,
        stage: group.caseStage,
        changes: group.stageChanges,
        closedOn: group.caseClosedOn,
        reason: CASE_REASONS.group[0],
        providerName: group.providerName,
      },
    );
    if (kase) out.cases.push(kase);
  }
  return out;
}
