import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { today } from '../core/clock.ts';
import type { Store } from '../core/db/database.ts';
import { NotFound } from '../core/errors.ts';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { exportBackup } from './export.ts';

/** Administrators download their own council's backup: the same file as `care-oversight export --org`. */
export function backupRoutes(app: FastifyInstance, store: Store): void {
  const route = router(app);

  route.get(paths.admin.backup, { access: 'backup.export' }, ({ actor, reply }) =>
    reply.render('backup/views/backup.njk', {
      title: 'Back up your council’s records',
      section: 'backup',
      council: actor.orgName,
      embedded: store.kind === 'pglite',
      downloadHref: paths.admin.backupDownload(actor.orgId),
    }),
  );

  route.get(paths.admin.backupDownload(':id'), { access: 'backup.export', ids: ['id'] }, async ({ actor, ids, reply }) => {
    // Only an administrator's own council: any other (existing or not) is a page that does not exist.
    if (ids.id !== actor.orgId || actor.orgKind !== 'council') throw new NotFound();
    // Written to a temporary file first, so the database's snapshot ends as soon as the file is written,
    // however slowly the browser downloads it.
    const folder = await mkdtemp(path.join(tmpdir(), 'care-oversight-backup-'));
    const file = path.join(folder, 'backup.jsonl.gz');
    let summary: Awaited<ReturnType<typeof exportBackup>>;
    try {
      summary = await exportBackup(store, { file, council: { id: actor.orgId } });
    } catch (error) {
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    const body = createReadStream(file);
    body.once('close', () => void rm(folder, { recursive: true, force: true }));
    return reply
      .type('application/gzip')
      .header('content-disposition', `attachment; filename="care-oversight-${summary.organisation ?? 'council'}-${today()}.jsonl.gz"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
