import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorise, can } from '../core/auth/permissions.ts';
import { Invalid, type FieldError } from '../core/errors.ts';
import { dateParts, errorViewModel, foldDateInputs, isoDate, parse, text } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { ukDateTime } from '../core/http/views.ts';
import { QUESTIONS, reportCsv, type ReportRow } from './before-after.ts';
import { cqcView, ratingTag } from './cqc.extensions.ts';
import type { CqcService } from './cqc.service.ts';
import type { FilesSummary } from './import-files.ts';
import { KEY_QUESTION_LABELS } from './ratings.ts';
import { todayInLondon } from './today.ts';

/** Pages: a service's ratings history, the before-and-after report, and the administrators' upload. */
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

export function cqcRoutes(app: FastifyInstance, cqc: CqcService) {
  app.get(paths.cqc.service(':id'), async (request, reply) => {
    const { id } = request.params as { id: string };
    const data = await cqc.forService(requireActor(request), id);
    return reply.render('cqc/views/service.njk', {
      title: `CQC ratings history – ${data.service.name}`,
      section: 'services',
      backLink: paths.services.show(id),
      m: cqcView(data, todayInLondon()),
    });
  });

  const dateSchema = isoDate('the date');

  function report(request: FastifyRequest) {
    const actor = requireActor(request);
    authorise(actor, 'cqc.report');
    const query = { ...(request.query as Record<string, string>) };
    const asked = ['date', 'date-day', 'date-month', 'date-year'].some((k) => query[k] !== undefined);
    if (!asked) return { actor, date: undefined, values: {} };
    if (query.date === undefined) foldDateInputs(query, 'date');
    const values = query.date && /^\d{4}-\d{2}-\d{2}$/.test(query.date) ? dateParts(query.date) : { day: query['date-day'] ?? '', month: query['date-month'] ?? '', year: query['date-year'] ?? '' };
    try {
      return { actor, date: parse(dateSchema, query.date) as string, values };
    } catch (error) {
      if (error instanceof Invalid) return { actor, date: undefined, values, errors: error.errors.map((e) => ({ ...e, path: 'date' })) };
      throw error;
    }
  }

  app.get(paths.cqc.beforeAndAfter, async (request, reply) => {
    const { actor, date, values, errors } = report(request);
    const title = 'CQC ratings before and after a date';
    if (errors) return reply.code(400).render('cqc/views/before-after.njk', { title, section: 'reports', values, errors: errorViewModel(errors) });
    if (!date) return reply.render('cqc/views/before-after.njk', { title, section: 'reports', values });
    const result = await cqc.beforeAndAfter(actor, date);
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
      csvHref: withQuery(paths.cqc.beforeAndAfterCsv, { date }),
    });
  });

  app.get(paths.cqc.beforeAndAfterCsv, async (request, reply) => {
    const { actor, date, errors } = report(request);
    if (errors || !date) throw new Invalid(errors ?? [{ path: 'date', message: 'Enter the date' }]);
    const result = await cqc.beforeAndAfter(actor, date);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="cqc-before-and-after-${date}.csv"`)
      .send('\uFEFF' + reportCsv(result));
  });

  app.get(paths.cqc.import, async (request, reply) => renderImport(request, reply, {}));

  // Multipart only here, so every other form keeps its plain body; the upload streams to a temporary file.
  void app.register(async (scope) => {
    const uploads = new WeakMap<FastifyRequest, string>();
    await scope.register(fastifyMultipart, {
      attachFieldsToBody: 'keyValues',
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 },
      async onFile(this: FastifyRequest, part: MultipartFile) {
        if (!part.filename) {
          part.file.resume();
          return;
        }
        const dir = await mkdtemp(path.join(tmpdir(), 'cqc-upload-'));
        uploads.set(this, dir);
        const file = path.join(dir, 'upload');
        await pipeline(part.file, createWriteStream(file));
        (part as unknown as { value: unknown }).value = { path: file, name: path.basename(part.filename).slice(0, 200), truncated: part.file.truncated };
      },
    });
    scope.addHook('onResponse', async (request) => {
      const dir = uploads.get(request);
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    scope.post(paths.cqc.import, async (request, reply) => {
      const actor = requireActor(request);
      authorise(actor, 'cqc.import');
      const body = (request.body ?? {}) as Record<string, unknown>;
      const values = { keepGoodRows: text(body.keepGoodRows), localAuthority: text(body.localAuthority).trim() };
      const upload = body.file as { path: string; name: string; truncated: boolean } | undefined;
      const errors: FieldError[] = [];
      if (!['yes', 'no'].includes(values.keepGoodRows)) errors.push({ path: 'keepGoodRows', message: 'Select what to do if some rows cannot be read' });
      if (values.localAuthority.length > 100) errors.push({ path: 'localAuthority', message: 'Local authority must be 100 characters or fewer' });
      if (!upload || typeof upload !== 'object') errors.push({ path: 'file', message: 'Select a CQC file' });
      else if (upload.truncated) errors.push({ path: 'file', message: 'The selected file must be smaller than 200MB' });
      if (errors.length) return renderImport(request, reply, { values, errors, status: 400 });
      try {
        const summary = await cqc.importUpload(actor, upload!, {
          keepGoodRows: values.keepGoodRows === 'yes',
          localAuthority: values.localAuthority || undefined,
          today: todayInLondon(),
        });
        return renderImport(request, reply, { values, summary: summaryView(summary, upload!.name), status: summary.refusedFiles.length ? 422 : 200 });
      } catch (error) {
        if (error instanceof Invalid) {
          const message = error.errors.map((e) => e.message.replace(/^[^:]*: /, '')).join('; ');
          return renderImport(request, reply, { values, errors: [{ path: 'file', message: `The selected file is not CQC data: ${message}` }], status: 400 });
        }
        throw error;
      }
    });
  });

  async function renderImport(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { values?: Record<string, string>; errors?: FieldError[]; summary?: ReturnType<typeof summaryView>; status?: number },
  ) {
    const actor = requireActor(request);
    authorise(actor, 'cqc.import');
    const imports = await cqc.recentImports(actor);
    return reply.code(state.status ?? 200).render('cqc/views/import.njk', {
      title: state.summary ? (state.summary.refused ? 'The file was not imported' : 'CQC data imported') : 'Import CQC data',
      section: 'cqc',
      values: state.values ?? {},
      ...(state.errors ? { errors: errorViewModel(state.errors) } : {}),
      summary: state.summary,
      canReport: can(actor, 'cqc.report'),
      imports: imports.map((i) => [
        { text: ukDateTime(i.started_at) },
        { text: i.source },
        { text: i.outcome === 'imported' ? 'Imported' : 'Refused: nothing changed' },
        { text: String(i.rows_read), format: 'numeric' },
        { text: String(i.created), format: 'numeric' },
        { text: String(i.updated), format: 'numeric' },
        { text: String(i.ratings_added), format: 'numeric' },
        { text: String(i.rejected_count), format: 'numeric' },
      ]),
    });
  }
}

function summaryView(summary: FilesSummary, file: string) {
  return {
    file,
    refused: summary.refusedFiles.length > 0,
    rowsRead: summary.rowsRead,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    ratingsAdded: summary.ratingsAdded,
    ratingsChanged: summary.ratingsChanged,
    skipped: summary.skipped,
    servicesCreated: summary.servicesCreated,
    rejectedCount: summary.rejected.length,
    rejected: summary.rejected.slice(0, 500).map((r) => [{ text: String(r.row) }, { text: r.reason }]),
    notCreated: Object.entries(summary.servicesNotCreated).map(([reason, count]) => ({ reason, count })),
  };
}
