import type { TimelineEvent } from '../../core/http/extensions.ts';

/** Names of the kinds of event other capabilities contribute, for the filter; unknown kinds show as given. */
export const KIND_LABELS: Record<string, string> = {
  intelligence: 'Intelligence',
  cqc: 'CQC ratings',
  assessment: 'Assessments',
  visit: 'Visits',
  risk: 'Risk ratings',
  escalation: 'Concerns procedure',
  suspension: 'Suspensions',
  action: 'Action plans',
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * Every source's events in one list, newest first. Events on the same day keep the order of the sources
 * and each source's own order, so the merge is deterministic; the same record offered twice appears once.
 */
export function mergeTimeline(lists: readonly (readonly TimelineEvent[])[]): TimelineEvent[] {
  const seen = new Set<string>();
  const all: TimelineEvent[] = [];
  for (const list of lists) {
    for (const event of list) {
      const key = `${event.kind}\u0000${event.recordId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(event);
    }
  }
  // Array.prototype.sort is stable, so ties keep their merged order.
  return all.sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
}

export interface TimelineFilter {
  readonly kind?: string | undefined;
  readonly source?: string | undefined;
}

export function filterTimeline(events: readonly TimelineEvent[], filter: TimelineFilter): TimelineEvent[] {
  return events.filter((e) => (!filter.kind || e.kind === filter.kind) && (!filter.source || e.source === filter.source));
}

/** The kinds and sources present, for the filter's select boxes. */
export function filterOptions(events: readonly TimelineEvent[]) {
  const kinds = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const e of events) {
    kinds.set(e.kind, kindLabel(e.kind));
    if (e.source) sources.set(e.source, e.sourceLabel ?? e.source);
  }
  const sorted = (map: Map<string, string>) => [...map].map(([value, text]) => ({ value, text })).sort((a, b) => a.text.localeCompare(b.text));
  return { kinds: sorted(kinds), sources: sorted(sources) };
}

export interface TimelinePage {
  readonly items: TimelineEvent[];
  readonly page: number;
  readonly pageCount: number;
  readonly total: number;
}

/** One page of the list; a page number past the end shows the last page, below 1 the first. */
export function pageOf(events: readonly TimelineEvent[], requested: number, size: number): TimelinePage {
  const pageCount = Math.max(1, Math.ceil(events.length / size));
  const page = Math.min(Math.max(1, Number.isInteger(requested) ? requested : 1), pageCount);
  return { items: events.slice((page - 1) * size, page * size), page, pageCount, total: events.length };
}

/**
 * The page links GOV.UK pagination shows: the first, the last, and the pages either side of the current
 * one, with a gap marker where pages are left out.
 */
export function pageLinks(current: number, pageCount: number): (number | 'gap')[] {
  const wanted = new Set([1, pageCount, current - 1, current, current + 1].filter((n) => n >= 1 && n <= pageCount));
  const pages = [...wanted].sort((a, b) => a - b);
  const links: (number | 'gap')[] = [];
  for (const page of pages) {
    const last = links.at(-1);
    if (typeof last === 'number' && page - last > 1) links.push('gap');
    links.push(page);
  }
  return links;
}
