import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorise, can } from '../core/auth/permissions.ts';
import { Invalid } from '../core/errors.ts';
import { errorViewModel } from '../core/forms.ts';
import { requireActor } from '../core/http/app.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { SERVICE_CATEGORIES, categoryLabel } from '../providers/categories.ts';
import type { Indicators, Regime, RiskMatrix } from './matrix.ts';
import { formatPrr, prrRange } from './prr.ts';
import type { RiskServiceApi } from './risk.service.ts';
import { bandsView } from './risk.view.ts';

/** A number field: blank is "none" (null); anything else that is not a number stays NaN, for validation to name. */
function numberOrNull(value: unknown): number | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const five = (body: Record<string, unknown>, prefix: string) => [0, 1, 2, 3, 4].map((s) => text(body[`${prefix}.indicators.${s}`])) as unknown as Indicators;

/**
 * The posted matrix editor, read onto the current matrix: keys and the number of areas, rows and bands
 * stay as they are (the API names them); labels, weights, descriptions, categories, thresholds and
 * regimes are what an administrator changes.
 */
export function matrixFromForm(current: RiskMatrix, body: Record<string, unknown>): RiskMatrix {
  const listOf = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  const months = numberOrNull(body.selfAssessmentMonthsBefore);
  return {
    areas: current.areas.map((a, i) => ({
      key: a.key,
      label: text(body[`areas.${i}.label`]),
      weight: numberOrNull(body[`areas.${i}.weight`]) ?? Number.NaN,
      indicators: five(body, `areas.${i}`),
    })),
    complexityRows: current.complexityRows.map((r, i) => ({
      key: r.key,
      label: text(body[`complexityRows.${i}.label`]),
      categories: listOf(body[`complexityRows.${i}.categories`]).filter((c) => (SERVICE_CATEGORIES as readonly string[]).includes(c)),
      indicators: five(body, `complexityRows.${i}`),
    })),
    bands: current.bands.map((b, i) => ({
      key: b.key,
      label: text(body[`bands.${i}.label`]),
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
export function matrixFormValues(matrix: RiskMatrix, posted?: Record<string, unknown>): Record<string, unknown> {
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
export function matrixRoutes(app: FastifyInstance, risk: RiskServiceApi) {
  app.get(paths.risk.matrix, async (request, reply) => {
    const actor = requireActor(request);
    const inUse = await risk.matrix(actor);
    const { saved } = request.query as { saved?: string };
    return reply.render('risk/views/matrix.njk', {
      title: 'Risk matrix',
      section: 'risk',
      inUse,
      range: { min: formatPrr(prrRange(inUse.matrix).min), max: formatPrr(prrRange(inUse.matrix).max) },
      bands: bandsView(inUse.matrix),
      categoryLabel,
      canEdit: can(actor, 'risk.matrix'),
      notice: saved ? `Risk matrix saved as version ${inUse.version}. New ratings use it; earlier ratings keep the version they were made with.` : undefined,
    });
  });

  const renderEditor = async (request: FastifyRequest, posted?: Record<string, unknown>, errors?: Invalid) => {
    const actor = requireActor(request);
    authorise(actor, 'risk.matrix');
    const inUse = await risk.matrix(actor);
    return {
      title: 'Change the risk matrix',
      section: 'risk',
      inUse,
      values: matrixFormValues(inUse.matrix, posted),
      categories: SERVICE_CATEGORIES.map((c) => ({ value: c, text: categoryLabel(c) })),
      errors: errors ? errorViewModel(errors.errors) : undefined,
      backLink: paths.risk.matrix,
    };
  };

  app.get(paths.risk.editMatrix, async (request, reply) => reply.render('risk/views/matrix-edit.njk', await renderEditor(request)));

  app.post(paths.risk.editMatrix, async (request, reply) => {
    const actor = requireActor(request);
    authorise(actor, 'risk.matrix');
    const body = (request.body ?? {}) as Record<string, unknown>;
    const current = await risk.matrix(actor);
    try {
      await risk.saveMatrix(actor, matrixFromForm(current.matrix, body));
    } catch (error) {
      if (error instanceof Invalid) return reply.code(400).render('risk/views/matrix-edit.njk', await renderEditor(request, body, error));
      throw error;
    }
    return reply.redirect(withQuery(paths.risk.matrix, { saved: 1 }), 303);
  });
}
