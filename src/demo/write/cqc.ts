import type { Tx } from '../../core/db/database.ts';
import type { CqcLocationRow, CqcRatingRow } from '../history/model.ts';
import { insertRows, type Column } from './bulk.ts';

/** CQC locations and their rating history, as an import of CQC's data would have left them. */

const LOCATION: readonly Column<CqcLocationRow>[] = [
  { name: 'location_id', type: 'text', value: (l) => l.locationId },
  { name: 'name', type: 'text', value: (l) => l.name },
  { name: 'provider_id', type: 'text', value: (l) => l.providerId },
  { name: 'provider_name', type: 'text', value: (l) => l.providerName },
  { name: 'address', type: 'text', value: (l) => l.address },
  { name: 'town', type: 'text', value: (l) => l.town },
  { name: 'postcode', type: 'text', value: (l) => l.postcode },
  { name: 'local_authority', type: 'text', value: (l) => l.localAuthority || null },
  { name: 'registration_status', type: 'text', value: () => 'registered' },
  { name: 'registered_on', type: 'date', value: (l) => l.registeredOn },
  { name: 'dormant', type: 'bool', value: () => false },
  { name: 'care_home', type: 'bool', value: (l) => l.careHome },
  { name: 'beds', type: 'int', value: (l) => l.beds },
  { name: 'service_types', type: 'text[]', value: (l) => l.serviceTypes },
  { name: 'specialisms', type: 'text[]', value: (l) => l.specialisms },
  { name: 'inspection_category', type: 'text', value: (l) => l.inspectionCategory },
  { name: 'adult_social_care', type: 'bool', value: () => true },
  { name: 'created_at', type: 'timestamptz', value: (l) => `${l.registeredOn}T09:00:00Z` },
];

const RATING: readonly Column<CqcRatingRow>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'location_id', type: 'text', value: (r) => r.locationId },
  { name: 'published_on', type: 'date', value: (r) => r.publishedOn },
  { name: 'first_seen_on', type: 'date', value: (r) => r.publishedOn },
  { name: 'overall', type: 'text', value: (r) => r.overall },
  { name: 'safe', type: 'text', value: (r) => r.safe },
  { name: 'effective', type: 'text', value: (r) => r.effective },
  { name: 'caring', type: 'text', value: (r) => r.caring },
  { name: 'responsive', type: 'text', value: (r) => r.responsive },
  { name: 'well_led', type: 'text', value: (r) => r.wellLed },
  { name: 'source', type: 'text', value: () => 'demo' },
  { name: 'created_at', type: 'timestamptz', value: (r) => `${r.publishedOn}T06:00:00Z` },
  { name: 'updated_at', type: 'timestamptz', value: (r) => `${r.publishedOn}T06:00:00Z` },
];

export async function writeCqc(tx: Tx, locations: readonly CqcLocationRow[], ratings: readonly CqcRatingRow[]): Promise<void> {
  await insertRows(tx, 'cqc_locations', LOCATION, locations);
  // In date order, as imports over the years would have added them (seq follows).
  await insertRows(tx, 'cqc_ratings', RATING, [...ratings].sort((a, b) => (a.publishedOn < b.publishedOn ? -1 : a.publishedOn > b.publishedOn ? 1 : 0)));
}
