import type { FastifyInstance } from 'fastify';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { bandLabel, bandTagClass } from './labels.ts';
import type { PublicAssessmentsService } from './public.service.ts';
import { displayPercent } from './scoring.ts';

/** The public summary of a service's published assessment: no sign-in, nothing unpublished or confidential. */
export function publicAssessmentRoutes(app: FastifyInstance, publicAssessments: PublicAssessmentsService) {
  router(app).get(paths.public.service(':id'), { access: 'public', ids: ['id'] }, async ({ ids, reply }) => {
    const summary = await publicAssessments.serviceSummary(ids.id);
    const a = summary.assessment;
    const label = a?.requiresImprovementLabel;
    const result = (r: { percent?: number; band: Parameters<typeof bandLabel>[0] }) => ({
      rated: r.band !== null,
      bandText: bandLabel(r.band, label),
      tagClass: bandTagClass(r.band),
      percent: displayPercent(r.percent),
    });
    return reply.header('cache-control', 'public, max-age=300').render('assessments/views/public-service.njk', {
      title: `${summary.name}: quality assessment`,
      // The header names the council the service belongs to, whichever councils share the deployment.
      pageCouncil: { name: summary.councilName },
      councilName: summary.councilName,
      service: { name: summary.name, providerName: summary.providerName, categoryLabel: summary.categoryLabel, town: summary.town },
      assessment: a && {
        frameworkName: a.frameworkName,
        percentage: a.scoring === 'percentage',
        visitedOn: a.visitedOn,
        publishedOn: a.publishedOn,
        corrected: a.corrected,
        overall: result(a.overall),
        domains: a.domains.map((d) => ({ name: d.name, ...result(d) })),
      },
    });
  });
}
