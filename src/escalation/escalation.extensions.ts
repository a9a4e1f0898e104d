import { can } from '../core/auth/permissions.ts';
import type { ServiceExtensions, ServicePanelSource, TimelineSource, WorkListSource } from '../core/http/extensions.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { overdueActionView, overdueCounts, processView, suspensionView } from './escalation.pages.ts';
import { CONTRACT_PROCESS_LABELS, suspensionSummary } from './escalation.rules.ts';
import type { EscalationService } from './escalation.service.ts';

/** The work list shows the earliest rows of each overdue table and links to the overview for the rest, as plans and visits do. */
export const WORK_LIST_OVERDUE_ROWS = 10;

/** The first rows of an overdue table on the work list, and how many there are in all. */
const firstRows = <T, V>(rows: readonly T[], view: (row: T) => V) => ({ rows: rows.slice(0, WORK_LIST_OVERDUE_ROWS).map(view), total: rows.length });

/** Reviews overdue longest first (a review date is set on all of them). */
const longestOverdue = <T extends { readonly reviewOn: string | null }>(rows: readonly T[]) => [...rows].sort((a, b) => (a.reviewOn ?? '').localeCompare(b.reviewOn ?? ''));

/**
 * What escalation adds to the service page and the service timeline: the cases, suspensions and
 * contractual processes of the service, each step dated. Only the owning council's officers,
 * commissioners and administrators see them; everyone else sees the live status instead. The work list
 * shows what across the council is overdue: reviews of suspensions and contractual processes, case actions.
 */
export function escalationExtensions(escalation: EscalationService): Partial<ServiceExtensions> {
  const timeline: TimelineSource = async (actor, serviceId) => {
    if (!can(actor, 'escalation.read')) return [];
    return escalation.timelineEvents(actor, serviceId);
  };

  const panel: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'escalation.read')) return undefined;
    const { cases, suspensions, processes, service } = await escalation.forService(actor, serviceId);
    const openCase = cases.find((c) => c.status === 'open');
    const active = suspensions.find((s) => s.status === 'active');
    const latestLifted = suspensions.find((s) => s.status === 'lifted');
    const decides = can(actor, 'escalation.decide');
    return {
      id: 'escalation',
      title: 'Concerns, suspensions and contractual processes',
      template: 'escalation/views/service-panel.njk',
      model: {
        openCase: openCase && {
          href: paths.escalation.case(openCase.id),
          overdueActions: openCase.overdueActions,
          text: `${openCase.subject.kind === 'provider_group' ? `Provider group case (${openCase.subject.name})` : 'Concerns procedure'}: stage ${openCase.stage}, opened ${openCase.openedOn}`,
        },
        suspension: active && { href: paths.escalation.suspension(active.id), text: suspensionSummary(active), since: active.scopeSince, reviewOn: active.reviewOn, reviewOverdue: active.reviewOverdue },
        processes: processes.filter((p) => p.status === 'open').map((p) => ({ href: paths.escalation.process(p.id), text: CONTRACT_PROCESS_LABELS[p.kind], since: p.startedOn, reviewOverdue: p.reviewOverdue })),
        overviewHref: paths.escalation.forService(serviceId),
        groupHref: paths.escalation.groupSuspensions(service.provider.id),
        groupName: service.provider.name,
        openCaseHref: decides && !openCase ? paths.escalation.openCase(serviceId) : undefined,
        suspendHref: decides && !active ? paths.escalation.suspend(serviceId) : undefined,
        reinstateHref: decides && !active && latestLifted && latestLifted.id === suspensions[0]?.id ? paths.escalation.reinstate(latestLifted.id) : undefined,
        startProcessHref: decides ? paths.escalation.startProcess(serviceId) : undefined,
      },
    };
  };

  const workList: WorkListSource = async (actor) => {
    if (!can(actor, 'escalation.read')) return undefined;
    const overview = await escalation.overview(actor);
    return {
      id: 'escalation-overdue',
      title: 'Concerns procedure and suspensions',
      template: 'escalation/views/work-list.njk',
      model: {
        today: overview.today,
        overdue: overdueCounts(overview),
        suspensions: firstRows(longestOverdue(overview.suspensions.filter((s) => s.reviewOverdue)), suspensionView),
        processes: firstRows(longestOverdue(overview.processes.filter((p) => p.reviewOverdue)), processView),
        actions: firstRows(overview.overdueActions, overdueActionView),
        overdueHref: withQuery(paths.escalation.overview, { show: 'overdue' }),
      },
    };
  };

  return { panels: [panel], timeline: [timeline], workList: [workList] };
}
