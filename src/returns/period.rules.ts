import { lastEndedPeriod, periodLabel, previousPeriod, quarterOf, type Period } from './periods.ts';

/**
 * How often a council asks for returns (its `period` setting): every financial quarter (the default), every
 * half year (returns for Q2 and Q4, each covering its half year) or once a year (Q4, covering the year).
 * Returns stay keyed by the financial year and the quarter that ENDS their period. A change of period applies
 * from the next period under the old setting: quarters before then keep the old one. Pure: "today" is a parameter.
 */
export const PERIOD_KINDS = ['quarterly', 'half_yearly', 'annual'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A change of period not yet (or already) in force: quarters before `from` keep `previous`. */
export interface PeriodChange {
  readonly previous: PeriodKind;
  readonly from: Period;
}

export interface PeriodSetting {
  readonly period: PeriodKind;
  readonly periodChange: PeriodChange | null;
}

const QUARTERS_OF: Record<PeriodKind, readonly number[]> = { quarterly: [1, 2, 3, 4], half_yearly: [2, 4], annual: [4] };
const NOUN: Record<PeriodKind, string> = { quarterly: 'Quarterly', half_yearly: 'Half-yearly', annual: 'Annual' };

const before = (a: Period, b: Period) => a.year < b.year || (a.year === b.year && a.quarter < b.quarter);

/** The quarters that end a period of the kind: [2, 4] for half-yearly. */
export function dueQuarters(kind: PeriodKind): readonly number[] {
  return QUARTERS_OF[kind];
}

/** The kind in force for a quarter under the council's setting. */
export function kindFor(setting: PeriodSetting, quarter: Period): PeriodKind {
  return setting.periodChange && before(quarter, setting.periodChange.from) ? setting.periodChange.previous : setting.period;
}

/** Whether the quarter ends one of the council's periods (a return is owed for it). */
export function endsPeriod(setting: PeriodSetting, quarter: Period): boolean {
  return QUARTERS_OF[kindFor(setting, quarter)].includes(quarter.quarter);
}

/** The first quarter a period ending in `end` covers: Q1 for a half year ending Q2 or a year ending Q4. */
export function periodStart(end: Period, kind: PeriodKind): Period {
  return { year: end.year, quarter: kind === 'quarterly' ? end.quarter : kind === 'annual' ? 1 : end.quarter - 1 };
}

/** The period most recently ended by a day: the quarter whose return is due (or, for a new council, would be). */
export function lastDuePeriod(setting: PeriodSetting, today: string): Period {
  let p = lastEndedPeriod(today);
  while (!endsPeriod(setting, p)) p = previousPeriod(p);
  return p;
}

/** The last `n` quarters that end a period, newest first, from the period most recently ended. */
export function recentDuePeriods(setting: PeriodSetting, today: string, n: number): Period[] {
  const out: Period[] = [];
  for (let p = lastEndedPeriod(today); out.length < n; p = previousPeriod(p)) if (endsPeriod(setting, p)) out.push(p);
  return out;
}

/**
 * The setting after the council chooses `next` on `today`: unchanged if the same; otherwise the new kind,
 * applying from the quarter after the old setting's period in progress ends. A change still waiting keeps the
 * setting in force until then.
 */
export function changePeriod(current: PeriodSetting, next: PeriodKind, today: string): PeriodSetting {
  if (next === current.period) return current;
  const now = quarterOf(today);
  const pending = current.periodChange && before(now, current.periodChange.from);
  const inForce = pending ? current.periodChange.previous : current.period;
  if (next === inForce) return { period: next, periodChange: null };
  let end = now;
  while (!QUARTERS_OF[inForce].includes(end.quarter)) end = { year: end.year, quarter: end.quarter + 1 };
  const from = end.quarter === 4 ? { year: end.year + 1, quarter: 1 } : { year: end.year, quarter: end.quarter + 1 };
  return { period: next, periodChange: { previous: inForce, from } };
}

/** "Q2 2026/27", "H1 2026/27" (April to September), "2026/27". */
export function kindLabel(end: Period, kind: PeriodKind = 'quarterly'): string {
  return periodLabel({ ...end, kind });
}

/** "Quarterly", "Half-yearly", "Annual": for "Half-yearly return not submitted for H1 2026/27". */
export function returnNoun(kind: PeriodKind = 'quarterly'): string {
  return NOUN[kind];
}

/** The refusal of a quarter that ends none of the council's periods, naming those due. */
export function notDueMessage(setting: PeriodSetting, quarter: Period): string {
  const kind = kindFor(setting, quarter);
  const qs = QUARTERS_OF[kind].map((q) => `Q${q}`);
  const list = qs.length === 1 ? qs[0] : `${qs.slice(0, -1).join(', ')} and ${qs.at(-1)}`;
  return `The council asks for ${NOUN[kind].toLowerCase()} returns: send one for ${list} only`;
}
