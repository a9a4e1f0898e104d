import { Conflict, Invalid } from '../core/errors.ts';

/**
 * The rules of the Concerns / Serious Concerns procedure, suspensions of new placements and the
 * contractual processes, as pure functions. "Today" is always passed in.
 */

const STAGES = [1, 2, 3, 4, 5] as const;

export const ATTENDEE_ORGANISATION_TYPES = {
  council: 'The council',
  provider: 'The provider',
  cqc: 'CQC',
  health: 'Health (ICB, community health)',
  placing_council: 'Another placing council',
  other: 'Other',
} as const;
export type AttendeeOrganisationType = keyof typeof ATTENDEE_ORGANISATION_TYPES;

export const SUSPENSION_SCOPES = { full: 'In full: no new placements', partial: 'In part (for example nursing beds only)' } as const;
export type SuspensionScope = keyof typeof SUSPENSION_SCOPES;

export const CASE_EVENT_LABELS = {
  opened: 'Opened',
  escalated: 'Escalated',
  de_escalated: 'De-escalated',
  closed: 'Closed',
} as const;

export const SUSPENSION_EVENT_LABELS = {
  started: 'Suspension started',
  partially_lifted: 'Lifted in part',
  lifted: 'Lifted in full',
  reinstated: 'Reinstated',
  review_date_changed: 'Review date changed',
} as const;
export type SuspensionEventKind = keyof typeof SUSPENSION_EVENT_LABELS;

/** The contractual processes a council can start against a service (seed 000). */
export const CONTRACT_PROCESS_KINDS = ['remedies_for_poor_performance', 'failure_to_perform'] as const;
export type ContractProcessKind = (typeof CONTRACT_PROCESS_KINDS)[number];

export const CONTRACT_PROCESS_LABELS: Record<ContractProcessKind, string> = {
  remedies_for_poor_performance: 'Remedies for Poor Performance',
  failure_to_perform: 'Failure to Perform',
};

/** A date something happened: not in the future, and not before the record it belongs to began. */
export function checkEventDate(path: string, on: string, today: string, notBefore?: { date: string; what: string }): void {
  if (on > today) throw new Invalid([{ path, message: 'The date must be today or in the past' }]);
  if (notBefore && on < notBefore.date) throw new Invalid([{ path, message: `The date must be on or after ${notBefore.what}` }]);
}

interface CaseState {
  readonly status: 'open' | 'closed';
  readonly stage: number;
}

/** Escalating moves a case up at least one stage; de-escalating moves it down. Only open cases move. */
export function checkStageChange(current: CaseState, direction: 'escalate' | 'de_escalate', to: number): void {
  if (current.status !== 'open') throw new Conflict('This concerns case is closed');
  if (!Number.isInteger(to) || to < 1 || to > 5) throw new Invalid([{ path: 'stage', message: 'Select a stage from 1 to 5' }]);
  if (direction === 'escalate' && to <= current.stage) {
    throw new Invalid([{ path: 'stage', message: current.stage === 5 ? 'The case is already at stage 5, the highest stage' : `Select a stage above stage ${current.stage}` }]);
  }
  if (direction === 'de_escalate' && to >= current.stage) {
    throw new Invalid([{ path: 'stage', message: current.stage === 1 ? 'The case is at stage 1: close it instead' : `Select a stage below stage ${current.stage}` }]);
  }
}

/** The stages a case can move to from where it is. */
export function stageChoices(stage: number, direction: 'escalate' | 'de_escalate'): number[] {
  return STAGES.filter((s) => (direction === 'escalate' ? s > stage : s < stage));
}

export interface SuspensionState {
  readonly status: 'active' | 'lifted';
  readonly scope: SuspensionScope;
  readonly detail: string | null;
  /** When the current scope began (start, partial lift or reinstatement). */
  readonly scopeSince: string;
  /** The latest day anything was recorded on it (start, lifts, reinstatements). */
  readonly lastEventOn: string;
  readonly liftedOn: string | null;
}

export interface LiftInput {
  readonly liftedOn: string;
  readonly evidence: string;
  readonly partial: boolean;
  /** For a partial lift: what stays suspended. */
  readonly detail?: string | undefined;
}

