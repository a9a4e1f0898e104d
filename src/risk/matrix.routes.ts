import type { FastifyInstance, FastifyReply } from 'fastify';
import { can } from '../core/auth/permissions.ts';
import { text, textList } from '../core/forms.ts';
import type { Actor } from '../core/db/database.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { router, type FormErrors } from '../core/http/route.ts';
import { SERVICE_CATEGORIES, categoryLabel } from '../providers/index.ts';
import type { Indicators, Regime, RiskMatrix } from './matrix.ts';
import type { MatrixServiceApi } from './matrix.service.ts';
import { formatPrr, prrRange } from './prr.ts';
import { matrixFormSchema } from './risk.schemas.ts';
import { bandsView } from './risk.view.ts';

/** A number field: blank is "none" (null); anything else that is not a number stays NaN, for validation to name. */
function numberOrNull(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

const trimmed = (value: unknown) => text(value).trim();
const five = (body: Record<string, unknown>, prefix: string) => [0, 1, 2, 3, 4].map((s) => trimmed(body[`${prefix}.indicators.${s}`])) as unknown as Indicators;

/**
 * The posted matrix editor, read onto the current matrix: keys and the number of areas, rows and bands
 * stay as they are (the API names them); labels, weights, descriptions, categories, thresholds and
 * regimes are what an administrator changes.
 */
function matrixFromForm(current: RiskMatrix, body: Record<string, unknown>): RiskMatrix {
  const months = numberOrNull(body.selfAssessmentMonthsBefore);
  return {
    areas: current.areas.map((a, i) => ({
      key: a.key,
      label: trimmed(body[`areas.${i}.label`]),
      weight: numberOrNull(body[`areas.${i}.weight`]) ?? Number.NaN,
      indicators: five(body, `areas.${i}`),
    })),
    complexityRows: current.complexityRows.map((r, i) => ({
      key: r.key,
      label: trimmed(body[`complexityRows.${i}.label`]),
      categories: textList(body[`complexityRows.${i}.categories`]).filter((c) => (SERVICE_CATEGORIES as readonly string[]).includes(c)),
      indicators: five(body, `complexityRows.${i}`),
    })),
    bands: current.bands.map((b, i) => ({
      key: b.key,
      label: trimmed(body[`bands.${i}.label`]),
      fromPrr: i === 0 ? null : numberOrNull(body[`bands.${i}.fromPrr`]),
      regime: {
        fullAssessmentEveryMonths: numberOrNull(body[`bands.${i}.regime.fullAssessmentEveryMonths`]),
        monitoringMeetingsPerYear: numberOrNull(body[`bands.${i}.regime.monitoringMeetingsPerYear`]),
        contactEveryDays: numberOrNull(body[`bands.${i}.regime.contactEveryDays`]),
        concernsStage: numberOrNull(body[`bands.${i}.regime.concernsStage`]),
      } satisfies Regime,
    })),
    selfAssessmentMonthsBefore: months ?? Number.NaN,
  };
}

/** The form's flat values for a matrix, so the editor can be filled from the matrix or from what was posted. */
function matrixFormValues(matrix: RiskMatrix, posted?: Record<string, unknown>): Record<string, unknown> {
  if (posted) return posted;
  const values: Record<string, unknown> = { selfAssessmentMonthsBefore: String(matrix.selfAssessmentMonthsBefore) };
  const num = (n: number | null) => (n === null ? '' : String(n));
  matrix.areas.forEach((a, i) => {
    values[`areas.${i}.label`] = a.label;
    values[`areas.${i}.weight`] = String(a.weight);
    a.indicators.forEach((t, s) => (values[`areas.${i}.indicators.${s}`] = t));
  });
  matrix.complexityRows.forEach((r, i) => {
    values[`complexityRows.${i}.label`] = r.label;
    values[`complexityRows.${i}.categories`] = [...r.categories];
    r.indicators.forEach((t, s) => (values[`complexityRows.${i}.indicators.${s}`] = t));
  });
  matrix.bands.forEach((b, i) => {
    values[`bands.${i}.label`] = b.label;
    values[`bands.${i}.fromPrr`] = num(b.fromPrr);
    for (const [k, v] of Object.entries(b.regime) as [string, number | null][]) values[`bands.${i}.regime.${k}`] = num(v);
  });
  return values;
}

/** The council's risk matrix: everyone on the council's staff reads it; administrators change it. */
export function matrixRoutes(app: FastifyInstance, matrices: MatrixServiceApi) {
  const route = router(app);

  route.get(paths.risk.matrix, { access: 'risk.read' }, async ({ actor, query, reply }) => {
    const inUse = await matrices.matrix(actor);
    return reply.render('risk/views/matrix.njk', {
      title: 'Risk matrix',
      section: 'risk',
      inUse,
      range: { min: formatPrr(prrRange(inUse.matrix).min), max: formatPrr(prrRange(inUse.matrix).max) },
      bands: bandsView(inUse.matrix),
      categoryLabel,
      canEdit: can(actor, 'risk.matrix'),
      notice: query.saved ? `Risk matrix saved as version ${inUse.version}. New ratings use it; earlier ratings keep the version they were made with.` : undefined,
    });
  });

  async function renderEditor(reply: FastifyReply, actor: Actor, posted?: Record<string, unknown>, errors?: FormErrors) {
    const inUse = await matrices.matrix(actor);
    return reply.code(errors ? 400 : 200).render('risk/views/matrix-edit.njk', {
      title: 'Change the risk matrix',
      section: 'risk',
      inUse,
      values: matrixFormValues(inUse.matrix, posted),
      categories: SERVICE_CATEGORIES.map((c) => ({ value: c, text: categoryLabel(c) })),
      errors,
      backLink: paths.risk.matrix,
    });
  }

  route.get(paths.risk.editMatrix, { access: 'risk.matrix' }, ({ actor, reply }) => renderEditor(reply, actor));

  route.post(
    paths.risk.editMatrix,
    { access: 'risk.matrix', body: matrixFormSchema, invalid: ({ actor, values, reply }, errors) => renderEditor(reply, actor, values, errors) },
    async ({ actor, body, reply }) => {
      const current = await matrices.matrix(actor);
      await matrices.saveMatrix(actor, matrixFromForm(current.matrix, body));
      return reply.redirect(withQuery(paths.risk.matrix, { saved: 1 }), 303);
    },
  );
}
