import { randomUUID } from 'node:crypto';
import type { Actor, Store, Tx } from '../core/db/database.ts';
import { planForGrowingTables } from '../core/db/growing-tables.ts';
import { insertImportLog, locationsByPostcodes, saveBatch, setImportActor, storedBatch, type BatchWrites, type NewLocationRow, type NewRating, type RatingUpdate, type StoredBatch } from './cqc.repository.ts';
import { newChanges, planPublication } from './history.ts';
import { CouncilServices, PendingProviderNames, type RegisterCounts } from './import-register.ts';
import { matchKey, SKIP, type LocationFacts, type Publication, type SourceItem } from './records.ts';

/**
 * One import: every item of one source, in one transaction. In all-or-nothing mode a rejected row rolls
 * the whole source back; with keepGoodRows the good rows stay and every bad one is reported. Either way a
 * process killed part-way leaves the database as it was, because nothing commits until the end.
 */
export interface ImportOptions {
  /** What the import log calls the source: the file's name, or "CQC API". */
  readonly source: string;
  readonly format: string;
  readonly keepGoodRows: boolean;
  /** Adds registered locations in this local authority to the council's register. */
  readonly council?: { readonly id: string; readonly localAuthority: string } | undefined;
  /** Who ran it from a page; the command line runs as the system. */
  readonly actor?: Actor | undefined;
  /** The day publications without a date are first seen. */
  readonly today: string;
  readonly changesUntil?: Date | undefined;
  /** Called after each batch is written (progress output; tests use it to stop a process mid-import). */
  readonly onBatch?: ((rowsSoFar: number) => void) | undefined;
}

export interface Rejection {
  readonly row: number;
  readonly reason: string;
  /** The file of a source read from several (a saved API pull). */
  readonly file?: string;
}

export interface ImportSummary extends RegisterCounts {
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** `skipped` by reason. */
  skippedReasons: Record<string, number>;
  ratingsAdded: number;
  ratingsChanged: number;
  rejected: Rejection[];
  /** true when a rejected row made the whole source change nothing. */
  refused: boolean;
  importId: string;
}

/**
 * Rows per batch: each batch is one read of what the database holds for its locations and one write of
 * what changed, so the round trips and the statements' fixed costs are shared by this many rows, while
 * memory holds no more than three batches (one being written, the next being read, the one after parsed).
 */
export const IMPORT_BATCH_ROWS = 500;

class Refused extends Error {}

export async function importItems(store: Store, items: AsyncIterable<SourceItem>, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    rowsRead: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: 0,
    skippedReasons: {},
    ratingsAdded: 0,
    ratingsChanged: 0,
    servicesCreated: 0,
    servicesNotCreated: {},
    providersAwaitingName: 0,
    providerNamesCompleted: 0,
    rejected: [],
    refused: false,
    importId: randomUUID(),
  };
  const log = (outcome: 'imported' | 'refused') => ({
    id: summary.importId,
    source: options.source,
    format: options.format,
    keepGoodRows: options.keepGoodRows,
    councilId: options.council?.id ?? options.actor?.orgId ?? null,
    localAuthority: options.council?.localAuthority ?? null,
    actorUserId: options.actor?.userId ?? null,
    outcome,
    counts: summary,
    rejected: summary.rejected,
    changesUntil: options.changesUntil ?? null,
  });

  try {
    await store.asSystem(async (tx) => {
      // the import fills the tables its batches read: plan each read for the tables as they are by then
      await planForGrowingTables(tx);
      // the audit trail of any service created names the person who ran the import
      if (options.actor) await setImportActor(tx, options.actor);
      await insertImportLog(tx, log('imported'));
      await new ImportRun(tx, options, summary).all(items);
      summary.rejected.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.row - b.row);
      if (summary.rejected.length && !options.keepGoodRows) throw new Refused();
      await insertImportLog(tx, log('imported'));
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    summary.refused = true;
    await store.asSystem((tx) => insertImportLog(tx, log('refused')));
  }
  return summary;
}

