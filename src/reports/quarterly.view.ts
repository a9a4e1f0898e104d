import { paths, withQuery } from '../core/http/paths.ts';
import { INTELLIGENCE_THEMES } from '../intelligence/index.ts';
import { CATEGORY_LABELS, type ServiceCategory } from '../providers/index.ts';
import { cellText, type Block, type Cell, type Column, type ExportDocument, type Table } from './exports/document.ts';
import { periodLabel, quarterLabel, type Quarter } from './quarter.ts';
import type { Theme } from './quarterly.rules.ts';
import type { CategorySection, QuarterlyReport } from './quarterly.service.ts';

/** The quarterly summary as the API returns it, as the page shows it, and as its exports write it. */

export const REPORT_TITLE = 'Quality monitoring summary';

const themeName = (t: Theme) => (t.source === 'intelligence' ? ((INTELLIGENCE_THEMES as Record<string, string>)[t.theme] ?? t.theme) : t.theme);

export function reportToApi(report: QuarterlyReport) {
  return {
    council: report.council,
    year: report.quarter.year,
    quarter: report.quarter.quarter,
    label: quarterLabel(report.quarter),
    period: report.period,
    madeOn: report.madeOn,
    provisional: report.provisional,
    bandLabels: { excellent: 'Excellent', good: 'Good', requiresImprovement: report.requiresImprovementLabel, poor: 'Poor' },
    categories: report.categories.map((s) => ({
      category: s.category,
      label: CATEGORY_LABELS[s.category],
      assessmentsPublished: s.figures.assessmentsPublished,
      percentGoodOrBetter: s.percentGoodOrBetter,
      changeFromPreviousQuarter: s.changeFromPreviousQuarter,
      visits: s.figures.visits,
      reportsCompleted: s.figures.reportsCompleted,
      reportsPublished: s.figures.reportsPublished,
      actionPlansOpen: s.figures.actionPlansOpen,
      actionPlansDrafted: s.figures.actionPlansDrafted,
      suspensionsStarted: s.figures.suspensionsStarted,
      suspensionsLifted: s.figures.suspensionsLifted,
      suspensionsInForce: s.figures.suspensionsInForce,
      servicesReferredToConcerns: s.figures.servicesReferredToConcerns,
      themes: s.figures.themes.map((t) => ({ source: t.source, theme: t.theme, label: themeName(t), count: t.count })),
      commentary: s.commentary ? { text: s.commentary.body, writtenBy: s.commentary.writtenBy, writtenAt: s.commentary.writtenAt.toISOString() } : null,
      notCommissioned: s.notCommissioned,
    })),
  };
}

/** The services of a category the council does not commission, by CQC rating: a line apart from the figures. */
function notCommissionedRows(s: CategorySection): { label: string; value: number }[] {
  const n = s.notCommissioned;
  return [
    { label: 'Services not commissioned (not counted above)', value: n.services },
    { label: 'of which rated Outstanding by CQC', value: n.byCqcRating.outstanding },
    { label: 'of which rated Good by CQC', value: n.byCqcRating.good },
    { label: 'of which rated Requires improvement by CQC', value: n.byCqcRating.requiresImprovement },
    { label: 'of which rated Inadequate by CQC', value: n.byCqcRating.inadequate },
    { label: 'of which not rated by CQC', value: n.byCqcRating.notRated },
  ];
}

const visitsTotal = ({ figures: { visits: v } }: CategorySection) => v.full + v.dropIn + v.support + v.followUp + v.joint + v.relativesSurgery;
const published = (s: CategorySection) => s.figures.reportsPublished;

