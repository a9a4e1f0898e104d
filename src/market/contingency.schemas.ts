import { z } from 'zod';
import { optionalText, optionalUuid, optionalWholeNumber, requiredDate, requiredText, uuid } from '../core/forms.ts';
import { CONTINGENCY_STATUSES, MARKET_EVENT_KINDS } from './contingency.rules.ts';

/** The bodies of market events' and contingency plans' pages and API, with GOV.UK-worded messages. */

const kind = z.enum(MARKET_EVENT_KINDS, { error: 'Select what happened' });

/** POST /api/v1/providers/{id}/market-events. */
export const marketEventSchema = z.object({
  kind,
  occurredOn: requiredDate('the date it happened'),
  source: requiredText('Enter where you heard of it', 200),
  summary: requiredText('Enter a summary of what happened', 2000),
  intelligenceId: optionalUuid('Select an intelligence entry from the list'),
});
export type MarketEventInput = z.output<typeof marketEventSchema>;

/** The page's form: the provider or group is chosen on it. */
export const marketEventFormSchema = z.object({ providerId: uuid('Select the provider or group'), ...marketEventSchema.shape });

export const actionSchema = z.object({
  description: requiredText('Enter the action', 500),
  ownerName: requiredText('Enter who owns the action', 200),
  dueOn: requiredDate('the date it is due by'),
});
export type ActionInput = z.output<typeof actionSchema>;

export const statusSchema = z.object({ status: z.enum(CONTINGENCY_STATUSES, { error: 'Select the plan’s status' }) });

const required = <T extends z.ZodType>(schema: T, message: string) => schema.refine((v) => v !== undefined, { error: message });

export const peopleFundedSchema = z.object({
  serviceId: uuid('Select a service of the plan'),
  peopleFunded: required(optionalWholeNumber('People funded'), 'Enter the number of people the council funds there'),
});

export const monitoringSchema = z.object({
  visitEveryDays: z.preprocess((v) => (v === '' || v === 'none' || v === null ? null : typeof v === 'string' ? Number(v) : v), z.union([z.literal(7), z.literal(14), z.literal(28), z.null()], { error: 'Select how often to visit' })),
  assuranceDays: required(optionalWholeNumber('Days of assurance statements', 366), 'Enter for how many days to ask for daily assurance statements'),
});

export const completeActionSchema = z.object({ actionId: uuid('Select an action') });

const yesNo = (message: string) => z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean({ error: message }));

/** A provider's daily assurance statement (page and API). */
export const statementSchema = z.object({
  statementOn: requiredDate('the day the statement is about'),
  careDelivered: yesNo('Select whether all planned care was delivered'),
  staffingSafe: yesNo('Select whether staffing was safe'),
  missedCalls: required(optionalWholeNumber('Missed or late calls', 10000), 'Enter the number of missed or late calls, 0 if none'),
  concerns: optionalText('Concerns', 2000),
});
export type StatementInput = z.output<typeof statementSchema>;
