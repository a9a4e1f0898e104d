/**
 * Care-home fee bands from the annual audits (issue 18, seed 003): pure rules. A council's scheme for a
 * financial year turns each home's audit into a band, subject to the gates the council switches on; each
 * proposal says why in words. Nothing here reads the clock or the database.
 *
 * The audit round: Nottinghamshire audits its homes during one financial year to set the next year's bands
 * ("annual quality audits ... to inform the banding and associated fee level for each home for 2017/18",
 * carried out in 2016/17). So the bands of year Y come from the latest full assessment dated in year Y-1
 * or later; one dated inside year Y itself is a re-audit, and the band it gives applies from its date.
 */

export const CARE_HOME_TYPES = ['residential', 'residential_dementia', 'nursing', 'nursing_dementia', 'younger_adults'] as const;
export type CareHomeType = (typeof CARE_HOME_TYPES)[number];

export const CARE_HOME_TYPE_LABELS: Record<CareHomeType, string> = {
  residential: 'Residential',
  residential_dementia: 'Residential dementia',
  nursing: 'Nursing',
  nursing_dementia: 'Nursing dementia',
  younger_adults: 'Younger adults',
};

export interface FeeBand {
  readonly key: string;
  readonly label: string;
  /** The weekly fee, in pounds, for any type of home without a fee of its own below. */
  readonly weeklyFee: number;
  /** The lowest audit overall percent that earns this band (the first band's is 0). */
  readonly minPercent: number;
  /** The weekly fee for a type of home, where the council sets one. */
  readonly weeklyFees?: Partial<Record<CareHomeType, number>>;
}

export interface FeeBandGates {
  /** A home whose new placements are suspended is capped at the lowest band. */
  readonly suspendedCapsAtLowest: boolean;
  /** A home CQC rates Inadequate overall is capped at the lowest band. */
  readonly cqcInadequateCapsAtLowest: boolean;
  /** A home not audited this round keeps last year's band (flagged for a person to look at). */
  readonly noAuditKeepsLastYear: boolean;
}

export interface FeeBandScheme {
  readonly year: number;
  readonly bands: readonly FeeBand[];
  readonly gates: FeeBandGates;
}

export const DEFAULT_GATES: FeeBandGates = { suspendedCapsAtLowest: true, cqcInadequateCapsAtLowest: true, noAuditKeepsLastYear: true };

/**
 * An example scheme (the demo's): five bands whose thresholds follow the overall-percent bands of seed 001
 * (Good from 78%, Adequate from 65%), with illustrative weekly fees, and more for nursing homes.
 */
export const EXAMPLE_BANDS: readonly FeeBand[] = [
  { key: '1', label: 'Band 1', weeklyFee: 560, minPercent: 0, weeklyFees: { nursing: 690, nursing_dementia: 720 } },
  { key: '2', label: 'Band 2', weeklyFee: 590, minPercent: 55, weeklyFees: { nursing: 720, nursing_dementia: 750 } },
  { key: '3', label: 'Band 3', weeklyFee: 620, minPercent: 65, weeklyFees: { nursing: 750, nursing_dementia: 780 } },
  { key: '4', label: 'Band 4', weeklyFee: 655, minPercent: 78, weeklyFees: { nursing: 785, nursing_dementia: 815 } },
  { key: '5', label: 'Band 5', weeklyFee: 690, minPercent: 95, weeklyFees: { nursing: 820, nursing_dementia: 850 } },
];

/** A problem with a scheme's bands: which band (from 0) and which of its fields. */
export interface BandProblem {
  readonly index: number;
  readonly field: 'key' | 'label' | 'weeklyFee' | 'minPercent';
  readonly message: string;
}

