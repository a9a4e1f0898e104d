import { sql, type Kysely } from 'kysely';
import { DEFAULT_FRAMEWORKS } from './20261123T1740_assessments.defaults.ts';

const CATEGORIES = `array['care_home_older_people', 'care_home_adults_with_disabilities', 'home_care', 'supported_living',
  'extra_care', 'day_services_older_people', 'day_opportunities_adults_with_disabilities']::text[]`;

/**
 * Quality assessments against configurable frameworks.
 *
 * Frameworks are per council and versioned: a version is edited as a draft, then published and never
 * changed again (the database refuses it), so an assessment always keeps the questions it was made with.
 * Two built-in templates (council_id null, read by nobody through the application) are copied to every
 * council when it is created. Questions and domains carry a lineage id that survives new versions, so
 * answers can be compared across versions.
 *
 * Assessments go draft → completed (shared with the provider for factual accuracy) → published (locked).
 * A correction is a new assessment that supersedes a published one. Evidence lives apart from answers
 * so that row-level security can withhold confidential evidence from everyone but the council's assessors.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
create function app_assesses() returns boolean language sql stable as
  $$ select app_role() in ('admin', 'commissioner', 'officer') $$;

-- Whether the acting user is a provider user of the organisation that runs the service.
create function app_provides(service uuid) returns boolean language sql stable security definer set search_path = public as
  $$ select app_role() = 'provider' and exists (
       select 1 from services s join providers p on p.id = s.provider_id where s.id = service and p.org_id = app_org()) $$;

-- Whether the acting provider user runs any service for the council (so may read its frameworks).
create function app_provides_for(council uuid) returns boolean language sql stable security definer set search_path = public as
  $$ select app_role() = 'provider' and exists (
       select 1 from services s join providers p on p.id = s.provider_id where s.council_id = council and p.org_id = app_org()) $$;

create table frameworks (
  id uuid primary key default gen_random_uuid(),
  council_id uuid references organisations (id),
  template_key text unique,
  based_on_template text,
  scoring text not null check (scoring in ('percentage', 'rating')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((council_id is null) = (template_key is not null))
);
create index frameworks_council_idx on frameworks (council_id);

create table framework_versions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid references organisations (id),
  framework_id uuid not null references frameworks (id),
  version integer not null check (version >= 1),
  name text not null check (length(name) between 1 and 200),
  description text check (length(description) <= 2000),
  categories text[] not null default '{}' check (categories <@ ${sql.raw(CATEGORIES)}),
  requires_improvement_label text not null default 'Requires improvement'
    check (requires_improvement_label in ('Requires improvement', 'Adequate')),
  status text not null default 'draft' check (status in ('draft', 'published')),
  change_note text check (length(change_note) <= 2000),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz,
  published_by uuid references users (id),
  unique (framework_id, version),
  check ((status = 'published') = (published_at is not null))
);
create unique index framework_versions_one_draft on framework_versions (framework_id) where status = 'draft';

create table framework_domains (
  id uuid primary key default gen_random_uuid(),
  council_id uuid references organisations (id),
  version_id uuid not null references framework_versions (id) on delete cascade,
  lineage_id uuid not null default gen_random_uuid(),
  position integer not null,
  name text not null check (length(name) between 1 and 200),
  description text check (length(description) <= 2000),
  unique (version_id, lineage_id)
);
create index framework_domains_version_idx on framework_domains (version_id, position);

create table framework_standards (
  id uuid primary key default gen_random_uuid(),
  council_id uuid references organisations (id),
  version_id uuid not null references framework_versions (id) on delete cascade,
  domain_id uuid not null references framework_domains (id) on delete cascade,
  position integer not null,
  name text not null check (length(name) between 1 and 300)
);
create index framework_standards_domain_idx on framework_standards (domain_id, position);

create table framework_questions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid references organisations (id),
  version_id uuid not null references framework_versions (id) on delete cascade,
  domain_id uuid not null references framework_domains (id) on delete cascade,
  standard_id uuid not null references framework_standards (id) on delete cascade,
  lineage_id uuid not null default gen_random_uuid(),
  position integer not null,
  text text not null check (length(text) between 1 and 1000),
  guidance text check (length(guidance) <= 4000),
  weight numeric(6, 2) not null default 1 check (weight > 0 and weight <= 100),
  unique (version_id, lineage_id)
);
create index framework_questions_standard_idx on framework_questions (standard_id, position);
create index framework_questions_version_idx on framework_questions (version_id);

-- A published version is frozen: its content can be neither changed, added to nor removed.
create function framework_version_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status = 'published' then
      raise exception 'a published framework version cannot be deleted' using errcode = 'check_violation';
    end if;
    return old;
  end if;
  if old.status = 'published' then
    raise exception 'a published framework version cannot be changed: create a new version' using errcode = 'check_violation';
  end if;
  if new.framework_id <> old.framework_id or new.council_id is distinct from old.council_id or new.version <> old.version then
    raise exception 'a framework version cannot be moved or renumbered' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger framework_versions_guard before update or delete on framework_versions
  for each row execute function framework_version_guard();

create function framework_content_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  version_status text;
begin
  select status into version_status from framework_versions where id = coalesce(new.version_id, old.version_id);
  if version_status = 'published' then
    raise exception 'a published framework version cannot be changed: create a new version' using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' and new.version_id <> old.version_id then
    raise exception 'framework content cannot move between versions' using errcode = 'check_violation';
  end if;
  return coalesce(new, old);
end $$;

-- Copies the domains, standards and questions of one version into another (a new draft, or a council's
-- copy of a template), keeping each domain's and question's lineage.
create function copy_framework_content(from_version uuid, to_version uuid, to_council uuid) returns void
  language plpgsql as $$
declare
  d record;
  s record;
  new_domain uuid;
  new_standard uuid;
begin
  for d in select * from framework_domains where version_id = from_version order by position loop
    insert into framework_domains (council_id, version_id, lineage_id, position, name, description)
      values (to_council, to_version, d.lineage_id, d.position, d.name, d.description) returning id into new_domain;
    for s in select * from framework_standards where domain_id = d.id order by position loop
      insert into framework_standards (council_id, version_id, domain_id, position, name)
        values (to_council, to_version, new_domain, s.position, s.name) returning id into new_standard;
      insert into framework_questions (council_id, version_id, domain_id, standard_id, lineage_id, position, text, guidance, weight)
        select to_council, to_version, new_domain, new_standard, q.lineage_id, q.position, q.text, q.guidance, q.weight
        from framework_questions q where q.standard_id = s.id order by q.position;
    end loop;
  end loop;
end $$;

-- Gives a council its own published copy of each template it does not have yet.
create function provide_default_frameworks(council uuid) returns void
  language plpgsql security definer set search_path = public as $$
declare
  t record;
  new_framework uuid;
  new_version uuid;
begin
  for t in
    select f.template_key, f.scoring, v.id as version_id, v.name, v.description, v.categories, v.requires_improvement_label
    from frameworks f
    join lateral (select * from framework_versions fv where fv.framework_id = f.id and fv.status = 'published'
                  order by fv.version desc limit 1) v on true
    where f.council_id is null
      and not exists (select 1 from frameworks own where own.council_id = council and own.based_on_template = f.template_key)
    order by f.template_key
  loop
    insert into frameworks (council_id, based_on_template, scoring) values (council, t.template_key, t.scoring)
      returning id into new_framework;
    insert into framework_versions (council_id, framework_id, version, name, description, categories,
        requires_improvement_label, change_note)
      values (council, new_framework, 1, t.name, t.description, t.categories, t.requires_improvement_label,
        'The default framework supplied with Care Oversight.')
      returning id into new_version;
    perform copy_framework_content(t.version_id, new_version, council);
    update framework_versions set status = 'published', published_at = now() where id = new_version;
  end loop;
end $$;

create function organisations_default_frameworks() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if new.kind = 'council' then
    perform provide_default_frameworks(new.id);
  end if;
  return null;
end $$;

create table assessment_settings (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null unique references organisations (id),
  factual_accuracy_days integer not null default 14 check (factual_accuracy_days between 0 and 90),
  updated_by uuid references users (id),
  updated_at timestamptz not null default now()
);

create table assessments (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  framework_version_id uuid not null references framework_versions (id),
  kind text not null check (kind in ('full', 'self')),
  status text not null default 'draft' check (status in ('draft', 'completed', 'published')),
  visited_on date,
  created_by uuid not null references users (id),
  created_by_org_id uuid not null references organisations (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  completed_by uuid references users (id),
  completed_on date,
  review_ends_on date,
  published_at timestamptz,
  published_by uuid references users (id),
  published_on date,
  published_during_review boolean not null default false,
  version integer not null default 1 check (version >= 1),
  supersedes_id uuid unique references assessments (id),
  correction_reason text check (length(correction_reason) between 1 and 2000),
  overall_band text check (overall_band in ('excellent', 'good', 'requires_improvement', 'poor')),
  overall_percent double precision,
  domain_scores jsonb not null default '[]',
  check (kind = 'full' or (status <> 'published' and supersedes_id is null)),
  check ((supersedes_id is null) = (correction_reason is null)),
  check ((supersedes_id is null) = (version = 1)),
  check ((status = 'draft') = (completed_at is null)),
  check ((status = 'draft') = (completed_on is null)),
  check ((status = 'published') = (published_at is not null)),
  check ((status = 'published') = (published_on is not null))
);
create index assessments_service_idx on assessments (service_id, created_at desc);
create index assessments_council_status_idx on assessments (council_id, status, published_on);

create function assessments_insert_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  service_council uuid;
  version_council uuid;
  version_status text;
  superseded record;
begin
  select council_id into service_council from services where id = new.service_id;
  select council_id, status into version_council, version_status from framework_versions where id = new.framework_version_id;
  if service_council is distinct from new.council_id then
    raise exception 'an assessment belongs to the council of its service' using errcode = 'check_violation';
  end if;
  if version_council is distinct from new.council_id or version_status <> 'published' then
    raise exception 'an assessment uses a published framework version of its own council' using errcode = 'check_violation';
  end if;
  if new.status <> 'draft' then
    raise exception 'an assessment starts as a draft' using errcode = 'check_violation';
  end if;
  if new.supersedes_id is not null then
    select * into superseded from assessments where id = new.supersedes_id;
    if superseded.status is distinct from 'published' or superseded.service_id <> new.service_id
       or superseded.kind <> new.kind or new.version <> superseded.version + 1 then
      raise exception 'a correction supersedes a published assessment of the same service, as its next version'
        using errcode = 'check_violation';
    end if;
  end if;
  return new;
end $$;
create trigger assessments_insert_guard before insert on assessments
  for each row execute function assessments_insert_guard();

-- Published assessments are locked; status only moves forward; only managers publish.
create function assessments_update_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    if old.status <> 'draft' then
      raise exception 'only a draft assessment can be deleted' using errcode = 'check_violation';
    end if;
    return old;
  end if;
  if old.status = 'published' then
    raise exception 'a published assessment is locked: correct it with a new version' using errcode = 'check_violation';
  end if;
  if new.service_id <> old.service_id or new.council_id <> old.council_id or new.kind <> old.kind
     or new.framework_version_id <> old.framework_version_id or new.supersedes_id is distinct from old.supersedes_id
     or new.version <> old.version or new.created_by <> old.created_by then
    raise exception 'an assessment cannot be moved to another service, framework or version' using errcode = 'check_violation';
  end if;
  if not ((old.status = new.status and (old.status = 'draft' or old.kind = 'full'))
          or (old.status = 'draft' and new.status = 'completed')
          or (old.status = 'completed' and new.status = 'published')) then
    raise exception 'an assessment cannot go from % to %', old.status, new.status using errcode = 'check_violation';
  end if;
  if new.status = 'published' and app_role() is not null and app_role() not in ('commissioner', 'admin') then
    raise exception 'only a commissioner or administrator can publish an assessment' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;
create trigger assessments_update_guard before update or delete on assessments
  for each row execute function assessments_update_guard();

create table assessment_answers (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  assessment_id uuid not null references assessments (id) on delete cascade,
  question_id uuid not null references framework_questions (id),
  answer text not null check (answer in ('met', 'partly_met', 'not_met', 'excellent', 'good', 'requires_improvement',
    'poor', 'not_applicable')),
  answered_by uuid references users (id),
  updated_at timestamptz not null default now(),
  unique (assessment_id, question_id)
);

create table assessment_evidence (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  assessment_id uuid not null references assessments (id) on delete cascade,
  question_id uuid not null references framework_questions (id),
  body text check (length(body) <= 5000),
  source text check (source in ('observation', 'people_using_the_service', 'staff', 'records', 'policy', 'other')),
  confidential boolean not null default false,
  recorded_by uuid references users (id),
  updated_at timestamptz not null default now(),
  unique (assessment_id, question_id),
  check (body is not null or source is not null)
);

-- Answers and evidence change only while their assessment may change, belong to its council, and
-- answer questions of its framework version.
create function assessment_content_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  a record;
  scoring_method text;
begin
  select status, kind, council_id, framework_version_id into a from assessments where id = coalesce(new.assessment_id, old.assessment_id);
  if a.status = 'published' or (a.status = 'completed' and a.kind = 'self') then
    raise exception 'this assessment is locked' using errcode = 'check_violation';
  end if;
  if tg_op <> 'DELETE' then
    if tg_op = 'UPDATE' and (new.assessment_id <> old.assessment_id or new.question_id <> old.question_id) then
      raise exception 'an answer cannot move to another assessment or question' using errcode = 'check_violation';
    end if;
    if new.council_id <> a.council_id
       or not exists (select 1 from framework_questions q where q.id = new.question_id and q.version_id = a.framework_version_id) then
      raise exception 'the question is not part of this assessment’s framework' using errcode = 'check_violation';
    end if;
    if tg_table_name = 'assessment_answers' then
      select f.scoring into scoring_method from framework_versions v join frameworks f on f.id = v.framework_id
        where v.id = a.framework_version_id;
      if not ((to_jsonb(new) ->> 'answer') = any (case when scoring_method = 'percentage'
            then array['met', 'partly_met', 'not_met', 'not_applicable']
            else array['excellent', 'good', 'requires_improvement', 'poor', 'not_applicable'] end)) then
        raise exception 'the answer does not fit the framework’s % scoring', scoring_method using errcode = 'check_violation';
      end if;
    end if;
  end if;
  return coalesce(new, old);
end $$;

create table assessment_comments (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  assessment_id uuid not null references assessments (id) on delete cascade,
  author_user_id uuid not null references users (id),
  author_org_id uuid not null references organisations (id),
  kind text not null default 'comment' check (kind in ('comment', 'accuracy_confirmed')),
  domain_id uuid references framework_domains (id),
  body text check (length(body) between 1 and 5000),
  created_at timestamptz not null default now(),
  check (kind = 'accuracy_confirmed' or body is not null)
);
create index assessment_comments_assessment_idx on assessment_comments (assessment_id, created_at);
`.execute(db);

  for (const table of ['framework_domains', 'framework_standards', 'framework_questions']) {
    await sql`create trigger ${sql.raw(`${table}_guard`)} before insert or update or delete on ${sql.table(table)}
      for each row execute function framework_content_guard()`.execute(db);
  }
  for (const table of ['assessment_answers', 'assessment_evidence']) {
    await sql`create trigger ${sql.raw(`${table}_guard`)} before insert or update or delete on ${sql.table(table)}
      for each row execute function assessment_content_guard()`.execute(db);
  }
  const audited = ['frameworks', 'framework_versions', 'framework_domains', 'framework_standards', 'framework_questions',
    'assessment_settings', 'assessments', 'assessment_answers', 'assessment_evidence', 'assessment_comments'];
  for (const table of audited) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
  }
  for (const table of ['frameworks', 'framework_versions', 'assessment_settings', 'assessments', 'assessment_answers', 'assessment_evidence']) {
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }

  await sql`
alter table frameworks enable row level security;
alter table framework_versions enable row level security;
alter table framework_domains enable row level security;
alter table framework_standards enable row level security;
alter table framework_questions enable row level security;
alter table assessment_settings enable row level security;
alter table assessments enable row level security;
alter table assessment_answers enable row level security;
alter table assessment_evidence enable row level security;
alter table assessment_comments enable row level security;

grant select, insert, update on frameworks, framework_versions, assessment_settings, assessments to care_app;
grant select, insert, update, delete on framework_domains, framework_standards, framework_questions,
  assessment_answers, assessment_evidence to care_app;
grant delete on framework_versions to care_app;
grant select, insert on assessment_comments to care_app;
grant execute on function copy_framework_content(uuid, uuid, uuid) to care_app;

-- Frameworks: read by the council's own staff and by providers with a service in the council; written by
-- its administrators. Templates (council_id null) are read by no application role.
create policy frameworks_read on frameworks for select to care_app
  using ((app_is_council_staff() and council_id = app_org()) or app_provides_for(council_id));
create policy frameworks_admin_insert on frameworks for insert to care_app
  with check (app_role() = 'admin' and council_id = app_org());
create policy frameworks_admin_update on frameworks for update to care_app
  using (app_role() = 'admin' and council_id = app_org()) with check (council_id = app_org());
-- Only a framework left with no version at all (its first draft discarded) can be removed.
grant delete on frameworks to care_app;
create policy frameworks_admin_delete on frameworks for delete to care_app
  using (app_role() = 'admin' and council_id = app_org()
         and not exists (select 1 from framework_versions v where v.framework_id = frameworks.id));
`.execute(db);

  for (const table of ['framework_versions', 'framework_domains', 'framework_standards', 'framework_questions']) {
    await sql`create policy ${sql.raw(`${table}_read`)} on ${sql.table(table)} for select to care_app
      using ((app_is_council_staff() and council_id = app_org()) or app_provides_for(council_id))`.execute(db);
    await sql`create policy ${sql.raw(`${table}_admin_write`)} on ${sql.table(table)} for all to care_app
      using (app_role() = 'admin' and council_id = app_org()) with check (app_role() = 'admin' and council_id = app_org())`.execute(db);
  }

  await sql`
create policy assessment_settings_read on assessment_settings for select to care_app
  using (app_is_council_staff() and council_id = app_org());
create policy assessment_settings_admin_insert on assessment_settings for insert to care_app
  with check (app_role() = 'admin' and council_id = app_org());
create policy assessment_settings_admin_update on assessment_settings for update to care_app
  using (app_role() = 'admin' and council_id = app_org()) with check (council_id = app_org());

-- Assessments: the council's assessors see all of its own; placing officers see published ones; a
-- provider sees its own services' self-assessments and full assessments once shared (completed or published).
create policy assessments_assessor_read on assessments for select to care_app
  using (app_assesses() and council_id = app_org());
create policy assessments_placer_read on assessments for select to care_app
  using (app_role() = 'placer' and council_id = app_org() and status = 'published');
create policy assessments_provider_read on assessments for select to care_app
  using (app_provides(service_id) and (kind = 'self' or status in ('completed', 'published')));
create policy assessments_assessor_insert on assessments for insert to care_app
  with check (app_assesses() and council_id = app_org() and kind = 'full' and created_by = app_user() and created_by_org_id = app_org());
create policy assessments_provider_insert on assessments for insert to care_app
  with check (app_provides(service_id) and kind = 'self' and created_by = app_user() and created_by_org_id = app_org());
create policy assessments_assessor_update on assessments for update to care_app
  using (app_assesses() and council_id = app_org() and kind = 'full') with check (council_id = app_org());
create policy assessments_provider_update on assessments for update to care_app
  using (app_provides(service_id) and kind = 'self') with check (app_provides(service_id) and kind = 'self');
create policy assessments_draft_delete on assessments for delete to care_app
  using (status = 'draft' and ((app_assesses() and council_id = app_org() and kind = 'full')
                               or (app_provides(service_id) and kind = 'self')));
grant delete on assessments to care_app;
`.execute(db);

  // Answers and evidence: visible with their assessment, written by whoever may change the assessment.
  for (const table of ['assessment_answers', 'assessment_evidence']) {
    const readable = table === 'assessment_evidence'
      ? sql`(app_assesses() and council_id = app_org())
            or (not confidential and exists (select 1 from assessments a where a.id = assessment_id))`
      : sql`exists (select 1 from assessments a where a.id = assessment_id)`;
    await sql`create policy ${sql.raw(`${table}_read`)} on ${sql.table(table)} for select to care_app using (${readable})`.execute(db);
    await sql`create policy ${sql.raw(`${table}_write`)} on ${sql.table(table)} for all to care_app
      using (exists (select 1 from assessments a where a.id = assessment_id
               and ((app_assesses() and a.council_id = app_org() and a.kind = 'full') or (app_provides(a.service_id) and a.kind = 'self'))))
      with check (exists (select 1 from assessments a where a.id = assessment_id and a.council_id = ${sql.table(table)}.council_id
               and ((app_assesses() and a.council_id = app_org() and a.kind = 'full') or (app_provides(a.service_id) and a.kind = 'self'))))`.execute(db);
  }

  await sql`
-- The factual-accuracy conversation: the council's assessors and the provider of the service.
create policy assessment_comments_read on assessment_comments for select to care_app
  using ((app_assesses() and council_id = app_org())
         or (app_role() = 'provider' and exists (select 1 from assessments a where a.id = assessment_id)));
create policy assessment_comments_insert on assessment_comments for insert to care_app
  with check (author_user_id = app_user() and author_org_id = app_org() and exists (
    select 1 from assessments a where a.id = assessment_id and a.council_id = assessment_comments.council_id and a.kind = 'full'
      and ((app_assesses() and a.council_id = app_org() and a.status <> 'draft')
           or (app_provides(a.service_id) and a.status = 'completed'))));
`.execute(db);

  await loadTemplates(db);
  await sql`create trigger organisations_default_frameworks after insert on organisations
    for each row execute function organisations_default_frameworks()`.execute(db);
  await sql`select provide_default_frameworks(id) from organisations where kind = 'council'`.execute(db);
}

async function loadTemplates(db: Kysely<any>) {
  for (const template of DEFAULT_FRAMEWORKS) {
    const framework = await db
      .insertInto('frameworks')
      .values({ template_key: template.key, scoring: template.scoring })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await db
      .insertInto('framework_versions')
      .values({
        framework_id: framework.id,
        version: 1,
        name: template.name,
        description: template.description,
        categories: sql`${sql.val(template.categories)}::text[]`,
        change_note: 'The default framework supplied with Care Oversight.',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [d, domain] of template.domains.entries()) {
      const domainRow = await db
        .insertInto('framework_domains')
        .values({ version_id: version.id, position: d + 1, name: domain.name, description: domain.description })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [s, standard] of domain.standards.entries()) {
        const standardRow = await db
          .insertInto('framework_standards')
          .values({ version_id: version.id, domain_id: domainRow.id, position: s + 1, name: standard.name })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('framework_questions')
          .values(
            standard.questions.map((q, i) => ({
              version_id: version.id,
              domain_id: domainRow.id,
              standard_id: standardRow.id,
              position: i + 1,
              text: q.text,
              guidance: q.guidance,
              weight: q.weight ?? 1,
            })),
          )
          .execute();
      }
    }
    await db.updateTable('framework_versions').set({ status: 'published', published_at: sql`now()` }).where('id', '=', version.id).execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}
