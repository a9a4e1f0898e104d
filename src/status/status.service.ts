import { authorise } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import type { ContractProcessKind } from '../escalation/index.ts';
import * as repo from './status.repository.ts';
import { deriveStatus, enterAndViewReasons, likeLiteral, statusText, type LiveStatus } from './status.rules.ts';
import type { SearchInput } from './status.schemas.ts';

/** One service's live status: derived from its records by deriveStatus(), never stored. */
export interface LiveStatusEntry {
  readonly serviceId: string;
  readonly council: { readonly id: string; readonly name: string };
  readonly name: string;
  readonly provider: { readonly id: string; readonly name: string };
  readonly postcode: string;
  readonly cqcLocationId: string | null;
  readonly status: LiveStatus;
  readonly statusText: string;
  readonly suspension: { readonly id: string; readonly scope: 'full' | 'partial'; readonly detail: string | null; readonly since: string; readonly reviewOn: string | null } | null;
  readonly concerns: { readonly stage: number; readonly since: string | null } | null;
  readonly contractProcesses: { readonly kinds: ContractProcessKind[]; readonly since: string | null } | null;
  readonly cqc: { readonly overall: string; readonly ratedOn: string | null } | null;
  readonly assessment: { readonly band: string; readonly publishedOn: string | null } | null;
  readonly riskBand: string | null;
  readonly safeguardingEnquiryOpen: boolean;
  readonly updatedAt: Date;
}

function toEntry(row: repo.LiveStatusRow): LiveStatusEntry {
  const kinds = (row.contract_processes ?? []) as ContractProcessKind[];
  const status = deriveStatus({ suspensionScope: row.suspension_scope, concernsStage: row.concerns_stage, contractProcesses: kinds });
  return {
    serviceId: row.service_id,
    council: { id: row.council_id, name: row.council_name },
    name: row.name,
    provider: { id: row.provider_id, name: row.provider_name },
    postcode: row.postcode,
    cqcLocationId: row.cqc_location_id,
    status,
    statusText: statusText(status, row.concerns_stage),
    suspension:
      row.suspension_id && row.suspension_scope
        ? { id: row.suspension_id, scope: row.suspension_scope, detail: row.suspension_detail, since: row.suspension_since!, reviewOn: row.suspension_review_on }
        : null,
    concerns: row.concerns_stage !== null ? { stage: row.concerns_stage, since: row.concerns_since } : null,
    contractProcesses: kinds.length ? { kinds, since: row.contract_since } : null,
    cqc: row.cqc_overall ? { overall: row.cqc_overall, ratedOn: row.cqc_rated_on } : null,
    assessment: row.assessment_band ? { band: row.assessment_band, publishedOn: row.assessment_published_on } : null,
    riskBand: row.risk_band,
    safeguardingEnquiryOpen: row.safeguarding_enquiry_open,
    updatedAt: row.updated_at,
  };
}

function decodeCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'string' && /^[0-9a-f-]{36}$/i.test(value[1])) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // falls through to the validation error
  }
  throw new Invalid([{ path: 'cursor', message: 'The cursor is not one this API gave out' }]);
}

const encodeCursor = (entry: LiveStatusEntry) => Buffer.from(JSON.stringify([entry.name.toLowerCase(), entry.serviceId])).toString('base64url');

const DEFAULT_LIMIT = 100;
/** The CSV holds every match; a ceiling keeps one download from holding the server for minutes. */
const CSV_LIMIT = 50_000;

export function liveStatusService(store: Store) {
  /** `reads`: the list's searches and downloads may lag (a replica); one service's status is read where the page's other reads are. */
  async function run(actor: Actor, query: repo.LiveStatusQuery, reads: Pick<Store, 'asUser'> = store) {
    return (await reads.asUser(actor, (tx) => repo.liveStatus(tx, query))).map(toEntry);
  }

  function toQuery(input: SearchInput, limit: number): repo.LiveStatusQuery {
    return {
      q: input.q ? likeLiteral(input.q) : undefined,
      postcode: input.postcode,
      cqcLocationId: input.cqcLocationId,
      purpose: 'live_status',
      concernsOnly: input.concernsOnly ?? false,
      after: decodeCursor(input.cursor),
      limit,
    };
  }

  async function entry(actor: Actor, serviceId: string): Promise<LiveStatusEntry | undefined> {
    const [found] = await run(actor, { serviceId, purpose: 'live_status', limit: 1 });
    return found;
  }

  return {
    /**
     * A page of the list. Kept until one of the councils the actor sees changes, or another becomes visible
     * (store.keepByVisibleCouncils): the answer depends on who asks only through their organisation and role.
     */
    async search(actor: Actor, input: SearchInput): Promise<{ readonly items: readonly LiveStatusEntry[]; readonly nextCursor: string | null }> {
      authorise(actor, 'status.read');
      const limit = input.limit ?? DEFAULT_LIMIT;
      const query = toQuery(input, limit + 1);
      const key = `status.search:${actor.orgId}:${actor.role}:${JSON.stringify(query)}`;
      return store.lagging.asUser(actor, (tx) =>
        store.keepByVisibleCouncils(tx, key, 'live_status', async () => {
          const rows = (await repo.liveStatus(tx, query)).map(toEntry);
          const items = rows.slice(0, limit);
          return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null };
        }),
      );
    },

    /** One service's status, for those who see it; for the service page and its API (they check who may see the service). */
    entry,

    async entryOrUndefined(actor: Actor, serviceId: string) {
      authorise(actor, 'status.read');
      return entry(actor, serviceId);
    },

    async csv(actor: Actor, input: SearchInput) {
      authorise(actor, 'status.read');
      return run(actor, { ...toQuery({ ...input, cursor: undefined }, CSV_LIMIT) }, store.lagging);
    },

    /** The safety net under the kept facts: refreshes any service whose kept facts drifted from its records. */
    async repairKeptFacts(): Promise<number> {
      return store.asSystem((tx) => repo.repairKeptFacts(tx));
    },

    async enterAndView(actor: Actor) {
      authorise(actor, 'status.enterAndView');
      const entries = await run(actor, { purpose: 'enter_and_view', limit: CSV_LIMIT }, store.lagging);
      return entries.map((e) => ({ entry: e, reasons: enterAndViewReasons(e.cqc?.overall ?? null, e.assessment?.band ?? null) }));
    },
  };
}

export type LiveStatusService = ReturnType<typeof liveStatusService>;
