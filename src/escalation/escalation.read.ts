import { sql } from 'kysely';
import type { Tx } from '../core/db/database.ts';
import type { ContractProcessKind } from './escalation.rules.ts';

/** What other capabilities read of the concerns procedure and suspensions, in their own unit of work. */

export interface ServiceEscalation {
  /** The highest stage of any open concerns procedure case about the service, its provider or any provider above it in the group. */
  readonly openConcernsStage: number | null;
  /** The scope of the service's active suspension of placements, if any. */
  readonly suspension: 'full' | 'partial' | null;
}

/** Each service's open concerns procedure stage and active suspension (every service given that the reader may see). */
export async function serviceEscalations(tx: Tx, serviceIds: readonly string[]): Promise<Map<string, ServiceEscalation>> {
  if (!serviceIds.length) return new Map();
  // The open cases' stages are gathered once for all the services (a case about the service itself, or about
  // its provider or a provider above it) and grouped, rather than every open case of the council checked
  // against every service's chain (190 services: 8 ms on PostgreSQL, 14 ms on PGlite).
  const ids = [...serviceIds];
  const rows = await sql<{ service_id: string; stage: number | null; scope: 'full' | 'partial' | null }>`
    with recursive chain (service_id, provider_id) as (
      select s.id, s.provider_id from services s where s.id = any(${ids}::uuid[])
      union
      select c.service_id, p.parent_provider_id from chain c join providers p on p.id = c.provider_id
      where p.parent_provider_id is not null
    ), stages (service_id, stage) as (
      select x.service_id, max(x.stage) from (
        select ch.service_id, cc.stage from chain ch join concerns_cases cc on cc.provider_id = ch.provider_id where cc.status = 'open'
        union all
        select cc.service_id, cc.stage from concerns_cases cc where cc.status = 'open' and cc.service_id = any(${ids}::uuid[])
      ) as x
      group by x.service_id
    )
    select s.id as service_id, st.stage,
      (select su.scope from suspensions su where su.service_id = s.id and su.status = 'active' limit 1) as scope
    from services s left join stages st on st.service_id = s.id
    where s.id = any(${ids}::uuid[])`.execute(tx);
  return new Map(
    rows.rows.map((r) => [r.service_id, { openConcernsStage: r.stage === null ? null : Number(r.stage), suspension: r.scope }]),
  );
}

/** A suspension of placements in force, with what its review is checked against. */
export interface SuspensionInForce {
  readonly serviceId: string;
  readonly scope: 'full' | 'partial';
  readonly startsOn: string;
  readonly reviewOn: string | null;
}

/** A contractual process still open (Remedies for Poor Performance, Failure to Perform). */
export interface OpenContractProcess {
  readonly serviceId: string;
  readonly kind: ContractProcessKind;
  readonly startedOn: string;
  readonly reviewOn: string | null;
}

/** The suspensions in force and contractual processes still open at the services given. */
export async function suspensionsAndProcesses(
  tx: Tx,
  serviceIds: readonly string[],
): Promise<{ suspensions: SuspensionInForce[]; processes: OpenContractProcess[] }> {
  if (!serviceIds.length) return { suspensions: [], processes: [] };
  const suspensions = await tx
    .selectFrom('suspensions')
    .select(['service_id', 'scope', 'starts_on', 'review_on'])
    .where('service_id', 'in', serviceIds)
    .where('status', '=', 'active')
    .execute();
  const processes = await tx
    .selectFrom('contract_processes')
    .select(['service_id', 'kind', 'started_on', 'review_on'])
    .where('service_id', 'in', serviceIds)
    .where('status', '=', 'open')
    .execute();
  return {
    suspensions: suspensions.map((s) => ({ serviceId: s.service_id, scope: s.scope, startsOn: s.starts_on, reviewOn: s.review_on })),
    processes: processes.map((p) => ({ serviceId: p.service_id, kind: p.kind, startedOn: p.started_on, reviewOn: p.review_on })),
  };
}

/** A suspension of placements, reduced to what the quarterly summary counts and its exempt appendix names. */
export interface ReportedSuspension {
  readonly id: string;
  readonly serviceId: string;
  readonly scope: 'full' | 'partial';
  /** What a partial suspension covers: confidential, for the exempt appendix only. */
  readonly detail: string | null;
  readonly startsOn: string;
  /** The day it was lifted in full, if it has been. */
  readonly liftedOn: string | null;
}

/** A concerns procedure case about a service, reduced to when it was opened. */
export interface ReportedConcernsCase {
  readonly id: string;
  readonly serviceId: string;
  readonly stage: number;
  readonly openedOn: string;
}

/** The council's suspensions and concerns cases about services, started on or before `upTo`. */
export async function reportedEscalations(
  tx: Tx,
  councilId: string,
  upTo: string,
): Promise<{ suspensions: ReportedSuspension[]; concernsCases: ReportedConcernsCase[] }> {
  const suspensions = await tx
    .selectFrom('suspensions')
    .select([
      'id',
      'service_id',
      'scope',
      'detail',
      sql<string>`starts_on::text`.as('starts_on'),
      sql<string | null>`lifted_on::text`.as('lifted_on'),
    ])
    .where('council_id', '=', councilId)
    .where('starts_on', '<=', upTo)
    .execute();
  const cases = await tx
    .selectFrom('concerns_cases')
    .select(['id', 'service_id', 'stage', sql<string>`opened_on::text`.as('opened_on')])
    .where('council_id', '=', councilId)
    .where('service_id', 'is not', null)
    .where('opened_on', '<=', upTo)
    .execute();
  return {
    suspensions: suspensions.map((s) => ({
      id: s.id,
      serviceId: s.service_id,
      scope: s.scope,
      detail: s.detail,
      startsOn: s.starts_on,
      liftedOn: s.lifted_on,
    })),
    concernsCases: cases.map((c) => ({ id: c.id, serviceId: c.service_id!, stage: Number(c.stage), openedOn: c.opened_on })),
  };
}
