/**
 * Reports: the quarterly monitoring summary (seed 000) from the records, its commentary, its exports and
 * exempt appendix, and the care homes and performance dashboards (seed 004). What the composition root may use; the exports module is offered to dashboards too.
 */
export { registerReports, reportsServices } from './reports.module.ts';
export { reportsOpenApi } from './reports.openapi.ts';
export { renderDocument, sendDocument } from './exports/render.ts';
export { cellText, fileSlug, FORMATS, type Block, type Cell, type Column, type ColumnKind, type ExportDocument, type ExportFormat, type Table } from './exports/document.ts';
export { previousQuarter, quarterLabel, quarterOf, quarterPeriod, quartersEndingWith, periodLabel, type Period, type Quarter, type QuarterNumber } from './quarter.ts';
// The care homes and performance dashboards (seed 004).
export { dashboardsOpenApi } from './dashboards/dashboards.openapi.ts';
export { dashboardsServices, registerDashboards } from './dashboards/dashboards.module.ts';
