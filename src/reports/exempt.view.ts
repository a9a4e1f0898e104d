import { ukDate } from '../core/http/views.ts';
import { paths } from '../core/http/paths.ts';
import { categoryLabel } from '../providers/index.ts';
import { VISIT_KIND_LABELS } from '../visits/index.ts';
import type { Cell, ExportDocument, Table } from './exports/document.ts';
import { periodLabel, quarterLabel, type Period, type Quarter } from './quarter.ts';
import type { recordsCounted } from './quarterly.rules.ts';
import type { ReportAssessment, ReportConcernsCase, ReportPlan, ReportSuspension, ReportVisit } from './quarterly.service.ts';
import type { Figure } from './reports.schemas.ts';

type Counted = ReturnType<typeof recordsCounted<ReportAssessment, ReportVisit, ReportPlan, ReportSuspension, ReportConcernsCase>>;

const BAND_TEXT: Record<string, string> = { excellent: 'Excellent', good: 'Good', requires_improvement: 'Requires improvement', poor: 'Poor' };
const bandText = (a: ReportAssessment) => (a.band === 'requires_improvement' ? a.requiresImprovementLabel : a.band ? (BAND_TEXT[a.band] ?? a.band) : 'Not banded');

export const EXEMPT_MARKING = 'Exempt: not for publication. Local Government Act 1972, Schedule 12A (information about particular persons and businesses).';

/**
 * The exempt appendix: what the main paper only counts, by name (services suspended, referred to the
 * concerns procedure, assessed below Good) with the confidential detail of partial suspensions.
 */
export function exemptDocument(appendix: { council: { name: string }; quarter: Quarter; period: Period; madeOn: string; counted: Counted }): ExportDocument {
  const c = appendix.counted;
  const suspensions = [...new Map([...c.suspensionsStarted, ...c.suspensionsLifted, ...c.suspensionsInForce].map((s) => [s.id, s])).values()].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const suspended: Table = {
    title: 'Suspensions started, lifted or in force in the quarter',
    sheetName: 'Suspensions',
    columns: [
      { header: 'Service', kind: 'text' },
      { header: 'Service category', kind: 'text', width: 2 },
      { header: 'Scope', kind: 'text', width: 1 },
      { header: 'What a partial suspension covers', kind: 'text' },
      { header: 'Started', kind: 'date' },
      { header: 'Lifted', kind: 'date' },
    ],
    rows: suspensions.map((s): Cell[] => [s.serviceName, categoryLabel(s.category), s.scope === 'full' ? 'Full' : 'Partial', s.detail, s.startsOn, s.liftedOn]),
    empty: 'No services were suspended in the quarter.',
  };
  const concerns: Table = {
    title: 'Services referred to the concerns procedure in the quarter',
    sheetName: 'Concerns procedure',
    columns: [{ header: 'Service', kind: 'text' }, { header: 'Service category', kind: 'text', width: 2 }, { header: 'Stage now', kind: 'number' }, { header: 'Opened', kind: 'date' }],
    rows: c.concernsCases.map((k): Cell[] => [k.serviceName, categoryLabel(k.category), k.stage, k.openedOn]),
    empty: 'No services were referred to the concerns procedure in the quarter.',
  };
  const below: Table = {
    title: 'Assessments published below Good in the quarter',
    sheetName: 'Below Good',
    columns: [{ header: 'Service', kind: 'text' }, { header: 'Service category', kind: 'text', width: 2 }, { header: 'Overall', kind: 'text', width: 1.5 }, { header: 'Published', kind: 'date' }],
    rows: c.assessmentsPublished
      .filter((a) => a.band === 'requires_improvement' || a.band === 'poor')
      .map((a): Cell[] => [a.serviceName, categoryLabel(a.category), bandText(a), a.publishedOn]),
    empty: 'No assessment published in the quarter was below Good.',
  };
  return {
    council: appendix.council.name,
    title: 'Quality monitoring summary: exempt appendix',
    period: `${quarterLabel(appendix.quarter)}: ${periodLabel(appendix.period)}`,
    madeOn: appendix.madeOn,
    marking: EXEMPT_MARKING,
    blocks: [
      { kind: 'table', table: suspended },
      { kind: 'table', table: concerns },
      { kind: 'table', table: below },
    ],
  };
}

export const FIGURE_TITLES: Record<Figure, string> = {
  assessmentsPublished: 'Assessments published',
  reportsCompleted: 'Reports completed',
  visits: 'Visits made',
  actionPlansOpen: 'Action plans open at the quarter’s end',
  actionPlansDrafted: 'Action plans drafted',
  suspensionsStarted: 'Suspensions started',
  suspensionsLifted: 'Suspensions lifted',
  suspensionsInForce: 'Suspensions in force at the quarter’s end',
  concernsCases: 'Referrals to the concerns procedure',
};

/** The drill-down: each figure's records, each a link to its own page. */
export function recordsView(counted: Counted, only?: Figure) {
  const lists: Record<Figure, { service: string; what: string; on: string; href: string }[]> = {
    assessmentsPublished: c(counted.assessmentsPublished, (a) => ({ service: a.serviceName, what: bandText(a), on: a.publishedOn!, href: paths.assessments.show(a.id) })),
    reportsCompleted: c(counted.reportsCompleted, (a) => ({ service: a.serviceName, what: a.publishedOn ? `Published ${ukDate(a.publishedOn)}` : 'Not yet published', on: a.completedOn!, href: paths.assessments.show(a.id) })),
    visits: c(counted.visits, (v) => ({ service: v.serviceName, what: VISIT_KIND_LABELS[v.kind], on: v.visitedOn, href: paths.visits.show(v.id) })),
    actionPlansOpen: c(counted.actionPlansOpen, (p) => ({ service: p.serviceName, what: 'Action plan', on: p.draftedOn, href: paths.actionPlans.show(p.id) })),
    actionPlansDrafted: c(counted.actionPlansDrafted, (p) => ({ service: p.serviceName, what: 'Action plan', on: p.draftedOn, href: paths.actionPlans.show(p.id) })),
    suspensionsStarted: c(counted.suspensionsStarted, (s) => ({ service: s.serviceName, what: s.scope === 'full' ? 'Full suspension' : 'Partial suspension', on: s.startsOn, href: paths.escalation.forService(s.serviceId) })),
    suspensionsLifted: c(counted.suspensionsLifted, (s) => ({ service: s.serviceName, what: 'Lifted', on: s.liftedOn!, href: paths.escalation.forService(s.serviceId) })),
    suspensionsInForce: c(counted.suspensionsInForce, (s) => ({ service: s.serviceName, what: s.scope === 'full' ? 'Full suspension' : 'Partial suspension', on: s.startsOn, href: paths.escalation.forService(s.serviceId) })),
    concernsCases: c(counted.concernsCases, (k) => ({ service: k.serviceName, what: `Stage ${k.stage} now`, on: k.openedOn, href: paths.escalation.forService(k.serviceId) })),
  };
  return (Object.keys(lists) as Figure[])
    .filter((f) => !only || f === only)
    .map((f) => ({ figure: f, title: FIGURE_TITLES[f], rows: lists[f].sort((a, b) => a.on.localeCompare(b.on) || a.service.localeCompare(b.service)) }));
}

function c<T>(list: readonly T[], row: (t: T) => { service: string; what: string; on: string; href: string }) {
  return list.map(row);
}

