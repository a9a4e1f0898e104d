import { paths } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import { CONTRACT_PROCESS_LABELS } from '../escalation/index.ts';
import type { LiveStatusEntry } from './status.service.ts';
import { ASSESSMENT_BAND_LABELS, CQC_RATING_LABELS, RISK_BAND_LABELS, STATUS_TAG_CLASSES } from './status.rules.ts';

/** The live status as people and programs see it: view models of the pages (words and dates, never codes), the API item and the CSV row. */
interface EntryView {
  readonly serviceId: string;
  readonly href: string;
  readonly name: string;
  readonly provider: string;
  readonly council: string;
  readonly postcode: string;
  readonly cqcLocationId: string;
  readonly statusText: string;
  readonly tagClass: string;
  readonly noKnownConcerns: boolean;
  /** Each thing against the service, in words ("Suspended in full since 3 March 2026"). */
  readonly against: string[];
  readonly cqc: string;
  readonly assessment: string;
  readonly riskBand: string;
  readonly safeguarding: string;
  readonly updatedAt: Date;
  readonly suspensionHref?: string | undefined;
}

const since = (date: string | null | undefined) => (date ? ` since ${ukDate(date)}` : '');

export function entryView(entry: LiveStatusEntry, options: { ownCouncil?: boolean } = {}): EntryView {
  const against: string[] = [];
  if (entry.suspension) {
    const scope = entry.suspension.scope === 'full' ? 'in full' : `in part${entry.suspension.detail ? ` (${entry.suspension.detail})` : ''}`;
    against.push(`New placements suspended ${scope}${since(entry.suspension.since)}`);
  }
  if (entry.concerns) against.push(`Concerns procedure at stage ${entry.concerns.stage}${since(entry.concerns.since)}`);
  if (entry.contractProcesses) {
    against.push(`${entry.contractProcesses.kinds.map((k) => CONTRACT_PROCESS_LABELS[k]).join(' and ')}${since(entry.contractProcesses.since)}`);
  }
  return {
    serviceId: entry.serviceId,
    href: paths.status.entry(entry.serviceId),
    name: entry.name,
    provider: entry.provider.name,
    council: entry.council.name,
    postcode: entry.postcode,
    cqcLocationId: entry.cqcLocationId ?? 'Not registered',
    statusText: entry.statusText,
    tagClass: STATUS_TAG_CLASSES[entry.status],
    noKnownConcerns: entry.status === 'no_known_concerns',
    against,
    cqc: entry.cqc ? `${CQC_RATING_LABELS[entry.cqc.overall] ?? entry.cqc.overall}${entry.cqc.ratedOn ? `, ${ukDate(entry.cqc.ratedOn)}` : ''}` : 'No CQC rating',
    assessment: entry.assessment
      ? `${ASSESSMENT_BAND_LABELS[entry.assessment.band] ?? entry.assessment.band}${entry.assessment.publishedOn ? `, ${ukDate(entry.assessment.publishedOn)}` : ''}`
      : 'No published assessment',
    riskBand: entry.riskBand ? (RISK_BAND_LABELS[entry.riskBand] ?? entry.riskBand) : 'Not rated',
    safeguarding: entry.safeguardingEnquiryOpen ? 'Yes' : 'No',
    updatedAt: entry.updatedAt,
    suspensionHref: options.ownCouncil && entry.suspension ? paths.escalation.suspension(entry.suspension.id) : undefined,
  };
}

/**
 * The API item (API.md): the contract's fields, then extras. Only what placing a person needs:
 * no reasons, no intelligence, nothing about people using the service.
 */
export function entryToApi(entry: LiveStatusEntry) {
  return {
    serviceId: entry.serviceId,
    name: entry.name,
    provider: entry.provider.name,
    postcode: entry.postcode,
    cqcLocationId: entry.cqcLocationId,
    status: entry.status,
    ...(entry.concerns ? { concernsStage: entry.concerns.stage, concernsSince: entry.concerns.since } : {}),
    ...(entry.suspension ? { suspension: { scope: entry.suspension.scope, detail: entry.suspension.detail, since: entry.suspension.since, reviewOn: entry.suspension.reviewOn } } : {}),
    ...(entry.contractProcesses ? { contractProcesses: entry.contractProcesses.kinds, contractProcessSince: entry.contractProcesses.since } : {}),
    ...(entry.cqc ? { cqcOverall: entry.cqc.overall, cqcRatedOn: entry.cqc.ratedOn } : {}),
    ...(entry.assessment ? { assessmentBand: entry.assessment.band, assessmentPublishedOn: entry.assessment.publishedOn } : {}),
    ...(entry.riskBand ? { prrBand: entry.riskBand } : {}),
    safeguardingEnquiryOpen: entry.safeguardingEnquiryOpen,
    council: entry.council.name,
    updatedAt: entry.updatedAt.toISOString(),
  };
}

export const CSV_HEADER = [
  'Service',
  'Provider',
  'Council',
  'Postcode',
  'CQC location ID',
  'Status',
  'Suspension',
  'Suspended since',
  'Concerns stage',
  'Contractual process',
  'CQC overall rating',
  'CQC rating date',
  'Council assessment',
  'Assessment published',
  'Risk band',
  'Open safeguarding enquiry',
  'Last changed',
] as const;

export function entryToCsvRow(entry: LiveStatusEntry): (string | number | null)[] {
  return [
    entry.name,
    entry.provider.name,
    entry.council.name,
    entry.postcode,
    entry.cqcLocationId,
    entry.statusText,
    entry.suspension ? (entry.suspension.scope === 'full' ? 'Full' : `Partial${entry.suspension.detail ? `: ${entry.suspension.detail}` : ''}`) : null,
    entry.suspension?.since ?? null,
    entry.concerns?.stage ?? null,
    entry.contractProcesses ? entry.contractProcesses.kinds.map((k) => CONTRACT_PROCESS_LABELS[k]).join('; ') : null,
    entry.cqc ? (CQC_RATING_LABELS[entry.cqc.overall] ?? entry.cqc.overall) : null,
    entry.cqc?.ratedOn ?? null,
    entry.assessment ? (ASSESSMENT_BAND_LABELS[entry.assessment.band] ?? entry.assessment.band) : null,
    entry.assessment?.publishedOn ?? null,
    entry.riskBand ? (RISK_BAND_LABELS[entry.riskBand] ?? entry.riskBand) : null,
    entry.safeguardingEnquiryOpen ? 'Yes' : 'No',
    entry.updatedAt.toISOString(),
  ];
}
