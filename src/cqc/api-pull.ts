import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { apiLocationItem, providerFacts, type ApiRecord, type ApiRecords, type ProviderFacts } from './api-records.ts';
import type { SourceItem } from './records.ts';
import { detectFormat, sniff } from './source.ts';

/**
 * A council's saved pull of the CQC API: list pages (`{"locations": […]}`, `{"providers": […]}` with their
 * paging fields, or a publisher's wrapper of pages), one file per location from `GET /locations/{id}` and
 * one per provider from `GET /providers/{id}`, in any folders, found by what they hold rather than their
 * names. The pull is read as `cqc sync` reads the API: each location once, from its own record where one
 * was saved (else its list entry), with its provider's name, company number and brand joined from the
 * provider's record (else its list entry).
 */

/** API records are small; a bigger JSON file is some other export, streamed on its own. */
const RECORD_BYTES = 8 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const id = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const readJson = async (file: string): Promise<unknown> => JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));

interface Entry {
  readonly record: Json;
  readonly file: string;
  readonly row: number;
}

export class SavedPull implements ApiRecords {
  /** Location ids in the order the list pages give them, each with its entry. */
  private readonly listed = new Map<string, Entry>();
  /** Entries of a list page without a location id: rejected, with where they are. */
  private readonly unnamed: Entry[] = [];
  /** Location id → the file of its own record. */
  private readonly records = new Map<string, string>();
  private readonly providerRecords = new Map<string, string>();
  private readonly providerEntries = new Map<string, ProviderFacts>();
  private readonly providerCache = new Map<string, ProviderFacts | undefined>();
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  /** How many locations the pull holds (list entries and records of the same location count once). */
  get size(): number {
    let size = this.listed.size + this.unnamed.length;
    for (const locationId of this.records.keys()) if (!this.listed.has(locationId)) size += 1;
    return size;
  }

  /** Whether it holds provider records or list pages of providers. */
  get hasProviders(): boolean {
    return this.providerRecords.size + this.providerEntries.size > 0;
  }

  /** Takes a file's parsed content if it is one of the pull's; false when it is some other kind of file. */
  add(file: string, value: unknown): boolean {
    if (!isObject(value)) return false;
    if (Array.isArray(value.locations)) {
      this.addLocationEntries(file, value.locations, { row: 0 });
      return true;
    }
    if (Array.isArray(value.providers)) {
      for (const entry of value.providers) {
        const providerId = isObject(entry) ? id(entry.providerId) : undefined;
        if (providerId && !this.providerEntries.has(providerId)) this.providerEntries.set(providerId, providerFacts(entry));
      }
      return true;
    }
    const locationId = id(value.locationId);
    if (locationId) {
      if (!this.records.has(locationId)) this.records.set(locationId, file);
      return true;
    }
    const providerId = id(value.providerId);
    if (providerId) {
      if (!this.providerRecords.has(providerId)) this.providerRecords.set(providerId, file);
      return true;
    }
    return false;
  }

  /** A list page's entries, or the pages a publisher wrapped in one `locations` list. */
  private addLocationEntries(file: string, entries: unknown[], counter: { row: number }) {
    for (const entry of entries) {
      if (isObject(entry) && Array.isArray(entry.locations) && !('locationId' in entry)) {
        this.addLocationEntries(file, entry.locations, counter);
        continue;
      }
      counter.row += 1;
      const record = isObject(entry) ? entry : {};
      const locationId = id(record.locationId);
      if (!locationId) this.unnamed.push({ record, file, row: counter.row });
      else if (!this.listed.has(locationId)) this.listed.set(locationId, { record, file, row: counter.row });
    }
  }

  async location(locationId: string): Promise<ApiRecord | undefined> {
    const file = this.records.get(locationId);
    if (file) return { record: await readJson(path.join(this.root, file)), file, row: 1 };
    const entry = this.listed.get(locationId);
    return entry && { record: entry.record, file: entry.file, row: entry.row };
  }

  async provider(providerId: string): Promise<ProviderFacts | undefined> {
    if (this.providerCache.has(providerId)) return this.providerCache.get(providerId);
    const file = this.providerRecords.get(providerId);
    const facts = file ? providerFacts(await readJson(path.join(this.root, file))) : this.providerEntries.get(providerId);
    this.providerCache.set(providerId, facts);
    return facts;
  }

  /** Every location once: those the list pages name, in their order, then those only saved as records. */
  async *items(): AsyncGenerator<SourceItem> {
    let row = 0;
    for (const entry of this.unnamed) yield { kind: 'reject', row: entry.row, file: entry.file, reason: 'no locationId' };
    const ids = [...this.listed.keys(), ...[...this.records.keys()].filter((locationId) => !this.listed.has(locationId))];
    for (const locationId of ids) yield await apiLocationItem(locationId, ++row, this, `no record or list entry of ${locationId}`);
  }
}

/**
 * Sorts a folder's files into the saved pull and the rest (tables, exports, anything else), which are
 * imported file by file as before. `files` are paths relative to `root`.
 */
export async function readSavedPull(root: string, files: readonly string[]): Promise<{ pull: SavedPull; rest: string[] }> {
  const pull = new SavedPull(root);
  const rest: string[] = [];
  for (const file of files) {
    const full = path.join(root, file);
    if ((await stat(full)).size > RECORD_BYTES || detectFormat(await sniff(full)) !== 'json') {
      rest.push(file);
      continue;
    }
    let value: unknown;
    try {
      value = await readJson(full);
    } catch {
      // broken JSON: its own import says where
      rest.push(file);
      continue;
    }
    if (!pull.add(file, value)) rest.push(file);
  }
  return { pull, rest };
}
