import type { KeyQuestion, RatingValue } from './ratings.ts';

/**
 * What one row (or API object) of CQC data says, whatever its layout. A field left undefined was not in
 * the source, so the stored value stays as it is; null means the source gave it blank.
 */
export interface LocationFacts {
  readonly locationId: string;
  readonly name?: string;
  readonly providerId?: string | null;
  readonly providerName?: string | null;
  readonly providerCompanyNumber?: string | null;
  readonly brandId?: string | null;
  readonly brandName?: string | null;
  readonly address?: string | null;
  readonly town?: string | null;
  readonly postcode?: string | null;
  readonly localAuthority?: string | null;
  readonly region?: string | null;
  readonly registrationStatus?: 'registered' | 'deregistered';
  readonly registeredOn?: string | null;
  readonly deregisteredOn?: string | null;
  readonly dormant?: boolean | null;
  readonly careHome?: boolean | null;
  readonly beds?: number | null;
  readonly serviceTypes?: readonly string[];
  readonly specialisms?: readonly string[];
  readonly inspectionCategory?: string | null;
  /** undefined when the source cannot tell (an API list entry): such a row only updates a known location. */
  readonly adultSocialCare?: boolean;
}

/** One rating publication: the key questions it rated (real ratings or the reason there is none). */
export interface Publication {
  /** null when the source does not say when it was published. */
  readonly publishedOn: string | null;
  readonly values: Partial<Record<KeyQuestion, RatingValue>>;
}

/** A long-format ratings row without a location id: matched to a known location by name and postcode. */
export interface LocationMatch {
  readonly name: string;
  readonly postcode: string;
}

export type SourceItem =
  | { readonly kind: 'location'; readonly row: number; readonly location: LocationFacts; readonly publications: readonly Publication[] }
  | { readonly kind: 'rating'; readonly row: number; readonly match: LocationMatch; readonly publication: Publication }
  | { readonly kind: 'skip'; readonly row: number; readonly reason: string }
  /** `file`: where the row is, when one source is read from several files (a saved API pull). */
  | { readonly kind: 'reject'; readonly row: number; readonly reason: string; readonly file?: string };

/**
 * The ids CQC gives locations and providers: 1-<digits> for most, and for NHS bodies and their sites the
 * ODS code, which may start with a letter or a digit (RX3LD, RXX, 5J501, 5J5). A code has a capital letter
 * somewhere, so a bare number or a word in lower case is not taken for one.
 */
export const CQC_ID = /^(?:1-\d{3,12}|(?=[0-9]*[A-Z])[A-Z0-9]{3,10})$/;

/** The longest location name stored (cqc_locations.name); a longer one is the row's fault, not the import's. */
export const LOCATION_NAME_MAX = 300;

/** Why a location's name cannot be stored, or undefined when it can. */
export function nameProblem(name: string): string | undefined {
  return name.length > LOCATION_NAME_MAX ? `location name is ${name.length} characters long; at most ${LOCATION_NAME_MAX} are kept` : undefined;
}

/** Why a row was skipped, in the words the summary counts them by. */
export const SKIP = {
  notAdultSocialCare: 'not an adult social care location',
  blank: 'blank row',
  unknownScope: 'not imported before, and the source does not say whether it is adult social care',
  populationGroup: 'a rating of one population group, not of the whole location',
  notKeyQuestion: 'a rating of something other than a key question',
  noRating: 'no rating given',
} as const;

/** Trims and collapses runs of spaces ("247 Somerset Care  Services Ltd", " AbilityAvenue Care"). */
export function tidy(text: string | null | undefined): string {
  if (!text) return '';
  // most cells are already tidy: skip the rewrite for them (it runs for every cell of a national file)
  return MESSY.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}
const MESSY = /^\s|\s$|\s\s|[\t\n\r\u00a0]/;

/** The key for matching a location by name and postcode: case, spacing and punctuation do not count. */
export function matchKey(name: string, postcode: string): string {
  return `${name.toLowerCase().replace(/&/g, ' and ').replace(/[^a-z0-9]+/g, ' ').trim()}|${postcode.toUpperCase().replace(/\s+/g, '')}`;
}

/** Lists in CQC cells: pipes in the 2016 directory, commas since; duplicates and blanks dropped. */
export function splitList(text: string | null | undefined): string[] {
  const raw = tidy(text);
  if (!raw) return [];
  const parts = raw.includes('|') ? raw.split('|') : raw.split(',');
  return [...new Set(parts.map((p) => tidy(p)).filter(Boolean))];
}
