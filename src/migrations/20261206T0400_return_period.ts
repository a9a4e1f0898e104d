import { sql, type Kysely } from 'kysely';

/**
 * A council's return period (issue 17): `quarterly` (the default), `half_yearly` (returns for financial Q2
 * and Q4) or `annual` (Q4). A change applies from the next period under the old setting: quarters before
 * `period_from_year`/`period_from_quarter` keep `previous_period`. Audited with the rest of return_settings.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
alter table return_settings
  add column period text not null default 'quarterly' check (period in ('quarterly', 'half_yearly', 'annual')),
  add column previous_period text check (previous_period in ('quarterly', 'half_yearly', 'annual')),
  add column period_from_year integer,
  add column period_from_quarter integer check (period_from_quarter between 1 and 4),
  add constraint return_settings_period_change check ((previous_period is null) = (period_from_year is null) and (previous_period is null) = (period_from_quarter is null));
`.execute(db);
}
