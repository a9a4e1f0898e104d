import { KEY_QUESTIONS, isRealRating, type KeyQuestion, type RatingValue } from './ratings.ts';
import type { Publication } from './records.ts';

/**
 * A location's rating history: every publication, in the order CQC made them. Publications without a
 * date (CQC's directory export gives none) stand at the day they were first seen.
 */
export interface StoredPublication {
  readonly id: string;
  /** Insertion order: breaks ties between publications on the same day. */
  readonly seq: number;
  readonly publishedOn: string | null;
  readonly firstSeenOn: string;
  readonly values: Partial<Record<KeyQuestion, RatingValue>>;
}

export const effectiveDate = (p: Pick<StoredPublication, 'publishedOn' | 'firstSeenOn'>) => p.publishedOn ?? p.firstSeenOn;

export function inOrder<P extends StoredPublication>(history: readonly P[]): P[] {
  return [...history].sort((a, b) => effectiveDate(a).localeCompare(effectiveDate(b)) || a.seq - b.seq);
}

export interface CurrentRating {
  readonly value: RatingValue;
  readonly publishedOn: string | null;
  readonly firstSeenOn: string;
}

/** The latest value of each key question, with the publication it came from. */
export function currentRatings(history: readonly StoredPublication[]): Partial<Record<KeyQuestion, CurrentRating>> {
  const current: Partial<Record<KeyQuestion, CurrentRating>> = {};
  for (const p of inOrder(history)) {
    for (const kq of KEY_QUESTIONS) {
      const value = p.values[kq];
      if (value) current[kq] = { value, publishedOn: p.publishedOn, firstSeenOn: p.firstSeenOn };
    }
  }
  return current;
}

export type Plan =
  | { readonly action: 'none' }
  | { readonly action: 'insert'; readonly publication: Publication }
  /** Adds key questions to (or corrects) a publication already stored for that date. */
  | { readonly action: 'extend'; readonly id: string; readonly values: Partial<Record<KeyQuestion, RatingValue>> }
  /** Gives an undated publication the date a later source states for the same ratings. */
  | { readonly action: 'date'; readonly id: string; readonly publishedOn: string; readonly values: Partial<Record<KeyQuestion, RatingValue>> };

const agrees = (a: Partial<Record<KeyQuestion, RatingValue>>, b: Partial<Record<KeyQuestion, RatingValue>>) =>
  KEY_QUESTIONS.every((kq) => !a[kq] || !b[kq] || a[kq] === b[kq]);

const adds = (stored: Partial<Record<KeyQuestion, RatingValue>>, incoming: Partial<Record<KeyQuestion, RatingValue>>) =>
  KEY_QUESTIONS.some((kq) => incoming[kq] && incoming[kq] !== stored[kq]);

/**
 * What one incoming publication does to a location's history.
 * - Dated: the publication of that date is added, extended or corrected; an undated one first seen on or
 *   after that date with the same ratings is the same publication, and gets the date.
 * - Undated: it is news only when it differs from the current ratings (so re-importing changes nothing).
 */
export function planPublication(history: readonly StoredPublication[], incoming: Publication): Plan {
  const values = incoming.values;
  if (!Object.keys(values).length) return { action: 'none' };
  if (incoming.publishedOn) {
    const sameDay = history.find((p) => p.publishedOn === incoming.publishedOn);
    if (sameDay) {
      return adds(sameDay.values, values) ? { action: 'extend', id: sameDay.id, values: { ...sameDay.values, ...values } } : { action: 'none' };
    }
    const undated = inOrder(history).find((p) => p.publishedOn === null && p.firstSeenOn >= incoming.publishedOn! && agrees(p.values, values));
    if (undated) return { action: 'date', id: undated.id, publishedOn: incoming.publishedOn, values: { ...undated.values, ...values } };
    return { action: 'insert', publication: incoming };
  }
  const current = currentRatings(history);
  const differs = KEY_QUESTIONS.some((kq) => values[kq] && values[kq] !== current[kq]?.value);
  return differs ? { action: 'insert', publication: incoming } : { action: 'none' };
}

export interface RatingChange {
  readonly keyQuestion: KeyQuestion;
  readonly from: RatingValue;
  readonly to: RatingValue;
  readonly publicationId: string;
  readonly publishedOn: string | null;
  readonly firstSeenOn: string;
}

/** Every change of a real rating from one publication to the next, per key question, oldest first. */
export function ratingChanges(history: readonly StoredPublication[]): RatingChange[] {
  const changes: RatingChange[] = [];
  const previous: Partial<Record<KeyQuestion, RatingValue>> = {};
  for (const p of inOrder(history)) {
    for (const kq of KEY_QUESTIONS) {
      const value = p.values[kq];
      if (!isRealRating(value)) continue;
      const before = previous[kq];
      if (before && before !== value) {
        changes.push({ keyQuestion: kq, from: before, to: value, publicationId: p.id, publishedOn: p.publishedOn, firstSeenOn: p.firstSeenOn });
      }
      previous[kq] = value;
    }
  }
  return changes;
}

const changeKey = (c: RatingChange) => `${c.keyQuestion}|${c.from}|${c.to}|${c.publishedOn ?? `seen ${c.firstSeenOn}`}`;

/** How many rating changes a history has that it did not have before: what an import counts. */
export function newChanges(before: readonly StoredPublication[], after: readonly StoredPublication[]): number {
  const known = new Set(ratingChanges(before).map(changeKey));
  return ratingChanges(after).filter((c) => !known.has(changeKey(c))).length;
}

/** "2 years and 3 months", "5 months", "12 days": how old a rating published on `since` is on `today`. */
export function ageOf(since: string, today: string): string {
  const [y1, m1, d1] = since.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = today.split('-').map(Number) as [number, number, number];
  let months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  if (months < 0) months = 0;
  if (months === 0) {
    const days = Math.max(0, Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000));
    return days === 1 ? '1 day' : `${days} days`;
  }
  const years = Math.floor(months / 12);
  const rest = months % 12;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (!years) return part(rest, 'month');
  return rest ? `${part(years, 'year')} and ${part(rest, 'month')}` : part(years, 'year');
}

/** Whole months between two ISO dates, for sorting and thresholds. */
export function monthsBetween(since: string, today: string): number {
  const [y1, m1, d1] = since.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = today.split('-').map(Number) as [number, number, number];
  return Math.max(0, (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0));
}
