import { normalisePostcode } from '../core/forms.ts';
import { isAdultSocialCare } from './classify.ts';
import { readCqcDate } from './dates.ts';
import { readKeyQuestion, readRating, type KeyQuestion, type RatingValue } from './ratings.ts';
import { LOCATION_ID, tidy, type LocationFacts, type Publication, type SourceItem } from './records.ts';

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

class ObjectError extends Error {}

export function mapApiLocation(value: unknown, row: number): SourceItem {
  if (!isObject(value)) return { kind: 'reject', row, reason: 'not a JSON object' };
  try {
    return mapObject(value, row);
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

function mapObject(o: Json, row: number): SourceItem {
  const locationId = str(o.locationId);
  if (!locationId) return { kind: 'reject', row, reason: 'no locationId' };
  if (!LOCATION_ID.test(locationId)) return { kind: 'reject', row, reason: `locationId "${locationId.slice(0, 30)}" is not a CQC location ID` };
  const name = str(o.name) ?? str(o.locationName);
  if (!name) return { kind: 'reject', row, reason: 'no location name' };

  const categories = list(o.inspectionCategories).filter(isObject);
  const serviceTypes = list(o.gacServiceTypes).filter(isObject).map((t) => str(t.name) ?? '').filter(Boolean);
  const asc = isAdultSocialCare({
    inspectionDirectorate: str(o.inspectionDirectorate),
    inspectionCategories: categories.map((c) => str(c.name) ?? ''),
    organisationType: str(o.type),
    serviceTypes,
  });
  if (asc === false) return { kind: 'skip', row, reason: 'not an adult social care location' };

  const detailed = 'registrationStatus' in o || 'type' in o || 'inspectionDirectorate' in o;
  const postcodeText = str(o.postalCode);
  const postcode = postcodeText === undefined ? undefined : postcodeText ? (normalisePostcode(postcodeText) ?? postcodeText.toUpperCase()) : null;
  const primary = categories.find((c) => String(c.primary).toLowerCase() === 'true') ?? categories[0];
  const status = str(o.registrationStatus);
  const beds = typeof o.numberOfBeds === 'number' && o.numberOfBeds >= 0 ? Math.round(o.numberOfBeds) : undefined;

  const address = [str(o.postalAddressLine1), str(o.postalAddressLine2)].filter(Boolean).join(', ');
  const town = [str(o.postalAddressTownCity), str(o.postalAddressCounty)].filter(Boolean).join(', ');
  const location: LocationFacts = {
    locationId,
    name,
    ...(postcode !== undefined ? { postcode } : {}),
    ...(detailed
      ? {
          providerId: str(o.providerId) ?? null,
          ...(str(o.providerName) ? { providerName: str(o.providerName)! } : {}),
          address: address || null,
          town: town || null,
          localAuthority: str(o.localAuthority) ?? null,
          region: str(o.region) ?? null,
          registrationStatus: status && /^deregistered$/i.test(status) ? ('deregistered' as const) : ('registered' as const),
          registeredOn: date(o.registrationDate, 'registrationDate'),
          deregisteredOn: date(o.deregistrationDate, 'deregistrationDate'),
          dormant: yesNo(o.dormancy) ?? null,
          careHome: yesNo(o.careHome) ?? null,
          beds: beds ?? null,
          serviceTypes,
          specialisms: list(o.specialisms).filter(isObject).map((s) => str(s.name) ?? '').filter(Boolean),
          inspectionCategory: primary ? (str(primary.name) ?? null) : null,
        }
      : {}),
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
