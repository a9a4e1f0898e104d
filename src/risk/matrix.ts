/**
 * The Provider Risk Rating matrix: risk areas scored 1 to 5 against written indicators, each multiplied by
 * a weight; bands of the total; and the monitoring regime each band sets. Every council may keep its own
 * version; until it does, it uses the default below, taken from Buckinghamshire's matrix (seed 004).
 */

export const RISK_AREA_KEYS = [
  'cqc_rating',
  'other_sources',
  'safeguarding',
  'complaints',
  'financial_viability',
  'complexity',
  'officer_intelligence',
] as const;
export type RiskAreaKey = (typeof RISK_AREA_KEYS)[number];

export const RISK_BAND_KEYS = ['minor', 'low', 'medium', 'high', 'very_high'] as const;
export type RiskBandKey = (typeof RISK_BAND_KEYS)[number];

export const SCORES = [1, 2, 3, 4, 5] as const;
export type Score = (typeof SCORES)[number];

/** Five descriptions, for scores 1 to 5 in order. */
export type Indicators = readonly [string, string, string, string, string];

export interface RiskArea {
  readonly key: RiskAreaKey;
  readonly label: string;
  /** At most two decimal places, so the PRR can be computed exactly in hundredths. */
  readonly weight: number;
  readonly indicators: Indicators;
}

/**
 * Complexity is scored on the row that fits the service's category: care homes run from extra care to
 * nursing with dementia, care at home and supported living have their own five levels.
 */
export interface ComplexityRow {
  readonly key: string;
  readonly label: string;
  readonly categories: readonly string[];
  readonly indicators: Indicators;
}

/** What a band asks of the council, as the API returns it; null where the band sets none. */
export interface Regime {
  readonly fullAssessmentEveryMonths: number | null;
  readonly monitoringMeetingsPerYear: number | null;
  readonly contactEveryDays: number | null;
  /** The concerns procedure stage to consider; 4 means "stage 4 or 5". */
  readonly concernsStage: number | null;
}

export interface RiskBand {
  readonly key: RiskBandKey;
  readonly label: string;
  /** The lowest PRR in the band (inclusive); null for the first band, which takes everything below the second. */
  readonly fromPrr: number | null;
  readonly regime: Regime;
}

export interface RiskMatrix {
  readonly areas: readonly RiskArea[];
  readonly complexityRows: readonly ComplexityRow[];
  /** In ascending order of fromPrr; each band ends where the next begins. */
  readonly bands: readonly RiskBand[];
  /** The provider's self-assessment is due this many months before each full assessment. */
  readonly selfAssessmentMonthsBefore: number;
}

export const AREA_LABELS: Record<RiskAreaKey, string> = {
  cqc_rating: 'CQC rating',
  other_sources: 'Information from other sources',
  safeguarding: 'Safeguarding',
  complaints: 'Complaints',
  financial_viability: 'Financial viability',
  complexity: 'Complexity of care',
  officer_intelligence: 'Officer intelligence',
};

