import { can } from '../core/auth/permissions.ts';
import type { Actor, Store } from '../core/db/database.ts';
import type { ServiceDetailSource, ServiceExtensions, ServicePanelSource, TimelineEvent, TimelineSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import type { AssessmentListItem, AssessmentsService } from './assessments.service.ts';
import { KIND_LABELS, SELF_STATUS_LABELS, STATUS_LABELS, bandTagClass, resultText } from './labels.ts';
import * as published from './published.repository.ts';

function itemDate(item: AssessmentListItem): string | null {
  return item.publishedOn ?? item.completedOn ?? item.visitedOn;
}

/** The service page's assessments panel, its timeline events and its API field. */
export function assessmentsExtensions(store: Store, assessments: AssessmentsService): Partial<ServiceExtensions> {
  const panel: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'assessments.read')) return undefined;
    const items = await assessments.listForService(actor, serviceId);
    return {
      id: 'assessments',
      title: 'Quality assessments',
      template: 'assessments/views/service-panel.njk',
      model: {
        rows: items.map((item) => ({
          href: paths.assessments.show(item.id),
          kind: KIND_LABELS[item.kind],
          status: (item.kind === 'self' ? SELF_STATUS_LABELS : STATUS_LABELS)[item.status],
          corrected: item.supersededById !== null,
          version: item.version,
          result: resultText(item.band, item.percent, item.requiresImprovementLabel),
          tagClass: bandTagClass(item.band),
          rated: item.band !== null,
          date: itemDate(item),
        })),
        startHref: can(actor, 'assessments.conduct') || can(actor, 'assessments.self') ? paths.assessments.start(serviceId) : undefined,
        startText: can(actor, 'assessments.self') ? 'Start a self-assessment' : 'Start an assessment',
        publicHref: paths.public.service(serviceId),
      },
    };
  };

  const timeline: TimelineSource = async (actor: Actor, serviceId: string) => {
    if (!can(actor, 'assessments.read')) return [];
    const items = await assessments.listForService(actor, serviceId);
    const events: TimelineEvent[] = [];
    for (const item of items) {
      const result = resultText(item.band, item.percent, item.requiresImprovementLabel);
      const href = paths.assessments.show(item.id);
      if (item.kind === 'full' && item.publishedOn) {
        const what = item.imported
          ? 'Assessment published (imported from another system)'
          : item.version > 1
            ? `Corrected assessment (version ${item.version}) published`
            : 'Assessment published';
        events.push({ occurredOn: item.publishedOn, kind: 'assessment', summary: `${what}: ${result}`, href, recordId: `${item.id}:published` });
      }
      // An imported result was never shared with the provider here: its publication is its one event.
      if (item.kind === 'full' && item.completedOn && !item.imported) {
        events.push({ occurredOn: item.completedOn, kind: 'assessment', summary: `Assessment completed and shared with the provider: ${result}`, href, recordId: `${item.id}:completed` });
      }
      if (item.kind === 'self' && item.completedOn) {
        events.push({ occurredOn: item.completedOn, kind: 'assessment', summary: `Self-assessment submitted by the provider: ${result}`, href, recordId: `${item.id}:submitted` });
      }
    }
    return events;
  };

  // GET /api/v1/services/{id} gains `assessment`: the current published summary the caller may see.
  const detail: ServiceDetailSource = async (actor, serviceId) => {
    if (!can(actor, 'assessments.read')) return {};
    const current = await store.asUser(actor, (tx) => published.currentPublished(tx, [serviceId]));
    const row = current.get(serviceId);
    return {
      assessment: row
        ? {
            id: row.id,
            visitedOn: row.visited_on,
            publishedOn: row.published_on,
            frameworkName: row.framework_name,
            overall: { ...(row.overall_percent === null ? {} : { percent: row.overall_percent }), band: row.overall_band },
          }
        : null,
    };
  };

  return { panels: [panel], timeline: [timeline], details: [detail] };
}
