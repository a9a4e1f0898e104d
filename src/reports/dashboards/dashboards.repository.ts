import type { Tx } from '../../core/db/database.ts';
import type { DashboardService, Officer } from './dashboards.rules.ts';

/** The dashboards' own SQL: the services and officers a filter picks (shared tables) and the council's settings. */

export interface ServiceFilter {
  readonly councilId: string;
  /** The categories a dashboard covers (the care homes dashboard: care homes only); one when filtered. */
  readonly categories: readonly string[];
  /** Only services whose lead officer is in this team. */
  readonly team?: string | undefined;
  /** Only services this officer leads. */
  readonly leadOfficerId?: string | undefined;
  /** Whether a category was asked for (the dashboard's own categories are all of them otherwise). */
  readonly narrowedByCategory?: boolean;
}

export async function servicesInScope(tx: Tx, filter: ServiceFilter): Promise<DashboardService[]> {
  if (!filter.categories.length) return [];
  let query = tx
    .selectFrom('services as s')
    .select(['s.id', 's.name', 's.category', 's.beds', 's.not_commissioned as notCommissioned'])
    .where('s.council_id', '=', filter.councilId)
    .where('s.category', 'in', filter.categories);
  if (filter.leadOfficerId) query = query.where('s.lead_officer_id', '=', filter.leadOfficerId);
  if (filter.team) {
    const team = filter.team;
    query = query.where((eb) => eb.exists(eb.selectFrom('users as u').select('u.id').whereRef('u.id', '=', 's.lead_officer_id').where('u.team', '=', team)));
  }
  return query.orderBy('s.name').orderBy('s.id').execute();
}

/** The council's active quality officers (in the team, or the one officer, when asked), by name. */
export async function officers(tx: Tx, filter: Pick<ServiceFilter, 'councilId' | 'team' | 'leadOfficerId'>): Promise<Officer[]> {
  let query = tx.selectFrom('users').select(['id', 'name']).where('org_id', '=', filter.councilId).where('role', '=', 'officer').where('active', '=', true);
  if (filter.team) query = query.where('team', '=', filter.team);
  if (filter.leadOfficerId) query = query.where('id', '=', filter.leadOfficerId);
  return query.orderBy('name').execute();
}

/** Names of users (officers who made visits), whoever they are now. */
export async function userNames(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await tx.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** What the filters offer: the council's teams and the staff who lead services. */
export async function filterChoices(tx: Tx, councilId: string): Promise<{ teams: string[]; leadOfficers: Officer[] }> {
  const teams = await tx
    .selectFrom('users')
    .select('team')
    .distinct()
    .where('org_id', '=', councilId)
    .where('team', 'is not', null)
    .orderBy('team')
    .execute();
  const leadOfficers = await tx
    .selectFrom('users as u')
    .select(['u.id', 'u.name'])
    .where('u.org_id', '=', councilId)
    .where((eb) => eb.or([eb('u.role', '=', 'officer'), eb.exists(eb.selectFrom('services as s').select('s.id').whereRef('s.lead_officer_id', '=', 'u.id'))]))
    .orderBy('u.name')
    .execute();
  return { teams: teams.map((t) => t.team!).filter(Boolean), leadOfficers };
}

export async function visitsTarget(tx: Tx, councilId: string): Promise<number | null> {
  const row = await tx.selectFrom('report_settings').select('visits_target_per_officer').where('council_id', '=', councilId).executeTakeFirst();
  return row?.visits_target_per_officer ?? null;
}

export async function saveVisitsTarget(tx: Tx, councilId: string, target: number, userId: string): Promise<void> {
  await tx
    .insertInto('report_settings')
    .values({ council_id: councilId, visits_target_per_officer: target, updated_by: userId })
    .onConflict((oc) => oc.column('council_id').doUpdateSet({ visits_target_per_officer: target, updated_by: userId, updated_at: new Date() }))
    .execute();
}
