import { z } from 'zod';
import { asList, isoDate, optionalText, optionalUuid, requiredDate, requiredText } from '../core/forms.ts';
import { JOINT_PARTNERS, VISIT_KINDS } from './visit.rules.ts';

/** Every form and API body of visits, with GOV.UK-worded messages. Schemas that compare with today take it as a parameter. */

const visitFields = {
  kind: z.enum(VISIT_KINDS, { error: 'Select the kind of visit' }),
  jointWith: z.preprocess(
    asList,
    z.array(z.enum(JOINT_PARTNERS, { error: 'Select who the joint visit is with from the list' })).max(JOINT_PARTNERS.length),
  ),
  jointDetail: optionalText('Who else is visiting', 500),
  purpose: optionalText('The purpose', 2000),
  officerId: optionalUuid('Select an officer from the list'),
  assessmentId: optionalUuid('Select an assessment from the list'),
  actionPlanId: optionalUuid('Select an action plan from the list'),
};

const FUTURE = 'The date of the visit must be today or in the future';
const PAST = 'The date of the visit must be today or in the past';

/**
 * Lets a rule on some fields run even when other fields failed, as long as the fields it reads are valid,
 * so that one submission of the form reports every problem (zod skips refinements after any failure).
 */
const whenValid = (...fields: string[]) => ({
  when: (payload: z.core.ParsePayload) => !payload.issues.some((issue) => fields.includes(String(issue.path?.[0]))),
});

function jointRule(values: { kind: string; jointWith: readonly string[] }, ctx: z.RefinementCtx) {
  if (values.kind === 'joint' && values.jointWith.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['jointWith'], message: 'Select who the joint visit is with' });
  }
}

/** Planning a visit: a day arranged, a day it must happen by, or both, neither in the past. */
export const planVisitSchema = (today: string) =>
  z
    .object({
      ...visitFields,
      plannedOn: isoDate('the date of the visit', false),
      dueBy: isoDate('the date it must happen by', false),
    })
    .superRefine(jointRule)
    .superRefine(
      (values, ctx) => {
        if (!values.plannedOn && !values.dueBy) ctx.addIssue({ code: 'custom', path: ['plannedOn'], message: 'Enter the date of the visit' });
        if (values.plannedOn && values.plannedOn < today) ctx.addIssue({ code: 'custom', path: ['plannedOn'], message: FUTURE });
        if (values.dueBy && values.dueBy < today)
          ctx.addIssue({ code: 'custom', path: ['dueBy'], message: 'The date it must happen by must be today or in the future' });
      },
      whenValid('plannedOn', 'dueBy'),
    );

/** Recording a visit that happened without being planned here first. */
export const recordNewVisitSchema = (today: string) =>
  z
    .object({
      ...visitFields,
      visitedOn: requiredDate('the date of the visit'),
      outcome: requiredText('Enter what the visit found', 5000),
    })
    .superRefine(jointRule)
    .superRefine((values, ctx) => {
      if (values.visitedOn > today) ctx.addIssue({ code: 'custom', path: ['visitedOn'], message: PAST });
    }, whenValid('visitedOn'));

/** Recording a planned visit as done. */
export const recordVisitSchema = (today: string) =>
  z
    .object({
      visitedOn: requiredDate('the date of the visit'),
      outcome: requiredText('Enter what the visit found', 5000),
      officerId: optionalUuid('Select an officer from the list'),
    })
    .refine((values) => values.visitedOn <= today, { path: ['visitedOn'], message: PAST });

/** Rearranging a planned visit. */
export const rearrangeVisitSchema = (today: string) =>
  z
    .object({
      plannedOn: requiredDate('the date of the visit'),
      officerId: optionalUuid('Select an officer from the list'),
      purpose: optionalText('The purpose', 2000),
    })
    .refine((values) => values.plannedOn >= today, { path: ['plannedOn'], message: FUTURE });

export const cancelVisitSchema = z.object({
  reason: requiredText('Enter why the visit is cancelled', 2000),
});

/** The API's one body for a new visit: with `visitedOn` it records a visit made, otherwise it plans one. */
export const newVisitSchema = (today: string) =>
  z
    .object({})
    .loose()
    .transform((input, ctx) => {
      const recorded = input.visitedOn !== undefined;
      const parsed = (recorded ? recordNewVisitSchema(today) : planVisitSchema(today)).safeParse(input);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
        return z.NEVER;
      }
      return { recorded, visit: parsed.data };
    });

/** The visits download: the council's, or one service's (`serviceId`; not an id, or not the council's, is not found). */
export const visitsCsvQuery = z.object({ serviceId: z.string().optional() });
