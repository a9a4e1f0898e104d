import type { Actor, Store, Tx } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { today } from '../core/clock.ts';
import { NotFound } from '../core/errors.ts';
import * as repo from './intelligence.repository.ts';
import {
  SEVERITIES,
  SOURCES,
  describeChanges,
  parseApiBody,
  parseFormBody,
  type FieldChange,
  type HandlingStatus,
  type IntelligenceInput,
  type Section42Status,
  type Severity,
  type Source,
  type Substantiated,
  type Theme,
} from './intelligence.rules.ts';

/** One intelligence entry, as the rest of the app sees it. */
export interface IntelligenceEntry {
  readonly id: string;
  readonly serviceId: string;
  readonly serviceName: string;
  readonly receivedOn: string;
  readonly source: Source;
  readonly summary: string;
  readonly detail: string | null;
  readonly themes: Theme[];
  readonly severity: Severity | null;
  readonly substantiated: Substantiated;
  readonly safeguarding: boolean;
  readonly section42: Section42Status | null;
  readonly status: HandlingStatus;
  readonly concernReportId: string | null;
  readonly createdBy: { readonly id: string; readonly name: string | null };
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface HistoryItem {
  readonly at: Date;
  readonly by: string;
  readonly action: 'insert' | 'update' | 'delete';
  readonly changes: FieldChange[];
}

/**
 * What happened, for the capability that proposes risk scores: it decides whether the proposed score
 * changed and, if so, flags the service for re-rating. It runs in the same transaction as the change.
 */
export interface IntelligenceChange {
  readonly serviceId: string;
  readonly councilId: string;
  readonly intelligenceId: string;
  readonly change: 'recorded' | 'updated';
  /** Plain words for the re-rating flag, with no personal details. */
  readonly reason: string;
}
export type IntelligenceChangeHook = (tx: Tx, change: IntelligenceChange) => Promise<void>;

export interface IntelligenceOptions {
  /** Called inside the unit of work after every new or changed entry. */
  readonly onChange?: IntelligenceChangeHook | undefined;
}

function toEntry(row: repo.EntryRow): IntelligenceEntry {
  return {
    id: row.id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    receivedOn: row.received_on,
    source: row.source as Source,
    summary: row.summary,
    detail: row.detail,
    themes: (row.themes ?? []) as Theme[],
    severity: row.severity,
    substantiated: row.substantiated,
    safeguarding: row.safeguarding,
    section42: row.section42_status,
    status: row.status,
    concernReportId: row.concern_report_id,
    createdBy: { id: row.created_by, name: row.created_by_name },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function reasonFor(input: Pick<IntelligenceInput, 'source' | 'severity' | 'receivedOn'>, change: 'recorded' | 'updated'): string {
  const severity = input.severity ? ` (${SEVERITIES[input.severity].replace(/ \(.*\)$/, '').toLowerCase()})` : '';
  const verb = change === 'recorded' ? 'New intelligence' : 'Intelligence changed';
  return `${verb}: ${SOURCES[input.source]}${severity}, received ${input.receivedOn}`;
}

/** The entry's fields as the JSON API returns them. */
export function entryToApi(entry: IntelligenceEntry) {
  return {
    id: entry.id,
    serviceId: entry.serviceId,
    receivedOn: entry.receivedOn,
    source: entry.source,
    summary: entry.summary,
    detail: entry.detail,
    themes: entry.themes,
    severity: entry.severity,
    substantiated: entry.substantiated,
    safeguarding: entry.safeguarding,
    section42: entry.section42,
    status: entry.status,
    concernReportId: entry.concernReportId,
    createdBy: entry.createdBy,
    createdAt: entry.createdAt.toISOString(),
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export function intelligenceService(store: Store, options: IntelligenceOptions = {}) {
  async function visibleService(tx: Tx, serviceId: string) {
    const service = await repo.findService(tx, serviceId);
    if (!service) throw new NotFound('Service');
    return service;
  }

  /**
   * Records an entry inside a unit of work the caller owns (the triage link uses it too), then tells
   * the risk capability. Row-level security refuses a service of another council.
   */
  async function recordIn(tx: Tx, actor: Actor, serviceId: string, input: IntelligenceInput, concernReportId?: string) {
    const service = await visibleService(tx, serviceId);
    const { id } = await repo.insertEntry(tx, {
      councilId: service.council_id,
      serviceId: service.id,
      createdBy: actor.userId,
      input,
      ...(concernReportId ? { concernReportId } : {}),
    });
    await options.onChange?.(tx, { serviceId: service.id, councilId: service.council_id, intelligenceId: id, change: 'recorded', reason: reasonFor(input, 'recorded') });
    return id;
  }

  async function load(tx: Tx, id: string) {
    const row = await repo.findEntry(tx, id);
    if (!row) throw new NotFound('Intelligence entry');
    return toEntry(row);
  }

  async function record(actor: Actor, serviceId: string, input: IntelligenceInput) {
    authorise(actor, 'intelligence.write');
    return store.asUser(actor, async (tx) => load(tx, await recordIn(tx, actor, serviceId, input)));
  }

  async function update(actor: Actor, id: string, input: IntelligenceInput) {
    authorise(actor, 'intelligence.write');
    return store.asUser(actor, async (tx) => {
      const before = await load(tx, id);
      const service = await visibleService(tx, before.serviceId);
      await repo.updateEntry(tx, id, input);
      const after = await load(tx, id);
      if (JSON.stringify(entryToApi({ ...before, updatedAt: after.updatedAt })) !== JSON.stringify(entryToApi(after))) {
        await options.onChange?.(tx, { serviceId: after.serviceId, councilId: service.council_id, intelligenceId: id, change: 'updated', reason: reasonFor(input, 'updated') });
      }
      return after;
    });
  }

  return {
    recordIn,
    /** Records an entry already checked (the pages and the API check it in the route pipeline). */
    record,
    update,
    /** Records an entry from the API's JSON body, checking it here. */
    recordFromApi: async (actor: Actor, serviceId: string, body: unknown) => {
      authorise(actor, 'intelligence.write');
      return record(actor, serviceId, parseApiBody(body, today()));
    },
    /** Changes an entry from the page's form as posted, checking it here. */
    updateFromForm: async (actor: Actor, id: string, body: Record<string, unknown>) => {
      authorise(actor, 'intelligence.write');
      return update(actor, id, parseFormBody(body, today()));
    },

    /** The service an officer is about to log intelligence for. */
    async serviceFor(actor: Actor, serviceId: string) {
      authorise(actor, 'intelligence.write');
      return store.asUser(actor, async (tx) => {
        const service = await visibleService(tx, serviceId);
        return { id: service.id, name: service.name };
      });
    },

    async get(actor: Actor, id: string) {
      authorise(actor, 'intelligence.read');
      return store.asUser(actor, (tx) => load(tx, id));
    },

    /** The entry and every change to it, oldest first, in plain words. */
    async withHistory(actor: Actor, id: string) {
      authorise(actor, 'intelligence.read');
      return store.asUser(actor, async (tx) => {
        const entry = await load(tx, id);
        const trail = await repo.auditTrail(tx, 'intelligence', id);
        const serviceIds = trail.flatMap((e) => [e.before, e.after]).map((doc) => (doc as { service_id?: string } | null)?.service_id).filter((s): s is string => !!s);
        const names = await repo.serviceNames(tx, [...new Set(serviceIds)]);
        const withNames = (doc: unknown) => {
          if (!doc || typeof doc !== 'object') return null;
          const record = { ...(doc as Record<string, unknown>) };
          if (typeof record.service_id === 'string') record.service_id = names.get(record.service_id) ?? 'another service';
          return record;
        };
        const history: HistoryItem[] = trail.map((e) => ({
          at: e.occurred_at,
          by: e.actor_name ?? 'The system',
          action: e.action,
          changes: e.action === 'update' ? describeChanges(withNames(e.before), withNames(e.after)) : [],
        }));
        return { entry, history };
      });
    },

    async listForService(actor: Actor, serviceId: string) {
      authorise(actor, 'intelligence.read');
      return store.asUser(actor, async (tx) => {
        await visibleService(tx, serviceId);
        return (await repo.listEntries(tx, serviceId)).map(toEntry);
      });
    },

  };
}

export type IntelligenceService = ReturnType<typeof intelligenceService>;
