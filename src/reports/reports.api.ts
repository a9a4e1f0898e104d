import { paths } from '../core/http/paths.ts';
import type { Router } from '../core/http/route.ts';
import { sendDocument } from './exports/render.ts';
import { quarterLabel } from './quarter.ts';
import type { QuarterlyService } from './quarterly.service.ts';
import { REPORT_TITLE, reportDocument, reportToApi } from './quarterly.view.ts';
import { askedQuarter, quarterlyQuery } from './reports.schemas.ts';

/** GET /api/v1/reports/quarterly (API.md): JSON, or `?format=csv|xlsx|pdf` for the committee paper. */
export function reportsApi(route: Router, reports: QuarterlyService) {
  route.get(paths.reports.api, { access: 'reports.read', query: quarterlyQuery }, async ({ actor, query, reply }) => {
    const quarter = askedQuarter(query);
    const report = await reports.report(actor, quarter, query.category);
    if (query.format && query.format !== 'json' && query.format !== 'html') return sendDocument(reply, reportDocument(report), query.format, REPORT_TITLE, quarterLabel(quarter));
    return reportToApi(report);
  });
}
