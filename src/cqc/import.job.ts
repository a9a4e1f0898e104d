import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { JobKinds } from '../core/jobs/jobs.ts';
import { Invalid } from '../core/errors.ts';
import type { CqcService } from './cqc.service.ts';
import { summaryView } from './import.view.ts';
import { detectFormat, sniff } from './source.ts';

/**
 * An administrator's upload, as a job (src/core/jobs): the page queues it with the file and shows its
 * progress; whichever instance claims it runs the same import as before, attributed to the administrator.
 * Its result is what the upload page shows.
 */
export const CQC_IMPORT_JOB = 'cqc.import';

export const importJobInput = z.object({ keepGoodRows: z.boolean(), localAuthority: z.string().optional() });

/** Rows in a CSV or JSON-lines file, counted by its line breaks (a close guess: a quoted cell may hold one); undefined for other formats. */
export async function estimateRows(path: string): Promise<number | undefined> {
  const format = detectFormat(await sniff(path));
  if (format !== 'csv' && format !== 'json-lines') return undefined;
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines += 1;
    last = chunk.at(-1) ?? last;
  }
  if (last !== 10) lines += 1;
  return Math.max(0, format === 'csv' ? lines - 1 : lines);
}

export function cqcJobKinds(cqc: CqcService): JobKinds {
  return {
    [CQC_IMPORT_JOB]: async (job) => {
      const { actor, input, upload } = job;
      const choices = importJobInput.parse(input);
      if (!upload) throw new Invalid([{ path: 'file', message: 'The uploaded file is missing' }]);
      const total = await estimateRows(upload.path);
      job.progress({ done: 0, total, message: 'Reading the file' });
      const summary = await cqc.importUpload(actor, upload, {
        keepGoodRows: choices.keepGoodRows,
        localAuthority: choices.localAuthority,
        onProgress: (rows) => job.progress({ done: rows, total: total === undefined ? undefined : Math.max(total, rows), message: null }),
      });
      return summaryView(summary, upload.name);
    },
  };
}
