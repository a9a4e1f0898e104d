import { sql, type Kysely } from 'kysely';

/**
 * A provider's users: row-level security finds what they run once per statement, not once per row (issue 16).
 *
 * The policies that let a provider's users see and write their own records called app_provides(service_id)
 * or app_runs_provider(id) for every row they looked at, and each call walked the provider hierarchy again.
 * A list with no filter of its own checked every row in England that way: on the national demo a provider's
 * quality lead waited 8.9 s for the assessments page (75,533 assessments checked), 1.3 s for the home page
 * and 0.6 s for the services list.
 *
 * Two functions now say once what the user's organisation runs: app_run_providers(), its providers and
 * their subsidiaries (at most twenty levels down, as app_runs_provider looked at most twenty levels up), and
 * app_provided_services(), their services. The 18 policies below are the same policies with each
 * `app_provides(x)` written `(app_role() = 'provider' and x = any ((select app_provided_services())::uuid[]))`
 * and each `app_runs_provider(x)` written `(app_role() = 'provider' and x = any ((select app_run_providers())::uuid[]))`:
 * the same rows, with the set worked out once per statement (an uncorrelated sub-select) rather than per row,
 * which also lets the planner find a provider's rows by their service_id (or provider_id, id) index. A
 * statement may work the set out for anyone (an index scan needs it before it reads a row), so for everyone
 * but a provider's users the functions answer an empty set at once. app_provides and app_runs_provider are
 * left as they were (no policy calls them now).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create or replace function app_run_providers() returns uuid[] language plpgsql stable security definer set search_path = public as $$
declare
  v_ids uuid[];
begin
  -- asked of every statement on these tables (the policies' indexes need the set): nothing to work out for anyone else
  if app_role() is distinct from 'provider' then
    return '{}';
  end if;
  with recursive run (id, depth) as (
    select p.id, 0 from providers p where p.org_id = app_org()
    union
    select c.id, run.depth + 1 from providers c join run on c.parent_provider_id = run.id where run.depth < 20
  )
  select coalesce(array_agg(distinct id), '{}') into v_ids from run;
  return v_ids;
end
$$;
create or replace function app_provided_services() returns uuid[] language plpgsql stable security definer set search_path = public as $$
declare
  v_ids uuid[];
begin
  if app_role() is distinct from 'provider' then
    return '{}';
  end if;
  select coalesce(array_agg(s.id), '{}') into v_ids from services s where s.provider_id = any (app_run_providers());
  return v_ids;
end
$$;

alter policy action_plans_provider_read on action_plans
  using (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (shared_on IS NOT NULL)));
alter policy action_plans_provider_update on action_plans
  using (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (shared_on IS NOT NULL)))
  with check (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (shared_on IS NOT NULL)));
alter policy assessment_answers_write on assessment_answers
  using ((EXISTS ( SELECT 1 FROM assessments a WHERE ((a.id = assessment_answers.assessment_id) AND ((app_assesses() AND (a.council_id = app_org()) AND (a.kind = 'full'::text)) OR ((app_role() = 'provider' and a.service_id = any ((select app_provided_services())::uuid[])) AND (a.kind = 'self'::text)))))))
  with check ((EXISTS ( SELECT 1 FROM assessments a WHERE ((a.id = assessment_answers.assessment_id) AND (a.council_id = assessment_answers.council_id) AND ((app_assesses() AND (a.council_id = app_org()) AND (a.kind = 'full'::text)) OR ((app_role() = 'provider' and a.service_id = any ((select app_provided_services())::uuid[])) AND (a.kind = 'self'::text)))))));
alter policy assessment_comments_insert on assessment_comments
  with check (((author_user_id = app_user()) AND (author_org_id = app_org()) AND (EXISTS ( SELECT 1 FROM assessments a WHERE ((a.id = assessment_comments.assessment_id) AND (a.council_id = assessment_comments.council_id) AND (a.kind = 'full'::text) AND ((app_assesses() AND (a.council_id = app_org()) AND (a.status <> 'draft'::text)) OR ((app_role() = 'provider' and a.service_id = any ((select app_provided_services())::uuid[])) AND (a.status = 'completed'::text))))))));
alter policy assessment_evidence_write on assessment_evidence
  using ((EXISTS ( SELECT 1 FROM assessments a WHERE ((a.id = assessment_evidence.assessment_id) AND ((app_assesses() AND (a.council_id = app_org()) AND (a.kind = 'full'::text)) OR ((app_role() = 'provider' and a.service_id = any ((select app_provided_services())::uuid[])) AND (a.kind = 'self'::text)))))))
  with check ((EXISTS ( SELECT 1 FROM assessments a WHERE ((a.id = assessment_evidence.assessment_id) AND (a.council_id = assessment_evidence.council_id) AND ((app_assesses() AND (a.council_id = app_org()) AND (a.kind = 'full'::text)) OR ((app_role() = 'provider' and a.service_id = any ((select app_provided_services())::uuid[])) AND (a.kind = 'self'::text)))))));
alter policy assessments_draft_delete on assessments
  using (((status = 'draft'::text) AND ((app_assesses() AND (council_id = app_org()) AND (kind = 'full'::text)) OR ((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (kind = 'self'::text)))));
alter policy assessments_provider_insert on assessments
  with check (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (kind = 'self'::text) AND (created_by = app_user()) AND (created_by_org_id = app_org())));
alter policy assessments_provider_read on assessments
  using (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND ((kind = 'self'::text) OR (status = ANY (ARRAY['completed'::text, 'published'::text])))));
alter policy assessments_provider_update on assessments
  using (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (kind = 'self'::text)))
  with check (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (kind = 'self'::text)));
alter policy assurance_requests_provider_read on assurance_requests
  using ((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])));
alter policy assurance_statements_provider_insert on assurance_statements
  with check (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (submitted_by = app_user())));
alter policy assurance_statements_provider_read on assurance_statements
  using ((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])));
alter policy fee_band_schedule_items_provider_read on fee_band_schedule_items
  using ((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])));
alter policy providers_provider_read on providers
  using ((app_role() = 'provider' and id = any ((select app_run_providers())::uuid[])));
alter policy returns_provider_insert on returns
  with check (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (created_by = app_user()) AND (status = ANY (ARRAY['draft'::text, 'submitted'::text]))));
alter policy returns_provider_read on returns
  using ((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])));
alter policy returns_provider_update on returns
  using (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (status = 'draft'::text)))
  with check (((app_role() = 'provider' and service_id = any ((select app_provided_services())::uuid[])) AND (status = ANY (ARRAY['draft'::text, 'submitted'::text]))));
alter policy services_provider_read on services
  using ((app_role() = 'provider' and provider_id = any ((select app_run_providers())::uuid[])));
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}
