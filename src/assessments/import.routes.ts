import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Invalid, type FieldError } from '../core/errors.ts';
import { formErrors, multipart, router, type Parts } from '../core/http/route.ts';
import { paths } from '../core/http/paths.ts';
import type { AssessmentsImportService, AssessmentsImportSummary } from './import.ts';

/** Past results from PAMMS or the East of England workbook, uploaded by a commissioner or administrator. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/** The uploaded file, read whole (a council's past results are at most a few thousand rows); the pipeline has already checked the form's token. */
async function readUpload(parts: Parts): Promise<{ name: string; content: Buffer; truncated: boolean } | undefined> {
  let file: { name: string; content: Buffer; truncated: boolean } | undefined;
  for await (const part of parts) {
    if (part.type === 'field') continue;
    if (!part.filename || file) {
      for await (const _ of part.file) void _;
      continue;
    }
    const content = await part.toBuffer().catch(() => Buffer.alloc(0));
    file = { name: part.filename, content, truncated: part.file.truncated };
  }
  return file;
}

export function importRoutes(app: FastifyInstance, imports: AssessmentsImportService) {
  router(app).get(paths.assessments.import, { access: 'assessments.import' }, ({ reply }) => renderImport(reply, {}));

  // Multipart only here, so every other form keeps its plain body.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    router(scope).post(paths.assessments.import, { access: 'assessments.import', body: multipart }, async ({ actor, body, reply }) => {
      const file = await readUpload(body);
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
