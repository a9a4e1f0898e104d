import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import type { WorkListSection, WorkListSource } from '../core/http/extensions.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { categoryLabel } from '../providers/categories.ts';
import { formatPrr } from './prr.ts';
import type { RegisterServiceApi } from './register.service.ts';
import { BAND_TAG_CLASSES, DUE_TAGS, bandTag, dueView } from './risk.view.ts';
import { AREA_LABELS } from './matrix.ts';

export const AUDIT_AGES = [6, 12, 18, 24] as const;

/** The risk register, the officer's work list and the ratings audit report. */
export function registerRoutes(app: FastifyInstance, reports: RegisterServiceApi, workList: readonly WorkListSource[] = []) {
  app.get(paths.risk.register, async (request, reply) => {
    const result = await reports.register(requireActor(request), request.query as Record<string, string>);
    const q = result.query;
    const filters = { category: q.category, band: q.band, team: q.team, officer: q.officer };
    const pageHref = (page: number) => withQuery(paths.risk.register, { ...filters, page });
    return reply.render('risk/views/register.njk', {
      title: 'Risk register',
      section: 'risk',
      result,
      filters,
      rows: result.items.map((i) => ({ ...i, prr: i.prr === null ? null : formatPrr(i.prr), tag: bandTag(i.band), href: paths.risk.service(i.serviceId) })),
      pagination:
        result.pageCount > 1
          ? {
              previous: q.page > 1 ? { href: pageHref(q.page - 1) } : undefined,
              next: q.page < result.pageCount ? { href: pageHref(q.page + 1) } : undefined,
              items: Array.from({ length: result.pageCount }, (_, i) => i + 1)
                .filter((n) => n === 1 || n === result.pageCount || Math.abs(n - q.page) <= 2)
                .flatMap((n, i, list) => [...(i > 0 && n - list[i - 1]! > 1 ? [{ ellipsis: true }] : []), { number: n, href: pageHref(n), current: n === q.page }]),
            }
          : undefined,
    });
  });

  app.get(paths.work, async (request, reply) => {
    const actor = requireActor(request);
    const work = await reports.workList(actor);
    const sections = (await Promise.all(workList.map((source) => source(actor)))).filter((s): s is WorkListSection => s !== undefined);
    return reply.render('risk/views/work.njk', {
      title: 'Your work list',
      section: 'work',
      work,
      items: work.items.map((i) => ({
        serviceName: i.serviceName,
        providerName: i.providerName,
        categoryLabel: i.categoryLabel,
        href: paths.risk.service(i.serviceId),
        rateHref: paths.risk.rate(i.serviceId),
        prr: i.latest ? formatPrr(i.latest.prr) : null,
        tag: bandTag(i.latest?.band ?? null),
        due: i.schedule
          ? [
              dueView('Full assessment', i.schedule.fullAssessment, 'Within the concerns procedure'),
              dueView('Self-assessment', i.schedule.selfAssessment, 'Not required'),
              dueView('Monitoring meeting', i.schedule.monitoringMeeting, 'None set'),
              dueView('Contact', i.schedule.contact, 'Open lines'),
            ]
          : [],
        rerate: i.changes.map((c) => `${AREA_LABELS[c.area]}: now proposed ${c.now}`),
      })),
      dueTags: DUE_TAGS,
      sections,
    });
  });

  app.get(paths.risk.audit, async (request, reply) => {
    const asked = Number((request.query as { olderThan?: string }).olderThan);
    const olderThanMonths = (AUDIT_AGES as readonly number[]).includes(asked) ? asked : 12;
    const audit = await reports.audit(requireActor(request), olderThanMonths);
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
