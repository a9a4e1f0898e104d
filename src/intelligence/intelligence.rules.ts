import { z } from 'zod';
import { Invalid, type FieldError } from '../core/errors.ts';
import { asList, foldDateInputs, isoDate, optionalText, toFieldErrors } from '../core/forms.ts';

/** Where intelligence comes from: the sources councils name (seed 001, SPEC "Intelligence"). */
export const SOURCES = {
  cqc: 'Care Quality Commission (CQC)',
  safeguarding: 'Safeguarding alert or Section 42 enquiry',
  complaint: 'Complaint',
  whistleblowing: 'Whistle-blowing',
  people_and_families: 'People using the service, families and carers',
  gp_and_district_nurse: 'GPs, health visitors and district nurses',
  health_commissioner: 'Health commissioners (ICB)',
  healthwatch: 'Healthwatch',
  environmental_health: 'Environmental health',
  fire_service: 'Fire and rescue service',
  financial_check: 'Financial checks (credit reports, insolvency events)',
  other_council: 'Another council',
  operational_team: 'Operational teams (social work, brokerage)',
  officer: 'Officer’s own observation',
  member_of_public: 'Member of the public (report a concern form)',
} as const;
export type Source = keyof typeof SOURCES;
export const SOURCE_KEYS = Object.keys(SOURCES) as [Source, ...Source[]];

export const THEMES = {
  staffing: 'Staffing',
  management: 'Management',
  medication: 'Medication',
  care_planning: 'Care planning',
  missed_or_late_calls: 'Missed or late calls',
  safeguarding: 'Safeguarding',
  infection_control: 'Infection control',
  nutrition_and_hydration: 'Nutrition and hydration',
  moving_and_handling: 'Moving and handling',
  premises: 'Premises',
  record_keeping: 'Record keeping',
  communication: 'Communication',
  finance: 'Finance',
  other: 'Other',
} as const;
export type Theme = keyof typeof THEMES;
export const THEME_KEYS = Object.keys(THEMES) as [Theme, ...Theme[]];

export const SEVERITIES = { red: 'Red (high)', amber: 'Amber (medium)', green: 'Green (low)' } as const;
export type Severity = keyof typeof SEVERITIES;

export const SUBSTANTIATED = { yes: 'Substantiated', no: 'Not substantiated', unknown: 'Not known yet' } as const;
export type Substantiated = keyof typeof SUBSTANTIATED;

export const HANDLING_STATUSES = { open: 'Open', under_review: 'Under review', closed: 'Closed' } as const;
export type HandlingStatus = keyof typeof HANDLING_STATUSES;

export const SECTION42_STATUSES = { open: 'Section 42 enquiry open', concluded: 'Section 42 enquiry concluded' } as const;
export type Section42Status = keyof typeof SECTION42_STATUSES;

/** The form's single safeguarding question, folded into the record's flag and Section 42 status. */
export const SAFEGUARDING_CHOICES = {
  none: 'No',
  alert: 'Yes: a safeguarding alert, no Section 42 enquiry',
  s42_open: 'Yes: a Section 42 enquiry is open',
  s42_concluded: 'Yes: a Section 42 enquiry has concluded',
} as const;
export type SafeguardingChoice = keyof typeof SAFEGUARDING_CHOICES;

export const MESSAGES = {
  receivedOnMissing: 'Enter the date the intelligence was received',
  receivedOnFuture: 'Date received must be today or in the past',
  source: 'Select where the intelligence came from',
  summary: 'Enter a summary',
  severityForComplaint: 'Select a severity for a complaint',
  themes: 'Select themes from the list',
  severity: 'Select red, amber or green',
  substantiated: 'Select whether it was substantiated',
  status: 'Select the handling status',
  safeguarding: 'Select whether this is a safeguarding matter',
} as const;

