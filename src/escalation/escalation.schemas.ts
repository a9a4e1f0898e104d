import { z } from 'zod';
import { asList, isoDate, optionalText, requiredText, text } from '../core/forms.ts';
import { ATTENDEE_ORGANISATION_TYPES, CONTRACT_PROCESS_KINDS } from './escalation.rules.ts';

/**
 * One schema per change, shared by the pages and the JSON API (pages fold their GOV.UK date inputs into
 * the same ISO fields first). Messages follow the GOV.UK Design System's wording.
 */

/** isoDate's type allows undefined for both variants; a required date is a string, an optional one may be left out. */
const requiredDate = (label: string) => isoDate(label) as unknown as z.ZodType<string, unknown>;
const optionalDate = (label: string) => isoDate(label, false) as unknown as z.ZodOptional<z.ZodType<string, unknown>>;

const wholeNumber = (v: unknown) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v);
const flag = (v: unknown) => (v === true || v === 'true' || v === 'yes' || v === 'on' ? true : v === false || v === 'false' || v === 'no' || v === '' || v === undefined ? false : v);

const stage = (message: string) =>
  z.preprocess(wholeNumber, z.number({ error: message }).int({ error: message }).min(1, { error: message }).max(5, { error: message }));

const reason = (message: string) => requiredText(message, 5000);

const evidenceRef = z.object({
  kind: z.string().min(1).max(40),
  recordId: z.string().min(1).max(200),
});

/** Form checkboxes post "kind|recordId" strings; the API posts objects. */
const evidenceList = z.preprocess(
  (v) => {
    const list = asList(v);
    return list.map((item) => {
      if (typeof item !== 'string') return item;
      const at = item.indexOf('|');
      return at > 0 ? { kind: item.slice(0, at), recordId: item.slice(at + 1) } : item;
    });
  },
  z.array(evidenceRef, { error: 'Select evidence from the timeline' }).max(100),
);

export const openCaseSchema = z.object({
  stage: stage('Select the stage the procedure starts at, from 1 to 5'),
  reason: reason('Enter why the procedure is being opened'),
  openedOn: optionalDate('the date the procedure was opened'),
  evidence: evidenceList.optional(),
});
export type OpenCaseInput = z.output<typeof openCaseSchema>;

export const stageChangeSchema = z.object({
  stage: stage('Select the new stage'),
  reason: reason('Enter the reason for the change of stage'),
  on: optionalDate('the date of the change'),
});
export type StageChangeInput = z.output<typeof stageChangeSchema>;

export const closeCaseSchema = z.object({
  reason: reason('Enter why the procedure is being closed'),
  closedOn: optionalDate('the date the procedure was closed'),
});
export type CloseCaseInput = z.output<typeof closeCaseSchema>;

const attendee = z.object({
  name: requiredText('Enter the attendee’s name', 200),
  organisationType: z.enum(Object.keys(ATTENDEE_ORGANISATION_TYPES) as [keyof typeof ATTENDEE_ORGANISATION_TYPES], { error: 'Select the attendee’s organisation' }),
  organisation: optionalText('Organisation', 200),
});

export const meetingSchema = z.object({
  heldOn: requiredDate('the date of the meeting'),
  attendees: z.array(attendee, { error: 'Enter who attended' }).min(1, { error: 'Enter at least one attendee' }).max(100),
  notes: optionalText('Notes', 10000),
  decisions: z.array(requiredText('Enter the decision', 5000)).max(50).optional(),
});
export type MeetingInput = z.output<typeof meetingSchema>;

/** How many attendee rows the meeting page offers. */
export const ATTENDEE_ROWS = 8;

/**
 * The meeting page posts rows of attendee fields (name, organisation type, organisation; blank rows are
 * ignored) and decisions one per line: read as the API's meeting.
 */
export const meetingFormSchema = z.preprocess((posted) => {
  const form = (posted ?? {}) as Record<string, unknown>;
  const attendees: Record<string, string>[] = [];
  for (let i = 1; i <= ATTENDEE_ROWS; i++) {
    const name = text(form[`attendeeName${i}`]).trim();
    const organisationType = text(form[`attendeeType${i}`]).trim();
    const organisation = text(form[`attendeeOrganisation${i}`]).trim();
    if (!name && !organisationType && !organisation) continue;
    attendees.push({ name, organisationType, ...(organisation ? { organisation } : {}) });
  }
  const decisions = typeof form.decisions === 'string' ? form.decisions.split(/\r?\n/).map((l) => l.trim()).filter(Boolean) : [];
  return { heldOn: form.heldOn, attendees, notes: form.notes, decisions };
}, meetingSchema);

