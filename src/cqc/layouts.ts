import { normalisePostcode } from '../core/forms.ts';
import { isAdultSocialCare } from './classify.ts';
import { readCqcDate } from './dates.ts';
import { readKeyQuestion, readRating, type KeyQuestion, type RatingValue } from './ratings.ts';
import { mapApiTableRow, recogniseApiTable, type ApiTableLayout } from './api-table.ts';
import { CQC_ID, nameProblem, SKIP, splitList, tidy, type LocationFacts, type Publication, type SourceItem } from './records.ts';

/**
 * The tabular layouts CQC has published (directory with ratings, HSCA active locations, the long-format
 * "latest ratings" file, the 2016 care directory without a header). Columns are found by their header
 * names, so their order and the variants' extra or missing columns do not matter.
 */
export type Field =
  | 'locationId'
  | 'name'
  | 'address'
  | 'addressLine2'
  | 'town'
  | 'county'
  | 'postcode'
  | 'localAuthority'
  | 'region'
  | 'providerId'
  | 'providerName'
  | 'companyNumber'
  | 'brandId'
  | 'brandName'
  | 'serviceTypes'
  | 'specialisms'
  | 'careHome'
  | 'beds'
  | 'inspectionCategory'
  | 'inspectionDirectorate'
  | 'registeredOn'
  | 'deregisteredOn'
  | 'registrationStatus'
  | 'dormant'
  | 'publicationDate'
  | 'domain'
  | 'latestRating'
  | 'populationGroup'
  | KeyQuestion;

const ALIASES: Record<Field, string[]> = {
  locationId: ['location id', 'locationid', 'cqc location id', 'cqc location id for office use only'],
  name: ['location name', 'name', 'locationname'],
  address: ['location street address', 'location address line 1', 'address', 'postal address line 1', 'street address'],
  addressLine2: ['location address line 2', 'address line 2', 'postal address line 2'],
  town: ['location city', 'location town city', 'town', 'city', 'town city'],
  county: ['location county', 'county'],
  postcode: ['location postal code', 'location post code', 'location postcode', 'postcode', 'post code', 'postal code'],
  localAuthority: ['location local authority', 'local authority'],
  region: ['location region', 'location adass region', 'region'],
  providerId: ['provider id', 'cqc provider id', 'cqc provider id for office use only'],
  providerName: ['provider name'],
  companyNumber: ['provider companies house number', 'companies house number'],
  brandId: ['brand id'],
  brandName: ['brand name'],
  serviceTypes: ['service types', 'service type', 'location service types'],
  specialisms: ['service users supported', 'specialisms services', 'specialisms'],
  careHome: ['care home', 'care home y n', 'location care home'],
  beds: ['care homes beds', 'care home beds', 'beds', 'number of beds'],
  inspectionCategory: ['primary inspection category', 'location primary inspection category'],
  inspectionDirectorate: ['location inspection directorate', 'inspection directorate'],
  registeredOn: ['location hsca start date', 'hsca start date', 'registration date'],
  deregisteredOn: ['location hsca end date', 'hsca end date', 'deregistration date'],
  registrationStatus: ['registration status', 'location registration status'],
  dormant: ['dormant', 'dormant y n'],
  publicationDate: ['publication date', 'rating publication date', 'report publication date'],
  domain: ['domain', 'key question'],
  latestRating: ['latest rating'],
  populationGroup: ['service population group'],
  overall: ['location latest overall rating', 'latest overall rating', 'overall rating', 'overall'],
  safe: ['location safe rating', 'safe rating', 'safe'],
  effective: ['location effective rating', 'effective rating', 'effective'],
  caring: ['location caring rating', 'caring rating', 'caring'],
  responsive: ['location responsive rating', 'responsive rating', 'responsive'],
  wellLed: ['location well led rating', 'well led rating', 'well led'],
};

const BY_ALIAS = new Map<string, Field>();
for (const [field, aliases] of Object.entries(ALIASES) as [Field, string[]][]) {
  for (const alias of aliases) BY_ALIAS.set(alias, field);
}

export const normaliseHeader = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** The layouts CQC publishes, and API records flattened into a table (api-table.ts). */
export type Layout = ColumnsLayout | ApiTableLayout;

