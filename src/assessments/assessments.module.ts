import type { FastifyInstance } from 'fastify';
import type { Store } from '../core/db/database.ts';
import { answersRoutes } from './answers.routes.ts';
import { assessmentsApi } from './assessments.api.ts';
import { assessmentsProviderHome } from './provider-home.ts';
import { assessmentsHome } from './home.ts';
import { assessmentsExtensions } from './assessments.extensions.ts';
import { assessmentsRoutes } from './assessments.routes.ts';
import { assessmentsService, type AssessmentsOptions } from './assessments.service.ts';
import { frameworkContentRoutes } from './framework-content.routes.ts';
import { frameworksRoutes } from './frameworks.routes.ts';
import { frameworksService } from './frameworks.service.ts';
import { importRoutes } from './import.routes.ts';
import { assessmentsImportService } from './import.ts';
import { publicAssessmentRoutes } from './public.routes.ts';
import { publicAssessmentsService } from './public.service.ts';
import { reviewRoutes } from './review.routes.ts';

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
    // … and its lines on the home page (issue 15).
    assessmentsExtensions: { ...assessmentsExtensions(store, assessments), home: [assessmentsHome(store), assessmentsProviderHome(store)] },
    assessmentsImport: assessmentsImportService(store),
  };
}

type AssessmentsServices = ReturnType<typeof assessmentsServices>;

export function registerAssessments(app: FastifyInstance, services: AssessmentsServices) {
  assessmentsRoutes(app, services.assessments);
  answersRoutes(app, services.assessments);
  reviewRoutes(app, services.assessments);
  frameworksRoutes(app, services.frameworks, services.assessments);
  frameworkContentRoutes(app, services.frameworks);
  assessmentsApi(app, services.assessments, services.frameworks);
  publicAssessmentRoutes(app, services.publicAssessments);
  importRoutes(app, services.assessmentsImport);
}