/** The figures of a category, in the order the page, the paper and the workbook give them. */
function figureRows(s: CategorySection, riLabel: string): { figure: string; label: string; value: number | null; kind: 'number' | 'percent' | 'change' }[] {
  const f = s.figures;
  return [
    { figure: 'assessmentsPublished', label: 'Assessments published: Excellent', value: f.assessmentsPublished.excellent, kind: 'number' },
    { figure: 'assessmentsPublished', label: 'Assessments published: Good', value: f.assessmentsPublished.good, kind: 'number' },
    { figure: 'assessmentsPublished', label: `Assessments published: ${riLabel}`, value: f.assessmentsPublished.requiresImprovement, kind: 'number' },
    { figure: 'assessmentsPublished', label: 'Assessments published: Poor', value: f.assessmentsPublished.poor, kind: 'number' },
    { figure: 'assessmentsPublished', label: 'Percent good or better', value: s.percentGoodOrBetter, kind: 'percent' },
    { figure: 'assessmentsPublished', label: 'Change from the previous quarter (percentage points)', value: s.changeFromPreviousQuarter, kind: 'change' },
    { figure: 'visits', label: 'Visits: full assessment', value: f.visits.full, kind: 'number' },
    { figure: 'visits', label: 'Visits: drop-in', value: f.visits.dropIn, kind: 'number' },
    { figure: 'visits', label: 'Visits: support', value: f.visits.support, kind: 'number' },
    { figure: 'visits', label: 'Visits: follow-up', value: f.visits.followUp, kind: 'number' },
    { figure: 'visits', label: 'Visits: joint', value: f.visits.joint, kind: 'number' },
    { figure: 'visits', label: 'Visits: relatives’ surgery', value: f.visits.relativesSurgery, kind: 'number' },
    { figure: 'reportsCompleted', label: 'Reports completed', value: f.reportsCompleted, kind: 'number' },
    { figure: 'assessmentsPublished', label: 'Reports published', value: f.reportsPublished, kind: 'number' },
    { figure: 'actionPlansOpen', label: 'Action plans open at the quarter’s end', value: f.actionPlansOpen, kind: 'number' },
    { figure: 'actionPlansDrafted', label: 'Action plans drafted', value: f.actionPlansDrafted, kind: 'number' },
    { figure: 'suspensionsStarted', label: 'Suspensions started', value: f.suspensionsStarted, kind: 'number' },
    { figure: 'suspensionsLifted', label: 'Suspensions lifted', value: f.suspensionsLifted, kind: 'number' },
    { figure: 'suspensionsInForce', label: 'Suspensions in force at the quarter’s end', value: f.suspensionsInForce, kind: 'number' },
    { figure: 'concernsCases', label: 'Services referred to the concerns procedure', value: f.servicesReferredToConcerns, kind: 'number' },
  ];
}

const changeText = (value: number | null) => (value === null ? 'No comparison' : `${value > 0 ? '+' : ''}${value.toFixed(1)} points`);

/** The page: a section per category, each figure a link to the records behind it. */
export function reportPage(report: QuarterlyReport) {
  const q = report.quarter;
  return {
    label: quarterLabel(q),
    periodText: periodLabel(report.period),
    sections: report.categories.map((s) => ({
      category: s.category,
      label: CATEGORY_LABELS[s.category],
      empty: published(s) === 0 && visitsTotal(s) === 0 && s.figures.reportsCompleted === 0 && s.figures.actionPlansOpen === 0 && s.figures.suspensionsInForce === 0 && s.figures.suspensionsStarted === 0 && s.figures.servicesReferredToConcerns === 0,
      rows: figureRows(s, s.requiresImprovementLabel).map((r) => ({
        label: r.label,
        text: r.kind === 'change' ? changeText(r.value) : r.value === null ? 'None published' : r.kind === 'percent' ? `${r.value.toFixed(1)}%` : String(r.value),
        href: withQuery(paths.reports.records, { year: q.year, quarter: q.quarter, category: s.category, figure: r.figure }),
      })),
      themes: s.figures.themes.map((t) => ({ source: t.source === 'assessment' ? 'Assessment domain below Good' : 'Intelligence', name: themeName(t), count: t.count })),
      notCommissioned: s.notCommissioned.services ? notCommissionedRows(s) : null,
      commentary: s.commentary ? { paragraphs: s.commentary.body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean), writtenBy: s.commentary.writtenBy, writtenAt: s.commentary.writtenAt } : null,
      commentaryHref: withQuery(paths.reports.commentary, { year: q.year, quarter: q.quarter, category: s.category }),
    })),
    exports: (['pdf', 'xlsx', 'csv'] as const).map((format) => ({ format: format.toUpperCase(), href: withQuery(paths.reports.quarterly, { year: q.year, quarter: q.quarter, format }) })),
    exemptHrefs: (['pdf', 'xlsx'] as const).map((format) => ({ format: format.toUpperCase(), href: withQuery(paths.reports.exempt, { year: q.year, quarter: q.quarter, format }) })),
  };
}

const num = (header: string): Column => ({ header, kind: 'number' });

