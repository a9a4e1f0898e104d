import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { can } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { Invalid, type FieldError } from '../core/errors.ts';
import { toFieldErrors } from '../core/forms.ts';
import { formErrors, multipart, router, unstorableText, type Parts } from '../core/http/route.ts';
import { paths } from '../core/http/paths.ts';
import { ukDateTime } from '../core/http/views.ts';
import type { CqcService } from './cqc.service.ts';
import type { FilesSummary } from './import-files.ts';

/** The administrators' upload of a CQC file: the same import as the command line, its summary shown. */
const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** The upload form's fields besides the file. */
const uploadFields = z.object({
  keepGoodRows: z.enum(['yes', 'no'], { error: 'Select what to do if some rows cannot be read' }),
  localAuthority: z.string().trim().max(100, { error: 'Local authority must be 100 characters or fewer' }).default(''),
});

interface Upload {
  readonly fields: Record<string, string>;
  readonly file?: { readonly path: string; readonly name: string; readonly truncated: boolean };
}

/** Reads the form's parts, streaming the file into `dir`; runs after the pipeline has checked who may post and the form's token. */
async function readUpload(parts: Parts, dir: string): Promise<Upload> {
  const fields: Record<string, string> = {};
  let file: Upload['file'];
  for await (const part of parts) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (!part.filename || file) {
      for await (const _ of part.file) void _;
      continue;
    }
    const saved = path.join(dir, 'upload');
    await pipeline(part.file, createWriteStream(saved));
    file = { path: saved, name: path.basename(part.filename).slice(0, 200), truncated: part.file.truncated };
  }
  return file ? { fields, file } : { fields };
}

export function cqcImportRoutes(app: FastifyInstance, cqc: CqcService) {
  router(app).get(paths.cqc.import, { access: 'cqc.import' }, ({ actor, reply }) => renderImport(reply, actor, {}));

  // Multipart only here, so every other form keeps its plain body.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
    router(scope).post(paths.cqc.import, { access: 'cqc.import', body: multipart }, async ({ actor, body, reply }) => {
      const dir = await mkdtemp(path.join(tmpdir(), 'cqc-upload-'));
      try {
        const { fields, file } = await readUpload(body, dir);
        const values = { keepGoodRows: fields.keepGoodRows ?? '', localAuthority: (fields.localAuthority ?? '').trim() };
        const parsed = uploadFields.safeParse(fields);
        const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error);
        const unstorable = unstorableText(fields, '');
        if (unstorable) errors.push(unstorable);
        if (!file) errors.push({ path: 'file', message: 'Select a CQC file' });
        else if (file.truncated) errors.push({ path: 'file', message: 'The selected file must be smaller than 200MB' });
        if (errors.length || !parsed.success || !file) return await renderImport(reply.code(400), actor, { values, errors });
        try {
          const summary = await cqc.importUpload(actor, file, { keepGoodRows: parsed.data.keepGoodRows === 'yes', localAuthority: parsed.data.localAuthority || undefined });
          const view = summaryView(summary, file.name);
          return await renderImport(reply.code(view.refused || view.nothingTaken ? 422 : 200), actor, { values, summary: view });
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          const message = error.errors.map((e) => e.message.replace(/^[^:]*: /, '')).join('; ');
          return await renderImport(reply.code(400), actor, { values, errors: [{ path: 'file', message: `The selected file is not CQC data: ${message}` }] });
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  async function renderImport(reply: FastifyReply, actor: Actor, state: { values?: Record<string, string>; errors?: FieldError[]; summary?: ReturnType<typeof summaryView> }) {
    const imports = await cqc.recentImports(actor);
    const summary = state.summary;
    return reply.render('cqc/views/import.njk', {
      title: summary ? (summary.refused ? 'The file was not imported' : summary.nothingTaken ? 'Nothing was imported' : 'CQC data imported') : 'Import CQC data',
      section: 'cqc',
      values: state.values ?? {},
      ...(state.errors ? { errors: formErrors(state.errors) } : {}),
      summary,
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

const counted = (counts: Record<string, number>) => Object.entries(counts).map(([reason, count]) => ({ reason, count }));

function summaryView(summary: FilesSummary, file: string) {
  return {
    file,
    refused: summary.refusedFiles.length > 0,
    /** Why the file gave nothing, when it had rows but none could be taken. */
    nothingTaken: summary.nothingTaken.map((n) => n.reason).join('; ') || undefined,
    rowsRead: summary.rowsRead,
    created: summary.created,
    updated: summary.updated,
    unchanged: summary.unchanged,
    ratingsAdded: summary.ratingsAdded,
    ratingsChanged: summary.ratingsChanged,
    skipped: summary.skipped,
    skippedReasons: counted(summary.skippedReasons),
    servicesCreated: summary.servicesCreated,
    providersAwaitingName: summary.providersAwaitingName,
    providerNamesCompleted: summary.providerNamesCompleted,
    rejectedCount: summary.rejected.length,
    rejected: summary.rejected.slice(0, 500).map((r) => [{ text: String(r.row) }, { text: r.reason }]),
    notCreated: counted(summary.servicesNotCreated),
  };
}
