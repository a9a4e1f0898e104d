import { displayPercent, type Answer, type Band } from './scoring.ts';

/** The words people see for the assessment vocabulary of shared/API.md. */

export const EVIDENCE_SOURCES = ['observation', 'people_using_the_service', 'staff', 'records', 'policy', 'other'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const EVIDENCE_SOURCE_LABELS: Record<EvidenceSource, string> = {
  observation: 'Observation',
  people_using_the_service: 'People using the service or their families',
  staff: 'Staff',
  records: 'Records',
  policy: 'Policy or procedure',
  other: 'Other',
};

export const ANSWER_LABELS: Record<Answer, string> = {
  met: 'Met in full',
  partly_met: 'Met in part',
  not_met: 'Not met',
  excellent: 'Excellent',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  poor: 'Poor',
  not_applicable: 'Not applicable',
};

/** `requires_improvement` is shown as "Adequate" where a council's framework names it so. */
export function bandLabel(band: Band | null | undefined, requiresImprovementLabel = 'Requires improvement'): string {
  switch (band) {
    case 'excellent':
      return 'Excellent';
    case 'good':
      return 'Good';
    case 'requires_improvement':
      return requiresImprovementLabel;
    case 'poor':
      return 'Poor';
    default:
      return 'Not rated';
  }
}

/** "Good (82%)", or "Good" for a rating framework, or "Not rated". */
export function resultText(band: Band | null, percent: number | undefined, requiresImprovementLabel?: string): string {
  const label = bandLabel(band, requiresImprovementLabel);
  return band && percent !== undefined ? `${label} (${displayPercent(percent)}%)` : label;
}

/** GOV.UK tag colours: green for good news, red for poor, no colour for not rated. */
export function bandTagClass(band: Band | null | undefined): string {
  switch (band) {
    case 'excellent':
      return 'govuk-tag--turquoise';
    case 'good':
      return 'govuk-tag--green';
    case 'requires_improvement':
      return 'govuk-tag--yellow';
    case 'poor':
      return 'govuk-tag--red';
    default:
      return 'govuk-tag--grey';
  }
}

export const STATUS_LABELS = {
  draft: 'Draft',
  completed: 'Shared with provider',
  published: 'Published',
} as const;

export const SELF_STATUS_LABELS = {
  draft: 'Draft',
  completed: 'Submitted',
  published: 'Published',
} as const;

export const KIND_LABELS = { full: 'Full assessment', self: 'Self-assessment' } as const;

export const SCORING_LABELS = { percentage: 'Percentage (met in full, in part, not met)', rating: 'Rating (excellent, good, requires improvement, poor)' } as const;
