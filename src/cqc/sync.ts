import { now as clockNow } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { DomainError } from '../core/errors.ts';
import { apiLocationItem, providerFacts, type ApiRecord, type ApiRecords, type ProviderFacts } from './api-records.ts';
import { lastSyncedUntil } from './cqc.repository.ts';
import { importItems, type ImportOptions } from './import.ts';
import { addSummary, emptySummary, type FilesSummary } from './import-files.ts';
import type { SourceItem } from './records.ts';

/**
 * `cqc sync`: reads the CQC public API and imports what it returns through the same code as a file.
 * The first sync (or --full) lists every adult social care location; later ones read the changes feed
 * from where the last successful sync ended. Each location's full record is fetched, and its provider's
 * name when the register may need it.
 */
export interface SyncOptions {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly since?: Date | undefined;
  readonly full?: boolean | undefined;
  readonly keepGoodRows: boolean;
  readonly council?: ImportOptions['council'];
  readonly today: string;
  readonly now?: Date | undefined;
  readonly fetch?: typeof fetch | undefined;
  /** Attempts per request when the API is busy (429) or failing (5xx). */
  readonly attempts?: number | undefined;
}

export class CqcApiError extends DomainError {
  constructor(message: string) {
    super(message, 502);
  }
}

const PER_PAGE = 1000;
const LIST_FILTER = 'inspectionDirectorate=Adult%20social%20care';

/** CQC's API wants whole-second UTC timestamps. */
const stamp = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

export async function syncFromApi(store: Store, options: SyncOptions): Promise<FilesSummary> {
  const client = new CqcApiClient(options);
  const now = options.now ?? clockNow();
  const since = options.full ? undefined : (options.since ?? (await store.asSystem((tx) => lastSyncedUntil(tx))));
  const ids = since ? client.changedLocationIds(since, now) : client.allLocationIds();
  const one = await importItems(store, client.items(ids), {
    source: since ? `CQC API changes since ${stamp(since)}` : 'CQC API (all adult social care locations)',
    format: 'api',
    keepGoodRows: options.keepGoodRows,
    council: options.council,
    today: options.today,
    changesUntil: now,
  });
  const summary = emptySummary();
  addSummary(summary, one, 'CQC API');
  return summary;
}

class CqcApiClient implements ApiRecords {
  private readonly fetch: typeof fetch;
  private readonly providers = new Map<string, ProviderFacts>();

  private readonly options: SyncOptions;
  constructor(options: SyncOptions) {
    this.options = options;
    this.fetch = options.fetch ?? fetch;
  }

  private url(pathAndQuery: string): string {
    return `${this.options.baseUrl.replace(/\/+$/, '')}${pathAndQuery.startsWith('/') ? '' : '/'}${pathAndQuery}`;
  }

  /** GETs one resource; undefined for 404; retries when the API asks us to wait. */
  async get(pathAndQuery: string): Promise<unknown> {
    const attempts = this.options.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(this.url(pathAndQuery), {
          headers: { accept: 'application/json', ...(this.options.apiKey ? { 'Ocp-Apim-Subscription-Key': this.options.apiKey } : {}) },
        });
      } catch (error) {
        throw new CqcApiError(`the CQC API could not be reached at ${this.options.baseUrl} (${(error as Error).message})`);
      }
      if (response.status === 404) return undefined;
      if (response.ok) return response.json();
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= attempts) {
        const hint = response.status === 401 || response.status === 403 ? ': check CQC_API_KEY' : '';
        throw new CqcApiError(`the CQC API answered ${response.status} to ${pathAndQuery}${hint}`);
      }
      const wait = Math.min(Number(response.headers.get('retry-after') ?? attempt) || 0, 30);
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
  }

  /** Follows a paged list, by nextPageUri where the API gives it, else by page number. */
  private async *pages(first: string): AsyncGenerator<Record<string, unknown>> {
    let next: string | undefined = first;
    let page = 1;
    while (next) {
      const body = await this.get(next);
      if (typeof body !== 'object' || body === null) throw new CqcApiError(`the CQC API gave no page at ${next}`);
      const data = body as Record<string, unknown>;
      yield data;
      const totalPages = Number(data.totalPages ?? 1);
      page = Number(data.page ?? page) + 1;
      if (typeof data.nextPageUri === 'string' && data.nextPageUri) next = data.nextPageUri;
      else next = page <= totalPages ? first.replace(/([?&])page=\d+/, `$1page=${page}`) : undefined;
    }
  }

  async *allLocationIds(): AsyncGenerator<string> {
    for await (const page of this.pages(`/locations?${LIST_FILTER}&page=1&perPage=${PER_PAGE}`)) {
      for (const entry of Array.isArray(page.locations) ? page.locations : []) {
        const id = (entry as { locationId?: unknown }).locationId;
        if (typeof id === 'string') yield id;
      }
    }
  }

  async *changedLocationIds(since: Date, until: Date): AsyncGenerator<string> {
    const query = `startTimestamp=${encodeURIComponent(stamp(since))}&endTimestamp=${encodeURIComponent(stamp(until))}`;
    const seen = new Set<string>();
    for await (const page of this.pages(`/changes/location?${query}&page=1&perPage=${PER_PAGE}`)) {
      for (const id of Array.isArray(page.changes) ? page.changes : []) {
        if (typeof id === 'string' && !seen.has(id)) {
          seen.add(id);
          yield id;
        }
      }
    }
  }

  /** A provider's record, fetched once per provider; a provider the API does not have gives no name. */
  async provider(providerId: string): Promise<ProviderFacts> {
    let known = this.providers.get(providerId);
    if (!known) {
      known = providerFacts(await this.get(`/providers/${encodeURIComponent(providerId)}`));
      this.providers.set(providerId, known);
    }
    return known;
  }

  async location(id: string): Promise<ApiRecord | undefined> {
    const record = await this.get(`/locations/${encodeURIComponent(id)}`);
    return record === undefined ? undefined : { record };
  }

  /** Each location's full record, as a numbered item: the number is its place in the list. */
  async *items(ids: AsyncIterable<string>): AsyncGenerator<SourceItem> {
    let row = 0;
    for await (const id of ids) yield await apiLocationItem(id, ++row, this, `the CQC API has no location ${id}`);
  }
}
