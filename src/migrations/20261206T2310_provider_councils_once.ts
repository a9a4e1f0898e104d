import { sql, type Kysely } from 'kysely';

/**
 * A provider's users: the councils they provide for, worked out once a statement (issue 16), as
 * 20261206T2300 did for the providers and services they run.
 *
 * The policies on frameworks (and their versions, domains, standards and questions), return settings and
 * templates and fee band schedules let a provider's users read those of the councils they provide for, by
 * app_provides_for(council_id) for every row: each call looked through the council's services for one the
 * user's organisation runs. On the national demo a provider's assessments page spent 47 of its 57 ms of
 * database time on that, once for each assessment's framework version.
 *
 * app_provided_councils() is the councils of app_provided_services(), and the 8 policies below are the same
 * policies with `app_provides_for(x)` written
 * `(app_role() = 'provider' and x = any ((select app_provided_councils())::uuid[]))`. For anyone but a
 * provider's users the function answers an empty set at once. app_provides_for, like app_provides and
 * app_runs_provider, is no longer called by any policy; they stay as they were.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function app_provided_councils() returns uuid[] language plpgsql stable security definer set search_path = public as $$
declare
  v_ids uuid[];
begin
  if app_role() is distinct from 'provider' then
    return '{}';
  end if;
  select coalesce(array_agg(distinct s.council_id), '{}') into v_ids from services s where s.id = any (app_provided_services());
  return v_ids;
end
$$;

alter policy fee_band_schedules_provider_read on fee_band_schedules
  using ((app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[])));
alter policy framework_domains_read on framework_domains
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
alter policy framework_questions_read on framework_questions
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
alter policy framework_standards_read on framework_standards
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
alter policy framework_versions_read on framework_versions
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
alter policy frameworks_read on frameworks
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
alter policy return_settings_read on return_settings
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
alter policy return_templates_read on return_templates
  using (((app_is_council_staff() AND (council_id = app_org())) OR (app_role() = 'provider' and council_id = any ((select app_provided_councils())::uuid[]))));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}
