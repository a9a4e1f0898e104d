import type { Actor } from '../db/database.js';

/**
 * How capabilities contribute to pages and API documents that another capability owns, without
 * importing each other: the composition root (src/app.ts) hands each owner the contributions.
 */

/** A section on the service page (CQC ratings, risk, assessments…), rendered in the order given. */
export interface ServicePanel {
  readonly id: string;
  readonly title: string;
  /** A Nunjucks template path under src/, rendered with `panel` = this object. */
  readonly template: string;
  readonly model: Record<string, unknown>;
}

export type ServicePanelSource = (actor: Actor, serviceId: string) => Promise<ServicePanel | undefined>;

/** Adds fields to GET /api/v1/services/{id} (`cqc`, `risk`, `status`…). */
export type ServiceDetailSource = (actor: Actor, serviceId: string) => Promise<Record<string, unknown>>;

export interface ServiceExtensions {
  readonly panels: readonly ServicePanelSource[];
  readonly details: readonly ServiceDetailSource[];
}

export const noServiceExtensions: ServiceExtensions = { panels: [], details: [] };
