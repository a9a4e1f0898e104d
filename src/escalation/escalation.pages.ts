import { paths } from '../core/http/paths.ts';
import type { CaseDetail } from './cases.service.ts';
import { ATTENDEE_ORGANISATION_TYPES, CASE_EVENT_LABELS, CONTRACT_PROCESS_LABELS, SUSPENSION_EVENT_LABELS, suspensionSummary, type AttendeeOrganisationType } from './escalation.rules.ts';
import type { OverdueAction } from './overview.service.ts';
import type { ContractProcess } from './processes.service.ts';
import type { Suspension } from './suspensions.service.ts';
import { attendingOrganisations, listInWords, overdueLine } from './escalation.view.ts';

/** View models for the escalation pages: words, links and dates, never codes. */

export function caseView(c: CaseDetail) {
  const grouped = (attendees: CaseDetail['meetings'][number]['attendees']) =>
    (Object.keys(ATTENDEE_ORGANISATION_TYPES) as AttendeeOrganisationType[])
      .map((type) => ({
        type: ATTENDEE_ORGANISATION_TYPES[type],
        people: attendees.filter((a) => a.organisationType === type).map((a) => (a.organisation ? `${a.name} (${a.organisation})` : a.name)),
      }))
      .filter((g) => g.people.length);
  return {
    ...c,
    subjectHref: c.subject.kind === 'service' ? paths.escalation.forService(c.subject.id) : paths.escalation.groupSuspensions(c.subject.id),
    subjectText: c.subject.kind === 'service' ? c.subject.name : `${c.subject.name} and its subsidiaries (provider group)`,
    procedure: c.stage >= 3 ? 'Serious Concerns' : 'Concerns',
    events: c.events.map((e) => ({
      ...e,
      label: CASE_EVENT_LABELS[e.kind],
      stages: e.kind === 'opened' ? `Stage ${e.toStage}` : e.kind === 'closed' ? `At stage ${e.fromStage}` : `Stage ${e.fromStage} to stage ${e.toStage}`,
    })),
    meetings: c.meetings.map((m) => ({
      ...m,
      organisations: listInWords(attendingOrganisations(m.attendees)),
      groups: grouped(m.attendees),
      decisions: c.decisions.filter((d) => d.meetingId === m.id),
      actions: c.actions.filter((a) => a.meetingId === m.id),
    })),
    otherDecisions: c.decisions.filter((d) => !d.meetingId),
    actions: c.actions.map((a) => ({ ...a, ownerOrganisation: ATTENDEE_ORGANISATION_TYPES[a.ownerOrganisationType], completeHref: paths.escalation.completeAction(a.id) })),
    links: {
      escalate: c.stage < 5 ? paths.escalation.escalate(c.id) : undefined,
      deEscalate: c.stage > 1 ? paths.escalation.deEscalate(c.id) : undefined,
      close: paths.escalation.close(c.id),
      meeting: paths.escalation.newMeeting(c.id),
      decision: paths.escalation.newDecision(c.id),
      action: paths.escalation.newAction(c.id),
    },
  };
}

export function suspensionView(s: Suspension) {
  return {
    ...s,
    href: paths.escalation.suspension(s.id),
    serviceHref: paths.escalation.forService(s.service.id),
    summary: suspensionSummary(s),
    events: s.events.map((e) => ({ ...e, label: SUSPENSION_EVENT_LABELS[e.kind], isLift: e.kind === 'lifted' || e.kind === 'partially_lifted' })),
  };
}

export function processView(p: ContractProcess) {
  return { ...p, href: paths.escalation.process(p.id), name: CONTRACT_PROCESS_LABELS[p.kind], serviceHref: paths.escalation.forService(p.service.id) };
}

export function overdueActionView(a: OverdueAction) {
  return { ...a, caseHref: paths.escalation.case(a.caseId), ownerOrganisation: ATTENDEE_ORGANISATION_TYPES[a.ownerOrganisationType] };
}

/** What is overdue across the council's open records, for the count at the top of the overview. */
export function overdueCounts(o: { suspensions: readonly Suspension[]; processes: readonly ContractProcess[]; overdueActions: readonly OverdueAction[] }) {
  const counts = {
    suspensionReviews: o.suspensions.filter((s) => s.reviewOverdue).length,
    processReviews: o.processes.filter((p) => p.reviewOverdue).length,
    actions: o.overdueActions.length,
  };
  return { ...counts, total: counts.suspensionReviews + counts.processReviews + counts.actions, line: overdueLine(counts) };
}
