import { paths } from '../core/http/paths.ts';
import { ukDateText } from './dates.ts';
import { AREA_LABELS, RISK_AREA_KEYS, type RiskMatrix } from './matrix.ts';
import { bandRangeText, formatPrr } from './prr.ts';
import { riskChart } from './risk.chart.ts';
import type { Rating } from './risk.domain.ts';
import type { ServiceRisk } from './risk.service.ts';
import { describeRegime, type DueDate, type DueStatus } from './schedule.ts';

/** View models for the risk pages: what templates see, never database rows. */

export const BAND_TAG_CLASSES: Record<string, string> = {
  minor: 'govuk-tag--green',
  low: 'govuk-tag--turquoise',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  very_high: 'govuk-tag--red',
};

export const DUE_TAGS: Record<DueStatus, { text: string; classes: string }> = {
  overdue: { text: 'Overdue', classes: 'govuk-tag--red' },
  due_soon: { text: 'Due soon', classes: 'govuk-tag--yellow' },
  scheduled: { text: 'Scheduled', classes: 'govuk-tag--grey' },
};

export function bandTag(band: { key: string; label: string } | null) {
  return band ? { text: band.label, classes: BAND_TAG_CLASSES[band.key] ?? 'govuk-tag--grey' } : { text: 'Not rated', classes: 'govuk-tag--grey' };
}

export function dueView(what: string, due: DueDate | null, otherwise: string) {
  return due ? { what, dueOn: due.dueOn, status: due.status, tag: DUE_TAGS[due.status] } : { what, dueOn: null, status: null, tag: null, otherwise };
}

function ratingRow(r: Rating) {
  return {
    id: r.id,
    prr: formatPrr(r.prr),
    band: r.band,
    tag: bandTag(r.band),
    ratedOn: r.ratedOn,
    ratedBy: r.ratedBy.name ?? 'A former user',
    ratedById: r.ratedBy.id,
    approval: r.approval
      ? `Approved by ${r.approval.by.name ?? 'a former user'} on ${ukDateText(r.approval.on)}${r.approval.note ? `: ${r.approval.note}` : ''}`
      : null,
    rationale: r.rationale,
    matrixVersion: r.matrix.version === 0 ? 'Default' : `Version ${r.matrix.version}`,
    scores: RISK_AREA_KEYS.map((k) => ({ key: k, label: AREA_LABELS[k], score: r.scores[k], reason: r.areaRationales[k] ?? null })),
  };
}

export function serviceRiskView(view: ServiceRisk) {
  const { latest, schedule, matrix } = view;
  const words = latest ? describeRegime(latest.regime, matrix.matrix.selfAssessmentMonthsBefore) : null;
  return {
    service: view.service,
    latest: latest ? { ...ratingRow(latest), regime: words, range: bandRangeText(matrix.matrix, latest.band.key) } : null,
    due: schedule
      ? [
          dueView('Next full assessment', schedule.fullAssessment, 'Within the concerns procedure'),
          dueView('Provider self-assessment', schedule.selfAssessment, 'Not required'),
          dueView('Next monitoring meeting', schedule.monitoringMeeting, 'None set'),
          dueView('Contact with the provider', schedule.contact, 'Open lines of communication'),
        ]
      : [],
    lastFullAssessmentOn: view.lastFullAssessmentOn,
    rerating: view.rerating?.needed
      ? view.rerating.changes.map((c) => ({
          area: AREA_LABELS[c.area],
          text: c.was === null ? `now proposed ${c.now}` : `proposed ${c.was} when rated, now ${c.now}`,
          explanation: c.explanation,
        }))
      : null,
    history: view.history.map(ratingRow),
    chart: riskChart(matrix.matrix, view.history),
    links: { rate: paths.risk.rate(view.service.id), page: paths.risk.service(view.service.id), service: paths.services.show(view.service.id) },
  };
}

/** The bands with their reach and regime in words, for the matrix page and the rating form. */
export function bandsView(matrix: RiskMatrix) {
  return matrix.bands.map((b) => ({
    key: b.key,
    label: b.label,
    tag: bandTag(b),
    range: bandRangeText(matrix, b.key),
    regime: describeRegime(b.regime, matrix.selfAssessmentMonthsBefore),
  }));
}

