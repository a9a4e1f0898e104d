import type { Actor } from '../core/db/database.ts';
import { can } from '../core/auth/permissions.ts';
import type { ServiceDetailSource, ServicePanelSource, TimelineEvent, TimelineSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import { ukDate } from '../core/http/views.ts';
import { today as clockToday } from '../core/clock.ts';
import type { CqcService, ServiceCqc } from './cqc.service.ts';
import { ageOf, effectiveDate, ratingChanges, type StoredPublication } from './history.ts';
import { KEY_QUESTIONS, KEY_QUESTION_LABELS, RATING_LABELS, isRealRating, ratingLabel, type KeyQuestion, type RatingValue } from './ratings.ts';

/**
 * What CQC data adds to the service page, GET /api/v1/services/{id} and the service timeline. CQC ratings
 * are public, so every role that can see the service sees them.
 */
const when = (p: Pick<StoredPublication, 'publishedOn' | 'firstSeenOn'>) =>
  p.publishedOn ? `published ${ukDate(p.publishedOn)}` : `first seen in CQC data on ${ukDate(p.firstSeenOn)} (CQC's file gave no publication date)`;

const lower = (kq: KeyQuestion) => (kq === 'overall' ? 'overall' : KEY_QUESTION_LABELS[kq].toLowerCase());

/** The timeline's lines: each change of a rating, and each publication that changed none. */
export function timelineEvents(serviceId: string, publications: readonly StoredPublication[]): TimelineEvent[] {
  const changes = ratingChanges(publications);
  const events: TimelineEvent[] = changes.map((c) => ({
    occurredOn: c.publishedOn ?? c.firstSeenOn,
    kind: 'cqc',
    summary: `CQC ${lower(c.keyQuestion)} rating changed from ${RATING_LABELS[c.from]} to ${RATING_LABELS[c.to]}, ${when(c)}`,
    href: paths.cqc.service(serviceId),
    recordId: `${c.publicationId}:${c.keyQuestion}`,
  }));
  const changed = new Set(changes.map((c) => c.publicationId));
  for (const p of publications) {
    if (changed.has(p.id)) continue;
    const rated = KEY_QUESTIONS.filter((kq) => p.values[kq]);
    const what = p.values.overall ? `overall ${ratingLabel(p.values.overall)}` : rated.map((kq) => `${lower(kq)} ${ratingLabel(p.values[kq])}`).join(', ');
    events.push({ occurredOn: effectiveDate(p), kind: 'cqc', summary: `CQC rating: ${what}, ${when(p)}`, href: paths.cqc.service(serviceId), recordId: p.id });
  }
  return events.sort((a, b) => b.occurredOn.localeCompare(a.occurredOn));
}

export interface CqcDetail {
  readonly locationId: string;
  readonly registrationStatus: 'registered' | 'deregistered' | null;
  readonly publishedOn: string | null;
  readonly firstSeenOn: string | null;
  readonly overall: RatingValue | null;
  readonly safe: RatingValue | null;
  readonly effective: RatingValue | null;
  readonly caring: RatingValue | null;
  readonly responsive: RatingValue | null;
  readonly wellLed: RatingValue | null;
}

/** `cqc` on the service document: each key question's latest value, and when the overall one was published. */
export function cqcDetail(cqc: ServiceCqc): CqcDetail | null {
  if (!cqc.service.cqcLocationId) return null;
  const value = (kq: KeyQuestion) => cqc.current[kq]?.value ?? null;
  const overall = cqc.current.overall;
  return {
    locationId: cqc.service.cqcLocationId,
    registrationStatus: cqc.location?.registrationStatus ?? null,
    publishedOn: overall?.publishedOn ?? null,
    firstSeenOn: overall?.firstSeenOn ?? null,
    overall: value('overall'),
    safe: value('safe'),
    effective: value('effective'),
    caring: value('caring'),
    responsive: value('responsive'),
    wellLed: value('wellLed'),
  };
}

const TAG: Record<RatingValue, string> = {
  outstanding: 'govuk-tag--blue',
  good: 'govuk-tag--green',
  requires_improvement: 'govuk-tag--yellow',
  inadequate: 'govuk-tag--red',
  insufficient_evidence: 'govuk-tag--grey',
  inspected_not_rated: 'govuk-tag--grey',
  no_published_rating: 'govuk-tag--grey',
};

export const ratingTag = (value: RatingValue | null | undefined) => (value ? { text: RATING_LABELS[value], classes: TAG[value] } : undefined);

/** The view model of the ratings panel and page: current ratings with their age, and the history per key question. */
export function cqcView(cqc: ServiceCqc, today: string) {
  const overall = cqc.current.overall;
  const since = overall ? (overall.publishedOn ?? overall.firstSeenOn) : undefined;
  return {
    service: cqc.service,
    location: cqc.location,
    linked: !!cqc.service.cqcLocationId,
    known: !!cqc.location,
    current: KEY_QUESTIONS.map((kq) => {
      const c = cqc.current[kq];
      return { key: kq, label: KEY_QUESTION_LABELS[kq], tag: ratingTag(c?.value), publishedOn: c?.publishedOn ?? null, firstSeenOn: c?.firstSeenOn ?? null };
    }),
    overall: overall
      ? { tag: ratingTag(overall.value), publishedOn: overall.publishedOn, firstSeenOn: overall.firstSeenOn, age: since ? ageOf(since, today) : '', real: isRealRating(overall.value) }
      : undefined,
    history: cqc.publications.map((p) => ({
      publishedOn: p.publishedOn,
      firstSeenOn: p.firstSeenOn,
      cells: KEY_QUESTIONS.map((kq) => ({ label: KEY_QUESTION_LABELS[kq], tag: ratingTag(p.values[kq]) })),
    })),
    events: timelineEvents(cqc.service.id, cqc.publications).filter((e) => e.recordId.includes(':')),
  };
}

export function cqcExtensions(cqc: CqcService, today: () => string = clockToday) {
  const panel: ServicePanelSource = async (actor: Actor, serviceId: string) => {
    const data = await cqc.forService(actor, serviceId);
    return {
      id: 'cqc',
      title: 'CQC ratings',
      template: 'cqc/views/panel.njk',
      model: { ...cqcView(data, today()), links: { page: paths.cqc.service(serviceId), report: can(actor, 'cqc.report') ? paths.cqc.beforeAndAfter : undefined } },
    };
  };
  const detail: ServiceDetailSource = async (actor, serviceId) => ({ cqc: cqcDetail(await cqc.forService(actor, serviceId)) });
  const timeline: TimelineSource = async (actor, serviceId) => timelineEvents(serviceId, (await cqc.forService(actor, serviceId)).publications);
  return { panels: [panel], details: [detail], timeline: [timeline] };
}