/** What is wrong with a scheme's bands: unique keys, the first from 0 %, each from more than the one before. */
export function checkBands(bands: readonly FeeBand[]): BandProblem[] {
  const problems: BandProblem[] = [];
  const seen = new Set<string>();
  bands.forEach((band, index) => {
    const name = `band ${index + 1}`;
    if (seen.has(band.key)) problems.push({ index, field: 'key', message: `The key of ${name} is used by another band: give each band its own` });
    seen.add(band.key);
    if (index === 0 && band.minPercent !== 0) problems.push({ index, field: 'minPercent', message: 'The first band must start from 0%' });
    const before = bands[index - 1];
    if (before && band.minPercent <= before.minPercent) {
      problems.push({ index, field: 'minPercent', message: `The lowest percent of ${name} must be more than that of band ${index} (${before.minPercent}%)` });
    }
  });
  return problems;
}

/** The financial year a day falls in, by the calendar year it starts in: 2027-03-31 is in 2026. */
export function financialYearOf(day: string): number {
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '04-01' ? year : year - 1;
}

export const yearStart = (year: number) => `${year}-04-01`;
export const yearEnd = (year: number) => `${year + 1}-03-31`;
export const yearLabel = (year: number) => `${year}/${String((year + 1) % 100).padStart(2, '0')}`;

/** The days from which an audit counts towards year Y's bands: the start of the year before. */
export const auditRoundStart = (year: number) => yearStart(year - 1);

/** What kind of care home a service is, from its category and what CQC registers it for; null if not a care home. */
export function careHomeType(category: string, cqc: { readonly serviceTypes: readonly string[]; readonly specialisms: readonly string[] } | null): CareHomeType | null {
  if (category === 'care_home_adults_with_disabilities') return 'younger_adults';
  if (category !== 'care_home_older_people') return null;
  const types = (cqc?.serviceTypes ?? []).map((t) => t.toLowerCase());
  const nursing = types.some((t) => t.includes('with nursing') && !t.includes('without nursing'));
  const dementia = (cqc?.specialisms ?? []).some((s) => s.toLowerCase().includes('dementia'));
  return nursing ? (dementia ? 'nursing_dementia' : 'nursing') : dementia ? 'residential_dementia' : 'residential';
}

/** The highest band whose lowest percent the audit reached. */
export function bandForPercent(bands: readonly FeeBand[], percent: number): FeeBand {
  let chosen = bands[0]!;
  for (const band of bands) if (percent >= band.minPercent) chosen = band;
  return chosen;
}

export function weeklyFeeOf(band: FeeBand, type: CareHomeType): number {
  return band.weeklyFees?.[type] ?? band.weeklyFee;
}

export function findBand(scheme: FeeBandScheme, key: string | null | undefined): FeeBand | undefined {
  return key === null || key === undefined ? undefined : scheme.bands.find((b) => b.key === key);
}

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
export const inWords = (day: string) => DAY.format(new Date(`${day}T12:00:00Z`));
/** A percent as people read it: one decimal place at most (82, 92.9). */
const percentText = (percent: number) => String(Math.round(percent * 10) / 10);
const bandName = (band: FeeBand) => ([band.key, `band ${band.key}`].includes(band.label.toLowerCase()) ? `band ${band.key}` : `band ${band.key} (${band.label})`);

/** A full assessment of the home: its day, overall percent (null where only a band was given) and overall band. */
export interface Audit {
  readonly assessedOn: string;
  readonly percent: number | null;
  readonly band?: AuditBand | null;
}

export type AuditBand = 'excellent' | 'good' | 'requires_improvement' | 'poor';

/**
 * Where an audit gave a band but no percent (a past result imported from another system), it counts as the
 * lowest percent of its band: Hertfordshire's bands of seed 001 (Excellent 95+, Good from 78%, Adequate from
 * 65%, Poor under 65%).
 */
export const AUDIT_BAND_PERCENT: Record<AuditBand, { readonly percent: number; readonly label: string }> = {
  excellent: { percent: 95, label: 'Excellent' },
  good: { percent: 78, label: 'Good' },
  requires_improvement: { percent: 65, label: 'Requires improvement' },
  poor: { percent: 0, label: 'Poor' },
};

/** The percent an audit counts as, or null where it gave neither a percent nor a band. */
export function auditPercent(audit: Audit): number | null {
  return audit.percent ?? (audit.band ? AUDIT_BAND_PERCENT[audit.band].percent : null);
}

