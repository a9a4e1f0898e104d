import { mapApiLocation } from './api-json.ts';
import { tidy, type SourceItem } from './records.ts';

/**
 * CQC API records, wherever they come from: the API itself (`cqc sync`, sync.ts) or a council's saved pull
 * of it (api-pull.ts). Both read a location the same way: its own record, then its provider's record for
 * what the location's lacks (the provider's name, company number and brand).
 */

/** What a provider's record gives its locations. */
export interface ProviderFacts {
  readonly name?: string;
  readonly companyNumber?: string | null;
  readonly brandId?: string;
  readonly brandName?: string;
}

export interface ApiRecord {
  /** The location's record (GET /locations/{id}), or its entry in a list page when that is all there is. */
  readonly record: unknown;
  /** The saved file it came from, and its place there, for a rejected record's reason. */
  readonly file?: string;
  readonly row?: number;
}

export interface ApiRecords {
  location(id: string): Promise<ApiRecord | undefined>;
  provider(id: string): Promise<ProviderFacts | undefined>;
}

const text = (value: unknown) => (typeof value === 'string' && tidy(value) ? tidy(value) : undefined);

/** A provider's record (GET /providers/{id}), or its entry in a list page of providers. */
export function providerFacts(record: unknown): ProviderFacts {
  const o = (typeof record === 'object' && record !== null ? record : {}) as Record<string, unknown>;
  const name = text(o.name) ?? text(o.providerName);
  const brandId = text(o.brandId);
  const brandName = text(o.brandName);
  return {
    ...(name ? { name } : {}),
    companyNumber: text(o.companiesHouseNumber) ?? null,
    ...(brandId ? { brandId } : {}),
    ...(brandName ? { brandName } : {}),
  };
}

/** A location of the API as one item: its record read, its provider's facts joined; `missing` when it has none. */
export async function apiLocationItem(id: string, row: number, records: ApiRecords, missing: string): Promise<SourceItem> {
  const found = await records.location(id);
  if (!found) return { kind: 'reject', row, reason: missing };
  const item = await withProvider(mapApiLocation(found.record, found.row ?? row), records);
  return item.kind === 'reject' && found.file ? { ...item, file: found.file } : item;
}

/** Gives a location whose source names its provider only by id what the provider's record says. */
export async function withProvider(item: SourceItem, records: Pick<ApiRecords, 'provider'>): Promise<SourceItem> {
  if (item.kind !== 'location' || !item.location.providerId || item.location.providerName !== undefined) return item;
  const provider = await records.provider(item.location.providerId);
  if (!provider) return item;
  const location = item.location;
  return {
    ...item,
    location: {
      ...location,
      ...(provider.name ? { providerName: provider.name } : {}),
      ...(provider.companyNumber !== undefined ? { providerCompanyNumber: provider.companyNumber } : {}),
      ...(provider.brandId && !location.brandId ? { brandId: provider.brandId } : {}),
      ...(provider.brandName && !location.brandName ? { brandName: provider.brandName } : {}),
    },
  };
}

/** The items of any source, with provider records saved beside it joined in. */
export async function* joinProviders(items: AsyncIterable<SourceItem>, records: Pick<ApiRecords, 'provider'>): AsyncGenerator<SourceItem> {
  for await (const item of items) yield await withProvider(item, records);
}
