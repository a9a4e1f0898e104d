import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { jobsService } from '../core/jobs/jobs.ts';
import { cqcApi } from './cqc.api.ts';
import { cqcExtensions } from './cqc.extensions.ts';
import { cqcHome } from './home.ts';
import { cqcRoutes } from './cqc.routes.ts';
import { cqcService } from './cqc.service.ts';
import { cqcJobKinds } from './import.job.ts';
import { cqcImportRoutes } from './import.routes.ts';

/**
 * CQC data as the composition root sees it: its service, its contributions to the service page, the kinds of
 * job it runs (an upload's import), its routes.
 */
export function cqcServices(store: Store) {
  const cqc = cqcService(store);
  // … and its lines on the home page (issue 15), and its import run as a job with progress.
  return { cqc, cqcExtensions: { ...cqcExtensions(cqc), home: [cqcHome(store)] }, cqcJobs: cqcJobKinds(cqc), cqcJobQueue: jobsService(store) };
}

export type CqcServices = ReturnType<typeof cqcServices>;

export function registerCqc(app: FastifyInstance, services: CqcServices) {
  cqcRoutes(app, services.cqc);
  cqcImportRoutes(app, services.cqc, services.cqcJobQueue);
  cqcApi(app, services.cqc);
}
