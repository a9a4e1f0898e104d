import { z } from 'zod';
import { authorise, can } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { Invalid } from '../core/errors.ts';
import type { ServiceDetailSource, ServicePanelSource } from '../core/http/extensions.ts';
import { parse } from '../core/forms.ts';
import * as repo from './status.repository.ts';
import { entryView } from './status.view.ts';
import {
  ASSESSMENT_BAND_LABELS,
  CONTRACT_PROCESS_LABELS,
  CQC_RATING_LABELS,
  RISK_BAND_LABELS,
  deriveStatus,
  enterAndViewReasons,
  likeLiteral,
  statusText,
  type ContractProcessKind,
  type LiveStatus,
} from './status.rules.ts';

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

export function toEntry(row: repo.LiveStatusRow): LiveStatusEntry {
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

/**
 * The API item (API.md): the contract's fields, then extras. Only what placing a person needs:
 * no reasons, no intelligence, nothing about people using the service.
 */
export function entryToApi(entry: LiveStatusEntry) {
  return {
    serviceId: entry.serviceId,
    name: entry.name,
    provider: entry.provider.name,
    postcode: entry.postcode,
    cqcLocationId: entry.cqcLocationId,
    status: entry.status,
    ...(entry.concerns ? { concernsStage: entry.concerns.stage, concernsSince: entry.concerns.since } : {}),
    ...(entry.suspension ? { suspension: { scope: entry.suspension.scope, detail: entry.suspension.detail, since: entry.suspension.since, reviewOn: entry.suspension.reviewOn } } : {}),
    ...(entry.contractProcesses ? { contractProcesses: entry.contractProcesses.kinds, contractProcessSince: entry.contractProcesses.since } : {}),
    ...(entry.cqc ? { cqcOverall: entry.cqc.overall, cqcRatedOn: entry.cqc.ratedOn } : {}),
    ...(entry.assessment ? { assessmentBand: entry.assessment.band, assessmentPublishedOn: entry.assessment.publishedOn } : {}),
    ...(entry.riskBand ? { prrBand: entry.riskBand } : {}),
    safeguardingEnquiryOpen: entry.safeguardingEnquiryOpen,
    council: entry.council.name,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export const CSV_HEADER = [
  'Service',
  'Provider',
  'Council',
  'Postcode',
  'CQC location ID',
  'Status',
  'Suspension',
  'Suspended since',
  'Concerns stage',
  'Contractual process',
  'CQC overall rating',
  'CQC rating date',
  'Council assessment',
  'Assessment published',
  'Risk band',
  'Open safeguarding enquiry',
  'Last changed',
] as const;

export function entryToCsvRow(entry: LiveStatusEntry): (string | number | null)[] {
  return [
    entry.name,
    entry.provider.name,
    entry.council.name,
    entry.postcode,
    entry.cqcLocationId,
    entry.statusText,
    entry.suspension ? (entry.suspension.scope === 'full' ? 'Full' : `Partial${entry.suspension.detail ? `: ${entry.suspension.detail}` : ''}`) : null,
    entry.suspension?.since ?? null,
    entry.concerns?.stage ?? null,
    entry.contractProcesses ? entry.contractProcesses.kinds.map((k) => CONTRACT_PROCESS_LABELS[k]).join('; ') : null,
    entry.cqc ? (CQC_RATING_LABELS[entry.cqc.overall] ?? entry.cqc.overall) : null,
    entry.cqc?.ratedOn ?? null,
    entry.assessment ? (ASSESSMENT_BAND_LABELS[entry.assessment.band] ?? entry.assessment.band) : null,
    entry.assessment?.publishedOn ?? null,
    entry.riskBand ? (RISK_BAND_LABELS[entry.riskBand] ?? entry.riskBand) : null,
    entry.safeguardingEnquiryOpen ? 'Yes' : 'No',
    entry.updatedAt.toISOString(),
  ];
}

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

export const searchSchema = z.object({
  q: z.preprocess(blank, z.string().max(100, { error: 'Search text must be 100 characters or fewer' }).optional()),
  postcode: z.preprocess(
    blank,
    z.string().regex(/^[A-Za-z0-9 ]{1,8}$/, { error: 'Enter a postcode or the start of one, like SG13 or SG13 8DQ' }).optional(),
  ),
  cqcLocationId: z.preprocess(blank, z.string().regex(/^1-\d{3,12}$/, { error: 'Enter a CQC location ID in the correct format, like 1-123456789' }).optional()),
  concernsOnly: z.preprocess((v) => v === 'true' || v === 'yes' || v === true, z.boolean()).optional(),
  limit: z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : blank(v)),
    z.number({ error: 'limit must be a whole number from 1 to 500' }).int().min(1, { error: 'limit must be a whole number from 1 to 500' }).max(500, { error: 'limit must be a whole number from 1 to 500' }).optional(),
  ),
  cursor: z.preprocess(blank, z.string().max(500).optional()),
});
export type SearchInput = z.output<typeof searchSchema>;

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
export const CSV_LIMIT = 50_000;

export function liveStatusService(store: Store) {
  async function run(actor: Actor, query: repo.LiveStatusQuery) {
    return (await store.asUser(actor, (tx) => repo.liveStatus(tx, query))).map(toEntry);
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

  async function search(actor: Actor, raw: unknown): Promise<{ items: LiveStatusEntry[]; nextCursor: string | null; input: SearchInput }> {
    authorise(actor, 'status.read');
    const input = parse(searchSchema, raw);
    const limit = input.limit ?? DEFAULT_LIMIT;
    const rows = await run(actor, toQuery(input, limit + 1));
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!) : null, input };
  }

  async function entry(actor: Actor, serviceId: string): Promise<LiveStatusEntry | undefined> {
    const [found] = await run(actor, { serviceId, purpose: 'live_status', limit: 1 });
    return found;
  }

  const panelSource: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'status.read') && actor.role !== 'provider') return undefined;
    const found = await entry(actor, serviceId);
    if (!found) return undefined;
    return { id: 'live-status', title: 'Live status', template: 'status/views/service-panel.njk', model: { view: entryView(found), canSeeList: can(actor, 'status.read') } };
  };

  /** `status` on GET /api/v1/services/{id}: the same derivation as the list, so they cannot disagree. */
  const detailSource: ServiceDetailSource = async (actor, serviceId) => {
    const found = await entry(actor, serviceId);
    if (!found) return {};
    const item = entryToApi(found);
    return { status: item.status, liveStatus: item };
  };

  return {
    search,
    entry,

    async entryOrUndefined(actor: Actor, serviceId: string) {
      authorise(actor, 'status.read');
      return entry(actor, serviceId);
    },

    async csv(actor: Actor, raw: unknown) {
      authorise(actor, 'status.read');
      const input = parse(searchSchema, raw);
      return run(actor, { ...toQuery({ ...input, cursor: undefined }, CSV_LIMIT) });
    },

    async enterAndView(actor: Actor) {
      authorise(actor, 'status.enterAndView');
      const entries = await run(actor, { purpose: 'enter_and_view', limit: CSV_LIMIT });
      return entries.map((e) => ({ entry: e, reasons: enterAndViewReasons(e.cqc?.overall ?? null, e.assessment?.band ?? null) }));
    },

    panelSource,
    detailSource,
  };
}

export type LiveStatusService = ReturnType<typeof liveStatusService>;
