import { normalisePostcode } from '../core/forms.ts';
import { isAdultSocialCare } from './classify.ts';
import { readCqcDate } from './dates.ts';
import { readKeyQuestion, readRating, type KeyQuestion, type RatingValue } from './ratings.ts';
import { CQC_ID, nameProblem, SKIP, splitList, tidy, type LocationFacts, type Publication, type SourceItem } from './records.ts';

/**
 * One location object as the CQC public API returns it (GET /locations/{id}), or an entry of its list
 * (GET /locations: only id, name and postcode). Ratings come from `historicRatings`, `currentRatings`
 * and the single assessment framework's `assessment[].ratings`; publications are kept by date, so the
 * newest of them is the current rating whichever block it came from.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? tidy(value) : typeof value === 'number' ? String(value) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The names in a list the API gives as objects (`[{"name": …}]`); a flattened table may give plain names instead. */
function names(value: unknown): string[] {
  if (typeof value === 'string') return splitList(value);
  return list(value)
    .map((entry) => (isObject(entry) ? (str(entry.name) ?? '') : (str(entry) ?? '')))
    .filter(Boolean);
}

/** Whole beds: a number, or its text as a spreadsheet or pandas writes it ("28", "28.0"). */
function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value >= 0 ? Math.round(value) : undefined;
  const text = str(value);
  return text && /^\d+(\.0+)?$/.test(text) ? Number(text) : undefined;
}

class ObjectError extends Error {}

export interface MapOptions {
  /**
   * The top-level fields a flattened table has columns for. A record from the API is whole, so a field it
   * leaves out is empty; a table says nothing about the fields it has no column for, which stay as stored.
   */
  readonly columns?: ReadonlySet<string>;
}

export function mapApiLocation(value: unknown, row: number, options: MapOptions = {}): SourceItem {
  if (!isObject(value)) return { kind: 'reject', row, reason: 'not a JSON object' };
  try {
    return mapObject(value, row, options);
  } catch (error) {
    if (error instanceof ObjectError) return { kind: 'reject', row, reason: error.message };
    throw error;
  }
}

function date(value: unknown, what: string): string | null {
  const text = str(value);
  if (!text) return null;
  const reading = readCqcDate(text);
  if (!reading.ok) throw new ObjectError(`${what}: ${reading.reason}`);
  return reading.value;
}

function rating(value: unknown, what: string): RatingValue | null {
  const reading = readRating(str(value));
  if (!reading.ok) throw new ObjectError(`${what}: ${reading.reason}`);
  return reading.value;
}

function yesNo(value: unknown): boolean | null | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  const text = str(value) ?? '';
  if (/^(y|yes|true)$/i.test(text)) return true;
  if (/^(n|no|false)$/i.test(text)) return false;
  return null;
}

/** A list entry of GET /locations has only these (and `name` in some copies); anything more is a location's own record. */
const LIST_ENTRY_FIELDS = new Set(['locationId', 'locationName', 'name', 'postalCode']);

function mapObject(o: Json, row: number, options: MapOptions): SourceItem {
  const locationId = str(o.locationId);
  if (!locationId) return { kind: 'reject', row, reason: 'no locationId' };
  if (!CQC_ID.test(locationId)) return { kind: 'reject', row, reason: `locationId "${locationId.slice(0, 30)}" is not a CQC location ID` };
  const name = str(o.name) ?? str(o.locationName);
  if (!name) return { kind: 'reject', row, reason: 'no location name' };
  const tooLong = nameProblem(name);
  if (tooLong) return { kind: 'reject', row, reason: tooLong };

  const categories = list(o.inspectionCategories).filter(isObject);
  const categoryNames = typeof o.inspectionCategories === 'string' ? names(o.inspectionCategories) : categories.map((c) => str(c.name) ?? '');
  const serviceTypes = names(o.gacServiceTypes);
  const asc = isAdultSocialCare({
    inspectionDirectorate: str(o.inspectionDirectorate),
    inspectionCategories: categoryNames,
    organisationType: str(o.type),
    serviceTypes,
  });
  if (asc === false) return { kind: 'skip', row, reason: SKIP.notAdultSocialCare };

  const detailed = Object.keys(o).some((key) => !LIST_ENTRY_FIELDS.has(key));
  const given = (...keys: string[]) => (options.columns ? keys.some((k) => options.columns!.has(k)) : detailed);
  const postcodeText = str(o.postalCode);
  const postcode = postcodeText === undefined ? undefined : postcodeText ? (normalisePostcode(postcodeText) ?? postcodeText.toUpperCase()) : null;
  const primary = categories.find((c) => String(c.primary).toLowerCase() === 'true') ?? categories[0];
  const status = str(o.registrationStatus);
  const deregisteredOn = date(o.deregistrationDate, 'deregistrationDate');

  const address = [str(o.postalAddressLine1), str(o.postalAddressLine2)].filter(Boolean).join(', ');
  const town = [str(o.postalAddressTownCity), str(o.postalAddressCounty)].filter(Boolean).join(', ');
  const location: LocationFacts = {
    locationId,
    name,
    ...(postcode !== undefined ? { postcode } : options.columns?.has('postalCode') ? { postcode: null } : {}),
    ...(given('providerId') ? { providerId: str(o.providerId) || null } : {}),
    ...(str(o.providerName) ? { providerName: str(o.providerName)! } : {}),
    ...(given('brandId') ? { brandId: str(o.brandId) || null } : {}),
    ...(given('brandName') ? { brandName: str(o.brandName) || null } : {}),
    ...(given('postalAddressLine1', 'postalAddressLine2') ? { address: address || null } : {}),
    ...(given('postalAddressTownCity', 'postalAddressCounty') ? { town: town || null } : {}),
    ...(given('localAuthority') ? { localAuthority: str(o.localAuthority) || null } : {}),
    ...(given('region') ? { region: str(o.region) || null } : {}),
    ...(given('registrationStatus', 'deregistrationDate')
      ? { registrationStatus: /^deregistered$/i.test(status ?? '') || (!status && deregisteredOn) ? ('deregistered' as const) : ('registered' as const) }
      : {}),
    ...(given('registrationDate') ? { registeredOn: date(o.registrationDate, 'registrationDate') } : {}),
    ...(given('deregistrationDate') ? { deregisteredOn } : {}),
    ...(given('dormancy') ? { dormant: yesNo(o.dormancy) ?? null } : {}),
    ...(given('careHome') ? { careHome: yesNo(o.careHome) ?? null } : {}),
    ...(given('numberOfBeds') ? { beds: wholeNumber(o.numberOfBeds) ?? null } : {}),
    ...(given('gacServiceTypes') ? { serviceTypes } : {}),
    ...(given('specialisms') ? { specialisms: names(o.specialisms) } : {}),
    ...(given('inspectionCategories') ? { inspectionCategory: (primary ? str(primary.name) : categoryNames[0]) || null } : {}),
    ...(asc !== undefined ? { adultSocialCare: asc } : {}),
  };
  return { kind: 'location', row, location, publications: publicationsOf(o) };
}

