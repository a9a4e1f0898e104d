import { can } from '../core/auth/permissions.ts';
import type { Router } from '../core/http/route.ts';
import { sendCsv } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { overdueActionView, overdueCounts, processView, suspensionView } from './escalation.pages.ts';
import { casesCsvQuery } from './escalation.schemas.ts';
import type { EscalationService } from './escalation.service.ts';

/** The overviews: the council's open records (all, or only what is overdue), and everything about one service. */
export function overviewRoutes(route: Router, escalation: EscalationService) {
  route.get(paths.escalation.overview, { access: 'escalation.read' }, async ({ actor, query, reply }) => {
    const overview = await escalation.overview(actor);
    // Any other value shows everything: a filter link is the only way in, so nothing to report back.
    const onlyOverdue = query.show === 'overdue';
    const { cases, suspensions, processes } = onlyOverdue
      ? { cases: overview.cases.filter((c) => c.overdueActions > 0), suspensions: overview.suspensions.filter((s) => s.reviewOverdue), processes: overview.processes.filter((p) => p.reviewOverdue) }
      : overview;
    return reply.render('escalation/views/overview.njk', {
      title: onlyOverdue ? 'Concerns, suspensions and contractual processes: overdue' : 'Concerns, suspensions and contractual processes',
      section: 'escalation',
      today: overview.today,
      overdue: overdueCounts(overview),
      onlyOverdue,
      allHref: paths.escalation.overview,
      overdueHref: withQuery(paths.escalation.overview, { show: 'overdue' }),
      overdueActions: overview.overdueActions.map(overdueActionView),
      cases: cases.map((c) => ({ ...c, href: paths.escalation.case(c.id) })),
      casesCsvHref: withQuery(paths.escalation.casesCsv, { show: onlyOverdue ? 'overdue' : undefined }),
      suspensions: suspensions.map((s) => suspensionView(s)),
      processes: processes.map((p) => processView(p)),
    });
  });

  // The open cases for a spreadsheet (all, or those with actions overdue, as on the page).
  route.get(paths.escalation.casesCsv, { access: 'escalation.read', query: casesCsvQuery }, async ({ actor, query, reply }) => {
    const { cases } = await escalation.overview(actor);
    const rows = query.show === 'overdue' ? cases.filter((c) => c.overdueActions > 0) : cases;
    return sendCsv(
      reply,
      'concerns-cases.csv',
      ['About', 'Kind', 'Stage', 'Opened on', 'Opened by', 'Reason', 'Actions overdue'],
      rows.map((c) => [c.subject.name, c.subject.kind === 'service' ? 'Service' : 'Provider group', c.stage, c.openedOn, c.openedBy, c.reason, c.overdueActions]),
    );
  });

  route.get(paths.escalation.forService(':id'), { access: 'escalation.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const overview = await escalation.forService(actor, ids.id);
    const decides = can(actor, 'escalation.decide');
    const active = overview.suspensions.find((s) => s.status === 'active');
    const openCase = overview.cases.find((c) => c.status === 'open');
    return reply.render('escalation/views/service.njk', {
      title: `Concerns, suspensions and contractual processes: ${overview.service.name}`,
      section: 'services',
      service: overview.service,
      serviceHref: paths.services.show(overview.service.id),
      timelineHref: paths.intelligence.timeline(overview.service.id),
      groupHref: paths.escalation.groupSuspensions(overview.service.provider.id),
      cases: overview.cases.map((c) => ({ ...c, href: paths.escalation.case(c.id) })),
      suspensions: overview.suspensions.map((s) => suspensionView(s)),
      processes: overview.processes.map((p) => processView(p)),
      openCaseHref: decides && !openCase ? paths.escalation.openCase(overview.service.id) : undefined,
      suspendHref: decides && !active ? paths.escalation.suspend(overview.service.id) : undefined,
      startProcessHref: decides ? paths.escalation.startProcess(overview.service.id) : undefined,
    });
  });
}