type Outcome = 'created' | 'updated' | 'unchanged';

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** The stored row a location becomes with these facts: only the fields the source gave change. */
export function mergeLocation(existing: NewLocationRow | undefined, facts: LocationFacts): NewLocationRow {
  const base: NewLocationRow = existing ?? {
    location_id: facts.locationId,
    name: facts.name ?? facts.locationId,
    provider_id: null,
    provider_name: null,
    provider_company_number: null,
    brand_id: null,
    brand_name: null,
    address: null,
    town: null,
    postcode: null,
    local_authority: null,
    region: null,
    registration_status: 'registered',
    registered_on: null,
    deregistered_on: null,
    dormant: null,
    care_home: null,
    beds: null,
    service_types: [],
    specialisms: [],
    inspection_category: null,
    adult_social_care: true,
  };
  const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
  return {
    location_id: base.location_id,
    name: pick(facts.name, base.name),
    provider_id: pick(facts.providerId, base.provider_id),
    provider_name: pick(facts.providerName, base.provider_name),
    provider_company_number: pick(facts.providerCompanyNumber, base.provider_company_number),
    brand_id: pick(facts.brandId, base.brand_id),
    brand_name: pick(facts.brandName, base.brand_name),
    address: pick(facts.address, base.address),
    town: pick(facts.town, base.town),
    postcode: pick(facts.postcode, base.postcode),
    local_authority: pick(facts.localAuthority, base.local_authority),
    region: pick(facts.region, base.region),
    registration_status: pick(facts.registrationStatus, base.registration_status),
    registered_on: pick(facts.registeredOn, base.registered_on),
    deregistered_on: pick(facts.deregisteredOn, base.deregistered_on),
    dormant: pick(facts.dormant, base.dormant),
    care_home: pick(facts.careHome, base.care_home),
    beds: pick(facts.beds, base.beds),
    service_types: facts.serviceTypes ? [...facts.serviceTypes] : base.service_types,
    specialisms: facts.specialisms ? [...facts.specialisms] : base.specialisms,
    inspection_category: pick(facts.inspectionCategory, base.inspection_category),
    adult_social_care: pick(facts.adultSocialCare, base.adult_social_care),
  };
}

export function locationChanged(a: NewLocationRow, b: NewLocationRow): boolean {
  return (Object.keys(b) as (keyof NewLocationRow)[]).some((key) => {
    const x = a[key];
    const y = b[key];
    return Array.isArray(x) && Array.isArray(y) ? !sameList(x, y) : x !== y;
  });
}

type Resolved = Exclude<SourceItem, { kind: 'rating' }> | { kind: 'rating'; row: number; locationId: string; publication: Publication };

/** A batch read: its rows (long-format ones matched to their locations) and what the database holds for them. */
interface Read {
  readonly resolved: readonly Resolved[];
  readonly ids: readonly string[];
  readonly stored: StoredBatch;
}

interface Decided {
  readonly writes: BatchWrites;
  /** The batch's locations as they now are, for the council's register and providers awaiting a name. */
  readonly touched: readonly NewLocationRow[];
}

