import { sql } from 'kysely';
import { writeDemoAccounts } from '../accounts/index.ts';
import { hashPassword } from '../core/auth/secrets.ts';
import { today } from '../core/clock.ts';
import type { Store, Tx } from '../core/db/database.ts';
import { Conflict } from '../core/errors.ts';
import { DEMO_PASSWORD, DEMO_SEED, generateDemo, type DemoScale } from './generate.ts';
import type { DemoData } from './model.ts';
import { historyWindow } from './history/calendar.ts';
import { writeHistory } from './write/history.ts';
import { writeRegister } from './write/register.ts';

export { SCALES, type DemoScale } from './generate.ts';

/** What a load wrote, printed by `care-oversight demo` and used by the benchmarks. */
export interface DemoSummary {
  readonly scale: DemoScale;
  readonly councils: number;
  readonly organisations: number;
  readonly users: number;
  readonly providers: number;
  readonly services: number;
  readonly contracts: number;
}

// Serialises concurrent loads (several app instances starting on one empty database).
const LOCK_KEY = 727_100_001;

/**
 * Loads the demo into a database that has no organisations yet; refuses (Conflict) any other. The register
 * comes with five years of history up to today (src/demo/history), all in one transaction.
 */
export async function loadDemo(store: Store, scale: DemoScale, options: { seed?: string } = {}): Promise<DemoSummary> {
  const data = generateDemo(scale, options.seed ?? DEMO_SEED);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const summary = await store.asSystem(async (tx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(tx);
    if (await hasOrganisations(tx)) {
      throw new Conflict('The database already has organisations: demo data loads only into an empty database');
    }
    const on = today();
    await writeRegister(tx, data, passwordHash, historyWindow(on).start);
    await writeDemoAccounts(tx, { password: DEMO_PASSWORD, users: [...data.accounts] });
    await writeHistory(tx, data, on);
    return summarise(scale, data);
  });
  // Fresh statistics, so the first queries on the new rows get good plans: PGlite has no autovacuum,
  // and PostgreSQL's would only catch up a while later.
  await sql`analyze organisations, users, providers, services, contracts, audit_events, cqc_locations, cqc_ratings, assessments,
    assessment_answers, assessment_evidence, action_plans, actions, action_milestones, action_updates, visits, intelligence,
    concern_reports, risk_ratings, risk_rating_approvals, concerns_cases, concerns_case_events, suspensions, suspension_events,
    contract_processes, alerts`.execute(store.db);
  return summary;
}

/** Loads the demo only when the database is empty (`serve --demo`); otherwise leaves it alone. */
export async function loadDemoIfEmpty(store: Store, scale: DemoScale, options: { seed?: string } = {}): Promise<DemoSummary | undefined> {
  if (await store.asSystem(hasOrganisations)) return undefined;
  try {
    return await loadDemo(store, scale, options);
  } catch (error) {
    // Another process filled the database between the check and the load.
    if (error instanceof Conflict) return undefined;
    throw error;
  }
}

async function hasOrganisations(tx: Tx): Promise<boolean> {
  return !!(await tx.selectFrom('organisations').select('id').limit(1).executeTakeFirst());
}

function summarise(scale: DemoScale, data: DemoData): DemoSummary {
  return {
    scale,
    councils: data.councils.length,
    organisations: data.organisations.length,
    users: data.users.length,
    providers: data.providers.length,
    services: data.services.length,
    contracts: data.contracts.length,
  };
}