type Values = Partial<Record<KeyQuestion, RatingValue>>;

function keyQuestionValues(entries: unknown, defaultDate: string | null, into: Map<string | null, Values>, what: string) {
  for (const entry of list(entries).filter(isObject)) {
    const keyQuestion = readKeyQuestion(str(entry.name));
    if (!keyQuestion || keyQuestion === 'overall') continue;
    const value = rating(entry.rating, `${what} ${str(entry.name)}`);
    if (!value) continue;
    const on = date(entry.reportDate, `${what} ${str(entry.name)} reportDate`) ?? defaultDate;
    into.set(on, { ...into.get(on), [keyQuestion]: value });
  }
}

/** Every publication the object records; later blocks win where two give the same date. */
export function publicationsOf(o: Json): Publication[] {
  const byDate = new Map<string | null, Values>();

  for (const historic of list(o.historicRatings).filter(isObject)) {
    const on = date(historic.reportDate, 'historicRatings reportDate');
    const overall = isObject(historic.overall) ? historic.overall : undefined;
    if (!overall) continue;
    const value = rating(overall.rating, 'historicRatings overall');
    if (value) byDate.set(on, { ...byDate.get(on), overall: value });
    keyQuestionValues(overall.keyQuestionRatings, on, byDate, 'historicRatings');
  }

  const current = isObject(o.currentRatings) && isObject(o.currentRatings.overall) ? o.currentRatings.overall : undefined;
  if (current) {
    const on = date(current.reportDate, 'currentRatings reportDate');
    const value = rating(current.rating, 'currentRatings overall');
    if (value) byDate.set(on, { ...byDate.get(on), overall: value });
    keyQuestionValues(current.keyQuestionRatings, on, byDate, 'currentRatings');
  }

  for (const assessment of list(o.assessment).filter(isObject)) {
    const ratings = isObject(assessment.ratings) ? assessment.ratings : {};
    const locationLevel = list(ratings.overall).filter(isObject).filter((r) => str(r.rating));
    const serviceLevel = list(ratings.asgRatings).filter(isObject).filter((r) => str(r.rating));
    // A location-level rating speaks for the location; otherwise the current service-group rating does.
    const chosen =
      locationLevel[0] ?? serviceLevel.find((r) => /^current$/i.test(str(r.status) ?? '')) ?? serviceLevel[0];
    if (!chosen) continue;
    const on =
      date(assessment.assessmentPlanPublishedDateTime, 'assessmentPlanPublishedDateTime') ??
      date(chosen.assessmentDate ?? assessment.assessmentDate, 'assessmentDate');
    const value = rating(chosen.rating, 'assessment rating');
    const values: Values = { ...byDate.get(on) };
    if (value) values.overall = value;
    const kq = new Map<string | null, Values>();
    keyQuestionValues(chosen.keyQuestionRatings, on, kq, 'assessment');
    Object.assign(values, kq.get(on) ?? {});
    for (const [other, extra] of kq) if (other !== on) byDate.set(other, { ...byDate.get(other), ...extra });
    if (Object.keys(values).length) byDate.set(on, values);
  }

  return [...byDate]
    .filter(([, values]) => Object.keys(values).length > 0)
    .map(([publishedOn, values]) => ({ publishedOn, values }))
    .sort((a, b) => (a.publishedOn ?? '').localeCompare(b.publishedOn ?? ''));
}
