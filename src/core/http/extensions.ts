import type { Actor } from '../db/database.ts';

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
  readonly timeline: readonly TimelineSource[];
  readonly workList: readonly WorkListSource[];
}

/** A section of the officer's work list (/work) showing what another capability has made due. */
export interface WorkListSection {
  readonly id: string;
  readonly title: string;
  /** A Nunjucks template path under src/, rendered with `section` = this object. */
  readonly template: string;
  readonly model: Record<string, unknown>;
}

/** Undefined when the actor's role may not see it; a role that may see it gets the section even when nothing is due. */
export type WorkListSource = (actor: Actor) => Promise<WorkListSection | undefined>;

/** One dated event on a service's timeline (intelligence, CQC rating changes, assessments, visits, risk ratings…). */
export interface TimelineEvent {
  /** The day it happened or was published (yyyy-mm-dd); the timeline is newest first. */
  readonly occurredOn: string;
  /** Which capability it comes from: 'intelligence', 'cqc', 'assessment', 'visit', 'risk', 'escalation'… */
  readonly kind: string;
  /** One plain-English line, e.g. "CQC overall rating changed from Good to Requires improvement". */
  readonly summary: string;
  /** Where to read more, if anywhere. */
  readonly href?: string;
  /** Stable id of the underlying record, for links and de-duplication. */
  readonly recordId: string;
  /** A finer grouping within the kind, to filter by (for intelligence: complaint, safeguarding, healthwatch…). */
  readonly source?: string;
  /** That grouping in words, for the filter and the page. */
  readonly sourceLabel?: string;
}

export type TimelineSource = (actor: Actor, serviceId: string) => Promise<TimelineEvent[]>;

export const noServiceExtensions: ServiceExtensions = { panels: [], details: [], timeline: [], workList: [] };

/** Several capabilities' contributions as one, each kind in the order given. */
export function mergeExtensions(...parts: readonly Partial<ServiceExtensions>[]): ServiceExtensions {
  return {
    panels: parts.flatMap((p) => p.panels ?? []),
    details: parts.flatMap((p) => p.details ?? []),
    timeline: parts.flatMap((p) => p.timeline ?? []),
    workList: parts.flatMap((p) => p.workList ?? []),
  };
}
