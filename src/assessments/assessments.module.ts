import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.js';
import { assessmentsApi } from './assessments.api.js';
import { assessmentsExtensions } from './assessments.extensions.js';
import { assessmentsRoutes } from './assessments.routes.js';
import { assessmentsService, type AssessmentsOptions } from './assessments.service.js';
import { frameworksRoutes } from './frameworks.routes.js';
import { frameworksService } from './frameworks.service.js';
import { publicAssessmentRoutes } from './public.routes.js';
import { publicAssessmentsService } from './public.service.js';

export { assessmentsOpenApi } from './assessments.openapi.js';

/**
 * Quality assessments as the composition root sees them: frameworks, assessments, the public summary,
 * and their contributions to the service page, the service API and the timeline.
 */
export function assessmentsServices(store: Store, options: AssessmentsOptions = {}) {
  const assessments = assessmentsService(store, options);
  return {
    assessments,
    frameworks: frameworksService(store),
    publicAssessments: publicAssessmentsService(store),
    assessmentsExtensions: assessmentsExtensions(store, assessments),
  };
}

export type AssessmentsServices = ReturnType<typeof assessmentsServices>;

export function registerAssessments(app: FastifyInstance, services: AssessmentsServices) {
  assessmentsRoutes(app, services.assessments);
  frameworksRoutes(app, services.frameworks, services.assessments);
  assessmentsApi(app, services.assessments, services.frameworks);
  publicAssessmentRoutes(app, services.publicAssessments);
}
