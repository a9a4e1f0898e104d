import type { FastifyInstance } from 'fastify';
import type { WorkListSource } from '../core/http/extensions.ts';
import { pageSummary, paginationView, sendCsv, sortHeaders, type SortOrder } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { AREA_LABELS } from './matrix.ts';
import { formatPrr } from './prr.ts';
import { WORK_SORT_DEFAULT, workListQuerySchema, type WorkShow, type WorkSort } from './risk.schemas.ts';
import { DUE_TAGS, bandTag, dueView } from './risk.view.ts';
import { nextDueOn, type WorkItem, type WorkListServiceApi } from './work-list.service.ts';

const SHOW_LABELS: Record<WorkShow, string> = {
  all: 'Everything',
  overdue: 'Something overdue',
  due_soon: 'Something due soon',
  rerate: 'Needing re-rating',
  not_rated: 'Not rated yet',
};

const COLUMNS = [
  { key: 'service', text: 'Service' },
  { key: 'prr', text: 'Rating', firstOrder: 'desc' },
  { key: 'due', text: 'Due' },
] as const;

const due = (i: WorkItem) =>
  i.schedule
    ? [
        dueView('Full assessment', i.schedule.fullAssessment, 'Within the concerns procedure'),
        dueView('Self-assessment', i.schedule.selfAssessment, 'Not required'),
        dueView('Monitoring meeting', i.schedule.monitoringMeeting, 'None set'),
        dueView('Contact', i.schedule.contact, 'Open lines'),
      ]
    : [];

/** The officer's work list: risk's own section, then what other capabilities add (`workList`). */
export function workListRoutes(app: FastifyInstance, work: WorkListServiceApi, workList: readonly WorkListSource[] = []) {
  const route = router(app);

  route.get(paths.work, { access: 'risk.reports', query: workListQuerySchema }, async ({ actor, query, reply }) => {
    const { list, sections } = await work.workListPageWith(actor, query, workList);
    const isDefault = query.sort === WORK_SORT_DEFAULT.sort && query.order === WORK_SORT_DEFAULT.order;
    const kept = { show: query.show === 'all' ? undefined : query.show, sort: isDefault ? undefined : query.sort, order: isDefault ? undefined : query.order };
    return reply.render('risk/views/work.njk', {
      title: 'Your work list',
      section: 'work',
      work: list,
      query,
      shows: Object.entries(SHOW_LABELS).map(([value, text]) => ({ value, text, selected: value === query.show })),
      headers: sortHeaders(COLUMNS, query, (sort: WorkSort, order: SortOrder) => withQuery(paths.work, { show: kept.show, sort, order })),
      summary: pageSummary(list.page),
      pagination: paginationView(list.page, (page) => withQuery(paths.work, { ...kept, page })),
      csvHref: withQuery(paths.workCsv, kept),
      items: list.page.items.map((i) => ({
        serviceName: i.serviceName,
        providerName: i.providerName,
        categoryLabel: i.categoryLabel,
        href: paths.risk.service(i.serviceId),
        rateHref: paths.risk.rate(i.serviceId),
        prr: i.latest ? formatPrr(i.latest.prr) : null,
        tag: bandTag(i.latest?.band ?? null),
        due: due(i),
        nextDueOn: nextDueOn(i.schedule),
        rerate: i.changes.map((c) => `${AREA_LABELS[c.area]}: now proposed ${c.now}`),
      })),
      dueTags: DUE_TAGS,
      sections,
    });
  });

  route.get(paths.workCsv, { access: 'risk.reports', query: workListQuerySchema }, async ({ actor, query, reply }) => {
    const items = await work.workListAll(actor, query);
    const when = (d: { dueOn: string | null; tag: { text: string } | null; otherwise?: string }) => (d.dueOn ? `${d.dueOn} (${d.tag?.text ?? ''})` : (d.otherwise ?? ''));
    return sendCsv(
      reply,
      'work-list.csv',
      ['Service', 'Provider', 'Category', 'PRR', 'Band', 'Full assessment', 'Self-assessment', 'Monitoring meeting', 'Contact', 'Needs re-rating'],
      items.map((i) => {
        const d = due(i);
        return [
          i.serviceName,
          i.providerName,
          i.categoryLabel,
          i.latest?.prr ?? null,
          i.latest?.band?.label ?? 'Not rated',
          ...(d.length ? d.map(when) : ['', '', '', '']),
          i.changes.map((c) => `${AREA_LABELS[c.area]}: now proposed ${c.now}`).join('; '),
        ];
      }),
    );
  });
}
