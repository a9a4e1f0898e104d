import type { ContractProcessKind } from '../escalation/index.ts';

/**
 * The live status of a service, derived from its records and never typed in: the most severe of an
 * active suspension (full, then partial), an open concerns procedure case (on the service or its
 * provider group), an open contractual process, and otherwise no known concerns.
 */

export const LIVE_STATUSES = ['suspended', 'suspended_partial', 'concerns_procedure', 'contract_remedies', 'no_known_concerns'] as const;
export type LiveStatus = (typeof LIVE_STATUSES)[number];

export interface StatusFacts {
  /** The scope of the active suspension of new placements, if any. */
  readonly suspensionScope: 'full' | 'partial' | null;
  /** The highest stage of the open concerns cases covering the service, if any. */
  readonly concernsStage: number | null;
  /** Open contractual processes. */
  readonly contractProcesses: readonly ContractProcessKind[];
}

export function deriveStatus(facts: StatusFacts): LiveStatus {
  if (facts.suspensionScope === 'full') return 'suspended';
  if (facts.suspensionScope === 'partial') return 'suspended_partial';
  if (facts.concernsStage !== null) return 'concerns_procedure';
  if (facts.contractProcesses.length > 0) return 'contract_remedies';
  return 'no_known_concerns';
}

/** Lower is more severe; sorts a list worst first. */
export function severityRank(status: LiveStatus): number {
  return LIVE_STATUSES.indexOf(status);
}

export const STATUS_LABELS: Record<LiveStatus, string> = {
  suspended: 'Suspended',
  suspended_partial: 'Partly suspended',
  concerns_procedure: 'Concerns procedure',
  contract_remedies: 'Contract remedies',
  no_known_concerns: 'No known concerns',
};

/** GOV.UK tag colours: red for a suspension, orange for a partial one, and so on down to green. */
export const STATUS_TAG_CLASSES: Record<LiveStatus, string> = {
  suspended: 'govuk-tag--red',
  suspended_partial: 'govuk-tag--orange',
  concerns_procedure: 'govuk-tag--yellow',
  contract_remedies: 'govuk-tag--purple',
  no_known_concerns: 'govuk-tag--green',
};

/** The status in words, with the concerns stage where there is one. */
export function statusText(status: LiveStatus, concernsStage: number | null): string {
  if (status === 'concerns_procedure' && concernsStage !== null) return `Concerns procedure, stage ${concernsStage}`;
  return STATUS_LABELS[status];
}

export const CQC_RATING_LABELS: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
  insufficient_evidence: 'Insufficient evidence to rate',
  inspected_not_rated: 'Inspected but not rated',
  no_published_rating: 'No published rating',
};

export const ASSESSMENT_BAND_LABELS: Record<string, string> = {
  excellent: 'Excellent',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  poor: 'Poor',
};

export const RISK_BAND_LABELS: Record<string, string> = {
  minor: 'Minor',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  very_high: 'Very high',
};

/**
 * Why a service is on the Healthwatch Enter and View list (seed 003): CQC rated it Requires improvement or
 * Inadequate, or the council's own latest published assessment is below Good.
 */
export function enterAndViewReasons(cqcOverall: string | null, assessmentBand: string | null): string[] {
  const reasons: string[] = [];
  if (cqcOverall === 'requires_improvement' || cqcOverall === 'inadequate') reasons.push(`CQC rated ${CQC_RATING_LABELS[cqcOverall]}`);
  if (assessmentBand === 'requires_improvement' || assessmentBand === 'poor') reasons.push(`Council assessment ${ASSESSMENT_BAND_LABELS[assessmentBand]}`);
  return reasons;
}

/** What a council can share with another council or a partner. */
export const SHARED_THINGS = {
  liveStatus: 'Live status of its services',
  alerts: 'Alerts (suspensions, concerns procedures, safeguarding enquiries)',
  enterAndView: 'Healthwatch Enter and View list',
  reports: 'Quarterly summary headline figures, for benchmarking (councils only)',
} as const;
export type SharedThing = keyof typeof SHARED_THINGS;

/** Search text for SQL LIKE: the user's % and _ are literal characters, not wildcards. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One CSV cell. Quotes what needs quoting, and defuses text a spreadsheet would run as a formula
 * (a leading =, +, - or @) by prefixing an apostrophe.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== String(value) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvDocument(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