/** One intelligence entry as the rules see it, whichever way it arrived (form or API). */
export interface IntelligenceInput {
  readonly receivedOn: string;
  readonly source: Source;
  readonly summary: string;
  readonly detail: string | undefined;
  readonly themes: readonly Theme[];
  readonly severity: Severity | undefined;
  readonly substantiated: Substantiated;
  readonly safeguarding: boolean;
  readonly section42: Section42Status | undefined;
  readonly status: HandlingStatus;
}

const blank = (value: unknown) => (value === '' || value === null ? undefined : value);

const common = {
  receivedOn: isoDate('the date the intelligence was received'),
  source: z.enum(SOURCE_KEYS, { error: MESSAGES.source }),
  summary: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() || undefined : v),
    z.string({ error: MESSAGES.summary }).max(300, { error: 'Summary must be 300 characters or fewer' }),
  ),
  detail: optionalText('Detail', 10000),
  themes: z.preprocess(asList, z.array(z.enum(THEME_KEYS, { error: MESSAGES.themes }))),
  severity: z.preprocess(blank, z.enum(['red', 'amber', 'green'], { error: MESSAGES.severity }).optional()),
  status: z.preprocess(blank, z.enum(['open', 'under_review', 'closed'], { error: MESSAGES.status }).default('open')),
};

/** The JSON API body: API.md's fields, plus `detail`, `section42` and `status`. */
const apiSchema = z.object({
  ...common,
  substantiated: z.preprocess(
    (v) => (v === true ? 'yes' : v === false ? 'no' : blank(v)),
    z.enum(['yes', 'no', 'unknown'], { error: MESSAGES.substantiated }).default('unknown'),
  ),
  safeguarding: z.boolean({ error: 'safeguarding must be true or false' }).optional(),
  section42: z.preprocess(
    (v) => (v === 'none' ? undefined : blank(v)),
    z.enum(['open', 'concluded'], { error: 'section42 must be none, open or concluded' }).optional(),
  ),
});

/** The page's form: GOV.UK date parts already folded into `receivedOn`. */
const formSchema = z.object({
  ...common,
  substantiated: z.preprocess(blank, z.enum(['yes', 'no', 'unknown'], { error: MESSAGES.substantiated }).default('unknown')),
  safeguarding: z.preprocess(blank, z.enum(['none', 'alert', 's42_open', 's42_concluded'], { error: MESSAGES.safeguarding }).default('none')),
});

function fromApi(body: z.output<typeof apiSchema>): IntelligenceInput {
  const section42 = body.section42;
  return {
    // isoDate() is typed for its optional form too; the schema here requires it.
    receivedOn: body.receivedOn!,
    source: body.source,
    summary: body.summary,
    detail: body.detail,
    themes: dedupe(body.themes),
    severity: body.severity,
    substantiated: body.substantiated,
    // A safeguarding source or a Section 42 enquiry is a safeguarding matter whatever the flag says.
    safeguarding: body.safeguarding === true || body.source === 'safeguarding' || section42 !== undefined,
    section42,
    status: body.status,
  };
}

function fromForm(body: z.output<typeof formSchema>): IntelligenceInput {
  const choice = body.safeguarding;
  return {
    // isoDate() is typed for its optional form too; the schema here requires it.
    receivedOn: body.receivedOn!,
    source: body.source,
    summary: body.summary,
    detail: body.detail,
    themes: dedupe(body.themes),
    severity: body.severity,
    substantiated: body.substantiated,
    safeguarding: choice !== 'none' || body.source === 'safeguarding',
    section42: choice === 's42_open' ? 'open' : choice === 's42_concluded' ? 'concluded' : undefined,
    status: body.status,
  };
}

/** The form's safeguarding answer for an existing entry, to re-display it. */
export function safeguardingChoice(entry: { safeguarding: boolean; section42: Section42Status | undefined }): SafeguardingChoice {
  if (entry.section42 === 'open') return 's42_open';
  if (entry.section42 === 'concluded') return 's42_concluded';
  return entry.safeguarding ? 'alert' : 'none';
}

