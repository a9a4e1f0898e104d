import { sql, type Kysely } from 'kysely';

/**
 * Service versions (20261207T1500) moved by action plans, their actions, milestones and updates, and
 * assessments' answers too, so that what plans and visits make due for a council's officers can be kept until
 * one of the council's services changes, whoever else commits (issue 16). The rows of these tables name their
 * service through their plan, action or assessment. A person's name, which the list shows beside a visit, moves
 * the shared version 'people' when it changes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
insert into shared_versions (name, version) values ('people', nextval('service_version_seq'));

-- after a statement on a table whose rows name their plan (plan_id), action (action_id) or assessment (assessment_id)
create function service_versions_parts_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
declare
  v_ids uuid[];
  v_keys uuid[];
begin
  if tg_op = 'INSERT' then
    execute format('select array_agg(distinct n.%I) from new_rows n', tg_argv[0]) into v_keys;
  elsif tg_op = 'UPDATE' then
    execute format('select array_agg(distinct x.k) from (select n.%1$I as k from new_rows n union select o.%1$I from old_rows o) x', tg_argv[0]) into v_keys;
  else
    execute format('select array_agg(distinct o.%I) from old_rows o', tg_argv[0]) into v_keys;
  end if;
  if v_keys is null then
    return null;
  end if;
  if tg_argv[0] = 'plan_id' then
    select array_agg(distinct p.service_id) into v_ids from action_plans p where p.id = any (v_keys);
  elsif tg_argv[0] = 'action_id' then
    select array_agg(distinct p.service_id) into v_ids from actions x join action_plans p on p.id = x.plan_id where x.id = any (v_keys);
  else
    select array_agg(distinct a.service_id) into v_ids from assessments a where a.id = any (v_keys);
  end if;
  perform service_versions_bump(v_ids);
  return null;
end
$fn$;

create function service_versions_people_changed() returns trigger
  language plpgsql security definer set search_path = public as $fn$
begin
  update shared_versions set version = nextval('service_version_seq') where name = 'people';
  return null;
end
$fn$;

revoke all on function service_versions_parts_changed(), service_versions_people_changed() from public;
`.execute(db);

  const triggers: [table: string, fn: string, argument: string | null][] = [
    ['action_plans', 'service_versions_rows_changed', null],
    ['actions', 'service_versions_parts_changed', 'plan_id'],
    ['action_milestones', 'service_versions_parts_changed', 'action_id'],
    ['action_updates', 'service_versions_parts_changed', 'action_id'],
    ['assessment_answers', 'service_versions_parts_changed', 'assessment_id'],
  ];
  const events: [event: string, tables: string][] = [
    ['insert', 'new table as new_rows'],
    ['update', 'new table as new_rows old table as old_rows'],
    ['delete', 'old table as old_rows'],
  ];
  for (const [table, fn, argument] of triggers) {
    for (const [event, tables] of events) {
      await sql`create trigger ${sql.raw(`${table}_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
        referencing ${sql.raw(tables)} for each statement execute function ${sql.raw(fn)}(${sql.raw(argument ? `'${argument}'` : '')})`.execute(db);
    }
  }
  await sql`
create trigger users_version_renamed after update of name on users
  for each statement execute function service_versions_people_changed();
`.execute(db);
}
