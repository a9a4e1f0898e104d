import { z } from 'zod';
import { AREA_LABELS, RISK_AREA_KEYS, RISK_BAND_KEYS, type RiskAreaKey, type RiskMatrix } from './matrix.ts';
import type { Proposal, Proposals } from './proposals.ts';

/** The shapes that cross the boundary: API and form bodies, and the JSON documents the database keeps. */

const indicators = z.tuple([z.string(), z.string(), z.string(), z.string(), z.string()]);
const nullableNumber = z.number().nullable();

/** A stored matrix version, read back from jsonb. Rules beyond shape are checked by matrixProblems before saving. */
export const storedMatrixSchema = z.object({
  areas: z.array(z.object({ key: z.enum(RISK_AREA_KEYS), label: z.string(), weight: z.number(), indicators })),
  complexityRows: z.array(z.object({ key: z.string(), label: z.string(), categories: z.array(z.string()), indicators })),
  bands: z.array(
    z.object({
      key: z.enum(RISK_BAND_KEYS),
      label: z.string(),
      fromPrr: nullableNumber,
      regime: z.object({
        fullAssessmentEveryMonths: nullableNumber,
        monitoringMeetingsPerYear: nullableNumber,
        contactEveryDays: nullableNumber,
        concernsStage: nullableNumber,
      }),
    }),
  ),
  selfAssessmentMonthsBefore: z.number(),
});

export function readStoredMatrix(definition: unknown): RiskMatrix {
  return storedMatrixSchema.parse(definition);
}

const scoreMessage = (key: RiskAreaKey) => `Select a score from 1 to 5 for ${AREA_LABELS[key].toLowerCase()}`;

const score = (key: RiskAreaKey) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v.trim()) : v),
    z
      .number({ error: scoreMessage(key) })
      .int({ error: scoreMessage(key) })
      .min(1, { error: scoreMessage(key) })
      .max(5, { error: scoreMessage(key) }),
  );

const scoresShape = Object.fromEntries(RISK_AREA_KEYS.map((key) => [key, score(key)])) as { [K in RiskAreaKey]: ReturnType<typeof score> };

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** PUT /api/v1/services/{id}/risk and the rating form: every area scored 1 to 5, and a rationale. */
export const ratingInputSchema = z.object(
  {
    scores: z.strictObject(scoresShape, {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `Score only these risk areas: ${RISK_AREA_KEYS.join(', ')}`
          : 'Enter a score for every risk area, as an object',
    }),
    rationale: z.preprocess(
      trimmed,
      z
        .string({ error: 'Enter the rationale for this rating' })
        .min(1, { error: 'Enter the rationale for this rating' })
        .max(5000, { error: 'Rationale must be 5000 characters or fewer' }),
    ),
    areaRationales: z
      .object(
        Object.fromEntries(
          RISK_AREA_KEYS.map((key) => [
            key,
            z.preprocess(
              (v) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v)),
              z
                .string()
                .max(2000, { error: `Reason for the ${AREA_LABELS[key].toLowerCase()} score must be 2000 characters or fewer` })
                .optional(),
            ),
          ]),
        ) as unknown as Record<RiskAreaKey, z.ZodType<string | undefined>>,
      )
      .optional(),
  },
  { error: 'Send a JSON object with scores and a rationale' },
);

export type RatingInput = z.output<typeof ratingInputSchema>;

const proposalSchema = z.object({
  score: z.number().int().min(1).max(5).nullable(),
  basis: z.enum(['record', 'previous', 'none']),
  explanation: z.string(),
});

/** The proposals kept with a rating; anything unreadable counts as "nothing proposed". */
export function readStoredProposals(value: unknown): Proposals | null {
  if (!value || typeof value !== 'object') return null;
  const out: Partial<Record<RiskAreaKey, Proposal>> = {};
  for (const key of RISK_AREA_KEYS) {
    const parsed = proposalSchema.safeParse((value as Record<string, unknown>)[key]);
    out[key] = parsed.success ? (parsed.data as Proposal) : { score: null, basis: 'none', explanation: '' };
  }
  return out as Proposals;
}

/** POST /api/v1/services/{id}/risk/approval and the approve button: an optional note. */
export const approvalInputSchema = z.object(
  {
    note: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v)),
      z.string({ error: 'Note must be text' }).max(2000, { error: 'Note must be 2000 characters or fewer' }).optional(),
    ),
  },
  { error: 'Send a JSON object, with an optional note' },
);
