/**
 * The one clock. Rules take "today" as a parameter; services, routes and the command line ask this module
 * for it, so a test can set the date (and time) the whole product sees.
 *
 * Every council Care Oversight serves is in England, so "today" is the date in Europe/London whatever the
 * server's own time zone: a visit recorded at 00:30 in June is that day's, not the day before (UTC).
 */
export const COUNCIL_TIME_ZONE = 'Europe/London';

const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: COUNCIL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

let fixedNow: Date | undefined;

/** The current instant (the fixed one while a test has set the clock). */
export function now(): Date {
  return fixedNow ? new Date(fixedNow) : new Date();
}

/** The date (yyyy-mm-dd) in the council's time zone at an instant, by default now. */
export function today(at: Date = now()): string {
  return LONDON_DATE.format(at);
}

/**
 * For tests: fixes the clock at an instant (an ISO date means noon in London that day), or restores the
 * real clock with undefined.
 */
export function setClock(at: Date | string | undefined): void {
  fixedNow = at === undefined ? undefined : typeof at === 'string' ? new Date(/T/.test(at) ? at : `${at}T12:00:00Z`) : new Date(at);
}
