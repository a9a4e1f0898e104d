import { z } from 'zod';
import { blankToUndefined, checkbox } from '../core/forms.ts';
import { CARE_HOME_TYPES, CARE_HOME_TYPE_LABELS, type CareHomeType, type FeeBand } from './fee-band.rules.ts';

/** The bodies and queries of the fee-band pages and API, with GOV.UK-worded messages. */

const YEAR_MESSAGE = 'Enter the financial year, like 2026 for 2026/27';
export const yearSchema = z.coerce.number({ error: YEAR_MESSAGE }).int({ error: YEAR_MESSAGE }).min(2000, { error: 'The financial year must be 2000 or later' }).max(2100, { error: 'The financial year must be 2100 or earlier' });

/** `?year=2026&format=csv`: the financial year by the calendar year it starts in (this year's without one). */
export const feeBandsQuerySchema = z.object({ year: z.preprocess(blankToUndefined, yearSchema.optional()), format: z.enum(['json', 'csv', 'xlsx'], { error: 'Choose json, csv or xlsx' }).optional() });

const fee = (what: string) => z.number({ error: `Enter the weekly fee of ${what} in pounds` }).min(0, { error: `The weekly fee of ${what} must be 0 or more` }).max(100000, { error: `The weekly fee of ${what} must be £100,000 or less` });
const percent = z.number({ error: 'Enter the lowest overall percent of the band' }).min(0, { error: 'The lowest percent must be between 0 and 100' }).max(100, { error: 'The lowest percent must be between 0 and 100' });

const bandSchema = z.object({
  key: z.string({ error: 'Enter the band’s key, like 1' }).trim().regex(/^[A-Za-z0-9_-]{1,20}$/, { error: 'The band’s key must be 1 to 20 letters, numbers, hyphens or underscores' }),
  label: z.string({ error: 'Enter the band’s name' }).trim().min(1, { error: 'Enter the band’s name' }).max(100, { error: 'The band’s name must be 100 characters or fewer' }),
  weeklyFee: fee('the band'),
  minPercent: percent,
  weeklyFees: z.partialRecord(z.enum(CARE_HOME_TYPES, { error: `Care-home types are ${CARE_HOME_TYPES.join(', ')}` }), fee('the type of home')).optional(),
});

export const gatesSchema = z.object({
  suspendedCapsAtLowest: z.boolean({ error: 'Say whether a suspended home is capped at the lowest band' }),
  cqcInadequateCapsAtLowest: z.boolean({ error: 'Say whether a home CQC rates Inadequate is capped at the lowest band' }),
  noAuditKeepsLastYear: z.boolean({ error: 'Say whether a home without an audit keeps last year’s band' }),
});

/** PUT /api/v1/fee-band-schemes/{year}. */
export const schemeSchema = z.object({
  bands: z.array(bandSchema, { error: 'Give the bands as a list' }).min(1, { error: 'Give at least one band' }).max(10, { error: 'Give at most 10 bands' }),
  gates: gatesSchema,
});

/** POST /api/v1/fee-bands/{serviceId}/override, and the override form. */
export const overrideSchema = z.object({
  year: yearSchema,
  band: z.string({ error: 'Choose a band' }).trim().min(1, { error: 'Choose a band' }).max(20, { error: 'Choose one of the year’s bands' }),
  reason: z.string({ error: 'Enter why the home gets this band' }).trim().min(1, { error: 'Enter why the home gets this band' }).max(2000, { error: 'The reason must be 2000 characters or fewer' }),
});

export const yearBodySchema = z.object({ year: yearSchema });

/** The rows of the scheme form: up to this many bands. */
export const FORM_ROWS = 6;

const formNumber = (message: string) => z.preprocess((v) => (typeof v === 'string' ? v.replace(/[£,\s%]/g, '') : v), z.preprocess(blankToUndefined, z.coerce.number({ error: message }).optional()));

/** The scheme form: rows `label1`, `minPercent1`, `weeklyFee1`, `fee1_nursing` …; blank rows are left out. */
export const schemeFormSchema = z
  .object({
    year: yearSchema,
    suspendedCapsAtLowest: checkbox(),
    cqcInadequateCapsAtLowest: checkbox(),
    noAuditKeepsLastYear: checkbox(),
    ...Object.fromEntries(
      Array.from({ length: FORM_ROWS }, (_, i) => i + 1).flatMap((n) => [
        [`key${n}`, z.preprocess(blankToUndefined, z.string().trim().regex(/^[A-Za-z0-9_-]{1,20}$/).optional())],
        [`label${n}`, z.preprocess(blankToUndefined, z.string().trim().max(100, { error: `The name of band ${n} must be 100 characters or fewer` }).optional())],
        [`minPercent${n}`, formNumber(`Enter the lowest percent of band ${n} as a number, like 65`)],
        [`weeklyFee${n}`, formNumber(`Enter the weekly fee of band ${n} in pounds, like 612.50`)],
        ...CARE_HOME_TYPES.map((t) => [`fee${n}_${t}`, formNumber(`Enter the ${CARE_HOME_TYPE_LABELS[t].toLowerCase()} fee of band ${n} in pounds, like 612.50`)]),
      ]),
    ),
  })
  .transform((form, ctx) => {
    const f = form;
    const bands: FeeBand[] = [];
    for (let n = 1; n <= FORM_ROWS; n++) {
      const label = f[`label${n}`] as string | undefined;
      const minPercent = f[`minPercent${n}`] as number | undefined;
      const weeklyFee = f[`weeklyFee${n}`] as number | undefined;
      const fees = Object.fromEntries(CARE_HOME_TYPES.map((t) => [t, f[`fee${n}_${t}`] as number | undefined]).filter(([, v]) => v !== undefined)) as Partial<Record<CareHomeType, number>>;
      if (label === undefined && minPercent === undefined && weeklyFee === undefined && !Object.keys(fees).length) continue;
      if (label === undefined) ctx.addIssue({ code: 'custom', path: [`label${n}`], message: `Enter the name of band ${n}` });
      if (minPercent === undefined || minPercent < 0 || minPercent > 100) ctx.addIssue({ code: 'custom', path: [`minPercent${n}`], message: `Enter the lowest percent of band ${n}, from 0 to 100` });
      if (weeklyFee === undefined || weeklyFee < 0 || weeklyFee > 100000) ctx.addIssue({ code: 'custom', path: [`weeklyFee${n}`], message: `Enter the weekly fee of band ${n} in pounds, from 0 to 100,000` });
      bands.push({ key: (f[`key${n}`] as string | undefined) ?? String(n), label: label ?? '', minPercent: minPercent ?? 0, weeklyFee: weeklyFee ?? 0, ...(Object.keys(fees).length ? { weeklyFees: fees } : {}) });
    }
    if (!bands.length) ctx.addIssue({ code: 'custom', path: ['label1'], message: 'Enter at least one band' });
    const gates = { suspendedCapsAtLowest: f.suspendedCapsAtLowest === true, cqcInadequateCapsAtLowest: f.cqcInadequateCapsAtLowest === true, noAuditKeepsLastYear: f.noAuditKeepsLastYear === true };
    return { year: f.year as number, bands, gates };
  });
