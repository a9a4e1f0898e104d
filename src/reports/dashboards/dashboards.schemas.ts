import { z } from 'zod';
import { optionalUuid, text } from '../../core/forms.ts';

/** The dashboards' filters (a GET form and the API's query) and the visits target form, GOV.UK-worded. */

const optional = z.preprocess((v) => {
  const t = text(v).trim();
  return t === '' ? undefined : t;
}, z.string().max(100, { error: 'Select a value from the list' }).optional());

export const dashboardQuery = z.object({
  category: optional,
  team: optional,
  leadOfficer: optionalUuid('Select a lead officer from the list'),
  period: optional,
  format: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['csv', 'xlsx', 'pdf'], { error: 'Choose CSV, XLSX or PDF' }).optional()),
});

export type DashboardQuery = z.output<typeof dashboardQuery>;

export const visitsTargetBody = z.object({
  visitsTarget: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : undefined),
    z
      .number({ error: 'Enter the number of visits each officer should make in a year' })
      .int({ error: 'Enter a whole number of visits' })
      .min(1, { error: 'The yearly target must be at least 1 visit' })
      .max(10000, { error: 'The yearly target must be 10,000 visits or fewer' }),
  ),
});
