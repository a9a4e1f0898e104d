import { z } from 'zod';
import { asList, blankToUndefined } from '../core/forms.ts';
import { SHARED_THINGS, type SharedThing } from './status.rules.ts';

/** The schemas of the Live Status List's search, the alerts inbox and sharing, with GOV.UK-worded messages. */

/** A search of the live status: the list page, its CSV and the API. */
export const searchSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().max(100, { error: 'Search text must be 100 characters or fewer' }).optional()),
  postcode: z.preprocess(
    blankToUndefined,
    z.string().regex(/^[A-Za-z0-9 ]{1,8}$/, { error: 'Enter a postcode or the start of one, like SG13 or SG13 8DQ' }).optional(),
  ),
  cqcLocationId: z.preprocess(blankToUndefined, z.string().regex(/^1-\d{3,12}$/, { error: 'Enter a CQC location ID in the correct format, like 1-123456789' }).optional()),
  concernsOnly: z.preprocess((v) => v === 'true' || v === 'yes' || v === true, z.boolean()).optional(),
  limit: z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : blankToUndefined(v)),
    z.number({ error: 'limit must be a whole number from 1 to 500' }).int().min(1, { error: 'limit must be a whole number from 1 to 500' }).max(500, { error: 'limit must be a whole number from 1 to 500' }).optional(),
  ),
  cursor: z.preprocess(blankToUndefined, z.string().max(500).optional()),
});
export type SearchInput = z.output<typeof searchSchema>;

/** `?page=N` of a list: anything else is the first page. */
const pageNumber = z.preprocess((v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : 1), z.number());
/** A query parameter given once, as text; anything else is as if it were not there. */
const word = z.preprocess((v) => (typeof v === 'string' ? v : undefined), z.string().optional());

export const alertsPageQuery = z.object({ page: pageNumber, show: word, done: word });
export const alertsApiQuery = z.object({ page: pageNumber, unread: word });

/** The email alerts switch of the inbox: `email=yes` subscribes, anything else stops. */
export const alertEmailSchema = z.object({ email: z.preprocess((v) => v === 'yes', z.boolean()) });

const shareSchema = z.object({
  withOrgId: z.string({ error: 'Select the council or partner to share with' }).uuid({ error: 'Select the council or partner to share with' }),
  shares: z
    .array(z.enum(Object.keys(SHARED_THINGS) as [SharedThing]), { error: 'Select what to share' })
    .min(1, { error: 'Select what to share' }),
});
export type ShareInput = z.output<typeof shareSchema>;

/** The sharing page: an organisation from a select (its first option blank) and checkboxes of what to share. */
export const shareFormSchema = z.preprocess((posted) => {
  const form = (posted ?? {}) as Record<string, unknown>;
  return { withOrgId: form.withOrgId || undefined, shares: asList(form.shares) };
}, shareSchema);
