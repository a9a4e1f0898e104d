import { sql, type Kysely } from 'kysely';
import { DEFAULT_RETURN_TEMPLATES } from './20261206T0100_returns.defaults.ts';

const CATEGORIES = `array['care_home_older_people', 'care_home_adults_with_disabilities', 'home_care', 'supported_living',
  'extra_care', 'day_services_older_people', 'day_opportunities_adults_with_disabilities']::text[]`;

/**
 * Quarterly provider returns (issue 17).
 *
 * A return template is per council and versioned: each version lists its sections and typed questions (as
 * JSON: the questions are read whole, never queried one by one) and the financial quarter it applies from,
 * so a change applies from the next period and a return keeps the version it was answered on. Two built-in
 * templates (council_id null, read by no application role) are copied to every council when it is created.
 *
 * A return is one version of one service's answers for one financial quarter: the provider drafts and
 * submits it; the council queries it (the provider then answers a new version) or accepts it. Every
 * version is kept and audited; at most one version per service and quarter is not `queried`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_reads_returns() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;
create function app_reviews_returns() returns boolean language sql stable as
  $$ select app_role() in ('commissioner', 'officer') $$;

create table return_templates (
  id uuid primary key default gen_random_uuid(),
  council_id uuid references organisations (id),
  template_key text not null check (template_key ~ '^[a-z][a-z0-9_]{0,39}$'),
  version integer not null check (version >= 1),
  name text not null check (length(name) between 1 and 200),
  categories text[] not null check (categories <@ ${sql.raw(CATEGORIES)}),
  sections jsonb not null check (jsonb_typeof(sections) = 'array'),
  applies_from_year integer not null default 2000 check (applies_from_year between 2000 and 2100),
  applies_from_quarter integer not null default 1 check (applies_from_quarter between 1 and 4),
  created_by uuid references users (id),
  created_at timestamptz not null default now()
);
create unique index return_templates_version_idx on return_templates (coalesce(council_id, '00000000-0000-0000-0000-000000000000'::uuid), template_key, version);

create table returns (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  template_id uuid not null references return_templates (id),
  year integer not null check (year between 2000 and 2100),
  quarter integer not null check (quarter between 1 and 4),
  version integer not null check (version >= 1),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'queried', 'accepted')),
  answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
  flags jsonb not null default '[]' check (jsonb_typeof(flags) = 'array'),
  submitted_by uuid references users (id),
  submitted_by_name text check (length(submitted_by_name) between 1 and 200),
  submitted_at timestamptz,
  query_message text check (length(query_message) between 1 and 2000),
  queried_by uuid references users (id),
  queried_by_name text,
  queried_at timestamptz,
  accepted_by uuid references users (id),
  accepted_by_name text,
  accepted_at timestamptz,
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (service_id, year, quarter, version),
  check ((status = 'draft') = (submitted_at is null) and (submitted_at is null) = (submitted_by is null)),
  check ((status = 'queried') = (queried_at is not null) and (queried_at is null) = (query_message is null)),
  check ((status = 'accepted') = (accepted_at is not null))
);
-- The live version of a period: every earlier one was queried.
create unique index returns_one_live_idx on returns (service_id, year, quarter) where status <> 'queried';
create index returns_council_period_idx on returns (council_id, year, quarter);

-- A return belongs to its service's council and answers one of that council's templates; a version moves
-- only forward (draft → submitted → queried or accepted), and the council changes nothing but its decision.
create function returns_guard() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' then
    if new.council_id is distinct from (select council_id from services where id = new.service_id)
       or new.council_id is distinct from (select council_id from return_templates where id = new.template_id) then
      raise exception 'a return belongs to its service’s council and template' using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if (new.council_id, new.service_id, new.template_id, new.year, new.quarter, new.version, new.created_by)
     is distinct from (old.council_id, old.service_id, old.template_id, old.year, old.quarter, old.version, old.created_by) then
    raise exception 'a return cannot move to another service, period or version' using errcode = 'check_violation';
  end if;
  if not ((old.status = 'draft' and new.status in ('draft', 'submitted'))
          or (old.status = 'submitted' and new.status in ('queried', 'accepted'))) then
    raise exception 'a % return cannot become %', old.status, new.status using errcode = 'check_violation';
  end if;
  if old.status = 'submitted' and not only_changed(to_jsonb(old), to_jsonb(new),
       array['status', 'query_message', 'queried_by', 'queried_by_name', 'queried_at', 'accepted_by', 'accepted_by_name', 'accepted_at']) then
    raise exception 'a submitted return’s answers cannot change' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger returns_guard before insert or update on returns for each row execute function returns_guard();
create trigger returns_touch before update on returns for each row execute function touch_updated_at();
create trigger returns_audit after insert or update or delete on returns for each row execute function audit_row();
create trigger return_templates_audit after insert or update or delete on return_templates for each row execute function audit_row();

alter table return_templates enable row level security;
alter table returns enable row level security;
grant select, insert on return_templates to care_app;
grant select, insert, update on returns to care_app;

-- Templates: the council's staff and the providers with a service in the council read them; administrators
-- add versions. The built-ins (council_id null) are read by no application role.
create policy return_templates_read on return_templates for select to care_app
  using ((app_is_council_staff() and council_id = app_org()) or app_provides_for(council_id));
create policy return_templates_admin_insert on return_templates for insert to care_app
  with check (app_role() = 'admin' and council_id = app_org());

-- Returns: the council's officers, commissioners and administrators read its own once sent (a draft is the
-- provider's until then); the provider of the service reads, drafts and submits; officers and commissioners
-- query or accept what was submitted.
create policy returns_council_read on returns for select to care_app
  using (app_reads_returns() and council_id = app_org() and status <> 'draft');
create policy returns_provider_read on returns for select to care_app
  using (app_provides(service_id));
create policy returns_provider_insert on returns for insert to care_app
  with check (app_provides(service_id) and created_by = app_user() and status in ('draft', 'submitted'));
create policy returns_provider_update on returns for update to care_app
  using (app_provides(service_id) and status = 'draft')
  with check (app_provides(service_id) and status in ('draft', 'submitted'));
create policy returns_council_update on returns for update to care_app
  using (app_reviews_returns() and council_id = app_org() and status = 'submitted')
  with check (app_reviews_returns() and council_id = app_org() and status in ('queried', 'accepted'));

create function provide_default_return_templates(council uuid) returns void
  language sql security definer set search_path = public as $$
  insert into return_templates (council_id, template_key, version, name, categories, sections)
  select council, t.template_key, 1, t.name, t.categories, t.sections from return_templates t where t.council_id is null
$$;
create function organisations_default_return_templates() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if new.kind = 'council' then
    perform provide_default_return_templates(new.id);
  end if;
  return null;
end $$;
`.execute(db);

  for (const template of DEFAULT_RETURN_TEMPLATES) {
    await db
      .insertInto('return_templates')
      .values({ template_key: template.key, version: 1, name: template.name, categories: sql`${sql.val(template.categories)}::text[]`, sections: sql`${JSON.stringify(template.sections)}::jsonb` })
      .execute();
  }
  await sql`create trigger organisations_default_return_templates after insert on organisations
    for each row execute function organisations_default_return_templates()`.execute(db);
  await sql`select provide_default_return_templates(id) from organisations where kind = 'council'`.execute(db);
}
