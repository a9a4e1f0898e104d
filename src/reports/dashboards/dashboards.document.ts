import { categoryLabel } from '../../providers/index.ts';
import { cellText, type Block, type Cell, type ExportDocument, type Table } from '../exports/document.ts';
import { barChart, barChartSvg, lineChartSvg, percentLineChart } from './charts.ts';
import type { CareHomesFigures, PerformanceFigures } from './dashboards.rules.ts';
import type { Dashboard } from './dashboards.service.ts';

/**
 * Each dashboard as sections of a chart and the tables of the same figures: the page draws them side by side,
 * the exports (CSV, XLSX, PDF) write the same tables, so the paper and the page never disagree.
 */

export interface Section {
  readonly id: string;
  readonly title: string;
  readonly chart: { readonly title: string; readonly svg: string; readonly description: string } | null;
  readonly tables: readonly Table[];
}

const CQC_RATING_NAMES: Record<string, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  inadequate: 'Inadequate',
};

const countTable = (title: string, header: string, rows: readonly { label: string; count: number }[], sheetName?: string): Table => ({
  title,
  ...(sheetName ? { sheetName } : {}),
  columns: [
    { header, kind: 'text' },
    { header: 'Services', kind: 'number' },
  ],
  rows: rows.map((r) => [r.label, r.count]),
});

function chartOf(svg: string, title: string, description: string) {
  return { title, svg, description };
}

/** The care homes dashboard: the commissioned market's figures, then the homes the council does not commission, apart. */
export function careHomesSections(f: CareHomesFigures): Section[] {
  return [...commissionedSections(f), notCommissionedSection(f)];
}

/** The market-oversight view of the self-funded market: homes held in the register that the council does not commission. */
function notCommissionedSection(f: CareHomesFigures): Section {
  const n = f.notCommissioned;
  const chart = barChart({ id: 'chart-not-commissioned', title: 'Homes you do not commission, by CQC overall rating', bars: n.byCqcRating.map((c) => ({ label: c.label, value: c.count })) });
  return {
    id: 'not-commissioned',
    title: 'Homes you do not commission',
    chart: chartOf(barChartSvg(chart), chart.title, chart.desc),
    tables: [
      {
        title: 'Homes you do not commission (the self-funded market), not counted in the figures above',
        sheetName: 'Not commissioned',
        columns: [
          { header: 'Figure', kind: 'text' },
          { header: 'Number', kind: 'number' },
        ],
        rows: [
          ['Homes not commissioned', n.services],
          ['Beds in homes not commissioned', n.beds],
        ],
      },
      {
        title: chart.title,
        sheetName: 'Not commissioned CQC',
        columns: [
          { header: 'CQC overall rating', kind: 'text' },
          { header: 'Homes', kind: 'number' },
        ],
        rows: n.byCqcRating.map((r) => [r.label, r.count]),
      },
    ],
  };
}

