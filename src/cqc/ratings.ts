import type { CqcRatingValue } from '../core/db/schema.ts';

/** CQC's rating vocabulary, as the API names it, and how the published files spell it. */
export type RatingValue = CqcRatingValue;

export const KEY_QUESTIONS = ['overall', 'safe', 'effective', 'caring', 'responsive', 'wellLed'] as const;
export type KeyQuestion = (typeof KEY_QUESTIONS)[number];

export const KEY_QUESTION_LABELS: Record<KeyQuestion, string> = {
  overall: 'Overall',
  safe: 'Safe',
  effective: 'Effective',
  caring: 'Caring',
  responsive: 'Responsive',
  wellLed: 'Well-led',
};

/** The four values that are ratings; the others say why there is none. */
export const REAL_RATINGS: readonly RatingValue[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];

export const RATING_LABELS: Record<RatingValue, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
  insufficient_evidence: 'Insufficient evidence to rate',
  inspected_not_rated: 'Inspected but not rated',
  no_published_rating: 'No published rating',
};

export function isRealRating(value: RatingValue | null | undefined): value is RatingValue {
  return !!value && REAL_RATINGS.includes(value);
}

export function ratingLabel(value: RatingValue | null | undefined): string {
  return value ? RATING_LABELS[value] : 'No rating given';
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z]+/g, ' ').trim();

/**
 * Every spelling met in CQC's files and API (capitals vary between them), plus the abbreviations councils
 * use in their own tables (seed 002: "R. Impr", "Outsta.").
 */
const SPELLINGS: Record<string, RatingValue> = {
  outstanding: 'outstanding',
  outsta: 'outstanding',
  good: 'good',
  'requires improvement': 'requires_improvement',
  'r impr': 'requires_improvement',
  inadequate: 'inadequate',
  'insufficient evidence to rate': 'insufficient_evidence',
  'insufficient evidence': 'insufficient_evidence',
  'inspected but not rated': 'inspected_not_rated',
  'inspected and not rated': 'inspected_not_rated',
  'no published rating': 'no_published_rating',
  'not yet rated': 'no_published_rating',
  'no approved rating': 'no_published_rating',
  'evidence requirements partially not yet scored': 'no_published_rating',
};

export type RatingReading = { ok: true; value: RatingValue | null } | { ok: false; reason: string };

/** Reads one rating cell: blank is "no rating given" (null), never a rating; an unknown word is an error. */
export function readRating(text: string | null | undefined): RatingReading {
  const raw = (text ?? '').trim();
  if (raw === '') return { ok: true, value: null };
  const value = SPELLINGS[squash(raw)];
  return value ? { ok: true, value } : { ok: false, reason: `"${raw.slice(0, 60)}" is not a CQC rating` };
}

/** Reads a key question's name as CQC writes it ("Well-led", "Well led", "Overall"…). */
export function readKeyQuestion(text: string | null | undefined): KeyQuestion | undefined {
  const key = squash(text ?? '');
  const map: Record<string, KeyQuestion> = {
    overall: 'overall',
    safe: 'safe',
    effective: 'effective',
    caring: 'caring',
    responsive: 'responsive',
    'well led': 'wellLed',
    wellled: 'wellLed',
  };
  return map[key];
}