export interface ColumnsLayout {
  readonly name: 'directory' | 'long-ratings' | 'directory-2016';
  /** Column index of each field found. */
  readonly columns: Partial<Record<Field, number>>;
  readonly width: number;
  readonly hasHeader: boolean;
}

/** A header row makes a layout when it carries the API's own field names, names a location id and name, or the long format's columns. */
export function recogniseLayout(cells: readonly string[]): Layout | undefined {
  return recogniseApiTable(cells) ?? recogniseHeader(cells);
}

/** CQC's own headers: a location id and name, or the long format's columns. */
export function recogniseHeader(cells: readonly string[]): ColumnsLayout | undefined {
  const columns: Partial<Record<Field, number>> = {};
  cells.forEach((cell, index) => {
    const field = BY_ALIAS.get(normaliseHeader(cell));
    if (field && columns[field] === undefined) columns[field] = index;
  });
  const has = (f: Field) => columns[f] !== undefined;
  if (has('domain') && has('latestRating') && (has('locationId') || (has('name') && has('postcode')))) {
    return { name: 'long-ratings', columns, width: cells.length, hasHeader: true };
  }
  if (has('locationId') && has('name')) return { name: 'directory', columns, width: cells.length, hasHeader: true };
  return undefined;
}

/** Whether a header has a column that says what kind of service a location is (so whether it is adult social care). */
export function hasScopeColumn(cells: readonly string[]): boolean {
  const api = recogniseApiTable(cells);
  if (api) return ['inspectionDirectorate', 'type', 'inspectionCategories', 'gacServiceTypes'].some((f) => api.fields.has(f));
  const fields = new Set(cells.map((c) => BY_ALIAS.get(normaliseHeader(c))));
  return fields.has('inspectionDirectorate') || fields.has('inspectionCategory') || fields.has('serviceTypes');
}

/** Why a row is not a header: the columns it lacks, and the columns it has. */
export function explainHeader(cells: readonly string[]): string {
  const fields = new Set(cells.map((c) => BY_ALIAS.get(normaliseHeader(c))));
  const missing = !fields.has('locationId')
    ? 'no column holds the CQC location ID (such as "Location ID", or "locationId" as the API names it)'
    : 'no column holds the location name (such as "Location Name")';
  const seen = cells.map((c) => c.trim()).filter(Boolean);
  const shown = seen.slice(0, 30).map((c) => `"${c.slice(0, 40)}"`).join(', ');
  return `${missing}; the columns it has are ${shown || 'none'}${seen.length > 30 ? ` and ${seen.length - 30} more` : ''}`;
}


