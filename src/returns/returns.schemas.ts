import { z } from 'zod';

/** The bodies and queries of returns' pages and API, with GOV.UK-worded messages. */

const year = z.coerce
  .number({ error: 'Enter the financial year, like 2026 for 2026/27' })
  .int({ error: 'Enter the financial year, like 2026 for 2026/27' })
  .min(2000, { error: 'The financial year must be 2000 or later' })
  .max(2100, { error: 'The financial year must be 2100 or earlier' });
const quarter = z.coerce
  .number({ error: 'Enter the quarter, 1 to 4' })
  .int({ error: 'Enter the quarter, 1 to 4' })
  .min(1, { error: 'Enter the quarter, 1 to 4' })
  .max(4, { error: 'Enter the quarter, 1 to 4' });

/** POST /api/v1/services/{id}/returns. */
export const submitReturnSchema = z.object({
  year: z.number({ error: 'Enter the financial year, like 2026 for 2026/27' }).int().min(2000).max(2100),
  quarter: z.number({ error: 'Enter the quarter, 1 to 4' }).int({ error: 'Enter the quarter, 1 to 4' }).min(1, { error: 'Enter the quarter, 1 to 4' }).max(4, { error: 'Enter the quarter, 1 to 4' }),
  answers: z.record(z.string(), z.unknown(), { error: 'Give the answers as an object of keys and values' }),
});

/** A period in a query string or a start form (`?year=2026&quarter=2`); both or neither. */
export const periodQuerySchema = z.object({ year: year.optional(), quarter: quarter.optional(), format: z.enum(['json', 'csv']).optional() });
export const periodSchema = z.object({ year, quarter });

/** The council's question back to the provider. */
export const queryReturnSchema = z.object({
  message: z
    .string({ error: 'Enter your question for the provider' })
    .trim()
    .min(1, { error: 'Enter your question for the provider' })
    .max(2000, { error: 'Your question must be 2000 characters or fewer' }),
});

/** The declaration on the check-answers page. */
export const declarationSchema = z.object({
  declaration: z.literal('confirmed', { error: 'Confirm that the information is correct to the best of your knowledge' }),
});
