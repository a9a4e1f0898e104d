import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { Invalid } from '../core/errors.ts';
import { sendProblem } from '../core/http/error-handling.ts';
import { paths } from '../core/http/paths.ts';
import { readWholeFile, router } from '../core/http/route.ts';
import type { UploadService } from './upload.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * POST /api/v1/returns/uploads: the upload page's file for providers' own systems, sent as the body (`text/csv`
 * or the XLSX type) or as a multipart form with one file. All or nothing, as on the page: 201 `{submitted}`,
 * or 400 with one error per problem, each naming its row (the header is row 1).
 */
export function uploadApi(scope: FastifyInstance, upload: UploadService, maxBytes: number) {
  scope.addContentTypeParser(['text/csv', XLSX_TYPE], { parseAs: 'buffer', bodyLimit: maxBytes }, (_request, body, done) => done(null, body));
  // The body is read here, not by a schema: a file as it came, or a multipart form's one file.
  router(scope).post(paths.api.returnUploads, { access: 'returns.submit', body: z.unknown() }, async ({ actor, request, reply }) => {
    let content: Buffer | undefined;
    if (request.isMultipart()) {
      const file = await readWholeFile(request.parts());
      if (file?.truncated) throw new Invalid([{ path: 'file', message: 'The file must be smaller than 5MB' }]);
      content = file?.content;
    } else if (Buffer.isBuffer(request.body)) content = request.body;
    if (!content?.length) throw new Invalid([{ path: 'file', message: 'Send a CSV or XLSX file of returns, as text/csv, the XLSX type or a multipart form' }]);
    const result = await upload.upload(actor, content);
    if ('rejected' in result) {
      const errors = result.rejected.map((r) => ({ path: `rows.${r.row}`, row: r.row, message: r.message }));
      return sendProblem(reply, 400, 'There is a problem with your request', `Nothing was sent: ${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} in the file`, errors);
    }
    return reply.code(201).send({ submitted: result.submitted });
  });
}