/** CQC's February 2016 care directory has no header row; it is known by its shape and its id columns. */
export function recogniseDirectory2016(cells: readonly string[]): ColumnsLayout | undefined {
  if (cells.length !== 15) return undefined;
  const [, , , postcode, , , , , , , , , url, locationId, providerId] = cells.map((c) => c.trim());
  if (!CQC_ID.test(locationId ?? '') || !CQC_ID.test(providerId ?? '')) return undefined;
  if (!/cqc\.org\.uk\/location\//i.test(url ?? '') && !/^[A-Z]{1,2}\d/i.test(postcode ?? '')) return undefined;
  const columns: Partial<Record<Field, number>> = {
    name: 0,
    address: 2,
    postcode: 3,
    serviceTypes: 6,
    specialisms: 8,
    providerName: 9,
    localAuthority: 10,
    region: 11,
    locationId: 13,
    providerId: 14,
  };
  return { name: 'directory-2016', columns, width: 15, hasHeader: false };
}

const RATING_FIELDS: readonly KeyQuestion[] = ['overall', 'safe', 'effective', 'caring', 'responsive', 'wellLed'];

class RowError extends Error {}

/** Maps one data row of a recognised layout to what it says; every problem becomes the row's reason. */
export function mapRow(layout: Layout, cells: readonly string[], row: number): SourceItem {
  if (cells.every((c) => c.trim() === '')) return { kind: 'skip', row, reason: SKIP.blank };
  if (layout.hasHeader && cells.length !== layout.width) {
    return { kind: 'reject', row, reason: `the row has ${cells.length} values but the header has ${layout.width} columns` };
  }
  if (layout.name === 'api-table') return mapApiTableRow(layout, cells, row);
  try {
    return layout.name === 'long-ratings' ? mapLongRow(layout, cells, row) : mapLocationRow(layout, cells, row);
  } catch (error) {
    if (error instanceof RowError) return { kind: 'reject', row, reason: error.message };
    throw error;
  }
}

function reader(layout: ColumnsLayout, cells: readonly string[]) {
  const text = (field: Field): string | undefined => {
    const index = layout.columns[field];
    return index === undefined ? undefined : tidy(cells[index]);
  };
  const optional = (field: Field): string | null | undefined => {
    const value = text(field);
    return value === undefined ? undefined : value || null;
  };
  const date = (field: Field): string | null | undefined => {
    const value = text(field);
    if (value === undefined) return undefined;
    const reading = readCqcDate(value);
    if (!reading.ok) throw new RowError(`${headerLabel(field)}: ${reading.reason}`);
    return reading.value;
  };
  const rating = (field: Field): RatingValue | null | undefined => {
    const value = text(field);
    if (value === undefined) return undefined;
    const reading = readRating(value);
    if (!reading.ok) throw new RowError(`${headerLabel(field)}: ${reading.reason}`);
    return reading.value;
  };
  const flag = (field: Field): boolean | null | undefined => {
    const value = text(field);
    if (value === undefined) return undefined;
    if (value === '') return null;
    if (/^(y|yes|true)$/i.test(value)) return true;
    if (/^(n|no|false)$/i.test(value)) return false;
    throw new RowError(`${headerLabel(field)}: "${value.slice(0, 20)}" is not Y or N`);
  };
  return { text, optional, date, rating, flag };
}

function headerLabel(field: Field): string {
  return ALIASES[field][0]!.replace(/^./, (c) => c.toUpperCase());
}

function locationIdFrom(value: string | undefined): string {
  if (!value) throw new RowError('no CQC location ID');
  if (!CQC_ID.test(value)) throw new RowError(`CQC location ID "${value.slice(0, 30)}" is not a CQC location ID`);
  return value;
}

function postcodeFrom(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  return normalisePostcode(value) ?? value.toUpperCase();
}

function mapLocationRow(layout: ColumnsLayout, cells: readonly string[], row: number): SourceItem {
  const r = reader(layout, cells);
  const locationId = locationIdFrom(r.text('locationId'));
  const name = r.text('name');
  if (!name) throw new RowError('no location name');
  const tooLong = nameProblem(name);
  if (tooLong) throw new RowError(tooLong);

  const serviceTypes = r.text('serviceTypes') === undefined ? undefined : splitList(r.text('serviceTypes'));
  const specialisms = r.text('specialisms') === undefined ? undefined : splitList(r.text('specialisms'));
  const inspectionCategory = r.optional('inspectionCategory');
  const asc = isAdultSocialCare({
    inspectionDirectorate: r.optional('inspectionDirectorate'),
    inspectionCategories: inspectionCategory ? [inspectionCategory] : [],
    serviceTypes,
  });
  if (asc === false) return { kind: 'skip', row, reason: SKIP.notAdultSocialCare };

  const registeredOn = r.date('registeredOn');
  const deregisteredOn = r.date('deregisteredOn');
  const status = r.text('registrationStatus');
  const registrationStatus: LocationFacts['registrationStatus'] =
    status !== undefined && status !== ''
      ? /^deregistered$/i.test(status)
        ? 'deregistered'
        : 'registered'
      : deregisteredOn
        ? 'deregistered'
        : layout.columns.deregisteredOn !== undefined || layout.name !== 'long-ratings'
          ? 'registered'
          : undefined;

  const bedsText = r.text('beds');
  if (bedsText && !/^\d+$/.test(bedsText)) throw new RowError(`${headerLabel('beds')}: "${bedsText.slice(0, 20)}" is not a whole number`);
  const beds = bedsText === undefined ? undefined : bedsText === '' ? null : Number(bedsText);
  const careHomeFlag = r.flag('careHome');
  const careHome =
    careHomeFlag !== undefined ? careHomeFlag : serviceTypes !== undefined ? serviceTypes.some((t) => /care home|nursing homes|residential homes/i.test(t)) : undefined;

  const address = [r.text('address'), r.text('addressLine2')].filter(Boolean).join(', ');
  const town = [r.text('town'), r.text('county')].filter(Boolean).join(', ');
  // Only what the source gave becomes a fact (undefined keeps the stored value): assigned one by one, as
  // spreading a small object per field costs more than the rest of the row on a national file.
  const location: Writable<LocationFacts> = { locationId, name };
  const set = <K extends keyof LocationFacts>(key: K, value: LocationFacts[K] | undefined) => {
    if (value !== undefined) location[key] = value;
  };
  set('providerId', r.optional('providerId'));
  set('providerName', r.optional('providerName'));
  set('providerCompanyNumber', r.optional('companyNumber'));
  set('brandId', r.optional('brandId'));
  set('brandName', r.optional('brandName'));
  if (layout.columns.address !== undefined) location.address = address || null;
  if (layout.columns.town !== undefined) location.town = town || null;
  set('postcode', postcodeFrom(r.optional('postcode')));
  set('localAuthority', r.optional('localAuthority'));
  set('region', withoutAdassSuffix(r.optional('region')));
  set('registrationStatus', registrationStatus);
  set('registeredOn', registeredOn);
  set('deregisteredOn', deregisteredOn);
  set('dormant', r.flag('dormant'));
  set('careHome', careHome);
  set('beds', beds);
  set('serviceTypes', serviceTypes);
  set('specialisms', specialisms);
  set('inspectionCategory', inspectionCategory);
  set('adultSocialCare', asc);

  const values: Partial<Record<KeyQuestion, RatingValue>> = {};
  for (const field of RATING_FIELDS) {
    const value = r.rating(field);
    if (value) values[field] = value;
  }
  const publications: Publication[] = [];
  if (Object.keys(values).length) publications.push({ publishedOn: ratingDate(r.date('publicationDate'), registeredOn), values });
  if (layout.name === 'long-ratings') return { kind: 'location', row, location, publications: longPublication(r, row) };
  return { kind: 'location', row, location, publications };
}

/**
 * The directory export's "Publication Date" repeats the registration date (a rating is never published on
 * the day a location registers), so there it says nothing about the rating; elsewhere it dates it.
 */
/** The directory export names regions "South West (ADASS Region)"; the API says "South West". */
function withoutAdassSuffix(region: string | null | undefined) {
  return region ? region.replace(/\s*\(ADASS Region\)$/i, '') : region;
}

export function ratingDate(publicationDate: string | null | undefined, registeredOn: string | null | undefined): string | null {
  if (!publicationDate) return null;
  return publicationDate === registeredOn ? null : publicationDate;
}

function longPublication(r: ReturnType<typeof reader>, row: number): Publication[] {
  const group = r.text('populationGroup');
  if (group && !/^overall$/i.test(group)) return [];
  const domain = r.text('domain') ?? '';
  const keyQuestion = readKeyQuestion(domain);
  if (!keyQuestion) return [];
  const value = r.rating('latestRating');
  if (!value) return [];
  const publishedOn = r.date('publicationDate');
  if (!publishedOn) throw new RowError(`row ${row} has a rating but no publication date`);
  return [{ publishedOn, values: { [keyQuestion]: value } }];
}

function mapLongRow(layout: ColumnsLayout, cells: readonly string[], row: number): SourceItem {
  const r = reader(layout, cells);
  if (layout.columns.locationId !== undefined && r.text('locationId')) {
    const group = r.text('populationGroup');
    if (group && !/^overall$/i.test(group)) return { kind: 'skip', row, reason: SKIP.populationGroup };
    return mapLocationRow(layout, cells, row);
  }
  const name = r.text('name');
  const postcode = postcodeFrom(r.optional('postcode'));
  if (!name || !postcode) throw new RowError('no CQC location ID, and no name and postcode to find the location by');
  const domain = r.text('domain') ?? '';
  const keyQuestion = readKeyQuestion(domain);
  if (!keyQuestion) return { kind: 'skip', row, reason: SKIP.notKeyQuestion };
  const publications = longPublication(r, row);
  const publication = publications[0];
  if (!publication) return { kind: 'skip', row, reason: SKIP.noRating };
  return { kind: 'rating', row, match: { name, postcode }, publication };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };
