import type { ContingencyStatus, MarketEventKind } from '../core/db/schema.ts';

/**
 * Provider failure contingency (seeds 000, 001, 004): pure rules. Inputs in, decisions out; "today" is a
 * parameter.
 */

export const MARKET_EVENT_KINDS = ['company_voluntary_arrangement', 'administration', 'insolvency', 'exit_notice', 'registration_lost', 'branch_closure'] as const satisfies readonly MarketEventKind[];

export const MARKET_EVENT_LABELS: Record<MarketEventKind, string> = {
  company_voluntary_arrangement: 'Company Voluntary Arrangement (CVA)',
  administration: 'Administration',
  insolvency: 'Insolvency',
  exit_notice: 'Notice of exit from the market',
  registration_lost: 'Loss of CQC registration',
  branch_closure: 'Large branch closure',
};

export const CONTINGENCY_STATUSES = ['open', 'monitoring', 'closed'] as const satisfies readonly ContingencyStatus[];

export const CONTINGENCY_STATUS_LABELS: Record<ContingencyStatus, string> = { open: 'Open', monitoring: 'Monitoring', closed: 'Closed' };

/** A plan moves forward, or back from monitoring to open if things get worse; a closed plan stays closed. */
export function canMoveTo(from: ContingencyStatus, to: ContingencyStatus): boolean {
  if (from === to) return false;
  return from !== 'closed';
}

/** How long a new plan asks for daily assurance statements (Hertfordshire asked daily while the CVA ran, seed 000). */
export const ASSURANCE_DAYS = 14;
/** How many visits ahead a plan schedules when it sets a frequency. */
export const VISITS_AHEAD = 4;

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The days the next visits are due by, every `everyDays` days from today. */
export function visitDueDates(today: string, everyDays: number, count = VISITS_AHEAD): string[] {
  return Array.from({ length: count }, (_, i) => addDays(today, everyDays * (i + 1)));
}

export type AssuranceDayStatus = 'submitted' | 'due' | 'overdue';

/**
 * The days of an assurance window up to today, newest first, each submitted, due (today) or overdue. Days still
 * to come are not listed: a statement is about a day that has started.
 */
export function assuranceDays(window: { fromOn: string; untilOn: string }, submitted: ReadonlySet<string>, today: string) {
  const last = window.untilOn < today ? window.untilOn : today;
  const days: { date: string; status: AssuranceDayStatus }[] = [];
  for (let d = window.fromOn; d <= last; d = addDays(d, 1)) {
    days.push({ date: d, status: submitted.has(d) ? 'submitted' : d === today ? 'due' : 'overdue' });
  }
  return days.reverse();
}

/** One service at stake, as the plan counts it: figures only. */
export interface StakeFigures {
  readonly own: boolean;
  readonly notCommissioned: boolean;
  readonly peopleFunded: number;
  readonly beds: number | null;
  readonly hoursPerWeek: number | null;
}

export interface StakeTotals {
  readonly services: number;
  readonly peopleFunded: number;
  readonly beds: number;
  readonly hoursPerWeek: number;
}

function total(items: readonly StakeFigures[]): StakeTotals {
  return {
    services: items.length,
    peopleFunded: items.reduce((n, s) => n + s.peopleFunded, 0),
    beds: items.reduce((n, s) => n + (s.beds ?? 0), 0),
    hoursPerWeek: items.reduce((n, s) => n + (s.hoursPerWeek ?? 0), 0),
  };
}

/** The plan's totals: the council's commissioned services, those it does not commission (counted apart), and neighbours'. */
export function stakeTotals(items: readonly StakeFigures[]) {
  return {
    commissioned: total(items.filter((s) => s.own && !s.notCommissioned)),
    notCommissioned: total(items.filter((s) => s.own && s.notCommissioned)),
    neighbours: total(items.filter((s) => !s.own)),
  };
}

/** Beds free in a home: registered beds less those occupied at its latest return, never below nought. */
export function vacancies(registeredBeds: number | null, bedsOccupied: number | undefined): number | null {
  if (registeredBeds === null || bedsOccupied === undefined) return null;
  return Math.max(0, registeredBeds - bedsOccupied);
}

/** An action not done by its due date is overdue. */
export function actionOverdue(action: { dueOn: string; doneOn: string | null }, today: string): boolean {
  return action.doneOn === null && action.dueOn < today;
}