/** Rules across fields, checked after the schema: "today" is passed in so the rule is testable. */
export function checkIntelligence(input: IntelligenceInput, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (input.receivedOn > today) errors.push({ path: 'receivedOn', message: MESSAGES.receivedOnFuture });
  if (input.source === 'complaint' && !input.severity) errors.push({ path: 'severity', message: MESSAGES.severityForComplaint });
  return errors;
}

function dedupe<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** The field labels the history page uses when it describes a change. */
const FIELD_LABELS: Record<string, string> = {
  service_id: 'Service',
  received_on: 'Date received',
  source: 'Source',
  summary: 'Summary',
  detail: 'Detail',
  themes: 'Themes',
  severity: 'Severity',
  substantiated: 'Substantiated',
  safeguarding: 'Safeguarding',
  section42_status: 'Section 42 enquiry',
  status: 'Status',
};

export interface FieldChange {
  readonly field: string;
  readonly label: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The fields an audited update changed, in plain words. Only the fields people edit are described;
 * bookkeeping columns (updated_at and the like) are left out.
 */
export function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  if (!before || !after) return [];
  const changes: FieldChange[] = [];
  for (const [field, label] of Object.entries(FIELD_LABELS)) {
    const from = displayValue(field, before[field]);
    const to = displayValue(field, after[field]);
    if (from !== to) changes.push({ field, label, from, to });
  }
  return changes;
}

/** A stored value as words where no label names it (numbers, text; anything else as JSON). */
const plain = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value));

function displayValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not given';
  switch (field) {
    case 'source':
      return SOURCES[value as Source] ?? plain(value);
    case 'themes':
      return Array.isArray(value) && value.length ? value.map((t) => THEMES[t as Theme] ?? String(t)).join(', ') : 'None';
    case 'severity':
      return SEVERITIES[value as Severity] ?? plain(value);
    case 'substantiated':
      return SUBSTANTIATED[value as Substantiated] ?? plain(value);
    case 'status':
      return HANDLING_STATUSES[value as HandlingStatus] ?? plain(value);
    case 'section42_status':
      return SECTION42_STATUSES[value as Section42Status] ?? plain(value);
    case 'safeguarding':
      return value === true ? 'Yes' : 'No';
    default:
      return plain(value);
  }
}

const FIELD_ORDER = ['receivedOn', 'source', 'severity', 'themes', 'substantiated', 'safeguarding', 'section42', 'summary', 'detail', 'status'];

function byFieldOrder(errors: FieldError[]): FieldError[] {
  const rank = (path: string) => {
    const index = FIELD_ORDER.indexOf(path.split('.')[0]!);
    return index === -1 ? FIELD_ORDER.length : index;
  };
  return errors.sort((a, b) => rank(a.path) - rank(b.path));
}

function validate<S extends z.ZodType>(schema: S, body: Record<string, unknown>, map: (data: z.output<S>) => IntelligenceInput, today: string): IntelligenceInput {
  const result = schema.safeParse(body);
  if (result.success) {
    const input = map(result.data);
    const errors = checkIntelligence(input, today);
    if (errors.length) throw new Invalid(byFieldOrder(errors));
    return input;
  }
  const errors = toFieldErrors(result.error);
  // Say everything that is wrong at once, including the complaint's missing severity.
  if (body.source === 'complaint' && (body.severity === undefined || body.severity === '' || body.severity === null) && !errors.some((e) => e.path === 'severity')) {
    errors.push({ path: 'severity', message: MESSAGES.severityForComplaint });
  }
  throw new Invalid(byFieldOrder(errors));
}

/** The JSON API's body, checked: throws Invalid with one message per field. */
export function parseApiBody(body: unknown, today: string): IntelligenceInput {
  const record = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return validate(apiSchema, record, fromApi, today);
}

/** The page's form, checked: GOV.UK date parts are folded first. */
export function parseFormBody(body: Record<string, unknown>, today: string): IntelligenceInput {
  const copy = { ...body };
  foldDateInputs(copy, 'receivedOn');
  return validate(formSchema, copy, fromForm, today);
}
