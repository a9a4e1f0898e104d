import type { FastifyReply } from 'fastify';
import { can } from '../../core/auth/permissions.ts';
import { today } from '../../core/clock.ts';
import type { Actor } from '../../core/db/database.ts';
import { paths, withQuery } from '../../core/http/paths.ts';
import { text } from '../../core/forms.ts';
import type { FormErrors, Router } from '../../core/http/route.ts';
import { categoryLabel } from '../../providers/index.ts';
import { tableCsv } from '../exports/csv.ts';
import { cellText, FORMATS, fileSlug, type ExportFormat, type Table } from '../exports/document.ts';
import { documentPdf } from '../exports/pdf.ts';
import { documentXlsx } from '../exports/xlsx.ts';
import { careHomesSections, dashboardCsvTable, dashboardDocument, filtersText, performanceSections, type Section } from './dashboards.document.ts';
import { periodChoices, defaultPeriodKey } from './dashboards.rules.ts';
import { dashboardQuery, visitsTargetBody, type DashboardQuery } from './dashboards.schemas.ts';
import { DASHBOARD_CATEGORIES, type Dashboard, type DashboardKind, type DashboardsService } from './dashboards.service.ts';

/** The two dashboards' pages and their CSV, XLSX and PDF downloads (`?format=`), and the visits target form. */

export const DASHBOARDS: Record<DashboardKind, { title: string; path: string; note: string }> = {
  careHomes: {
    title: 'Care homes dashboard',
    path: paths.dashboards.careHomes,
    note: 'Ratings, risk bands and escalation are as they stand today; rating changes are those published in the period; the quarters end with the period’s last quarter.',
  },
  performance: {
    title: 'Performance dashboard',
    path: paths.dashboards.performance,
    note: 'Visits and reports from the public are those of the period; overdue work is as it stands today.',
  },
};

/** A section's tables as the page shows them: cells as text, numbers right-aligned. */
function tableView(table: Table) {
  return {
    title: table.title,
    empty: table.empty ?? null,
    head: table.columns.map((c) => ({ text: c.header, format: c.kind === 'text' || c.kind === 'date' ? undefined : 'numeric' })),
    rows: table.rows.map((row) => table.columns.map((c, i) => ({ text: cellText(row[i] ?? null, c.kind), format: c.kind === 'text' || c.kind === 'date' ? undefined : 'numeric' }))),
  };
}

export async function sendExport(reply: FastifyReply, format: ExportFormat, d: Dashboard<unknown>, kind: DashboardKind, sections: readonly Section[]) {
  const { title, note } = DASHBOARDS[kind];
  const name = `${fileSlug(title, d.period.label)}.${FORMATS[format].extension}`;
  const body =
    format === 'csv' ? tableCsv(dashboardCsvTable(sections)) : format === 'xlsx' ? await documentXlsx(dashboardDocument(d, title, sections, note)) : await documentPdf(dashboardDocument(d, title, sections, note));
  return reply.type(FORMATS[format].type).header('content-disposition', `attachment; filename="${name}"`).send(body);
}

export function dashboardsRoutes(route: Router, dashboards: DashboardsService) {
  async function render(reply: FastifyReply, actor: Actor, kind: DashboardKind, query: Partial<DashboardQuery>, d: Dashboard<unknown> | null, sections: readonly Section[], errors?: FormErrors) {
    const { title, path, note } = DASHBOARDS[kind];
    const choices = await dashboards.filterChoices(actor);
    const on = today();
    const selected = (value: string, chosen: string | undefined) => ({ value, selected: value === (chosen ?? '') });
    const filters = {
      categories: [{ text: 'All categories', ...selected('', query.category) }, ...DASHBOARD_CATEGORIES[kind].map((c) => ({ text: categoryLabel(c), ...selected(c, query.category) }))],
      teams: [{ text: 'All teams', ...selected('', query.team) }, ...choices.teams.map((t) => ({ text: t, ...selected(t, query.team) }))],
      leadOfficers: [{ text: 'All lead officers', ...selected('', query.leadOfficer) }, ...choices.leadOfficers.map((o) => ({ text: o.name, ...selected(o.id, query.leadOfficer) }))],
      periods: periodChoices(on).map((p) => ({ text: p.label, ...selected(p.key, query.period ?? defaultPeriodKey(on)) })),
    };
    const asked = { category: query.category, team: query.team, leadOfficer: query.leadOfficer, period: query.period };
    return reply.render('reports/dashboards/views/dashboard.njk', {
      title,
      section: 'reports',
      kind,
      path,
      note,
      filters,
      d,
      filtersText: d ? filtersText(d) : null,
      sections: sections.map((s) => ({ id: s.id, title: s.title, chart: s.chart, tables: s.tables.map(tableView) })),
      downloads: (['csv', 'xlsx', 'pdf'] as const).map((format) => ({ format: format.toUpperCase(), href: withQuery(path, { ...asked, format }) })),
      otherDashboard: kind === 'careHomes' ? { text: DASHBOARDS.performance.title, href: paths.dashboards.performance } : { text: DASHBOARDS.careHomes.title, href: paths.dashboards.careHomes },
      canSetTarget: kind === 'performance' && can(actor, 'dashboards.settings'),
      errors,
    });
  }

  route.get(
    paths.dashboards.careHomes,
    { access: 'dashboards.read', query: dashboardQuery, invalid: ({ actor, request, reply }, errors) => render(reply, actor, 'careHomes', request.query as Partial<DashboardQuery>, null, [], errors) },
    async ({ actor, query, reply }) => {
      const d = await dashboards.careHomes(actor, query);
      const sections = careHomesSections(d.figures);
      if (query.format) return sendExport(reply, query.format, d, 'careHomes', sections);
      return render(reply, actor, 'careHomes', query, d, sections);
    },
  );

  route.get(
    paths.dashboards.performance,
    { access: 'dashboards.read', query: dashboardQuery, invalid: ({ actor, request, reply }, errors) => render(reply, actor, 'performance', request.query as Partial<DashboardQuery>, null, [], errors) },
    async ({ actor, query, reply }) => {
      const d = await dashboards.performance(actor, query);
      const sections = performanceSections(d.figures);
      if (query.format) return sendExport(reply, query.format, d, 'performance', sections);
      return render(reply, actor, 'performance', query, d, sections);
    },
  );

  function renderSettings(reply: FastifyReply, target: number | string, errors?: FormErrors) {
    return reply.render('reports/dashboards/views/settings.njk', {
      title: 'Yearly visits target',
      section: 'reports',
      backLink: paths.dashboards.performance,
      target,
      errors,
    });
  }

  route.get(paths.dashboards.settings, { access: 'dashboards.settings' }, async ({ actor, reply }) => renderSettings(reply, await dashboards.visitsTarget(actor)));

  route.post(
    paths.dashboards.settings,
    { access: 'dashboards.settings', body: visitsTargetBody, invalid: ({ values, reply }, errors) => renderSettings(reply, text(values.visitsTarget), errors) },
    async ({ actor, body, reply }) => {
      await dashboards.saveVisitsTarget(actor, body.visitsTarget);
      return reply.redirect(paths.dashboards.performance, 303);
    },
  );
}
