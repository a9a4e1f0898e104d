import { bandRanges, bandRangeText, prrRange } from './prr.ts';
import type { MatrixInUse, Rating } from './risk.domain.ts';
import type { ServiceRisk } from './risk.service.ts';
import type { DueDate } from './schedule.ts';

/** The API's JSON shapes (API.md): camelCase, ISO dates, a regime value null where the band sets none. */

export function ratingToApi(rating: Rating) {
  return {
    id: rating.id,
    serviceId: rating.serviceId,
    prr: rating.prr,
    band: rating.band,
    regime: {
      fullAssessmentEveryMonths: rating.regime.fullAssessmentEveryMonths,
      monitoringMeetingsPerYear: rating.regime.monitoringMeetingsPerYear,
      contactEveryDays: rating.regime.contactEveryDays,
      concernsStage: rating.regime.concernsStage,
    },
    ratedOn: rating.ratedOn,
    ratedBy: rating.ratedBy,
    scores: rating.scores,
    rationale: rating.rationale,
    areaRationales: rating.areaRationales,
    matrixVersion: rating.matrix.version,
    approval: rating.approval ? { approvedBy: rating.approval.by, approvedOn: rating.approval.on, note: rating.approval.note } : null,
  };
}

const due = (d: DueDate | null) => (d ? { dueOn: d.dueOn, status: d.status } : null);

/** GET /api/v1/services/{id}/risk: the latest rating's fields (null when never rated) and the history, newest first. */
export function serviceRiskToApi(view: ServiceRisk) {
  const latest = view.latest ? ratingToApi(view.latest) : null;
  return {
    ...(latest ?? { serviceId: view.service.id, id: null, prr: null, band: null, regime: null, ratedOn: null, ratedBy: null, scores: null, rationale: null, areaRationales: null, matrixVersion: null, approval: null }),
    ...(view.rerating
      ? { needsRerating: view.rerating.needed, reratingReasons: view.rerating.changes.map((c) => ({ area: c.area, was: c.was, now: c.now, explanation: c.explanation })) }
      : {}),
    due: view.schedule
      ? {
          fullAssessment: due(view.schedule.fullAssessment),
          selfAssessment: due(view.schedule.selfAssessment),
          monitoringMeeting: due(view.schedule.monitoringMeeting),
          contact: due(view.schedule.contact),
        }
      : null,
    history: view.history.map(ratingToApi),
  };
}

/** The latest rating only, for GET /api/v1/services/{id}. */
export function riskSummaryToApi(rating: Rating | null) {
  return rating ? { prr: rating.prr, band: rating.band, regime: ratingToApi(rating).regime, ratedOn: rating.ratedOn, ratedBy: rating.ratedBy } : null;
}

export function matrixToApi(inUse: MatrixInUse) {
  const { matrix } = inUse;
  const ranges = bandRanges(matrix);
  return {
    version: inUse.version,
    isDefault: inUse.isDefault,
    prrRange: prrRange(matrix),
    areas: matrix.areas.map((a) => ({ key: a.key, label: a.label, weight: a.weight, indicators: [...a.indicators] })),
    complexityRows: matrix.complexityRows.map((r) => ({ key: r.key, label: r.label, categories: [...r.categories], indicators: [...r.indicators] })),
    bands: matrix.bands.map((b, i) => ({
      key: b.key,
      label: b.label,
      fromPrr: b.fromPrr,
      lowestPrr: ranges[i]?.lowest ?? null,
      highestPrr: ranges[i]?.highest ?? null,
      range: bandRangeText(matrix, b.key),
      regime: { ...b.regime },
    })),
    selfAssessmentMonthsBefore: matrix.selfAssessmentMonthsBefore,
  };
}
