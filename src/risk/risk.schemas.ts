import { z } from 'zod';
import { pageNumber, text } from '../core/forms.ts';
import { listQueryShape, orderOf, type SortOrder } from '../core/http/lists.ts';
import { isUuid } from '../core/ids.ts';
import { isServiceCategory } from '../providers/index.ts';
import { AREA_LABELS, RISK_AREA_KEYS, RISK_BAND_KEYS, isRiskBandKey, type RiskAreaKey, type RiskMatrix } from './matrix.ts';
import type { Proposal, Proposals } from './proposals.ts';

/** The shapes that cross the boundary: API and form bodies, query strings, and the JSON documents the database keeps. */

const indicators = z.tuple([z.string(), z.string(), z.string(), z.string(), z.string()]);
const nullableNumber = z.number().nullable();

/** A stored matrix version, read back from jsonb. Rules beyond shape are checked by matrixProblems before saving. */
const storedMatrixSchema = z.object({
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

const proposedSchema = proposalSchema.pick({ score: true, basis: true });

/** What a rating's proposals were, read without their explanations (the work list compares scores only). */
export function readStoredProposedScores(value: unknown): Proposals | null {
  if (!value || typeof value !== 'object') return null;
  const out: Partial<Record<RiskAreaKey, Proposal>> = {};
  for (const key of RISK_AREA_KEYS) {
    const parsed = proposedSchema.safeParse((value as Record<string, unknown>)[key]);
    out[key] = parsed.success ? { score: parsed.data.score as Proposal['score'], basis: parsed.data.basis, explanation: '' } : { score: null, basis: 'none', explanation: '' };
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

/** The posted rating form, flat (`scores.safeguarding`), keeping only the fields the form has. */
export function ratingFormValues(body: unknown): Record<string, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  const names = ['rationale', ...RISK_AREA_KEYS.flatMap((k) => [`scores.${k}`, `areaRationales.${k}`])];
  return Object.fromEntries(names.flatMap((name) => (typeof source[name] === 'string' ? [[name, source[name]]] : [])));
}

/** The flat form values folded into the shape the rating schema reads. */
function ratingInputFromForm(values: Record<string, string>) {
  const pick = (prefix: string) => Object.fromEntries(RISK_AREA_KEYS.flatMap((k) => (values[`${prefix}.${k}`] !== undefined ? [[k, values[`${prefix}.${k}`]]] : [])));
  return { scores: pick('scores'), areaRationales: pick('areaRationales'), rationale: values.rationale ?? '' };
}

/** "Change scores" on the check page posts the answers back to the form: taken as they are, never refused. */
export const ratingAnswersSchema = z.unknown().transform(ratingFormValues);

/** The rating form's answers, checked by the same rules as the API's body. */
export const ratingFormSchema = z.preprocess((body) => ratingInputFromForm(ratingFormValues(body)), ratingInputSchema);

/** The matrix editor's fields as posted: they are read onto the council's current matrix (matrixFromForm), whose rules then check them. */
export const matrixFormSchema = z.record(z.string(), z.unknown());

export interface RegisterQuery {
  readonly category?: string | undefined;
  readonly band?: string | undefined;
  readonly team?: string | undefined;
  readonly officer?: string | undefined;
  readonly page?: number | undefined;
}

/** Unknown filter values are dropped rather than refused: a stale bookmark still shows the register. */
export function cleanRegisterQuery(query: Record<string, unknown>): Required<RegisterQuery> {
  const given = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const band = given(query.band);
  const category = given(query.category);
  const officer = given(query.officer);
  return {
    category: category && isServiceCategory(category) ? category : undefined,
    band: band && (band === 'unrated' || isRiskBandKey(band)) ? band : undefined,
    team: given(query.team)?.slice(0, 100),
    officer: officer && isUuid(officer) ? officer : undefined,
    page: pageNumber().parse(query.page),
  } as Required<RegisterQuery>;
}

/** The columns the register sorts by; by default, highest PRR first. */
export const REGISTER_SORTS = ['service', 'category', 'prr', 'rated', 'officer', 'team'] as const;
export type RegisterSort = (typeof REGISTER_SORTS)[number];
export const REGISTER_SORT_DEFAULT = { sort: 'prr', order: 'desc' } as const satisfies { sort: RegisterSort; order: SortOrder };
const registerSortSchema = z.object(listQueryShape(REGISTER_SORTS, REGISTER_SORT_DEFAULT)).pick({ sort: true, order: true });

/** The register's filters, page and order, from the query string. */
export const registerQuerySchema = z.record(z.string(), z.unknown()).transform((query) => {
  const { sort, order } = registerSortSchema.parse(query);
  return { ...cleanRegisterQuery(query), sort, order: orderOf({ sort, order }, REGISTER_SORT_DEFAULT) };
});

/** The ages (in months) the ratings audit offers; anything else asked for is 12. */
export const AUDIT_AGES = [6, 12, 18, 24] as const;

export const auditQuerySchema = z
  .object({ olderThan: z.unknown().optional(), stalePage: pageNumber(), disagreementsPage: pageNumber(), awaitingApprovalPage: pageNumber(), unratedPage: pageNumber() })
  .transform(({ olderThan, stalePage, disagreementsPage, awaitingApprovalPage, unratedPage }) => {
    const asked = Number(text(olderThan));
    return {
      olderThanMonths: (AUDIT_AGES as readonly number[]).includes(asked) ? asked : 12,
      pages: { stale: stalePage, disagreements: disagreementsPage, awaitingApproval: awaitingApprovalPage, unrated: unratedPage },
    };
  });

/** What the work list can be narrowed to (`?show=`). */
export const WORK_SHOWS = ['all', 'overdue', 'due_soon', 'rerate', 'not_rated'] as const;
export type WorkShow = (typeof WORK_SHOWS)[number];
/** What it can be sorted by (`?sort=`): most pressing first by default. */
export const WORK_SORTS = ['urgency', 'service', 'prr', 'due'] as const;
export type WorkSort = (typeof WORK_SORTS)[number];
export const WORK_SORT_DEFAULT = { sort: 'urgency', order: 'asc' } as const;

/** The work list's filter (`show`), order and page; unknown values give the defaults, as on the register. */
export const workListQuerySchema = z
  .object({
    ...listQueryShape(WORK_SORTS, WORK_SORT_DEFAULT),
    show: z.preprocess((v) => (typeof v === 'string' && (WORK_SHOWS as readonly string[]).includes(v) ? v : 'all'), z.enum(WORK_SHOWS)),
  })
  .transform((q) => ({ ...q, order: orderOf(q, WORK_SORT_DEFAULT) }));