export const decisionSchema = z.object({
  decidedOn: requiredDate('the date of the decision'),
  decision: requiredText('Enter the decision', 5000),
  meetingId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid({ error: 'Select a meeting' }).optional()),
});
export type DecisionInput = z.output<typeof decisionSchema>;

export const actionSchema = z.object({
  description: requiredText('Enter what must be done', 2000),
  ownerName: requiredText('Enter who owns the action', 200),
  ownerOrganisationType: z.enum(Object.keys(ATTENDEE_ORGANISATION_TYPES) as [keyof typeof ATTENDEE_ORGANISATION_TYPES], { error: 'Select the owner’s organisation' }),
  dueOn: requiredDate('the date the action is due'),
  meetingId: z.preprocess((v) => (v === '' ? undefined : v), z.string().uuid({ error: 'Select a meeting' }).optional()),
});
export type ActionInput = z.output<typeof actionSchema>;

export const completeActionSchema = z.object({ completedOn: optionalDate('the date the action was done') });
export type CompleteActionInput = z.output<typeof completeActionSchema>;

export const suspensionSchema = z
  .object({
    scope: z.enum(['full', 'partial'], { error: 'Select whether placements are suspended in full or in part' }),
    detail: optionalText('What is suspended', 500),
    reason: reason('Enter the reason for the suspension'),
    startsOn: requiredDate('the date the suspension starts'),
    reviewOn: optionalDate('the review date'),
  })
  .superRefine((value, ctx) => {
    if (value.reviewOn && value.reviewOn < value.startsOn) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: 'The review date must be on or after the start date' });
  });
export type SuspensionInput = z.output<typeof suspensionSchema>;

export const liftSchema = z.object({
  liftedOn: requiredDate('the date the suspension is lifted'),
  evidence: requiredText('Enter the evidence of sustained improvement', 5000),
  partial: z.preprocess(flag, z.boolean({ error: 'partial must be true or false' })),
  detail: optionalText('What stays suspended', 500),
});

/** The page also asks the commissioner to confirm the improvement has been sustained. */
export const liftFormSchema = liftSchema.extend({
  sustained: z.preprocess(flag, z.literal(true, { error: 'Confirm that the improvement has been sustained' })),
});

export const reinstateSchema = z.object({
  reinstatedOn: requiredDate('the date the suspension is reinstated'),
  reason: reason('Enter why the suspension is reinstated'),
  scope: z.preprocess((v) => (v === undefined || v === '' ? 'full' : v), z.enum(['full', 'partial'], { error: 'Select whether it is reinstated in full or in part' })),
  detail: optionalText('What is suspended', 500),
});

export const reviewDateSchema = z.object({
  reviewOn: requiredDate('the new review date'),
  reason: reason('Enter why the review date is changing'),
});
export type ReviewDateInput = z.output<typeof reviewDateSchema>;

export const processSchema = z
  .object({
    kind: z.enum(CONTRACT_PROCESS_KINDS, { error: 'Select the contractual process' }),
    reason: reason('Enter why the process is being started'),
    startedOn: requiredDate('the date the process started'),
    reviewOn: optionalDate('the review date'),
  })
  .superRefine((value, ctx) => {
    if (value.reviewOn && value.reviewOn < value.startedOn) ctx.addIssue({ code: 'custom', path: ['reviewOn'], message: 'The review date must be on or after the start date' });
  });
export type ProcessInput = z.output<typeof processSchema>;

export const endProcessSchema = z.object({
  endedOn: requiredDate('the date the process ended'),
  outcome: requiredText('Enter the outcome', 5000),
});
export type EndProcessInput = z.output<typeof endProcessSchema>;

/** The open cases' download: all of them, or (`show=overdue`) those with actions overdue; anything else is all. */
export const casesCsvQuery = z.object({ show: z.enum(['overdue']).optional().catch(undefined) });
