import { z } from 'zod';
import { PERIOD_KINDS } from './period.rules.ts';

/** A council's settings for returns, on the settings page (typed text) and the API (JSON numbers and booleans). */
const months = z.coerce
  .number({ error: 'Select how long providers have to send a return' })
  .int({ error: 'Select how long providers have to send a return' })
  .min(1, { error: 'Select how long providers have to send a return' })
  .max(3, { error: 'Select how long providers have to send a return' });

const percent = (name: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim().replace(/%$/, '')) : v),
    z.coerce
      .number({ error: `Enter the ${name} as a number, like 20` })
      .min(0, { error: `The ${name} must be between 0 and 100` })
      .max(100, { error: `The ${name} must be between 0 and 100` }),
  );

const PERIOD_ERROR = 'Select how often providers send a return';

export const settingsFormSchema = z.object({
  period: z.enum(PERIOD_KINDS, { error: PERIOD_ERROR }),
  deadlineMonths: months,
  agencyHoursAbove: percent('agency hours threshold'),
  trainingMandatoryBelow: percent('mandatory training threshold'),
  flagNoRegisteredManager: z.enum(['yes', 'no'], { error: 'Select whether to flag a service with no registered manager in post' }).transform((v) => v === 'yes'),
});

export const settingsApiSchema = z.object({
  period: z.enum(PERIOD_KINDS, { error: 'Give the period as quarterly, half_yearly or annual' }).optional(),
  deadlineMonths: z.number({ error: 'Give the deadline in months, 1 to 3' }).int({ error: 'Give the deadline in months, 1 to 3' }).min(1, { error: 'Give the deadline in months, 1 to 3' }).max(3, { error: 'Give the deadline in months, 1 to 3' }),
  agencyHoursAbove: z.number({ error: 'Give the agency hours threshold, 0 to 100' }).min(0).max(100),
  trainingMandatoryBelow: z.number({ error: 'Give the mandatory training threshold, 0 to 100' }).min(0).max(100),
  flagNoRegisteredManager: z.boolean({ error: 'Give whether to flag no registered manager in post, true or false' }),
});
