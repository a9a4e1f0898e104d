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
  /** Tasks for the home page (optional: most capabilities' extensions have none). */
  readonly home?: readonly HomeSource[];
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

/**
 * One line of a person's home page (issue 15): something that needs them, how many there are now, and where
 * to see them. The home page is a list of tasks, not a wall of charts.
 */
export interface HomeTask {
  /** Which part of the page: its heading, in the order first given ('Your work', 'Approvals'…). */
  readonly group: string;
  readonly text: string;
  /** Counted from the records at request time. */
  readonly count: number;
  readonly href?: string;
  /** Overdue or otherwise pressing: marked when there are any. */
  readonly urgent?: boolean;
}

/** The tasks a capability adds to an actor's home page: none for a role it has nothing for. */
export type HomeSource = (actor: Actor) => Promise<readonly HomeTask[]>;

export const noServiceExtensions: ServiceExtensions = { panels: [], details: [], timeline: [], workList: [], home: [] };

/** Several capabilities' contributions as one, each kind in the order given. */
export function mergeExtensions(...parts: readonly Partial<ServiceExtensions>[]): ServiceExtensions {
  return {
    panels: parts.flatMap((p) => p.panels ?? []),
    details: parts.flatMap((p) => p.details ?? []),
    timeline: parts.flatMap((p) => p.timeline ?? []),
    workList: parts.flatMap((p) => p.workList ?? []),
    home: parts.flatMap((p) => p.home ?? []),
  };
}