/** The main paper: counts only (no service is named), the commentary, and the period it covers. */
export function reportDocument(report: QuarterlyReport): ExportDocument {
  const ri = report.requiresImprovementLabel;
  const summary: Table = {
    title: 'Figures by service category',
    sheetName: 'Summary',
    only: 'data',
    columns: [
      { header: 'Service category', kind: 'text' },
      num('Excellent'),
      num('Good'),
      num(ri),
      num('Poor'),
      { header: 'Percent good or better', kind: 'percent' },
      { header: 'Change from previous quarter (points)', kind: 'percent' },
      num('Full visits'),
      num('Drop-in visits'),
      num('Support visits'),
      num('Follow-up visits'),
      num('Joint visits'),
      num('Relatives’ surgeries'),
      num('Reports completed'),
      num('Reports published'),
      num('Action plans open at quarter end'),
      num('Action plans drafted'),
      num('Suspensions started'),
      num('Suspensions lifted'),
      num('Suspensions in force at quarter end'),
      num('Services referred to concerns procedure'),
      num('Services not commissioned (counted apart)'),
    ],
    rows: report.categories.map((s): Cell[] => {
      const f = s.figures;
      return [
        CATEGORY_LABELS[s.category],
        f.assessmentsPublished.excellent,
        f.assessmentsPublished.good,
        f.assessmentsPublished.requiresImprovement,
        f.assessmentsPublished.poor,
        s.percentGoodOrBetter,
        s.changeFromPreviousQuarter,
        f.visits.full,
        f.visits.dropIn,
        f.visits.support,
        f.visits.followUp,
        f.visits.joint,
        f.visits.relativesSurgery,
        f.reportsCompleted,
        f.reportsPublished,
        f.actionPlansOpen,
        f.actionPlansDrafted,
        f.suspensionsStarted,
        f.suspensionsLifted,
        f.suspensionsInForce,
        f.servicesReferredToConcerns,
        s.notCommissioned.services,
      ];
    }),
  };
  const themes: Table = {
    title: 'Common themes',
    sheetName: 'Themes',
    columns: [{ header: 'Service category', kind: 'text' }, { header: 'From', kind: 'text' }, { header: 'Theme', kind: 'text' }, num('Count')],
    rows: report.categories.flatMap((s) => s.figures.themes.map((t): Cell[] => [CATEGORY_LABELS[s.category], t.source === 'assessment' ? 'Assessment domains below Good' : 'Intelligence', themeName(t), t.count])),
    empty: 'No themes in this quarter.',
  };
  const commentary: Table = {
    title: 'Commentary',
    columns: [
      { header: 'Service category', kind: 'text', width: 2 },
      { header: 'Commentary', kind: 'text', width: 5 },
      { header: 'Written by', kind: 'text', width: 1.5 },
      { header: 'Written on', kind: 'date', width: 1.2 },
    ],
    rows: report.categories.flatMap((s) => (s.commentary ? [[CATEGORY_LABELS[s.category], s.commentary.body, s.commentary.writtenBy, s.commentary.writtenAt.toISOString().slice(0, 10)]] : [])),
    empty: 'No commentary has been written for this quarter.',
  };
  const notCommissioned: Table = {
    title: 'Services the council does not commission (the self-funded market), by CQC rating at the quarter’s end: not counted in any figure above',
    sheetName: 'Not commissioned',
    columns: [{ header: 'Service category', kind: 'text' }, num('Services'), num('Outstanding'), num('Good'), num('Requires improvement'), num('Inadequate'), num('Not rated')],
    rows: report.categories
      .filter((s) => s.notCommissioned.services > 0)
      .map((s): Cell[] => {
        const n = s.notCommissioned;
        return [CATEGORY_LABELS[s.category], n.services, n.byCqcRating.outstanding, n.byCqcRating.good, n.byCqcRating.requiresImprovement, n.byCqcRating.inadequate, n.byCqcRating.notRated];
      }),
    empty: 'The council holds no service it does not commission in the register.',
  };
  // On paper each category reads as its own section (figure and value); the workbook gets them as one wide table.
  const perCategory: Block[] = report.categories.flatMap((s): Block[] => [
    { kind: 'heading', text: CATEGORY_LABELS[s.category] },
    ...(s.commentary ? [{ kind: 'paragraph' as const, text: s.commentary.body }] : []),
    ...(published(s) === 0 && visitsTotal(s) === 0 ? [{ kind: 'paragraph' as const, text: 'Nothing was published and no visits were made in this category in the quarter.' }] : []),
    {
      kind: 'table',
      table: {
        title: `Figures: ${CATEGORY_LABELS[s.category]}`,
        only: 'paper',
        columns: [
          { header: 'Figure', kind: 'text', width: 4 },
          { header: 'Value', kind: 'text', width: 1 },
        ],
        rows: figureRows(s, s.requiresImprovementLabel).map((r): Cell[] => [r.label, r.kind === 'change' ? changeText(r.value) : r.value === null ? 'None published' : r.kind === 'percent' ? `${r.value.toFixed(1)}%` : String(r.value)]),
      },
    },
  ]);
  return {
    council: report.council.name,
    title: REPORT_TITLE,
    period: `${quarterLabel(report.quarter)}: ${periodLabel(report.period)}`,
    madeOn: report.madeOn,
    blocks: [
      ...(report.provisional ? [{ kind: 'paragraph' as const, text: 'Provisional: the quarter has not ended, so these figures may still change.' }] : []),
      { kind: 'paragraph', text: 'Counts only: the names of services suspended or in the concerns procedure are in the exempt appendix.' },
      { kind: 'table', table: summary },
      ...perCategory,
      { kind: 'table', table: notCommissioned },
      { kind: 'table', table: themes },
      { kind: 'table', table: commentary },
    ],
  };
}

/** How a figure reads in a sentence ("46.4%"). */
export const figureText = (value: number | null) => cellText(value, 'percent');

export const categoryLabel = (c: ServiceCategory) => CATEGORY_LABELS[c];

export function quarterTitle(q: Quarter) {
  return `${REPORT_TITLE}: ${quarterLabel(q)}`;
}
