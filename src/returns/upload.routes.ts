import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { today } from '../core/clock.ts';
import { Invalid, type FieldError } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';
import { sendCsv } from '../core/http/lists.ts';
import { paths } from '../core/http/paths.ts';
import { multipart, readWholeFile, router } from '../core/http/route.ts';
import type { ReturnsOverviewService } from './overview.service.ts';
import type { ReturnsService } from './returns.service.ts';
import { questionsOf } from './template.ts';
import type { RowError, UploadService } from './upload.ts';
import { uploadApi } from './upload.api.ts';

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

function render(reply: FastifyReply, model: { errors?: readonly FieldError[]; rejected?: readonly RowError[]; submitted?: number }) {
  return reply.render('returns/views/upload.njk', {
    title: model.submitted ? 'Returns sent' : model.rejected ? 'The file was not sent' : 'Upload returns for many services',
    backLink: paths.returns.list,
    templateHref: paths.returns.uploadTemplate,
    rejected: model.rejected,
    submitted: model.submitted,
    errors: model.errors ? errorViewModel(model.errors) : undefined,
  });
}

/** Uploading many services' returns as one CSV or XLSX file, all or nothing, and a ready-made file to fill in. */
export function uploadRoutes(app: FastifyInstance, upload: UploadService, returns: ReturnsService, overview: ReturnsOverviewService) {
  const route = router(app);
  route.get(paths.returns.upload, { access: 'returns.submit' }, ({ reply }) => render(reply, {}));

  // One row per service of the provider for the last quarter ended, and a column for every question key.
  route.get(paths.returns.uploadTemplate, { access: 'returns.submit' }, async ({ actor, reply }) => {
    const items = await overview.forProvider(actor, today());
    const keys = [...new Set((await returns.templates(actor)).flatMap((t) => questionsOf(t).map((q) => q.key)))];
    return sendCsv(
      reply,
      'quarterly-returns.csv',
      ['service_id', 'service_name', 'year', 'quarter', ...keys],
      items.map((i) => [i.serviceId, i.serviceName, i.year, i.quarter, ...keys.map(() => '')]),
    );
  });

  // Multipart only here, so every other form keeps its plain body.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    uploadApi(scope, upload, MAX_UPLOAD_BYTES);
    router(scope).post(paths.returns.upload, { access: 'returns.submit', body: multipart }, async ({ actor, body, reply }) => {
      const file = await readWholeFile(body);
      const refuse = (message: string) => render(reply.code(400), { errors: [{ path: 'file', message }] });
      if (!file || file.content.length === 0) return refuse('Select a CSV or XLSX file of returns');
      if (file.truncated) return refuse('The selected file must be smaller than 5MB');
      try {
        const result = await upload.upload(actor, file.content);
        if ('rejected' in result) return render(reply.code(400), { rejected: result.rejected });
        return render(reply, { submitted: result.submitted });
      } catch (error) {
        if (error instanceof Invalid) return refuse(error.errors.map((e) => e.message).join('; '));
        throw error;
      }
    });
  });
}
