import type { FieldError } from '../core/errors.ts';
import { RISK_AREA_KEYS, RISK_BAND_KEYS, type RiskAreaKey, type RiskBand, type RiskMatrix, type Score } from './matrix.ts';

/**
 * The Provider Risk Rating: Σ score × weight, computed exactly. Weights have at most two decimal places,
 * so the sum is worked in whole hundredths and never suffers floating-point drift (2.5 × 3 + 1.5 × 4 is
 * 13.5, not 13.499999…), which matters because a PRR on a band edge decides how closely a service is watched.
 */

export type Scores = Readonly<Record<RiskAreaKey, Score>>;

const hundredths = (value: number) => Math.round(value * 100);

export function computePrr(matrix: RiskMatrix, scores: Scores): number {
  let total = 0;
  for (const area of matrix.areas) total += scores[area.key] * hundredths(area.weight);
  return total / 100;
}

/** The band a PRR falls in: the last band whose lower edge it reaches. */
export function bandFor(matrix: RiskMatrix, prr: number): RiskBand {
  const at = hundredths(prr);
  let found: RiskBand | undefined;
  for (const band of matrix.bands) {
    if (band.fromPrr === null || hundredths(band.fromPrr) <= at) found = band;
  }
  if (!found) throw new Error(`no risk band holds a PRR of ${prr}`);
  return found;
}