interface SuspensionChange {
  readonly kind: SuspensionEventKind;
  readonly status: 'active' | 'lifted';
  readonly scope: SuspensionScope;
  readonly detail: string | null;
  readonly scopeSince: string;
  readonly liftedOn: string | null;
}

/**
 * Lifting needs recorded evidence of sustained improvement (seed 003). A partial lift leaves part
 * suspended: a full suspension becomes partial; a partial one needs a new description of what remains.
 */
export function planLift(state: SuspensionState, input: LiftInput, today: string): SuspensionChange {
  if (state.status !== 'active') throw new Conflict('This suspension has already been lifted');
  if (!input.evidence.trim()) throw new Invalid([{ path: 'evidence', message: 'Enter the evidence of sustained improvement' }]);
  checkEventDate('liftedOn', input.liftedOn, today, { date: state.lastEventOn, what: 'the last change to the suspension' });
  if (!input.partial) {
    return { kind: 'lifted', status: 'lifted', scope: state.scope, detail: state.detail, scopeSince: state.scopeSince, liftedOn: input.liftedOn };
  }
  const remaining = input.detail?.trim() || null;
  if (state.scope === 'partial' && (!remaining || remaining === state.detail)) {
    throw new Invalid([{ path: 'detail', message: 'Enter what stays suspended after this partial lift' }]);
  }
  return { kind: 'partially_lifted', status: 'active', scope: 'partial', detail: remaining, scopeSince: input.liftedOn, liftedOn: null };
}

export interface ReinstateInput {
  readonly reinstatedOn: string;
  readonly reason: string;
  readonly scope: SuspensionScope;
  readonly detail?: string | undefined;
}

/**
 * Reinstating (seed 004): care slipped again after a lift, in part or in full. A partly lifted suspension
 * goes back to full; a lifted one becomes active again in the scope chosen.
 */
export function planReinstate(state: SuspensionState, input: ReinstateInput, today: string): SuspensionChange {
  if (state.status === 'active' && state.scope === 'full') throw new Conflict('This suspension is already in force in full');
  if (state.status === 'active' && input.scope === 'partial') {
    throw new Invalid([{ path: 'scope', message: 'A partly lifted suspension is reinstated in full' }]);
  }
  checkEventDate('reinstatedOn', input.reinstatedOn, today, { date: state.liftedOn ?? state.lastEventOn, what: 'the last change to the suspension' });
  const detail = input.scope === 'partial' ? input.detail?.trim() || null : null;
  return { kind: 'reinstated', status: 'active', scope: input.scope, detail, scopeSince: input.reinstatedOn, liftedOn: null };
}

/** The words for where a suspension stands, as the pages show them. */
export function suspensionSummary(state: Pick<SuspensionState, 'status' | 'scope' | 'detail'>): string {
  if (state.status === 'lifted') return 'Lifted';
  if (state.scope === 'full') return 'In force in full';
  return state.detail ? `In force in part: ${state.detail}` : 'In force in part';
}

/*
 * Dates that pass. A review date or a due date is met on the day itself; it is overdue from the day
 * after. Only what is still live is ever overdue: a lifted suspension, an ended process, a done action
 * or any action of a closed case (whose page no longer offers "Mark as done") is not.
 */

/** Whether a date (yyyy-mm-dd) has passed: the day itself has not. */
export function datePassed(on: string | null | undefined, today: string): boolean {
  return !!on && on < today;
}

export function isSuspensionReviewOverdue(s: { readonly status: 'active' | 'lifted'; readonly reviewOn: string | null }, today: string): boolean {
  return s.status === 'active' && datePassed(s.reviewOn, today);
}

export function isProcessReviewOverdue(p: { readonly status: 'open' | 'ended'; readonly reviewOn: string | null }, today: string): boolean {
  return p.status === 'open' && datePassed(p.reviewOn, today);
}

export function isCaseActionOverdue(a: { readonly status: 'open' | 'done'; readonly dueOn: string }, caseStatus: 'open' | 'closed', today: string): boolean {
  return caseStatus === 'open' && a.status === 'open' && datePassed(a.dueOn, today);
}
