import { z } from 'zod';
import { asList, optionalText, optionalUuid, pageNumber, requiredDate, requiredText, uuid } from '../core/forms.ts';
import { OWNER_ORGS, REPORTED_STATUSES } from './action-plan.rules.ts';

/** Every form and API body of action plans, with GOV.UK-worded messages. Rules that need "today" live in the service. */

/** The list of plans: `status` as given (the links keep it), read by the page; which page. */
export const planListQuerySchema = z.object({
  status: z.string().optional().catch(undefined),
  page: pageNumber(),
});

// Fields in the order the action form shows them, so that the error summary lists them in that order.
export const actionSchema = z.object({
  description: requiredText('Enter what must be done', 2000),
  ownerOrg: z.enum(OWNER_ORGS, { error: 'Select who owns the action' }),
  ownerName: optionalText('Who is responsible', 200),
  dueOn: requiredDate('the target date'),
  domainId: uuid('Select the domain the action addresses'),
  questionId: optionalUuid('Select a question from the list'),
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

/** The API calls an update's words `text`; the form (and the service) call them `body`. */
export const apiUpdateSchema = z.preprocess((v) => {
  const input = (v ?? {}) as Record<string, unknown>;
  return { ...input, body: input.text };
}, updateSchema);

export const decisionSchema = z
  .object({
    decision: z.enum(['verified', 'rejected'], { error: 'Select whether you verify or reject the update' }),
    reason: optionalText('The reason', 2000),
  })
  .superRefine((values, ctx) => {
    if (values.decision === 'rejected' && !values.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Enter why you are rejecting the update' });
  });

export const changeRequestSchema = z.object({ comment: requiredText('Enter what you would like changed', 2000) });

export const closeSchema = z.object({ reason: requiredText('Enter why the action plan is being closed', 2000) });

/** The API's verify and reject: the decision is in the path, the reason (needed to reject) in the body. */
export const apiDecisionSchema = (decision: 'verified' | 'rejected') =>
  z.preprocess((v) => ({ reason: ((v ?? {}) as Record<string, unknown>).reason, decision }), decisionSchema);

/** The plans and visits due: whose (`scope`, yours unless `all`) and which page. */
export const dueQuerySchema = z.object({
  scope: z.enum(['mine', 'all']).optional().catch(undefined),
  page: pageNumber(),
});
