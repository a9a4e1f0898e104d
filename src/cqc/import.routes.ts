import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
import { isFinished, type Job, type JobsService } from '../core/jobs/jobs.ts';
import type { CqcService } from './cqc.service.ts';
import { CQC_IMPORT_JOB } from './import.job.ts';
import type { ImportSummaryView } from './import.view.ts';

/**
 * The administrators' upload of a CQC file: checked, then queued as a job (a national file takes about a
 * minute) whose page shows its progress and then the same summary as the command line's import.
 */
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

export function cqcImportRoutes(app: FastifyInstance, cqc: CqcService, jobs: JobsService) {
  const route = router(app);
  route.get(paths.cqc.import, { access: 'cqc.import' }, ({ actor, reply }) => renderImport(reply, actor, {}));

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
          await cqc.checkUpload(actor, file);
        } catch (error) {
          if (!(error instanceof Invalid)) throw error;
          const message = error.errors.map((e) => e.message.replace(/^[^:]*: /, '')).join('; ');
          return await renderImport(reply.code(400), actor, { values, errors: [{ path: 'file', message: `The selected file is not CQC data: ${message}` }] });
        }
        // The file travels with the job, in the database, so whichever instance runs it can read it.
        const id = await jobs.enqueue(actor, {
          kind: CQC_IMPORT_JOB,
          input: { keepGoodRows: parsed.data.keepGoodRows === 'yes', ...(parsed.data.localAuthority ? { localAuthority: parsed.data.localAuthority } : {}) },
          upload: { name: file.name, content: await readFile(file.path) },
        });
        return reply.redirect(paths.cqc.importJob(id), 303);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  // The job's page: its progress while it runs (refreshing itself; with JavaScript, updating in place), then its result.
  route.get(paths.cqc.importJob(':id'), { access: 'cqc.import', ids: ['id'], notFound: 'Import' }, async ({ actor, ids, reply }) => {
    const job = await jobs.get(actor, CQC_IMPORT_JOB, ids.id);
    if (job.state === 'failed') {
      return renderImport(reply, actor, { errors: [{ path: 'file', message: `${job.uploadName ?? 'The file'} could not be imported: ${job.error ?? 'the import stopped'}` }] });
    }
    if (job.state === 'done') {
      const summary = job.result as ImportSummaryView;
      return renderImport(reply.code(summary.refused || summary.nothingTaken ? 422 : 200), actor, { summary });
    }
    return reply.render('cqc/views/import-job.njk', {
      title: 'Importing CQC data',
      section: 'cqc',
      job: jobView(job),
      progressHref: paths.cqc.importJobProgress(job.id),
    });
  });

  // The same progress for the page's script: it updates the page in place and reloads it when the job ends.
  route.get(paths.cqc.importJobProgress(':id'), { access: 'cqc.import', ids: ['id'], notFound: 'Import' }, async ({ actor, ids, reply }) => {
    const job = await jobs.get(actor, CQC_IMPORT_JOB, ids.id);
    return reply.header('cache-control', 'no-store').send(jobView(job));
  });

  async function renderImport(reply: FastifyReply, actor: Actor, state: { values?: Record<string, string>; errors?: FieldError[]; summary?: ImportSummaryView }) {
    const imports = await cqc.recentImports(actor);
    const running = (await jobs.recent(actor, CQC_IMPORT_JOB)).filter((j) => !isFinished(j));
    const summary = state.summary;
    return reply.render('cqc/views/import.njk', {
      title: summary ? (summary.refused ? 'The file was not imported' : summary.nothingTaken ? 'Nothing was imported' : 'CQC data imported') : 'Import CQC data',
      section: 'cqc',
      values: state.values ?? {},
      ...(state.errors ? { errors: formErrors(state.errors) } : {}),
      summary,
      canReport: can(actor, 'cqc.report'),
      running: running.map((j) => ({ file: j.uploadName, href: paths.cqc.importJob(j.id), createdAt: ukDateTime(j.createdAt), state: jobView(j).stateText })),
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


/** A job's progress as the page and its script show it. */
function jobView(job: Job) {
  const { done, total, message } = job.progress;
  const percent = total ? Math.min(100, Math.floor((done / total) * 100)) : null;
  return {
    id: job.id,
    state: job.state,
    finished: isFinished(job),
    file: job.uploadName,
    done,
    total,
    percent,
    stateText: job.state === 'queued' ? 'Waiting to start' : job.state === 'running' ? 'Importing' : job.state === 'done' ? 'Finished' : 'Failed',
    progressText:
      job.state === 'queued'
        ? 'Waiting to start. Imports run one at a time.'
        : total
          ? `${done.toLocaleString('en-GB')} of about ${total.toLocaleString('en-GB')} rows read (${percent}%)`
          : done
            ? `${done.toLocaleString('en-GB')} rows read so far`
            : (message ?? 'Starting'),
    startedAt: job.startedAt ? ukDateTime(job.startedAt) : null,
  };
}