function auditResult(audit: Audit): string {
  if (audit.percent !== null) return `scored ${percentText(audit.percent)}%`;
  const band = AUDIT_BAND_PERCENT[audit.band!];
  return `was rated ${band.label}, counted as ${band.percent}%`;
}

/** What the proposal of one home is made from. */
export interface HomeFacts {
  readonly type: CareHomeType;
  /** Its full assessments, any order; those outside the round are ignored. */
  readonly audits: readonly Audit[];
  /** New placements suspended (in full or in part) now. */
  readonly suspended: boolean;
  /** CQC's latest overall rating is Inadequate. */
  readonly cqcInadequate: boolean;
  /** Its band in last year's latest approved schedule. */
  readonly lastYearBandKey: string | null;
}

export interface Proposal {
  /** Null where nothing could be proposed (no audit, and no band last year to keep): a person must choose. */
  readonly bandKey: string | null;
  readonly effectiveFrom: string;
  readonly reason: string;
  /** A gate held the band down to the lowest. */
  readonly capped: boolean;
  /** For a person to look at: no audit this round. */
  readonly flagged: boolean;
  /** The day of the audit it came from, if any. */
  readonly auditedOn: string | null;
}

/** Proposes a home's band for the scheme's year. */
export function proposeBand(scheme: FeeBandScheme, home: HomeFacts): Proposal {
  const year = scheme.year;
  const lowest = scheme.bands[0]!;
  const round = home.audits
    .filter((a) => auditPercent(a) !== null && a.assessedOn >= auditRoundStart(year) && a.assessedOn <= yearEnd(year))
    .toSorted((a, b) => b.assessedOn.localeCompare(a.assessedOn));
  const latest = round[0];
  let bandKey: string | null;
  let effectiveFrom = yearStart(year);
  let reason: string;
  let flagged = false;
  if (latest) {
    const band = bandForPercent(scheme.bands, auditPercent(latest)!);
    bandKey = band.key;
    const reaudit = latest.assessedOn >= yearStart(year);
    const earlier = round.find((a) => a.assessedOn < yearStart(year));
    if (reaudit) {
      effectiveFrom = latest.assessedOn;
      const before = earlier ? bandForPercent(scheme.bands, auditPercent(earlier)!) : undefined;
      reason = `${earlier ? 'Re-audit' : 'Annual audit'} on ${inWords(latest.assessedOn)} ${auditResult(latest)}: ${bandName(band)} (from ${band.minPercent}%), from ${inWords(latest.assessedOn)}`;
      if (before && before.key !== band.key) reason += `; the annual audit on ${inWords(earlier!.assessedOn)} gave band ${before.key}`;
    } else {
      reason = `Annual audit on ${inWords(latest.assessedOn)} ${auditResult(latest)}: ${bandName(band)} (from ${band.minPercent}%)`;
    }
  } else if (scheme.gates.noAuditKeepsLastYear && home.lastYearBandKey && findBand(scheme, home.lastYearBandKey)) {
    bandKey = home.lastYearBandKey;
    flagged = true;
    reason = `No audit since ${inWords(auditRoundStart(year))}: keeps last year’s band ${bandKey}`;
  } else {
    bandKey = null;
    flagged = true;
    reason = `No audit since ${inWords(auditRoundStart(year))}${scheme.gates.noAuditKeepsLastYear ? ' and no band last year' : ''}: choose a band`;
  }
  const caps = [
    scheme.gates.suspendedCapsAtLowest && home.suspended ? 'new placements are suspended' : null,
    scheme.gates.cqcInadequateCapsAtLowest && home.cqcInadequate ? 'CQC rates it Inadequate' : null,
  ].filter((c): c is string => c !== null);
  const capped = caps.length > 0 && bandKey !== lowest.key;
  if (capped) {
    bandKey = lowest.key;
    reason += `; capped at the lowest band, ${bandName(lowest)}, because ${caps.join(' and ')}`;
  }
  return { bandKey, effectiveFrom, reason, capped, flagged, auditedOn: latest?.assessedOn ?? null };
}