/** Every figure of the market the council commissions (homes not commissioned are not in any of them). */
function commissionedSections(f: CareHomesFigures): Section[] {
  const cqc = barChart({ id: 'chart-cqc', title: 'Services by CQC overall rating', bars: f.byCqcRating.map((c) => ({ label: c.label, value: c.count })) });
  const risk = barChart({ id: 'chart-risk', title: 'Services by risk band', bars: f.byRiskBand.map((c) => ({ label: c.label, value: c.count })) });
  const escalation = [
    { label: 'Suspended', count: f.suspended.services },
    { label: 'In the concerns procedure', count: f.inConcerns },
    { label: 'Under contract remedies', count: f.underContractRemedies },
  ];
  const escalationChart = barChart({ id: 'chart-escalation', title: 'Services under escalation', bars: escalation.map((e) => ({ label: e.label, value: e.count })) });
  const quarters = f.goodOrBetterByQuarter;
  const trend = percentLineChart({
    id: 'chart-good-or-better',
    title: 'Percent good or better, last eight quarters',
    labels: quarters.map((q) => q.label),
    series: [
      { name: 'Our assessments', values: quarters.map((q) => q.oursPercent) },
      { name: 'CQC ratings', values: quarters.map((q) => q.cqcPercent) },
    ],
  });
  const better = f.cqcChanges.filter((c) => c.direction === 'better').length;
  const changesChart = barChart({
    id: 'chart-cqc-changes',
    title: 'CQC rating changes in the period',
    bars: [
      { label: 'Rated better', value: better },
      { label: 'Rated worse', value: f.cqcChanges.length - better },
    ],
  });
  return [
    { id: 'cqc', title: cqc.title, chart: chartOf(barChartSvg(cqc), cqc.title, cqc.desc), tables: [countTable(cqc.title, 'CQC overall rating', f.byCqcRating, 'CQC ratings')] },
    { id: 'risk', title: risk.title, chart: chartOf(barChartSvg(risk), risk.title, risk.desc), tables: [countTable(risk.title, 'Risk band', f.byRiskBand, 'Risk bands')] },
    {
      id: 'escalation',
      title: escalationChart.title,
      chart: chartOf(barChartSvg(escalationChart), escalationChart.title, escalationChart.desc),
      tables: [
        {
          title: 'Services under escalation',
          sheetName: 'Escalation',
          columns: [
            { header: 'Figure', kind: 'text' },
            { header: 'Number', kind: 'number' },
          ],
          rows: [
            ['Services suspended', f.suspended.services],
            ['of which fully suspended', f.suspended.full],
            ['of which partly suspended', f.suspended.partial],
            ['Beds in suspended homes', f.suspended.beds],
            ['Services in the concerns procedure', f.inConcerns],
            ['Services under contract remedies', f.underContractRemedies],
          ],
        },
      ],
    },
    {
      id: 'good-or-better',
      title: trend.title,
      chart: chartOf(lineChartSvg(trend), trend.title, trend.desc),
      tables: [
        {
          title: 'Percent good or better by quarter',
          sheetName: 'Good or better',
          columns: [
            { header: 'Quarter', kind: 'text' },
            { header: 'Our assessments good or excellent', kind: 'number' },
            { header: 'Our assessments published', kind: 'number' },
            { header: 'Our percent good or better', kind: 'percent' },
            { header: 'CQC rated good or outstanding', kind: 'number' },
            { header: 'CQC rated', kind: 'number' },
            { header: 'CQC percent good or better', kind: 'percent' },
          ],
          rows: quarters.map((q) => [
            q.label,
            q.ours?.numerator ?? 0,
            q.ours?.denominator ?? 0,
            q.oursPercent,
            q.cqc?.numerator ?? 0,
            q.cqc?.denominator ?? 0,
            q.cqcPercent,
          ]),
        },
      ],
    },
    {
      id: 'cqc-changes',
      title: changesChart.title,
      chart: chartOf(barChartSvg(changesChart), changesChart.title, changesChart.desc),
      tables: [
        {
          title: 'CQC rating changes in the period',
          sheetName: 'CQC changes',
          columns: [
            { header: 'Service', kind: 'text' },
            { header: 'From', kind: 'text' },
            { header: 'To', kind: 'text' },
            { header: 'Published', kind: 'date' },
            { header: 'Change', kind: 'text' },
          ],
          rows: f.cqcChanges.map((c) => [c.name, CQC_RATING_NAMES[c.from]!, CQC_RATING_NAMES[c.to]!, c.on, c.direction === 'better' ? 'Better' : 'Worse']),
          empty: 'No CQC overall rating changed in the period.',
        },
      ],
    },
  ];
}

