import { z } from 'zod';
import { Invalid, type FieldError } from '../../core/errors.ts';
import { optionalText, optionalUuid, requiredText, toFieldErrors } from '../../core/forms.ts';

/** The three routes of the one public form (seed 001: care concerns, social care referral, safeguarding). */
export const ROUTES = {
  care_service: {
    label: 'A care home or other care service',
    hint: 'For example, poor care, missed home care visits, or a worry about how a service is run',
    title: 'Report a concern about a care service',
  },
  self_neglect: {
    label: 'An adult who is struggling to look after themselves',
    hint: 'We will consider whether they need care and support (a social care referral)',
    title: 'Tell us about an adult who is struggling to look after themselves',
  },
  abuse_or_neglect: {
    label: 'An adult who is being abused or neglected',
    hint: 'Including by a care worker, a family member or anyone else (safeguarding)',
    title: 'Report that an adult is being abused or neglected',
  },
} as const;
export type Route = keyof typeof ROUTES;
export const ROUTE_KEYS = Object.keys(ROUTES) as [Route, ...Route[]];

export function isRoute(value: unknown): value is Route {
  return typeof value === 'string' && Object.hasOwn(ROUTES, value);
}

export const CONSENT = { yes: 'Yes', no: 'No', not_sure: 'I do not know' } as const;
export type Consent = keyof typeof CONSENT;

export const REPORT_STATUSES = {
  new: 'New',
  linked: 'Linked to a service',
  routed_onward: 'Routed onward',
  closed: 'Closed',
} as const;
export type ReportStatus = keyof typeof REPORT_STATUSES;

export const ROUTED_TO = {
  safeguarding: 'Safeguarding adults team',
  adult_social_care: 'Adult social care front door',
} as const;
export type RoutedTo = keyof typeof ROUTED_TO;

const REFERENCE = /^CO-(\d{4})-(\d{6,})$/;

