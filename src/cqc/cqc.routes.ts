import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { today } from '../core/clock.ts';
import { Invalid } from '../core/errors.ts';
import { dateParts, foldDateInputs, isoDate, text } from '../core/forms.ts';
import { router } from '../core/http/route.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { QUESTIONS, reportCsv, type ReportRow } from './before-after.ts';
import { cqcView, ratingTag } from './cqc.extensions.ts';
import type { CqcService } from './cqc.service.ts';
import { KEY_QUESTION_LABELS } from './ratings.ts';

/** Pages: a service's ratings history and the before-and-after report (the upload is import.routes.ts). */

const DATE_PARTS = ['date-day', 'date-month', 'date-year'] as const;

/** The query as typed: each parameter's first value. */
function firstValues(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) out[key] = text(Array.isArray(value) ? (value as unknown[])[0] : value);
  return out;
}

/**
 * The report's date, as an ISO date or a GOV.UK date input. Undefined when none was asked for (the form on
 * its own); once asked, it must be a real date.
 */
const reportQuery = z.preprocess(
  (raw) => {
    const query: Record<string, unknown> = firstValues(raw);
    if (!['date', ...DATE_PARTS].some((k) => query[k] !== undefined)) return undefined;
    if (query.date === undefined) foldDateInputs(query, 'date');
    return { date: query.date };
  },
  // isoDate's type allows for its optional form; required, it gives a date or an error
  z.object({ date: isoDate('the date') }).transform(({ date }) => ({ date: String(date) })).optional(),
);

/** The date input's boxes as typed, or as the ISO date asked for. */
function dateValues(raw: unknown) {
  const query = firstValues(raw);
  return query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date) ? dateParts(query.date) : { day: query['date-day'] ?? '', month: query['date-month'] ?? '', year: query['date-year'] ?? '' };
}

export function cqcRoutes(app: FastifyInstance, cqc: CqcService) {
  const route = router(app);

  route.get(paths.cqc.service(':id'), { access: 'signed-in', ids: ['id'] }, async ({ actor, ids, reply }) => {
    const data = await cqc.forService(actor, ids.id);
    return reply.render('cqc/views/service.njk', {
      title: `CQC ratings history – ${data.service.name}`,
      section: 'services',
      backLink: paths.services.show(ids.id),
      m: cqcView(data, today()),
    });
  });

  const title = 'CQC ratings before and after a date';
  route.get(
    paths.cqc.beforeAndAfter,
    {
      access: 'cqc.report',
      query: reportQuery,
      invalid: ({ request, reply }, errors) => reply.render('cqc/views/before-after.njk', { title, section: 'reports', values: dateValues(request.query), errors }),
    },
    async ({ actor, query, request, reply }) => {
      const values = dateValues(request.query);
      if (!query) return reply.render('cqc/views/before-after.njk', { title, section: 'reports', values });
      const result = await cqc.beforeAndAfter(actor, query.date);
      const view = (r: ReportRow) => ({
        name: r.service.name,
        href: paths.services.show(r.service.id),
        before: QUESTIONS.map((kq) => ratingTag(r.before[kq])),
        after: QUESTIONS.map((kq) => ratingTag(r.after[kq])),
        afterPublishedOn: r.afterUndated ? null : r.afterOn,
        afterFirstSeenOn: r.afterOn,
        beforePublishedOn: r.beforeUndated ? null : r.beforeOn,
        beforeFirstSeenOn: r.beforeOn,
      });
      return reply.render('cqc/views/before-after.njk', {
        title,
        section: 'reports',
        values,
        report: result,
        questions: QUESTIONS.map((kq) => KEY_QUESTION_LABELS[kq]),
        groups: result.groups.map((g) => ({ ...g, rated: g.rated.map(view), notRatedSince: g.notRatedSince.map(view), neverRated: g.neverRated.map(view) })),
        csvHref: withQuery(paths.cqc.beforeAndAfterCsv, { date: query.date }),
      });
    },
  );

  route.get(paths.cqc.beforeAndAfterCsv, { access: 'cqc.report', query: reportQuery }, async ({ actor, query, reply }) => {
    if (!query) throw new Invalid([{ path: 'date', message: 'Enter the date' }]);
    const result = await cqc.beforeAndAfter(actor, query.date);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cqc-before-and-after-${query.date}.csv"`)
      .send('\uFEFF' + reportCsv(result));
  });
}