export function performanceSections(f: PerformanceFigures): Section[] {
  const visits = barChart({
    id: 'chart-visits',
    title: 'Visits made per officer',
    bars: f.visits.map((v) => ({ label: v.name, value: v.made })),
    target: { value: f.targetPerOfficer, label: `Target to date: ${f.targetPerOfficer}` },
  });
  const overdue = [
    { label: 'Full assessments', count: f.fullAssessmentsOverdue.length },
    { label: 'Action plans', count: f.actionPlansOverdue },
    { label: 'Actions', count: f.actionsOverdue },
    { label: 'Suspension reviews', count: f.suspensionReviewsOverdue },
    { label: 'Contract process reviews', count: f.processReviewsOverdue },
  ];
  const overdueChart = barChart({ id: 'chart-overdue', title: 'Work overdue today', bars: overdue.map((o) => ({ label: o.label, value: o.count })) });
  const t = f.triage;
  const triageChart = barChart({ id: 'chart-triage', title: 'Days from a concern’s receipt to its triage', bars: t.buckets.map((b) => ({ label: b.label, value: b.count })) });
  return [
    {
      id: 'visits',
      title: visits.title,
      chart: chartOf(barChartSvg(visits), visits.title, visits.desc),
      tables: [
        {
          title: `Visits made per officer (yearly target ${f.visitsTargetPerYear})`,
          sheetName: 'Visits',
          columns: [
            { header: 'Officer', kind: 'text' },
            { header: 'Visits made', kind: 'number' },
            { header: 'Target to date', kind: 'number' },
            { header: 'Percent of target', kind: 'percent' },
          ],
          rows: [...f.visits.map((v): Cell[] => [v.name, v.made, v.target, v.percentOfTarget]), ['All officers', f.visitsMade, null, null]],
        },
      ],
    },
    {
      id: 'overdue',
      title: overdueChart.title,
      chart: chartOf(barChartSvg(overdueChart), overdueChart.title, overdueChart.desc),
      tables: [
        {
          title: 'Work overdue today',
          sheetName: 'Overdue',
          columns: [
            { header: 'Overdue', kind: 'text' },
            { header: 'Number', kind: 'number' },
          ],
          rows: overdue.map((o) => [o.label, o.count]),
        },
        {
          title: 'Full assessments overdue against the risk regime',
          sheetName: 'Assessments overdue',
          columns: [
            { header: 'Service', kind: 'text' },
            { header: 'Due on', kind: 'date' },
            { header: 'Days overdue', kind: 'number' },
          ],
          rows: f.fullAssessmentsOverdue.map((a) => [a.name, a.dueOn, a.daysOverdue]),
          empty: 'No full assessment is overdue.',
        },
      ],
    },
    {
      id: 'triage',
      title: triageChart.title,
      chart: chartOf(barChartSvg(triageChart), triageChart.title, triageChart.desc),
      tables: [
        {
          title: 'Reports from the public by time to triage',
          sheetName: 'Triage',
          columns: [
            { header: 'Time to triage', kind: 'text' },
            { header: 'Reports', kind: 'number' },
          ],
          rows: t.buckets.map((b) => [b.label, b.count]),
        },
        {
          title: 'Days from receipt to triage',
          sheetName: 'Triage days',
          columns: [
            { header: 'Figure', kind: 'text' },
            { header: 'Value', kind: 'number' },
          ],
          rows: [
            ['Reports received in the period', t.received],
            ['Triaged', t.triaged],
            ['Not yet triaged', t.waiting],
            ['Median days to triage', t.medianDays],
            ['Mean days to triage', t.meanDays],
            ['Longest days to triage', t.longestDays],
            ['Longest wait so far, not yet triaged (days)', t.oldestWaitingDays],
          ],
        },
      ],
    },
  ];
}

/** The filters in words, for the paper: "Care home for older people; team North; lead officer Sam Patel". */
export function filtersText(d: Dashboard<unknown>): string {
  const parts = [
    d.filters.category ? categoryLabel(d.filters.category) : null,
    d.filters.team ? `team ${d.filters.team}` : null,
    d.leadOfficerName ? `lead officer ${d.leadOfficerName}` : null,
  ].filter((p): p is string => p !== null);
  return parts.length ? `Filtered to: ${parts.join('; ')}.` : 'All services.';
}

export function dashboardDocument(d: Dashboard<unknown>, title: string, sections: readonly Section[], note: string): ExportDocument {
  const blocks: Block[] = [{ kind: 'paragraph', text: `${filtersText(d)} ${note}` }];
  for (const s of sections) {
    blocks.push({ kind: 'heading', text: s.title });
    if (s.chart) blocks.push({ kind: 'chart', ...s.chart });
    for (const table of s.tables) blocks.push({ kind: 'table', table });
  }
  return { council: d.council, title, period: `${d.period.label}: ${periodWords(d.period)}`, madeOn: d.madeOn, blocks };
}

function periodWords(p: { from: string; to: string }): string {
  return `${cellText(p.from, 'date')} to ${cellText(p.to, 'date')}`;
}

/**
 * A dashboard as one CSV table, one row per figure (section, table, row, column, value): a single sheet a
 * spreadsheet or a script reads without knowing the layout; the XLSX keeps a sheet per table.
 */
export function dashboardCsvTable(sections: readonly Section[]): Table {
  const rows: Cell[][] = [];
  for (const s of sections) {
    for (const t of s.tables) {
      for (const row of t.rows) {
        t.columns.forEach((c, i) => {
          if (i === 0) return;
          rows.push([s.title, t.title, row[0] ?? null, c.header, row[i] ?? null]);
        });
      }
    }
  }
  return {
    title: 'Figures',
    columns: [
      { header: 'Section', kind: 'text' },
      { header: 'Table', kind: 'text' },
      { header: 'Row', kind: 'text' },
      { header: 'Column', kind: 'text' },
      { header: 'Value', kind: 'text' },
    ],
    rows,
  };
}