/** A report's reference: the year it arrived and its number that year, like CO-2026-000123. */
export function formatReference(year: number, number: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a four-digit year: ${year}`);
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`not a positive whole number: ${number}`);
  return `CO-${year}-${String(number).padStart(6, '0')}`;
}

export function parseReference(text: string): { year: number; number: number } | undefined {
  const match = REFERENCE.exec(text.trim().toUpperCase());
  if (!match) return undefined;
  const number = Number(match[2]);
  return number >= 1 ? { year: Number(match[1]), number } : undefined;
}

export const MESSAGES = {
  route: 'Select what your concern is about',
  council: 'Select the council area',
  service: 'Select the care service, or tell us its name',
  serviceName: 'Enter the name of the care service',
  whatHappened: 'Enter what has happened',
  person: 'Enter the person’s name or address, so the council can find them',
  consent: 'Select whether the person knows you are telling us',
  reporterEmail: 'Enter an email address in the correct format, like name@example.com',
  reporterPhone: 'Enter a telephone number, like 01632 960 001 or 07700 900 982',
  rejected: 'Sorry, we could not send your report. Check your answers and try again.',
} as const;

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : typeof value === 'string' ? value.trim() : value);

export const reportSchema = z.object({
  route: z.enum(ROUTE_KEYS, { error: MESSAGES.route }),
  councilId: optionalUuid(MESSAGES.council),
  serviceId: optionalUuid(MESSAGES.service),
  serviceName: optionalText('The name of the care service', 200),
  whatHappened: requiredText(MESSAGES.whatHappened, 5000),
  happenedWhen: optionalText('When it happened', 200),
  personName: optionalText('The person’s name', 200),
  personAddress: optionalText('The person’s address', 500),
  consent: z.preprocess(blank, z.enum(['yes', 'no', 'not_sure'], { error: MESSAGES.consent }).optional()),
  reporterName: optionalText('Your name', 200),
  reporterEmail: z.preprocess(blank, z.string().max(320, { error: MESSAGES.reporterEmail }).email({ error: MESSAGES.reporterEmail }).optional()),
  reporterPhone: z.preprocess(blank, z.string().regex(/^[0-9+()\s-]{7,40}$/, { error: MESSAGES.reporterPhone }).optional()),
  reporterRelationship: optionalText('How you know the person or service', 200),
});
export type ReportInput = z.output<typeof reportSchema>;

/**
 * The rules that depend on the route: a concern about a care service names the service (or its name
 * when it is not listed, with the council chosen); a concern about a person says who they are, and
 * whether they know about the report. Checked after the schema.
 */
export function checkReport(input: ReportInput): FieldError[] {
  const errors: FieldError[] = [];
  if (input.route === 'care_service') {
    if (!input.serviceId && !input.serviceName) errors.push({ path: 'serviceName', message: MESSAGES.serviceName });
  } else {
    if (!input.personName && !input.personAddress) errors.push({ path: 'personName', message: MESSAGES.person });
    if (!input.consent) errors.push({ path: 'consent', message: MESSAGES.consent });
  }
  if (!input.serviceId && !input.councilId) errors.push({ path: 'councilId', message: MESSAGES.council });
  return errors;
}

/** The one-line summary an intelligence entry made from a report carries (no personal details). */
export function intelligenceSummary(reference: string, route: Route): string {
  const what =
    route === 'care_service' ? 'Concern about the service' : route === 'self_neglect' ? 'Concern about an adult struggling to look after themselves' : 'Concern that an adult is being abused or neglected';
  return `${what}, reported by a member of the public (${reference})`;
}

/** The report's text, carried into the intelligence entry's detail when an officer links it to a service. */
export function intelligenceDetail(report: { whatHappened: string; happenedWhen: string | null }): string {
  return report.happenedWhen ? `When: ${report.happenedWhen}\n\n${report.whatHappened}` : report.whatHappened;
}

export function confirmationEmail(reference: string, councilName: string): { subject: string; body: string } {
  return {
    subject: `Your concern has been received: ${reference}`,
    body: [
      'Thank you for telling us about your concern.',
      '',
      `Your reference number is ${reference}.`,
      '',
      `${councilName} will look at what you told us. If you gave contact details, someone may contact you for more information.`,
      'Quote your reference number if you contact the council about this concern.',
      '',
      'If someone is in immediate danger, call 999.',
      '',
      'This email was sent automatically. Do not reply to it.',
    ].join('\n'),
  };
}

/**
 * What an officer may do next with a report. Linking makes it intelligence on a service and can happen
 * once, before or after routing it onward (an abuse report about a care home is both); a closed report
 * is finished.
 */
export function triageActions(status: ReportStatus, linked: boolean) {
  return {
    canLink: !linked && status !== 'closed',
    canRouteOnward: status === 'new' || status === 'linked',
    canClose: status !== 'closed',
  };
}

/** The status after linking: a report already routed onward stays routed onward. */
export function statusAfterLink(status: ReportStatus): ReportStatus {
  return status === 'new' ? 'linked' : status;
}

const FORM_ORDER = ['route', 'serviceName', 'councilId', 'whatHappened', 'happenedWhen', 'personName', 'personAddress', 'consent', 'reporterName', 'reporterEmail', 'reporterPhone', 'reporterRelationship'];

/**
 * Checks a submitted report, saying everything that is wrong at once (the route's own rules too, even
 * when a field failed its format), in the order the form asks. Throws Invalid.
 */
export function validateReport(body: Record<string, unknown>): ReportInput {
  const result = reportSchema.safeParse(body);
  if (result.success) {
    const errors = checkReport(result.data);
    if (errors.length) throw new Invalid(errors);
    return result.data;
  }
  const errors = toFieldErrors(result.error);
  const present = (key: string) => (typeof body[key] === 'string' && (body[key]).trim() !== '' ? (body[key]) : undefined);
  if (isRoute(body.route)) {
    const loose = {
      route: body.route,
      serviceId: present('serviceId'),
      serviceName: present('serviceName'),
      councilId: present('councilId'),
      personName: present('personName'),
      personAddress: present('personAddress'),
      consent: present('consent'),
    } as ReportInput;
    for (const error of checkReport(loose)) if (!errors.some((e) => e.path === error.path)) errors.push(error);
  }
  const rank = (path: string) => (FORM_ORDER.includes(path) ? FORM_ORDER.indexOf(path) : FORM_ORDER.length);
  throw new Invalid(errors.sort((x, y) => rank(x.path) - rank(y.path)));
}
