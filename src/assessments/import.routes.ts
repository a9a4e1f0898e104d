import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Invalid, type FieldError } from '../core/errors.ts';
import { formErrors, multipart, readWholeFile, router } from '../core/http/route.ts';
import { paths } from '../core/http/paths.ts';
import type { AssessmentsImportService, AssessmentsImportSummary } from './import.ts';

/** Past results from PAMMS or the East of England workbook, uploaded by a commissioner or administrator. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export function importRoutes(app: FastifyInstance, imports: AssessmentsImportService) {
  router(app).get(paths.assessments.import, { access: 'assessments.import' }, ({ reply }) => renderImport(reply, {}));

  // Multipart only here, so every other form keeps its plain body.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    router(scope).post(paths.assessments.import, { access: 'assessments.import', body: multipart }, async ({ actor, body, reply }) => {
      const file = await readWholeFile(body);
      const refuse = (message: string) => renderImport(reply.code(400), { errors: [{ path: 'file', message }] });
      if (!file || file.content.length === 0) return refuse('Select a CSV or XLSX file of past results');
      if (file.truncated) return refuse('The selected file must be smaller than 20MB');
      let summary: AssessmentsImportSummary;
      try {
        summary = await imports.importFile(actor, file);
      } catch (error) {
        if (!(error instanceof Invalid)) throw error;
        return refuse(`The selected file cannot be imported: ${error.errors.map((e) => e.message).join('; ')}`);
      }
      if (!summary.rowsRead) return refuse('The selected file has no rows of results');
      return renderImport(reply.code(summary.refused ? 422 : 200), { summary });
    });
  });

  function renderImport(reply: FastifyReply, state: { errors?: FieldError[]; summary?: AssessmentsImportSummary }) {
    const summary = state.summary;
    return reply.render('assessments/views/import.njk', {
      title: summary ? (summary.refused ? 'The file was not imported' : 'Past results imported') : 'Import past assessment results',
      backLink: paths.assessments.list,
      section: 'assessments',
      ...(state.errors ? { errors: formErrors(state.errors) } : {}),
      summary: summary && {
        ...summary,
        rows: new Set(summary.rejected.map((r) => r.row)).size,
        rejected: summary.rejected.map((r) => [{ text: String(r.row), format: 'numeric' }, { text: r.reason }]),
      },
    });
  }
}