/** The lowest and highest PRR the matrix can give. */
export function prrRange(matrix: RiskMatrix): { min: number; max: number } {
  const weights = matrix.areas.reduce((sum, area) => sum + hundredths(area.weight), 0);
  return { min: weights / 100, max: (weights * 5) / 100 };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Every possible PRR is a multiple of this (0.5 for the default matrix). */
export function prrStep(matrix: RiskMatrix): number {
  return matrix.areas.reduce((g, area) => gcd(g, hundredths(area.weight)), 0) / 100;
}

export interface BandRange {
  readonly key: string;
  /** The lowest and highest PRR the matrix can actually give in this band; null when none can. */
  readonly lowest: number | null;
  readonly highest: number | null;
}

/** Which possible PRR values each band holds, so "12 – 22" is shown, not "12 to under 22.5". */
export function bandRanges(matrix: RiskMatrix): BandRange[] {
  const step = hundredths(prrStep(matrix));
  const range = prrRange(matrix);
  const min = hundredths(range.min);
  const max = hundredths(range.max);
  return matrix.bands.map((band, i) => {
    const next = matrix.bands[i + 1];
    const from = band.fromPrr === null ? min : Math.max(min, Math.ceil(hundredths(band.fromPrr) / step) * step);
    const to = next?.fromPrr == null ? max : Math.min(max, Math.ceil(hundredths(next.fromPrr) / step) * step - step);
    return from > to ? { key: band.key, lowest: null, highest: null } : { key: band.key, lowest: from / 100, highest: to / 100 };
  });
}

export function formatPrr(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}

/** "under 12", "12 – 22", "40 and over": the band's reach in possible PRR values. */
export function bandRangeText(matrix: RiskMatrix, key: string): string {
  const ranges = bandRanges(matrix);
  const index = ranges.findIndex((r) => r.key === key);
  const range = ranges[index];
  if (!range || range.lowest === null || range.highest === null) return 'no possible rating';
  const band = matrix.bands[index]!;
  const next = matrix.bands[index + 1];
  if (band.fromPrr === null && next?.fromPrr != null) return `under ${formatPrr(next.fromPrr)}`;
  if (!next) return `${formatPrr(band.fromPrr ?? range.lowest)} and over`;
  return range.lowest === range.highest ? formatPrr(range.lowest) : `${formatPrr(range.lowest)} – ${formatPrr(range.highest)}`;
}

const MAX_WEIGHT = 10;

/**
 * The rules a council's matrix must meet before it is saved: the seven areas and five bands the API
 * names, weights that keep the PRR exact, complexity rows that give every category exactly one row, and
 * bands in ascending order so each possible PRR lands in exactly one of them.
 */
export function matrixProblems(matrix: RiskMatrix, categories: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  const areaKeys = matrix.areas.map((a) => a.key);
  if (areaKeys.length !== RISK_AREA_KEYS.length || RISK_AREA_KEYS.some((k) => !areaKeys.includes(k))) {
    errors.push({ path: 'areas', message: `The matrix must have exactly these risk areas: ${RISK_AREA_KEYS.join(', ')}` });
  }
  matrix.areas.forEach((area, i) => {
    if (!area.label.trim()) errors.push({ path: `areas.${i}.label`, message: `Enter a name for risk area ${i + 1}` });
    if (!(area.weight > 0 && area.weight <= MAX_WEIGHT) || Math.abs(area.weight * 100 - hundredths(area.weight)) > 1e-9) {
      errors.push({ path: `areas.${i}.weight`, message: `Weight for ${area.label || area.key} must be a number more than 0 and no more than ${MAX_WEIGHT}, with at most 2 decimal places` });
    }
    area.indicators.forEach((text, s) => {
      if (!text.trim()) errors.push({ path: `areas.${i}.indicators.${s}`, message: `Enter the description of score ${s + 1} for ${area.label || area.key}` });
    });
  });

  matrix.complexityRows.forEach((row, i) => {
    if (!row.label.trim()) errors.push({ path: `complexityRows.${i}.label`, message: `Enter a name for complexity row ${i + 1}` });
    row.indicators.forEach((text, s) => {
      if (!text.trim()) errors.push({ path: `complexityRows.${i}.indicators.${s}`, message: `Enter the description of level ${s + 1} for ${row.label || row.key}` });
    });
  });
  for (const category of categories) {
    const rows = matrix.complexityRows.filter((r) => r.categories.includes(category));
    if (rows.length !== 1) {
      errors.push({
        path: 'complexityRows',
        message: rows.length === 0 ? `Choose a complexity row for the category ${category}` : `The category ${category} is in more than one complexity row`,
      });
    }
  }

  const bandKeys = matrix.bands.map((b) => b.key);
  if (bandKeys.length !== RISK_BAND_KEYS.length || RISK_BAND_KEYS.some((k, i) => bandKeys[i] !== k)) {
    errors.push({ path: 'bands', message: `The matrix must have these bands, in this order: ${RISK_BAND_KEYS.join(', ')}` });
    return errors;
  }
  const first = matrix.bands[0]!;
  if (first.fromPrr !== null) errors.push({ path: 'bands.0.fromPrr', message: `${first.label} starts from the lowest possible rating, so it has no lower limit` });
  matrix.bands.forEach((band, i) => {
    if (!band.label.trim()) errors.push({ path: `bands.${i}.label`, message: `Enter a name for band ${i + 1}` });
    if (i > 0) {
      const previous = matrix.bands[i - 1]!;
      if (band.fromPrr === null || !Number.isFinite(band.fromPrr)) {
        errors.push({ path: `bands.${i}.fromPrr`, message: `Enter the lowest rating in the ${band.label || band.key} band` });
      } else if (previous.fromPrr !== null && hundredths(band.fromPrr) <= hundredths(previous.fromPrr)) {
        errors.push({ path: `bands.${i}.fromPrr`, message: `${band.label || band.key} must start above where ${previous.label || previous.key} starts (${formatPrr(previous.fromPrr)})` });
      }
    }
    regimeProblems(band, i).forEach((e) => errors.push(e));
  });
  if (errors.length === 0 && matrix.areas.length > 0) {
    for (const range of bandRanges(matrix)) {
      if (range.lowest === null) {
        const i = bandKeys.indexOf(range.key as never);
        const { min, max } = prrRange(matrix);
        errors.push({ path: `bands.${i}.fromPrr`, message: `No possible rating falls in the ${matrix.bands[i]!.label} band: ratings run from ${formatPrr(min)} to ${formatPrr(max)}` });
      }
    }
  }
  if (!Number.isInteger(matrix.selfAssessmentMonthsBefore) || matrix.selfAssessmentMonthsBefore < 0 || matrix.selfAssessmentMonthsBefore > 12) {
    errors.push({ path: 'selfAssessmentMonthsBefore', message: 'Self-assessment lead time must be a whole number of months from 0 to 12' });
  }
  return errors;
}

function regimeProblems(band: RiskBand, i: number): FieldError[] {
  const errors: FieldError[] = [];
  const { fullAssessmentEveryMonths, monitoringMeetingsPerYear, contactEveryDays, concernsStage } = band.regime;
  const check = (value: number | null, field: keyof RiskBand['regime'], min: number, max: number, what: string) => {
    if (value !== null && !(Number.isInteger(value) && value >= min && value <= max)) {
      errors.push({ path: `bands.${i}.regime.${field}`, message: `${what} for ${band.label || band.key} must be a whole number from ${min} to ${max}` });
    }
  };
  check(fullAssessmentEveryMonths, 'fullAssessmentEveryMonths', 1, 120, 'Months between full assessments');
  check(monitoringMeetingsPerYear, 'monitoringMeetingsPerYear', 1, 52, 'Monitoring meetings a year');
  check(contactEveryDays, 'contactEveryDays', 1, 365, 'Days between contacts');
  check(concernsStage, 'concernsStage', 1, 5, 'Concerns procedure stage');
  return errors;
}
