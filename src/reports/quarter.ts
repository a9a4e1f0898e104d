/**
 * Financial quarters, as English councils report them: the financial year 2017 runs from 1 April 2017 to
 * 31 March 2018; Q1 is April to June, Q2 July to September, Q3 October to December, Q4 January to March.
 */
export type QuarterNumber = 1 | 2 | 3 | 4;

export interface Quarter {
  /** The financial year by the calendar year it starts in: 2017 is 2017/18. */
  readonly year: number;
  readonly quarter: QuarterNumber;
}

export interface Period {
  /** First day, yyyy-mm-dd. */
  readonly from: string;
  /** Last day, yyyy-mm-dd (inclusive). */
  readonly to: string;
}

const START_MONTH: Record<QuarterNumber, number> = { 1: 4, 2: 7, 3: 10, 4: 1 };
const pad = (n: number) => String(n).padStart(2, '0');

export function isQuarterNumber(value: number): value is QuarterNumber {
  return value === 1 || value === 2 || value === 3 || value === 4;
}

/** The days a financial quarter covers: 2017 Q4 is 2018-01-01 to 2018-03-31. */
export function quarterPeriod({ year, quarter }: Quarter): Period {
  const calendarYear = quarter === 4 ? year + 1 : year;
  const month = START_MONTH[quarter];
  const lastDay = new Date(Date.UTC(calendarYear, month + 2, 0)).getUTCDate();
  return { from: `${calendarYear}-${pad(month)}-01`, to: `${calendarYear}-${pad(month + 2)}-${pad(lastDay)}` };
}

/** The financial quarter a day falls in. */
export function quarterOf(isoDate: string): Quarter {
  const [y, m] = isoDate.split('-').map(Number) as [number, number];
  if (m >= 4 && m <= 6) return { year: y, quarter: 1 };
  if (m >= 7 && m <= 9) return { year: y, quarter: 2 };
  if (m >= 10) return { year: y, quarter: 3 };
  return { year: y - 1, quarter: 4 };
}

export function previousQuarter({ year, quarter }: Quarter): Quarter {
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: (quarter - 1) as QuarterNumber };
}

export function nextQuarter({ year, quarter }: Quarter): Quarter {
  return quarter === 4 ? { year: year + 1, quarter: 1 } : { year, quarter: (quarter + 1) as QuarterNumber };
}

/** The quarters ending with the given one, oldest first (the last eight quarters, say). */
export function quartersEndingWith(last: Quarter, count: number): Quarter[] {
  const out: Quarter[] = [last];
  while (out.length < count) out.unshift(previousQuarter(out[0]!));
  return out;
}

/** "Q4 2017/18". */
export function quarterLabel({ year, quarter }: Quarter): string {
  return `Q${quarter} ${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** "1 January to 31 March 2018". */
// Made once: an Intl formatter costs far more to build than to use.
const DAY_MONTH = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const DAY_MONTH_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

export function periodLabel(period: Period): string {
  const format = (iso: string, withYear: boolean) => (withYear ? DAY_MONTH_YEAR : DAY_MONTH).format(new Date(`${iso}T12:00:00Z`));
  const sameYear = period.from.slice(0, 4) === period.to.slice(0, 4);
  return `${format(period.from, !sameYear)} to ${format(period.to, true)}`;
}

export function within(isoDate: string | null | undefined, period: Period): boolean {
  return !!isoDate && isoDate >= period.from && isoDate <= period.to;
}

/** Whether a quarter has ended by a day (a report for a quarter still running is provisional). */
export function quarterEnded(q: Quarter, today: string): boolean {
  return quarterPeriod(q).to < today;
}
