import { sql, type Kysely } from 'kysely';

/**
 * Action plans and visits.
 *
 * An action plan belongs to one completed or published full assessment. The council's assessors draft it
 * (one action per finding below the standard), edit it and share it; from then on the provider of the
 * service reads it, agrees it, reports progress on each of its actions and ticks off milestones; the
 * council verifies or rejects each update. A plan's actions and milestones change only while it is a
 * draft, so what the provider agreed is what it is held to. Visits (full, drop-in, support, follow-up,
 * joint, relatives' surgery) are the council's own record and are never shown to providers: an
 * unannounced visit must stay unannounced. Every table is audited.
 *
 * Names of the people who agreed a plan, reported on an action or decided an update are kept with the
 * record: each side reads it, but neither may read the other organisation's user list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
-- Whether only the named keys differ between two versions of a row (updated_at never counts).
create function only_changed(before jsonb, after jsonb, allowed text[]) returns boolean language sql immutable as
  $$ select (before - allowed - 'updated_at') = (after - allowed - 'updated_at') $$;

create table action_plans (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  assessment_id uuid not null unique references assessments (id),
  status text not null default 'draft'
    check (status in ('draft', 'shared', 'agreed', 'in_progress', 'completed', 'closed')),
  assessed_on date not null,
  shared_on date,
  shared_by uuid references users (id),
  agreed_on date,
  agreed_by uuid references users (id),
  agreed_by_name text,
  change_request text check (length(change_request) between 1 and 2000),
  change_requested_by uuid references users (id),
  change_requested_by_name text,
  change_requested_at timestamptz,
  completed_on date,
  closed_on date,
  closed_by uuid references users (id),
  close_reason text check (length(close_reason) between 1 and 2000),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((shared_on is null) = (shared_by is null)),
  check ((agreed_on is null) = (agreed_by is null)),
  check (status = 'draft' or status = 'closed' or shared_on is not null),
  check (status not in ('agreed', 'in_progress', 'completed') or agreed_on is not null),
  check ((status = 'completed') = (completed_on is not null)),
  check ((status = 'closed') = (closed_on is not null)),
  check ((closed_on is null) = (close_reason is null) and (closed_on is null) = (closed_by is null)),
  check ((change_request is null) = (change_requested_by is null) and (change_request is null) = (change_requested_at is null))
);
create index action_plans_council_status_idx on action_plans (council_id, status);
create index action_plans_service_idx on action_plans (service_id, created_at desc);

create table actions (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  plan_id uuid not null references action_plans (id),
  position integer not null check (position >= 1),
  question_id uuid references framework_questions (id),
  domain_id uuid not null references framework_domains (id),
  description text not null check (length(description) between 1 and 2000),
  owner_org text not null default 'provider' check (owner_org in ('provider', 'council')),
  owner_name text check (length(owner_name) between 1 and 200),
  due_on date not null,
  status text not null default 'open' check (status in ('open', 'in_progress', 'done', 'verified', 'rejected')),
  created_by uuid not null references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index actions_plan_idx on actions (plan_id, position);
create index actions_due_idx on actions (council_id, due_on) where status not in ('done', 'verified');

create table action_milestones (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  action_id uuid not null references actions (id) on delete cascade,
  description text not null check (length(description) between 1 and 500),
  due_on date not null,
  done_on date,
  done_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((done_on is null) = (done_by is null))
);
create index action_milestones_action_idx on action_milestones (action_id, due_on);

create table action_updates (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  action_id uuid not null references actions (id),
  author_user_id uuid not null references users (id),
  author_org_id uuid not null references organisations (id),
  author_name text not null,
  body text not null check (length(body) between 1 and 5000),
  reported_status text not null check (reported_status in ('in_progress', 'done')),
  created_at timestamptz not null default now(),
  decision text check (decision in ('verified', 'rejected')),
  decision_reason text check (length(decision_reason) between 1 and 2000),
  decided_by uuid references users (id),
  decided_by_name text,
  decided_at timestamptz,
  check ((decision is null) = (decided_by is null) and (decision is null) = (decided_at is null)),
  check (decision is distinct from 'rejected' or decision_reason is not null)
);
create index action_updates_action_idx on action_updates (action_id, created_at);
create index action_updates_pending_idx on action_updates (council_id) where decision is null;

create table visits (
  id uuid primary key default gen_random_uuid(),
  council_id uuid not null references organisations (id),
  service_id uuid not null references services (id),
  kind text not null check (kind in ('full', 'drop_in', 'support', 'follow_up', 'joint', 'relatives_surgery')),
  joint_with text[] not null default '{}' check (joint_with <@ array['cqc', 'health', 'social_care', 'other']::text[]),
  joint_detail text check (length(joint_detail) between 1 and 500),
  purpose text check (length(purpose) between 1 and 2000),
  due_by date,
  planned_on date,
  visited_on date,
  officer_id uuid references users (id),
  outcome text check (length(outcome) between 1 and 5000),
  assessment_id uuid references assessments (id),
  action_plan_id uuid references action_plans (id),
  cancelled_on date,
  cancel_reason text check (length(cancel_reason) between 1 and 2000),
  created_by uuid not null references users (id),
  recorded_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (due_by is not null or planned_on is not null or visited_on is not null),
  check (visited_on is null or cancelled_on is null),
  check ((cancelled_on is null) = (cancel_reason is null)),
  check ((visited_on is null) = (outcome is null) and (visited_on is null) = (recorded_by is null)),
  check (kind = 'joint' or (joint_with = '{}' and joint_detail is null)),
  check (kind <> 'joint' or joint_with <> '{}')
);
create index visits_service_idx on visits (service_id, coalesce(visited_on, planned_on, due_by) desc);
create index visits_open_idx on visits (council_id, coalesce(planned_on, due_by)) where visited_on is null and cancelled_on is null;
create index visits_council_visited_idx on visits (council_id, visited_on) where visited_on is not null;
-- One live update visit per action plan: the one planned when the plan was drafted, or its replacement.
create unique index visits_one_follow_up_per_plan on visits (action_plan_id) where kind = 'follow_up' and cancelled_on is null and action_plan_id is not null;

-- A plan is made for a completed or published full assessment of its own service and council, starts as a
-- draft, and keeps its place; the provider may only agree a shared plan, ask for changes to it, or move
-- an agreed plan into progress by reporting on it.
create function action_plans_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  a record;
begin
  if tg_op = 'INSERT' then
    select council_id, service_id, kind, status into a from assessments where id = new.assessment_id;
    if a.council_id is distinct from new.council_id or a.service_id is distinct from new.service_id then
      raise exception 'an action plan belongs to the council and service of its assessment' using errcode = 'check_violation';
    end if;
    if a.kind <> 'full' or a.status = 'draft' then
      raise exception 'an action plan is made for a completed or published full assessment' using errcode = 'check_violation';
    end if;
    if new.status <> 'draft' or new.shared_on is not null or new.agreed_on is not null then
      raise exception 'an action plan starts as a draft' using errcode = 'check_violation';
    end if;
    return new;
  end if;
  if new.council_id <> old.council_id or new.service_id <> old.service_id or new.assessment_id <> old.assessment_id
     or new.created_by <> old.created_by or new.assessed_on <> old.assessed_on then
    raise exception 'an action plan cannot move to another assessment' using errcode = 'check_violation';
  end if;
  if old.status in ('completed', 'closed') then
    raise exception 'a completed or closed action plan cannot change' using errcode = 'check_violation';
  end if;
  if app_role() = 'provider' then
    if not ((old.status = 'shared' and new.status = 'agreed' and new.agreed_by = app_user()
              and only_changed(to_jsonb(old), to_jsonb(new), array['status', 'agreed_on', 'agreed_by', 'agreed_by_name', 'change_request', 'change_requested_by',
                    'change_requested_by_name', 'change_requested_at']))
         or (old.status = 'shared' and new.status = 'draft' and new.change_requested_by = app_user()
              and only_changed(to_jsonb(old), to_jsonb(new), array['status', 'change_request', 'change_requested_by', 'change_requested_by_name', 'change_requested_at']))
         or (old.status = 'agreed' and new.status = 'in_progress' and only_changed(to_jsonb(old), to_jsonb(new), array['status']))) then
      raise exception 'a provider may only agree a shared action plan, ask for changes to it, or report progress on it'
        using errcode = 'insufficient_privilege';
    end if;
  end if;
  return new;
end $$;
create trigger action_plans_guard before insert or update on action_plans
  for each row execute function action_plans_guard();

-- Actions are added, changed and removed only while their plan is a draft, and address a domain (and
-- question) of their assessment's framework. After that only their status moves; a provider moves it only
-- to "in progress" or "done".
create function actions_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  p record;
begin
  select status, council_id, assessment_id into p from action_plans where id = coalesce(new.plan_id, old.plan_id);
  if tg_op = 'DELETE' then
    if p.status is distinct from 'draft' then
      raise exception 'actions can be removed only while the action plan is a draft' using errcode = 'check_violation';
    end if;
    return old;
  end if;
  if tg_op = 'UPDATE' and new.plan_id <> old.plan_id then
    raise exception 'an action cannot move to another plan' using errcode = 'check_violation';
  end if;
  if new.council_id <> p.council_id then
    raise exception 'an action belongs to the council of its plan' using errcode = 'check_violation';
  end if;
  if (tg_op = 'INSERT' or not only_changed(to_jsonb(old), to_jsonb(new), array['status'])) and p.status <> 'draft' then
    raise exception 'actions can be changed only while the action plan is a draft' using errcode = 'check_violation';
  end if;
  if not exists (select 1 from framework_domains d join assessments a on a.framework_version_id = d.version_id
                 where a.id = p.assessment_id and d.id = new.domain_id) then
    raise exception 'the domain is not part of the assessment’s framework' using errcode = 'check_violation';
  end if;
  if new.question_id is not null and not exists (select 1 from framework_questions q where q.id = new.question_id and q.domain_id = new.domain_id) then
    raise exception 'the question is not part of the action’s domain' using errcode = 'check_violation';
  end if;
  if app_role() = 'provider' and (tg_op = 'INSERT' or not only_changed(to_jsonb(old), to_jsonb(new), array['status'])
                                  or new.status not in ('in_progress', 'done')) then
    raise exception 'a provider may only report progress on an action' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;
create trigger actions_guard before insert or update or delete on actions
  for each row execute function actions_guard();

create function action_milestones_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  a record;
begin
  select act.council_id, act.owner_org, p.status as plan_status into a
    from actions act join action_plans p on p.id = act.plan_id where act.id = coalesce(new.action_id, old.action_id);
  if tg_op = 'DELETE' then
    if a.plan_status is distinct from 'draft' then
      raise exception 'milestones can be removed only while the action plan is a draft' using errcode = 'check_violation';
    end if;
    return old;
  end if;
  if new.council_id <> a.council_id or (tg_op = 'UPDATE' and new.action_id <> old.action_id) then
    raise exception 'a milestone belongs to its action' using errcode = 'check_violation';
  end if;
  if (tg_op = 'INSERT' or not only_changed(to_jsonb(old), to_jsonb(new), array['done_on', 'done_by'])) and a.plan_status <> 'draft' then
    raise exception 'milestones can be changed only while the action plan is a draft' using errcode = 'check_violation';
  end if;
  if app_role() = 'provider' and (tg_op = 'INSERT' or not only_changed(to_jsonb(old), to_jsonb(new), array['done_on', 'done_by'])
       or a.owner_org <> 'provider' or a.plan_status not in ('agreed', 'in_progress')
       or (new.done_on is not null and new.done_by <> app_user())) then
    raise exception 'a provider may only tick off the milestones of its own actions' using errcode = 'insufficient_privilege';
  end if;
  return new;
end $$;
create trigger action_milestones_guard before insert or update or delete on action_milestones
  for each row execute function action_milestones_guard();

-- Updates are posted while the plan is agreed or under way, never on a verified action, and decided once.
create function action_updates_guard() returns trigger language plpgsql security definer set search_path = public as $$
declare
  a record;
begin
  select act.council_id, act.status, act.owner_org, p.status as plan_status into a
    from actions act join action_plans p on p.id = act.plan_id where act.id = new.action_id;
  if tg_op = 'INSERT' then
    if new.council_id <> a.council_id then
      raise exception 'an update belongs to the council of its action' using errcode = 'check_violation';
    end if;
    if a.plan_status not in ('agreed', 'in_progress') or a.status = 'verified' then
      raise exception 'updates are taken only on the unverified actions of an agreed plan' using errcode = 'check_violation';
    end if;
    if app_role() = 'provider' and (new.decision is not null or a.owner_org <> 'provider') then
      raise exception 'a provider reports only on its own actions, and cannot verify its own updates' using errcode = 'insufficient_privilege';
    end if;
    return new;
  end if;
  if old.decision is not null then
    raise exception 'this update has already been verified or rejected' using errcode = 'check_violation';
  end if;
  if a.plan_status not in ('agreed', 'in_progress') then
    raise exception 'updates are decided only while the plan is agreed or under way' using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger action_updates_guard before insert or update on action_updates
  for each row execute function action_updates_guard();

-- A visit belongs to its service's council; a linked assessment or action plan is of the same service; a
-- recorded visit stays recorded.
create function visits_guard() returns trigger language plpgsql security definer set search_path = public as $$
begin
  if not exists (select 1 from services s where s.id = new.service_id and s.council_id = new.council_id) then
    raise exception 'a visit belongs to the council of its service' using errcode = 'check_violation';
  end if;
  if new.assessment_id is not null and not exists (select 1 from assessments a where a.id = new.assessment_id and a.service_id = new.service_id) then
    raise exception 'the linked assessment is of another service' using errcode = 'check_violation';
  end if;
  if new.action_plan_id is not null and not exists (select 1 from action_plans p where p.id = new.action_plan_id and p.service_id = new.service_id) then
    raise exception 'the linked action plan is of another service' using errcode = 'check_violation';
  end if;
  if tg_op = 'UPDATE' then
    if new.service_id <> old.service_id or new.council_id <> old.council_id or new.created_by <> old.created_by then
      raise exception 'a visit cannot move to another service' using errcode = 'check_violation';
    end if;
    if (old.visited_on is not null and new.visited_on is null) or (old.cancelled_on is not null and new.cancelled_on is null) then
      raise exception 'a recorded or cancelled visit stays so' using errcode = 'check_violation';
    end if;
  end if;
  return new;
end $$;
create trigger visits_guard before insert or update on visits
  for each row execute function visits_guard();
`.execute(db);

  for (const table of ['action_plans', 'actions', 'action_milestones', 'action_updates', 'visits']) {
    await sql`create trigger ${sql.raw(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row()`.execute(db);
  }
  for (const table of ['action_plans', 'actions', 'action_milestones', 'visits']) {
    await sql`create trigger ${sql.raw(`${table}_touch`)} before update on ${sql.table(table)}
      for each row execute function touch_updated_at()`.execute(db);
  }

  await sql`
alter table action_plans enable row level security;
alter table actions enable row level security;
alter table action_milestones enable row level security;
alter table action_updates enable row level security;
alter table visits enable row level security;

grant select, insert, update on action_plans, actions, action_milestones, visits to care_app;
grant delete on actions, action_milestones to care_app;
grant select, insert on action_updates to care_app;
grant update (decision, decision_reason, decided_by, decided_by_name, decided_at) on action_updates to care_app;

-- Plans: the council's assessors (administrators, commissioners, quality officers) read and write their
-- own; the provider of the service reads a plan once it has been shared and may agree it or report on it
-- (the guard says how far). Placing officers, partners and the public see nothing.
create policy action_plans_council on action_plans for all to care_app
  using (app_assesses() and council_id = app_org()) with check (app_assesses() and council_id = app_org());
create policy action_plans_provider_read on action_plans for select to care_app
  using (app_provides(service_id) and shared_on is not null);
create policy action_plans_provider_update on action_plans for update to care_app
  using (app_provides(service_id) and shared_on is not null) with check (app_provides(service_id) and shared_on is not null);

-- Actions and milestones: visible with their plan; written by the council's assessors; the provider moves
-- the status of its own actions and ticks off their milestones.
create policy actions_read on actions for select to care_app
  using (exists (select 1 from action_plans p where p.id = plan_id));
create policy actions_council_write on actions for all to care_app
  using (app_assesses() and council_id = app_org())
  with check (app_assesses() and council_id = app_org() and exists (select 1 from action_plans p where p.id = plan_id and p.council_id = actions.council_id));
create policy actions_provider_update on actions for update to care_app
  using (app_role() = 'provider' and owner_org = 'provider' and exists (select 1 from action_plans p where p.id = plan_id))
  with check (app_role() = 'provider' and owner_org = 'provider' and exists (select 1 from action_plans p where p.id = plan_id));

create policy action_milestones_read on action_milestones for select to care_app
  using (exists (select 1 from actions a where a.id = action_id));
create policy action_milestones_council_write on action_milestones for all to care_app
  using (app_assesses() and council_id = app_org())
  with check (app_assesses() and council_id = app_org() and exists (select 1 from actions a where a.id = action_id and a.council_id = action_milestones.council_id));
create policy action_milestones_provider_update on action_milestones for update to care_app
  using (app_role() = 'provider' and exists (select 1 from actions a where a.id = action_id and a.owner_org = 'provider'))
  with check (app_role() = 'provider' and exists (select 1 from actions a where a.id = action_id and a.owner_org = 'provider'));

-- Updates: visible with their action; posted by the council's assessors or by the provider on its own
-- actions, each as themselves; decided only by the council's assessors.
create policy action_updates_read on action_updates for select to care_app
  using (exists (select 1 from actions a where a.id = action_id));
create policy action_updates_insert on action_updates for insert to care_app
  with check (author_user_id = app_user() and author_org_id = app_org() and (
    (app_assesses() and council_id = app_org() and exists (select 1 from actions a where a.id = action_id and a.council_id = action_updates.council_id))
    or (app_role() = 'provider' and exists (select 1 from actions a where a.id = action_id and a.owner_org = 'provider'))));
create policy action_updates_decide on action_updates for update to care_app
  using (app_assesses() and council_id = app_org())
  with check (app_assesses() and council_id = app_org() and decided_by = app_user());

-- Visits: the council's own record, for its assessors only.
create policy visits_council on visits for all to care_app
  using (app_assesses() and council_id = app_org()) with check (app_assesses() and council_id = app_org());
`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are not reversed: restore from a backup instead');
}
