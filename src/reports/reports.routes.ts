import { can } from '../core/auth/permissions.ts';
import type { FormErrors, FormValues, Router } from '../core/http/route.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { CATEGORY_LABELS, SERVICE_CATEGORIES, type ServiceCategory } from '../providers/index.ts';
import type { FastifyReply } from 'fastify';
import { exemptDocument, recordsView } from './exempt.view.ts';
import { sendDocument } from './exports/render.ts';
import { quarterLabel, periodLabel, quarterPeriod, type Quarter, type QuarterNumber } from './quarter.ts';
import type { QuarterlyService } from './quarterly.service.ts';
import { quarterTitle, REPORT_TITLE, reportDocument, reportPage } from './quarterly.view.ts';
import { askedQuarter, commentaryBody, commentaryQuery, COMMENTARY_MAX, quarterlyQuery, recordsQuery } from './reports.schemas.ts';
import { text } from '../core/forms.ts';

const asQuarter = (q: { year: number; quarter: number }): Quarter => ({ year: q.year, quarter: q.quarter as QuarterNumber });

/** The last ended quarter and the one before it, as links on the start page. */
function startQuarters(last: Quarter) {
  const link = (q: Quarter) => ({ label: quarterLabel(q), period: periodLabel(quarterPeriod(q)), href: withQuery(paths.reports.quarterly, { year: q.year, quarter: q.quarter }) });
  return { last: link(last), benchmark: withQuery(paths.reports.benchmark, { year: last.year, quarter: last.quarter }) };
}

