import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { navigationFor } from './navigation.ts';
import { paths, withQuery } from './paths.ts';
import { ROLE_LABELS } from '../auth/permissions.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
export const srcDir = path.resolve(here, '../..');
export const govukDir = path.resolve(srcDir, '../node_modules/govuk-frontend/dist');
/** The Ministry of Justice Design System's components (sortable table, filter), served beside GOV.UK Frontend's. */
export const mojDir = path.resolve(srcDir, '../node_modules/@ministryofjustice/frontend/moj');

const LONDON = 'Europe/London';

// Made once: building an Intl formatter costs far more than using one, and a page can format a hundred dates.
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const TIME = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hour12: true, timeZone: LONDON });
const POUNDS = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const POUNDS_AND_PENCE = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 2 });

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function ukDate(value: string | Date | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    // A calendar date is the same day everywhere: written out directly, as Intl would (a page can show hundreds).
    const day = CALENDAR_DATE.exec(value);
    if (day && MONTHS[Number(day[2]) - 1]) return `${Number(day[3])} ${MONTHS[Number(day[2]) - 1]} ${Number(day[1])}`;
  }
  return DAY.format(typeof value === 'string' ? new Date(CALENDAR_DATE.test(value) ? `${value}T12:00:00Z` : value) : value);
}

export function ukDateTime(value: string | Date | null | undefined): string {
  if (!value) return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  const time = TIME.format(date).replace(' ', '').toLowerCase();
  return `${ukDate(date)} at ${time}`;
}

/**
 * A select's options in one go, escaped as the templates escape (for longSelect in core/views/_forms.njk: a loop in
 * the template costs several variable writes an option, and a council has hundreds of providers).
 */
export function selectOptions(items: readonly { value: string | number; text: string | number; selected?: unknown }[]) {
  // the templates' own escaping (its type is not declared)
  const escape = (v: string | number) => (nunjucks.lib as unknown as { escape(s: string): string }).escape(String(v));
  return new nunjucks.runtime.SafeString(items.map((i) => `<option value="${escape(i.value)}"${i.selected ? ' selected' : ''}>${escape(i.text)}</option>`).join('\n    '));
}

export function money(value: number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return (value % 1 ? POUNDS_AND_PENCE : POUNDS).format(value);
}

/** One Nunjucks environment: GOV.UK Frontend's templates plus each capability's own views under src/. */
export function createViews(): nunjucks.Environment {
  const env = nunjucks.configure([srcDir, govukDir], { autoescape: true, throwOnUndefined: false, noCache: false });
  env.addFilter('ukDate', ukDate);
  env.addFilter('ukDateTime', ukDateTime);
  env.addFilter('money', money);
  env.addFilter('selectOptions', selectOptions);
  env.addFilter('roleLabel', (role: keyof typeof ROLE_LABELS) => ROLE_LABELS[role] ?? role);
  env.addGlobal('paths', paths);
  env.addGlobal('withQuery', withQuery);
  env.addGlobal('navigationFor', navigationFor);
  return env;
}