/** The source's items, IMPORT_BATCH_ROWS at a time. */
async function* inBatches(items: AsyncIterable<SourceItem>): AsyncGenerator<SourceItem[]> {
  let batch: SourceItem[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= IMPORT_BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** A promise awaited later (by the next batch, and at the end): until then its failure waits there. */
function quietly<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

class ImportRun {
  private nextSeq = Number.MAX_SAFE_INTEGER / 2;

  private readonly tx: Tx;
  private readonly options: ImportOptions;
  private readonly summary: ImportSummary;
  private readonly register: CouncilServices | undefined;
  private readonly names: PendingProviderNames;
  constructor(tx: Tx, options: ImportOptions, summary: ImportSummary) {
    this.tx = tx;
    this.options = options;
    this.summary = summary;
    this.register = options.council ? new CouncilServices(tx, options.council, summary) : undefined;
    this.names = new PendingProviderNames(tx, summary);
  }

  private skip(reason: string) {
    this.summary.skipped += 1;
    this.summary.skippedReasons[reason] = (this.summary.skippedReasons[reason] ?? 0) + 1;
  }

  /**
   * Every batch of the source, in order, each applied as if row by row after every batch before it: read
   * what the database holds for its locations, decide here, write. The database and this process work side
   * by side: while a batch is written and the next one read (after it, so it sees the write), the one after
   * is parsed from the file.
   */
  async all(items: AsyncIterable<SourceItem>): Promise<void> {
    const source = inBatches(items)[Symbol.asyncIterator]();
    const next = async () => {
      const step = await source.next();
      return step.done ? undefined : step.value;
    };
    let writing: Promise<void> = Promise.resolve();
    let reading: Promise<Read> | undefined;
    try {
      let batch = await next();
      if (batch) reading = quietly(this.read(batch));
      while (batch && reading) {
        const following = await next();
        const decided = this.decide(await reading);
        const rowsSoFar = this.summary.rowsRead;
        const full = batch.length >= IMPORT_BATCH_ROWS;
        writing = quietly(
          this.write(decided).then(() => {
            if (full) this.options.onBatch?.(rowsSoFar);
          }),
        );
        // a failed write fails the read after it with the write's own error
        reading = following ? quietly(writing.then(() => this.read(following))) : undefined;
        batch = following;
      }
      await writing;
    } finally {
      // never leave the transaction with a statement still running on its connection
      await writing.catch(() => undefined);
      await reading?.catch(() => undefined);
    }
  }

  /** What the database holds for a batch's locations (long-format rows matched to theirs first). */
  private async read(batch: readonly SourceItem[]): Promise<Read> {
    const resolved = await this.resolveMatches(batch);
    const ids = [...new Set(resolved.flatMap((i) => (i.kind === 'location' ? [i.location.locationId] : i.kind === 'rating' ? [i.locationId] : [])))];
    return { resolved, ids, stored: await storedBatch(this.tx, ids) };
  }

  /** The batch's rows applied in order to what is stored: the counts, and what to write. */
  private decide({ resolved, ids, stored }: Read): Decided {
    const { locations, histories } = stored;
    const before = new Map([...histories].map(([id, h]) => [id, [...h]]));

    const dirty = new Set<string>();
    const inserts: NewRating[] = [];
    const updates = new Map<string, RatingUpdate>();

    for (const item of resolved) {
      this.summary.rowsRead += 1;
      if (item.kind === 'skip') {
        this.skip(item.reason);
        continue;
      }
      if (item.kind === 'reject') {
        this.summary.rejected.push({ row: item.row, reason: item.reason, ...(item.file ? { file: item.file } : {}) });
        continue;
      }
      let outcome: Outcome = 'unchanged';
      const id = item.kind === 'location' ? item.location.locationId : item.locationId;
      if (item.kind === 'location') {
        const existing = locations.get(id);
        if (!existing && item.location.adultSocialCare !== true) {
          this.skip(item.location.adultSocialCare === false ? SKIP.notAdultSocialCare : SKIP.unknownScope);
          continue;
        }
        const merged = mergeLocation(existing, item.location);
        if (!existing) outcome = 'created';
        else if (locationChanged(existing, merged)) outcome = 'updated';
        if (outcome !== 'unchanged') {
          locations.set(id, merged);
          dirty.add(id);
        }
      }
      const publications = item.kind === 'location' ? item.publications : [item.publication];
      const history = histories.get(id) ?? [];
      histories.set(id, history);
      for (const publication of publications) {
        const plan = planPublication(history, publication);
        if (plan.action === 'none') continue;
        if (outcome === 'unchanged') outcome = 'updated';
        if (plan.action === 'insert') {
          const newId = randomUUID();
          inserts.push({
            id: newId,
            locationId: id,
            publishedOn: plan.publication.publishedOn,
            firstSeenOn: this.options.today,
            values: plan.publication.values,
            source: this.options.source,
            importId: this.summary.importId,
          });
          history.push({ id: newId, seq: this.nextSeq++, publishedOn: plan.publication.publishedOn, firstSeenOn: this.options.today, values: plan.publication.values });
          this.summary.ratingsAdded += 1;
        } else {
          const index = history.findIndex((p) => p.id === plan.id);
          const current = history[index]!;
          const publishedOn = plan.action === 'date' ? plan.publishedOn : current.publishedOn;
          history[index] = { ...current, publishedOn, values: plan.values };
          const pending = inserts.find((r) => r.id === plan.id);
          if (pending) Object.assign(pending, { publishedOn, values: plan.values });
          else updates.set(plan.id, { id: plan.id, ...(publishedOn ? { publishedOn } : {}), values: plan.values });
        }
      }
      this.summary[outcome] += 1;
    }

    for (const [id, after] of histories) this.summary.ratingsChanged += newChanges(before.get(id) ?? [], after);
    return {
      writes: {
        locations: [...dirty].map((id) => locations.get(id)!),
        ratings: inserts,
        ratingUpdates: [...updates.values()],
        source: this.options.source,
        importId: this.summary.importId,
      },
      touched: ids.map((id) => locations.get(id)).filter((l) => l !== undefined),
    };
  }

  private async write({ writes, touched }: Decided): Promise<void> {
    await saveBatch(this.tx, writes);
    const awaitingName = this.register ? await this.register.add(touched) : [];
    if (awaitingName.length) await this.names.wait(awaitingName);
    await this.names.complete(touched);
  }

  /** Long-format rows name a location by name and postcode: find it, or say why not. */
  private async resolveMatches(batch: readonly SourceItem[]): Promise<Resolved[]> {
    const postcodes = [...new Set(batch.flatMap((i) => (i.kind === 'rating' ? [i.match.postcode] : [])))];
    const candidates = new Map<string, string[]>();
    for (const row of await locationsByPostcodes(this.tx, postcodes)) {
      const key = matchKey(row.name, row.postcode ?? '');
      candidates.set(key, [...(candidates.get(key) ?? []), row.location_id]);
    }
    return batch.map((item): Resolved => {
      if (item.kind !== 'rating') return item;
      const found = candidates.get(matchKey(item.match.name, item.match.postcode)) ?? [];
      if (found.length === 1) return { kind: 'rating', row: item.row, locationId: found[0]!, publication: item.publication };
      const reason =
        found.length === 0
          ? `no CQC location called "${item.match.name}" at ${item.match.postcode} is known (the file has no location ID: import CQC's directory first)`
          : `${found.length} CQC locations are called "${item.match.name}" at ${item.match.postcode}: the file has no location ID to tell them apart`;
      return { kind: 'reject', row: item.row, reason };
    });
  }
}
