import { paths } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import type { LiveStatusEntry } from './status.service.ts';
import { ASSESSMENT_BAND_LABELS, CONTRACT_PROCESS_LABELS, CQC_RATING_LABELS, RISK_BAND_LABELS, STATUS_TAG_CLASSES } from './status.rules.ts';

/** View models of the live status: words and dates, never codes. */
export interface EntryView {
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
