/**
 * Which CQC locations are adult social care, and which register category a new service gets. CQC has
 * renamed its service types over the years, so both the current names and the 2016 directory's are here.
 */
const norm = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

const ASC_CATEGORIES = new Set(['residential social care', 'community based adult social care services']);

const ASC_SERVICE_TYPES = new Set([
  // CQC's current service types
  'care home service with nursing',
  'care home service without nursing',
  'domiciliary care service',
  'supported living service',
  'extra care housing services',
  'shared lives',
  'community based services for people with a learning disability',
  'community based services for people with mental health needs',
  'community based services for people who misuse substances',
  'specialist college service',
  // the 2016 directory's names
  'residential homes',
  'nursing homes',
  'homecare agencies',
  'supported living',
  'supported housing',
  'extra care housing',
]);

export interface AscEvidence {
  readonly inspectionDirectorate?: string | null | undefined;
  readonly inspectionCategories?: readonly string[] | undefined;
  readonly serviceTypes?: readonly string[] | undefined;
  readonly organisationType?: string | null | undefined;
}

/**
 * true or false when the source says; undefined when it gives nothing to go on. The directorate settles it,
 * then the inspection category; a blank category falls back to the service types (CQC leaves the category
 * blank for newly registered home care agencies).
 */
export function isAdultSocialCare(evidence: AscEvidence): boolean | undefined {
  const directorate = norm(evidence.inspectionDirectorate ?? '');
  if (directorate) return directorate === 'adult social care';
  const categories = (evidence.inspectionCategories ?? []).map(norm).filter(Boolean);
  if (categories.length) return categories.some((c) => ASC_CATEGORIES.has(c));
  const type = norm(evidence.organisationType ?? '');
  if (type) return type === 'social care org';
  const types = (evidence.serviceTypes ?? []).map(norm).filter(Boolean);
  if (types.length) return types.some((t) => ASC_SERVICE_TYPES.has(t));
  return undefined;
}

export type ServiceCategory =
  | 'care_home_older_people'
  | 'care_home_adults_with_disabilities'
  | 'home_care'
  | 'supported_living'
  | 'extra_care'
  | 'day_services_older_people'
  | 'day_opportunities_adults_with_disabilities';

const OLDER_PEOPLE = /over 65|older people|dementia/;

/** The register category for a location that becomes a service; care homes split by whom they support. */
export function serviceCategoryFor(location: {
  readonly careHome?: boolean | null | undefined;
  readonly serviceTypes?: readonly string[] | undefined;
  readonly specialisms?: readonly string[] | undefined;
}): ServiceCategory {
  const types = (location.serviceTypes ?? []).map(norm);
  const has = (...needles: string[]) => types.some((t) => needles.some((n) => t.includes(n)));
  if (location.careHome || has('care home', 'nursing homes', 'residential homes')) {
    const specialisms = (location.specialisms ?? []).map(norm);
    const forOlderPeople = specialisms.length === 0 || specialisms.some((s) => OLDER_PEOPLE.test(s));
    return forOlderPeople ? 'care_home_older_people' : 'care_home_adults_with_disabilities';
  }
  if (has('extra care')) return 'extra_care';
  if (has('domiciliary', 'homecare')) return 'home_care';
  if (has('supported living', 'supported housing', 'shared lives')) return 'supported_living';
  if (has('learning disability', 'mental health')) return 'day_opportunities_adults_with_disabilities';
  return 'home_care';
}
