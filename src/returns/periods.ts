/**
 * Financial quarters and return deadlines. The financial year 2026 runs from 1 April 2026 to 31 March 2027;
 * Q1 is April to June, Q4 January to March. A return is due a number of months after its quarter ends (one
 * by default): the last day of that month.
 */
export interface Period {
  /** The financial year by the calendar year it starts in: 2026 is 2026/27. */
  readonly year: number;
  readonly quarter: number;
}

export const DEFAULT_DEADLINE_MONTHS = 1;
const pad = (n: number) => String(n).padStart(2, '0');

/** The last day of a month counted from April of the financial year (month 0 is April). */
function lastDayOfFinancialMonth(year: number, offset: number): string {
  const monthIndex = 3 + offset; // 0-based calendar month from January of `year`
  const calendarYear = year + Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(calendarYear, month, 0)).getUTCDate();
  return `${calendarYear}-${pad(month)}-${pad(lastDay)}`;
}

/** The quarter's last day: 2026 Q4 ends 2027-03-31. */
export function quarterEnd({ year, quarter }: Period): string {
  return lastDayOfFinancialMonth(year, quarter * 3 - 1);
}

/** The day a return is due: the last day of the month `months` after the quarter ends. */
export function deadline(period: Period, months = DEFAULT_DEADLINE_MONTHS): string {
  return lastDayOfFinancialMonth(period.year, period.quarter * 3 - 1 + months);
}

/** The financial quarter a day falls in. */
export function quarterOf(isoDate: string): Period {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  return m >= 4 ? { year: y, quarter: Math.floor((m - 4) / 3) + 1 } : { year: y - 1, quarter: 4 };
}

export function previousPeriod({ year, quarter }: Period): Period {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/** The quarter most recently ended by a day: the one whose return is due. */
export function lastEndedPeriod(today: string): Period {
  return previousPeriod(quarterOf(today));
}

export function hasEnded(period: Period, today: string): boolean {
  return quarterEnd(period) < today;
}

/**
 * "Q2 2026/27"; with the council's period kind (see period.rules.ts), "H1 2026/27" for a half year ending in
 * Q2 and "2026/27" for a year ending in Q4.
 */
export function periodLabel({ year, quarter, kind }: Period & { readonly kind?: 'quarterly' | 'half_yearly' | 'annual' | undefined }): string {
  const fy = `${year}/${pad((year + 1) % 100)}`;
  if (kind === 'annual') return fy;
  if (kind === 'half_yearly') return `H${Math.ceil(quarter / 2)} ${fy}`;
  return `Q${quarter} ${fy}`;
}
