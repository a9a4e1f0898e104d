import type { FastifyInstance } from 'fastify';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { categoryLabel } from '../providers/index.ts';
import type { AuditServiceApi } from './audit.service.ts';
import { formatPrr } from './prr.ts';
import { AUDIT_AGES, auditQuerySchema } from './risk.schemas.ts';
import { BAND_TAG_CLASSES, bandTag } from './risk.view.ts';

/** The ratings audit report: stale ratings, disagreements with CQC, approvals awaited, unrated services, bands by team. */
export function auditRoutes(app: FastifyInstance, audits: AuditServiceApi) {
  const route = router(app);

  route.get(paths.risk.audit, { access: 'risk.reports', query: auditQuerySchema }, async ({ actor, query: { olderThanMonths }, reply }) => {
    const audit = await audits.audit(actor, olderThanMonths);
    return reply.render('risk/views/audit.njk', {
      title: 'Risk ratings audit',
      section: 'risk',
      audit,
      ages: AUDIT_AGES.map((n) => ({ value: String(n), text: `${n} months`, selected: n === olderThanMonths })),
      stale: audit.stale.map((r) => ({ name: r.service_name, href: paths.risk.service(r.service_id), ratedOn: r.rated_on, prr: formatPrr(r.prr ?? 0), tag: bandTag(r.band_key ? { key: r.band_key, label: r.band_label ?? r.band_key } : null), team: r.team, officer: r.officer_name })),
      disagreements: audit.disagreements.map((d) => ({ name: d.row.service_name, href: paths.risk.service(d.row.service_id), ratedOn: d.row.rated_on, scored: d.row.cqc_score, expected: d.expected, explanation: d.explanation })),
      awaitingApproval: audit.awaitingApproval.map((r) => ({ name: r.service_name, href: paths.risk.service(r.service_id), ratedOn: r.rated_on, ratedBy: r.rated_by_name })),
      unrated: audit.unrated.map((r) => ({ name: r.service_name, href: paths.risk.service(r.service_id), category: categoryLabel(r.category), team: r.team, officer: r.officer_name })),
      bandClasses: BAND_TAG_CLASSES,
    });
  });
}
