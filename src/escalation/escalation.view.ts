import type { TimelineEvent } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { ATTENDEE_ORGANISATION_TYPES, CONTRACT_PROCESS_LABELS, type AttendeeOrganisationType, type ContractProcessKind } from './escalation.rules.ts';

/** Plain-English lines for the timeline and the pages. Reasons stay on the case and suspension pages. */

const ORGANISATION_WORDS: Record<AttendeeOrganisationType, string> = {
  council: 'the council',
  provider: 'the provider',
  cqc: 'CQC',
  health: 'health',
  placing_council: 'other placing councils',
  other: 'others',
};

export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Which kinds of organisation attended, in a fixed order, each once. */
export function attendingOrganisations(attendees: readonly { organisationType: AttendeeOrganisationType }[]): string[] {
  const present = new Set(attendees.map((a) => a.organisationType));
  return (Object.keys(ATTENDEE_ORGANISATION_TYPES) as AttendeeOrganisationType[]).filter((t) => present.has(t)).map((t) => ORGANISATION_WORDS[t]);
}

export function meetingLine(attendees: readonly { organisationType: AttendeeOrganisationType }[]): string {
  return `Concerns procedure meeting with ${listInWords(attendingOrganisations(attendees))}`;
}

export function caseEventLine(
  e: { kind: 'opened' | 'escalated' | 'de_escalated' | 'closed'; from_stage: number | null; to_stage: number | null },
  group?: string,
): string {
  const about = group ? ` for the provider group ${group}` : '';
  switch (e.kind) {
    case 'opened':
      return `Concerns procedure opened at stage ${e.to_stage}${about}`;
    case 'escalated':
      return `Concerns procedure escalated from stage ${e.from_stage} to stage ${e.to_stage}${about}`;
    case 'de_escalated':
      return `Concerns procedure de-escalated from stage ${e.from_stage} to stage ${e.to_stage}${about}`;
    case 'closed':
      return `Concerns procedure closed at stage ${e.from_stage}${about}`;
  }
}

export function suspensionEventLine(e: { kind: string; scope_after: string | null; detail_after: string | null }): string {
  const scope = e.scope_after === 'partial' ? `in part${e.detail_after ? ` (${e.detail_after})` : ''}` : 'in full';
  switch (e.kind) {
    case 'started':
      return `New placements suspended ${scope}`;
    case 'partially_lifted':
      return `Suspension of new placements lifted in part; still suspended ${scope}`;
    case 'lifted':
      return 'Suspension of new placements lifted in full';
    case 'reinstated':
      return `Suspension of new placements reinstated ${scope}`;
    default:
      return 'Suspension review date changed';
  }
}

export function processLines(p: { id: string; kind: ContractProcessKind; started_on: string; ended_on: string | null }): TimelineEvent[] {
  const name = CONTRACT_PROCESS_LABELS[p.kind];
  const common = { kind: 'escalation', source: 'contract', sourceLabel: 'Contractual process', href: paths.escalation.process(p.id) };
  const lines: TimelineEvent[] = [{ ...common, occurredOn: p.started_on, summary: `${name} process started`, recordId: `${p.id}:started` }];
  if (p.ended_on) lines.push({ ...common, occurredOn: p.ended_on, summary: `${name} process ended`, recordId: `${p.id}:ended` });
  return lines;
}

interface OverdueCounts {
  readonly suspensionReviews: number;
  readonly processReviews: number;
  readonly actions: number;
}

/** The line at the top of the overview: how much is overdue, in words. */
export function overdueLine(counts: OverdueCounts): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [
    counts.suspensionReviews ? plural(counts.suspensionReviews, 'suspension review', 'suspension reviews') : '',
    counts.processReviews ? plural(counts.processReviews, 'contractual process review', 'contractual process reviews') : '',
    counts.actions ? plural(counts.actions, 'concerns procedure action', 'concerns procedure actions') : '',
  ].filter(Boolean);
  return parts.length ? `Overdue: ${listInWords(parts)}` : 'Nothing is overdue';
}