/** The quarterly summary's pages: the report (and its exports), the records behind a figure, the commentary form, the exempt appendix. */
export function reportsRoutes(route: Router, reports: QuarterlyService) {
  // The start of the Reports section: each report the reader may open, with what it is for.
  route.get(paths.reports.home, { access: 'reports.read' }, ({ actor, reply }) =>
    reply.render('reports/views/start.njk', {
      title: 'Reports',
      section: 'reports',
      ...startQuarters(askedQuarter({})),
      canDashboards: can(actor, 'dashboards.read'),
      canSettings: can(actor, 'dashboards.settings'),
    }),
  );

  route.get(
    paths.reports.quarterly,
    {
      access: 'reports.read',
      query: quarterlyQuery,
      invalid: ({ reply, values }, errors) =>
        reply.code(400).render('reports/views/quarterly.njk', { title: REPORT_TITLE, section: 'reports', errors, chooser: chooser(values), report: undefined }),
    },
    async ({ actor, query, reply }) => {
      const quarter = askedQuarter(query);
      const report = await reports.report(actor, quarter, query.category);
      if (query.format && query.format !== 'html' && query.format !== 'json') return sendDocument(reply, reportDocument(report), query.format, REPORT_TITLE, quarterLabel(quarter));
      return reply.render('reports/views/quarterly.njk', {
        title: quarterTitle(quarter),
        section: 'reports',
        report,
        page: reportPage(report),
        chooser: chooser({ year: String(quarter.year), quarter: String(quarter.quarter), category: query.category ?? '' }),
        canComment: can(actor, 'reports.comment'),
      });
    },
  );

  route.get(paths.reports.records, { access: 'reports.read', query: recordsQuery }, async ({ actor, query, reply }) => {
    const quarter = asQuarter(query);
    const counted = await reports.recordsBehind(actor, quarter, query.category);
    return reply.render('reports/views/records.njk', {
      title: `${CATEGORY_LABELS[query.category]}: records behind the figures, ${quarterLabel(quarter)}`,
      section: 'reports',
      categoryLabel: CATEGORY_LABELS[query.category],
      label: quarterLabel(quarter),
      periodText: periodLabel(quarterPeriod(quarter)),
      lists: recordsView(counted, query.figure),
      allHref: query.figure ? withQuery(paths.reports.records, { year: query.year, quarter: query.quarter, category: query.category }) : undefined,
      backLink: withQuery(paths.reports.quarterly, { year: query.year, quarter: query.quarter }),
    });
  });

  route.get(paths.reports.benchmark, { access: 'reports.read', query: quarterlyQuery }, async ({ actor, query, reply }) => {
    const quarter = askedQuarter(query);
    const result = await reports.benchmark(actor, quarter);
    return reply.render('reports/views/benchmarking.njk', {
      title: `Benchmarking with neighbours: ${quarterLabel(quarter)}`,
      section: 'reports',
      label: quarterLabel(quarter),
      periodText: periodLabel(result.period),
      neighbours: result.councils.length - 1,
      categories: SERVICE_CATEGORIES.map((category) => ({
        category,
        label: CATEGORY_LABELS[category],
        rows: result.councils.map((c) => {
          const s = c.sections.find((x) => x.category === category)!;
          return { council: c.council.name, own: c.council.id === actor.orgId, ...s, percentText: s.percentGoodOrBetter === null ? 'None published' : `${s.percentGoodOrBetter.toFixed(1)}%` };
        }),
      })),
      backLink: withQuery(paths.reports.quarterly, { year: quarter.year, quarter: quarter.quarter }),
    });
  });

  route.get(paths.reports.exempt, { access: 'reports.exempt', query: quarterlyQuery }, async ({ actor, query, reply }) => {
    const quarter = askedQuarter(query);
    const format = query.format === 'xlsx' || query.format === 'csv' ? query.format : 'pdf';
    return sendDocument(reply, exemptDocument(await reports.exemptAppendix(actor, quarter)), format, REPORT_TITLE, 'exempt appendix', quarterLabel(quarter));
  });

  const renderCommentary = async (reply: FastifyReply, values: FormValues, errors?: FormErrors) => {
    const year = Number(values.year);
    const quarter = asQuarter({ year, quarter: Number(values.quarter) });
    const category = text(values.category) as ServiceCategory;
    return reply.code(errors ? 400 : 200).render('reports/views/commentary.njk', {
      title: `Commentary: ${CATEGORY_LABELS[category]}, ${quarterLabel(quarter)}`,
      section: 'reports',
      categoryLabel: CATEGORY_LABELS[category],
      label: quarterLabel(quarter),
      action: withQuery(paths.reports.commentary, { year, quarter: quarter.quarter, category }),
      body: text(values.body),
      max: COMMENTARY_MAX,
      errors,
      backLink: withQuery(paths.reports.quarterly, { year, quarter: quarter.quarter }),
    });
  };

  route.get(paths.reports.commentary, { access: 'reports.comment', query: commentaryQuery }, async ({ actor, query, reply }) => {
    const existing = await reports.commentary(actor, asQuarter(query), query.category);
    return renderCommentary(reply, { ...query, body: existing?.body ?? '' });
  });

  route.post(
    paths.reports.commentary,
    {
      access: 'reports.comment',
      query: commentaryQuery,
      body: commentaryBody,
      invalid: ({ query, values, reply }, errors) => renderCommentary(reply, { ...query, body: values.body }, errors),
    },
    async ({ actor, query, body, reply }) => {
      await reports.writeCommentary(actor, asQuarter(query), query.category, body.body);
      return reply.redirect(`${withQuery(paths.reports.quarterly, { year: query.year, quarter: query.quarter })}#${query.category}`, 303);
    },
  );
}

function chooser(values: FormValues) {
  const year = text(values.year);
  const quarter = text(values.quarter);
  const category = text(values.category);
  return {
    year,
    quarterItems: (['1', '2', '3', '4'] as const).map((q) => ({ value: q, text: `Q${q} (${['April to June', 'July to September', 'October to December', 'January to March'][Number(q) - 1]})`, selected: q === quarter })),
    categoryItems: [{ value: '', text: 'All service categories', selected: !category }, ...SERVICE_CATEGORIES.map((c) => ({ value: c, text: CATEGORY_LABELS[c], selected: c === category }))],
  };
}
