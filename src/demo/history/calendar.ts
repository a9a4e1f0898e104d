import { addMonths } from '../../core/dates.ts';
import type { Random } from '../random.ts';

// Calendar months are the product's own rule (a day the target month lacks becomes its last day).
export { addMonths };

/**
 * Dates for the demo's history: ISO days (yyyy-mm-dd) and instants within office hours, all worked in UTC
 * arithmetic so they are the same on every machine. The history runs for five years up to "today".
 */

const HISTORY_YEARS = 5;

export interface Window {
  /** The first day of the history. */
  readonly start: string;
  /** The last day anything has happened; later dates are plans and deadlines. */
  readonly today: string;
}

export function historyWindow(today: string): Window {
  return { start: addMonths(today, -12 * HISTORY_YEARS), today };
}

function parts(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

// Days are numbered from 1 January 2000, and the ISO text of each day from 2000 to 2049 is made once:
// the national demo works out millions of dates, and Date objects would make that slow.
const FIRST = Date.UTC(2000, 0, 1);
const DAYS = 50 * 366;
const TEXT: string[] = [];
const NUMBER = new Map<string, number>();
for (let n = 0; n < DAYS; n++) {
  const iso = new Date(FIRST + n * 86_400_000).toISOString().slice(0, 10);
  TEXT.push(iso);
  NUMBER.set(iso, n);
}

function dayNumber(iso: string): number {
  const n = NUMBER.get(iso);
  if (n !== undefined) return n;
  const [y, m, d] = parts(iso);
  return Math.round((Date.UTC(y, m - 1, d) - FIRST) / 86_400_000);
}

function dayText(n: number): string {
  return TEXT[n] ?? new Date(FIRST + n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return dayText(dayNumber(iso) + days);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export const minDate = (a: string, b: string) => (a < b ? a : b);
export const maxDate = (a: string, b: string) => (a > b ? a : b);

/** A day from `from` to `to`, both included. */
export function dayBetween(random: Random, from: string, to: string): string {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, random.int(0, span));
}

/** The working day on or after a date (councils do not visit at weekends). */
export function workingDay(iso: string): string {
  // 1 January 2000 was a Saturday.
  const day = (((dayNumber(iso) + 6) % 7) + 7) % 7;
  return day === 6 ? addDays(iso, 2) : day === 0 ? addDays(iso, 1) : iso;
}

/** An instant on a day, in office hours, as an ISO timestamp. */
export function instantOn(random: Random, iso: string): string {
  const minutes = random.int(8 * 60 + 30, 17 * 60 + 30);
  return `${iso}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}Z`;
}

/** Years (fractional) from a to b. */
export const yearsBetween = (a: string, b: string) => daysBetween(a, b) / 365.25;
