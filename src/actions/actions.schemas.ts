import { z } from 'zod';
import { asList, isoDate, optionalText, requiredText, uuid } from '../core/forms.ts';
import { OWNER_ORGS, REPORTED_STATUSES } from './action-plan.rules.ts';

/** A date the form cannot do without (isoDate's output type also allows undefined). */
const requiredDate = (label: string) => isoDate(label) as unknown as z.ZodType<string>;

/** Every form and API body of action plans, with GOV.UK-worded messages. Rules that need "today" live in the service. */

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

// Fields in the order the action form shows them, so that the error summary lists them in that order.
export const actionSchema = z.object({
  description: requiredText('Enter what must be done', 2000),
  ownerOrg: z.enum(OWNER_ORGS, { error: 'Select who owns the action' }),
  ownerName: optionalText('Who is responsible', 200),
  dueOn: requiredDate('the target date'),
  domainId: uuid('Select the domain the action addresses'),
  questionId: z.preprocess(blank, z.string().uuid({ error: 'Select a question from the list' }).optional()),
});

export const milestoneSchema = z.object({
  description: requiredText('Enter the milestone', 500),
  dueOn: requiredDate('the date of the milestone'),
});

export const updateSchema = z.object({
  body: requiredText('Enter what has been done', 5000),
  reportedStatus: z.enum(REPORTED_STATUSES, { error: 'Select whether the action is done or still in progress' }),
  milestonesDone: z.preprocess(asList, z.array(z.string().uuid({ error: 'Select milestones from the list' })).max(100)).optional(),
});

export const decisionSchema = z
  .object({
    decision: z.enum(['verified', 'rejected'], { error: 'Select whether you verify or reject the update' }),
    reason: optionalText('The reason', 2000),
  })
  .superRefine((values, ctx) => {
    if (values.decision === 'rejected' && !values.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why you are rejecting the update' });
  });

export const rejectSchema = z.object({ reason: requiredText('Enter why you are rejecting the update', 2000) });

export const changeRequestSchema = z.object({ comment: requiredText('Enter what you would like changed', 2000) });

export const closeSchema = z.object({ reason: requiredText('Enter why the action plan is being closed', 2000) });