export const DEFAULT_MATRIX: RiskMatrix = {
  areas: [
    {
      key: 'cqc_rating',
      label: 'CQC rating (the council’s own assessment rating where the service is not registered)',
      weight: 1,
      indicators: [
        'Outstanding',
        'Good',
        'Good overall, with one or more key questions rated Requires improvement',
        'Requires improvement',
        'Inadequate',
      ],
    },
    {
      key: 'other_sources',
      label: 'Information from other sources (other councils, safeguarding, operational teams, health, Healthwatch, people using the service, families and friends)',
      weight: 1,
      indicators: [
        'Other sources have raised no concerns about the service in the last 6 months',
        'Some concerns have been raised in the last 6 months, and the service is addressing them',
        'Some concerns have been raised in the last 6 months, and the service is not addressing them',
        'Significant concerns in the last 6 months, which are being or have been addressed',
        'Significant concerns in the last 6 months, which are not being or have not been addressed',
      ],
    },
    {
      key: 'safeguarding',
      label: 'Safeguarding',
      weight: 2.5,
      indicators: [
        'A low number of safeguarding concerns over six months',
        'Minimal safeguarding alerts, with no pattern or trend, over six months',
        'An active Section 42 enquiry, or a pattern of safeguarding alerts within 4 weeks',
        'One or more safeguarding alerts or Section 42 enquiries that warrant serious concern over six months',
        'One or more safeguarding alerts or Section 42 enquiries that resulted in a death, or concluded there was organisational abuse',
      ],
    },
    {
      key: 'complaints',
      label: 'Complaints',
      weight: 2.5,
      indicators: [
        'A low number of complaints, needing no further action',
        'Minimal complaints, with no pattern or trend',
        'More than 10% of low-level complaints substantiated, or a pattern of unsubstantiated complaints',
        'A significant number of whistle-blowing reports or higher-level complaints',
        'Serious complaints or whistle-blowing showing that people are at risk of harm, which the service is not addressing',
      ],
    },
    {
      key: 'financial_viability',
      label: 'Financial viability',
      weight: 1,
      indicators: [
        'No financial concerns: monitor as part of usual contract monitoring',
        'Minor concerns: monitor closely, with no other specific recommendations',
        'Concerns: the contract manager must take specific mitigating actions; for a key supplier, consider raising a corporate risk',
        'Significant concerns: a parent company guarantee or performance bond is recommended; for a key supplier, consider raising a corporate risk',
        'The supplier is not financially viable: arrange alternative provision with immediate effect',
      ],
    },
    {
      key: 'complexity',
      label: 'Complexity of care (scored on the row for the service’s category)',
      weight: 1.5,
      indicators: ['Least complex', 'Less complex', 'Moderately complex', 'More complex', 'Most complex'],
    },
    {
      key: 'officer_intelligence',
      label: 'Officer intelligence',
      weight: 1,
      indicators: [
        'No concerns about the service or its parent organisation',
        'No concerns about the service, but some concerns about the parent organisation',
        'Some concerns about the service, and the service or its parent organisation is not complying in addressing them',
        'Concerns that led to the concerns or serious concerns procedure at stage 3 or above',
        'Significant concerns that led to a suspension',
      ],
    },
  ],
  complexityRows: [
    {
      key: 'care_homes',
      label: 'Care homes and extra care',
      categories: ['extra_care', 'care_home_older_people', 'care_home_adults_with_disabilities'],
      indicators: ['Extra care', 'Residential', 'Residential with dementia (EMI)', 'Nursing', 'Nursing with dementia (EMI nursing)'],
    },
    {
      key: 'care_at_home',
      label: 'Home care and supported living',
      categories: ['home_care', 'supported_living'],
      indicators: [
        'Supported living with fewer than 5 hours a week of shared or one-to-one support',
        'Home care on spot purchase at standard rates, or supported living with more than 5 hours a week of shared or one-to-one support',
        'Home care commissioned at an enhanced rate, or supported living with significant shared or one-to-one hours each week',
        'Home care for hospital discharge, move-on or on a block contract, or supported living for people with complex needs',
        'Home care for continuing healthcare, palliative care or significant complex health needs, or supported living with two-to-one care, medication and behaviour that challenges',
      ],
    },
    {
      key: 'day_services',
      label: 'Day services and day opportunities',
      categories: ['day_services_older_people', 'day_opportunities_adults_with_disabilities'],
      indicators: [
        'Social and leisure activities for people who need little or no personal care',
        'Activities with some personal care or prompting',
        'Regular personal care, or support for people living with dementia or a learning disability',
        'Support for people with complex needs, including one-to-one support for part of the day',
        'Support for people with complex health needs or behaviour that challenges, needing one-to-one or two-to-one care',
      ],
    },
  ],
  bands: [
    { key: 'minor', label: 'Minor', fromPrr: null, regime: { fullAssessmentEveryMonths: 36, monitoringMeetingsPerYear: 1, contactEveryDays: null, concernsStage: null } },
    { key: 'low', label: 'Low', fromPrr: 12, regime: { fullAssessmentEveryMonths: 24, monitoringMeetingsPerYear: 1, contactEveryDays: null, concernsStage: 1 } },
    { key: 'medium', label: 'Medium', fromPrr: 22.5, regime: { fullAssessmentEveryMonths: 12, monitoringMeetingsPerYear: 2, contactEveryDays: 30, concernsStage: 2 } },
    { key: 'high', label: 'High', fromPrr: 33.5, regime: { fullAssessmentEveryMonths: null, monitoringMeetingsPerYear: 4, contactEveryDays: 14, concernsStage: 3 } },
    { key: 'very_high', label: 'Very high', fromPrr: 40, regime: { fullAssessmentEveryMonths: null, monitoringMeetingsPerYear: 4, contactEveryDays: 7, concernsStage: 4 } },
  ],
  selfAssessmentMonthsBefore: 1,
};

export function isRiskBandKey(value: unknown): value is RiskBandKey {
  return typeof value === 'string' && (RISK_BAND_KEYS as readonly string[]).includes(value);
}

function areaOf(matrix: RiskMatrix, key: RiskAreaKey): RiskArea {
  const area = matrix.areas.find((a) => a.key === key);
  if (!area) throw new Error(`the risk matrix has no ${key} area`);
  return area;
}

/** The complexity row for a category, or undefined when the matrix has none for it. */
export function complexityRowFor(matrix: RiskMatrix, category: string): ComplexityRow | undefined {
  return matrix.complexityRows.find((row) => row.categories.includes(category));
}

/** The indicator descriptions a person scores an area against, for one service. */
export function indicatorsFor(matrix: RiskMatrix, key: RiskAreaKey, category: string): Indicators {
  if (key === 'complexity') {
    const row = complexityRowFor(matrix, category);
    if (row) return row.indicators;
  }
  return areaOf(matrix, key).indicators;
}
