import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { postedDateParts } from '../core/forms.ts';
import { pageSummary, paginationView, sendCsv, sortHeaders, type SortOrder } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { providerOverrated } from './assessment.rules.ts';
import { ASSESSMENT_SORT_DEFAULT, listQuerySchema, startFormSchema } from './assessments.schemas.ts';
import type { AssessmentListItem, AssessmentsService } from './assessments.service.ts';
import { reportModel } from './assessments.view.ts';
import { compareView } from './compare.view.ts';
import { KIND_LABELS, SELF_STATUS_LABELS, STATUS_LABELS, bandTagClass, resultText } from './labels.ts';
import { renderOverview } from './overview.page.ts';
import { reportPdf } from './report.pdf.ts';

const VIEWS = 'assessments/views';

/** The assessment pages: the list, starting one, its own page, the comparison, and the report (page and PDF). */
export function assessmentsRoutes(app: FastifyInstance, assessments: AssessmentsService) {
  const route = router(app);

  route.get(paths.assessments.list, { access: 'assessments.read', query: listQuerySchema }, async ({ actor, query, reply }) => {
    const { status, kind, page, sort, order } = query;
    const filter = { ...(status ? { status } : {}), ...(kind ? { kind } : {}), sort, order };
    const result = await assessments.list(actor, { ...filter, page });
    const isDefault = sort === ASSESSMENT_SORT_DEFAULT.sort && order === ASSESSMENT_SORT_DEFAULT.order;
    const kept = { status, kind, sort: isDefault ? undefined : sort, order: isDefault ? undefined : order };
    const link = (p: number) => withQuery(paths.assessments.list, { ...kept, page: p });
    return reply.render(`${VIEWS}/list.njk`, {
      title: 'Assessments',
      section: 'assessments',
      filter: { status, kind },
      canImport: can(actor, 'assessments.import'),
      sorted: kept,
      statusItems: [
        { value: '', text: 'Any status' },
        ...Object.entries(STATUS_LABELS).map(([value, text]) => ({ value, text, selected: value === status })),
      ],
      kindItems: [{ value: '', text: 'Any kind' }, ...Object.entries(KIND_LABELS).map(([value, text]) => ({ value, text, selected: value === kind }))],
      headers: sortHeaders(
        [{ key: 'service', text: 'Service' }, { text: 'Kind' }, { text: 'Status' }, { text: 'Result' }, { key: 'date', text: 'Date', firstOrder: 'desc' }, { text: 'By' }],
        { sort, order },
        (s: 'date' | 'service', o: SortOrder) => withQuery(paths.assessments.list, { status, kind, sort: s, order: o }),
      ),
      summary: pageSummary({ items: result.items, total: result.total, page: result.page, pageSize: result.pageSize, pageCount: result.pageCount }),
      csvHref: withQuery(paths.assessments.csv, { status, kind, sort: kept.sort, order: kept.order }),
      rows: result.items.map(listRow),
      pagination: paginationView(result, link),
    });
  });

  route.get(paths.assessments.csv, { access: 'assessments.read', query: listQuerySchema }, async ({ actor, query, reply }) => {
    const { status, kind, sort, order } = query;
    const items = await assessments.listAll(actor, { ...(status ? { status } : {}), ...(kind ? { kind } : {}), sort, order });
    return sendCsv(
      reply,
      'assessments.csv',
      ['Service', 'Kind', 'Status', 'Result', 'Date', 'By', 'Framework'],
      items.map((item) => {
        const row = listRow(item);
        return [row.serviceName, row.kind, row.corrected ? `${row.status} (corrected)` : row.imported ? `${row.status} (imported)` : row.status, row.result, row.date, row.createdBy, `${item.frameworkName} (version ${item.version})`];
      }),
    );
  });

  async function renderStart(reply: FastifyReply, actor: Actor, serviceId: string, values: { frameworkId?: unknown; visitedOn?: unknown }, errors?: FormErrors) {
    const options = await assessments.startOptions(actor, serviceId);
    return reply.code(errors ? 400 : 200).render(`${VIEWS}/start.njk`, {
      title: options.kind === 'self' ? 'Start a self-assessment' : 'Start an assessment',
      backLink: paths.services.show(serviceId),
      kind: options.kind,
      service: options.service,
      action: paths.assessments.start(serviceId),
      frameworkItems: options.frameworks.map((f) => ({
        value: f.frameworkId,
        text: `${f.name} (version ${f.version})`,
        hint: { text: f.description ?? '' },
        checked: values.frameworkId === f.frameworkId || options.frameworks.length === 1,
      })),
      visitedOn: values.visitedOn ?? { day: '', month: '', year: '' },
      canManageFrameworks: can(actor, 'frameworks.manage'),
      errors,
    });
  }

  // The council's officers start a full assessment; the provider, a self-assessment of its own service.
  const starters = ['assessments.conduct', 'assessments.self'] as const;
  route.get(paths.assessments.start(':id'), { access: starters, ids: ['id'] }, ({ actor, ids, reply }) => renderStart(reply, actor, ids.id, {}));

  route.post(
    paths.assessments.start(':id'),
    {
      access: starters,
      ids: ['id'],
      body: startFormSchema,
      dates: ['visitedOn'],
      invalid: ({ actor, ids, values, reply }, errors) => renderStart(reply, actor, ids.id, { frameworkId: values.frameworkId, visitedOn: postedDateParts(values, 'visitedOn') }, errors),
    },
    async ({ actor, ids, body, reply }) => {
      const kind = can(actor, 'assessments.conduct') ? 'full' : 'self';
      const { id } = await assessments.start(actor, { ...body, serviceId: ids.id, kind });
      return reply.redirect(paths.assessments.show(id), 303);
    },
  );

  route.get(paths.assessments.show(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) =>
    renderOverview(reply, assessments, actor, await assessments.get(actor, ids.id)),
  );

  route.get(paths.assessments.compare(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const result = await assessments.compare(actor, ids.id);
    const self = result.officer ?? result.provider!;
    return reply.render(`${VIEWS}/compare.njk`, {
      title: 'Self-assessment and officer’s assessment',
      backLink: paths.assessments.show(ids.id),
      caption: self.service.name,
      ...compareView(result),
      overrated: (result.comparison?.domains ?? []).filter((d) => providerOverrated(d.provider, d.officer)).length,
    });
  });

  route.get(paths.assessments.report(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const a = await assessments.get(actor, ids.id);
    return reply.render(`${VIEWS}/report.njk`, {
      title: `Quality assessment report: ${a.service.name}`,
      backLink: paths.assessments.show(a.id),
      report: reportModel(a),
      pdfHref: paths.assessments.pdf(a.id),
    });
  });

  route.get(paths.assessments.pdf(':id'), { access: 'assessments.read', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const a = await assessments.get(actor, ids.id);
    const pdf = await reportPdf(reportModel(a));
    const name = `assessment-${a.service.name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-${a.assessedOn}.pdf`;
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}"`).send(pdf);
  });
}

function listRow(item: AssessmentListItem) {
  return {
    href: paths.assessments.show(item.id),
    serviceName: item.serviceName,
    kind: KIND_LABELS[item.kind],
    status: (item.kind === 'self' ? SELF_STATUS_LABELS : STATUS_LABELS)[item.status],
    corrected: item.supersededById !== null,
    imported: item.imported,
    result: resultText(item.band, item.percent, item.requiresImprovementLabel),
    tagClass: bandTagClass(item.band),
    date: item.publishedOn ?? item.completedOn ?? item.visitedOn,
    createdBy: item.createdBy,
  };
}
