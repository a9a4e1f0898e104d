import type { FastifyInstance } from 'fastify';
import { pageSummary, paginationView } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { categoryLabel } from '../providers/index.ts';
import { AUDIT_LISTS, type AuditList, type AuditServiceApi } from './audit.service.ts';
import { formatPrr } from './prr.ts';
import { AUDIT_AGES, auditQuerySchema } from './risk.schemas.ts';
import { BAND_TAG_CLASSES, bandTag } from './risk.view.ts';

/** The ratings audit report: stale ratings, disagreements with CQC, approvals awaited, unrated services, bands by team. */
export function auditRoutes(app: FastifyInstance, audits: AuditServiceApi) {
  const route = router(app);

  route.get(paths.risk.audit, { access: 'risk.reports', query: auditQuerySchema }, async ({ actor, query: { olderThanMonths, pages }, reply }) => {
    const audit = await audits.auditPages(actor, olderThanMonths, pages);
    // Each list's pages keep the age asked for and where the other lists are; the link lands on its heading.
    const pageHref = (list: AuditList) => (page: number) =>
      `${withQuery(paths.risk.audit, {
        olderThan: olderThanMonths === 12 ? undefined : olderThanMonths,
        ...Object.fromEntries(AUDIT_LISTS.map((l) => [`${l}Page`, (l === list ? page : audit.pages[l].page) === 1 ? undefined : l === list ? page : audit.pages[l].page])),
      })}#${list}`;
    const labels: Record<AuditList, string> = { stale: 'Pages of old ratings', disagreements: 'Pages of CQC scores that differ', awaitingApproval: 'Pages of ratings not yet approved', unrated: 'Pages of services not rated' };
    const paging = Object.fromEntries(AUDIT_LISTS.map((l) => [l, { summary: pageSummary(audit.pages[l]), pagination: paginationView(audit.pages[l], pageHref(l), labels[l]) }]));
    return reply.render('risk/views/audit.njk', {
      title: 'Risk ratings audit',
      section: 'risk',
      audit,
      paging,
      ages: AUDIT_AGES.map((n) => ({ value: String(n), text: `${n} months`, selected: n === olderThanMonths })),
      stale: audit.pages.stale.items.map((r) => ({ name: r.service_name, href: paths.risk.service(r.service_id), ratedOn: r.rated_on, prr: formatPrr(r.prr ?? 0), tag: bandTag(r.band_key ? { key: r.band_key, label: r.band_label ?? r.band_key } : null), team: r.team, officer: r.officer_name })),
      disagreements: audit.pages.disagreements.items.map((d) => ({ name: d.row.service_name, href: paths.risk.service(d.row.service_id), ratedOn: d.row.rated_on, scored: d.row.cqc_score, expected: d.expected, explanation: d.explanation })),
      awaitingApproval: audit.pages.awaitingApproval.items.map((r) => ({ name: r.service_name, href: paths.risk.service(r.service_id), ratedOn: r.rated_on, ratedBy: r.rated_by_name })),
      unrated: audit.pages.unrated.items.map((r) => ({ name: r.service_name, href: paths.risk.service(r.service_id), category: categoryLabel(r.category), team: r.team, officer: r.officer_name })),
      bandClasses: BAND_TAG_CLASSES,
    });
  });
}
