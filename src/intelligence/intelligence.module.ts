import type { FastifyInstance } from 'fastify';
import type { Config } from '../core/config.ts';
import type { Store } from '../core/db/database.ts';
import type { ServiceExtensions, TimelineSource } from '../core/http/extensions.ts';
import { concernsService } from './concerns/concerns.service.ts';
import { publicConcernRoutes } from './concerns/public.routes.ts';
import { triageRoutes } from './concerns/triage.routes.ts';
import { intelligenceApi } from './intelligence.api.ts';
import { concernsHome } from './concerns/home.ts';
import { intelligenceExtensions } from './intelligence.extensions.ts';
import { intelligenceRoutes } from './intelligence.routes.ts';
import { intelligenceService, type IntelligenceOptions } from './intelligence.service.ts';
import { timelineRoutes } from './timeline/timeline.routes.ts';
import { timelineService } from './timeline/timeline.service.ts';

/**
 * The intelligence capability as the composition root sees it: its services, then its pages, API,
 * public form, triage queue and service timeline.
 */
export function intelligenceServices(store: Store, options: IntelligenceOptions = {}) {
  const intelligence = intelligenceService(store, options);
  const { panel, timeline } = intelligenceExtensions(store);
  // Intelligence's panel and timeline events, for the composition root to merge with other capabilities'.
  // … and the concern reports to triage on the home page (issue 15).
  const extensions: Partial<ServiceExtensions> = { panels: [panel], timeline: [timeline], home: [concernsHome(store)] };
  return { intelligence, concerns: concernsService(store, intelligence), intelligenceExtensions: extensions };
}

export type IntelligenceServices = ReturnType<typeof intelligenceServices>;

export interface IntelligenceRoutesContext {
  readonly config: Config;
  readonly store: Store;
  /** Every capability's timeline source, this one's included. */
  readonly timeline: readonly TimelineSource[];
}

export function registerIntelligence(app: FastifyInstance, services: IntelligenceServices, context: IntelligenceRoutesContext) {
  intelligenceRoutes(app, services.intelligence);
  intelligenceApi(app, services.intelligence);
  timelineRoutes(app, timelineService(context.store, context.timeline));
  publicConcernRoutes(app, services.concerns, context.config);
  triageRoutes(app, services.concerns);
}
