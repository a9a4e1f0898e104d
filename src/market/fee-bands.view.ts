import type ExcelJS from 'exceljs';
import { lazyRequire } from '../core/lazy.ts';
import type { FastifyReply } from 'fastify';
import { sendCsv, type CsvValue } from '../core/http/lists.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { CARE_HOME_TYPE_LABELS, yearLabel } from './fee-band.rules.ts';
import type { ScheduleItem } from './fee-bands.service.ts';

// loaded the first time a workbook is read or written, not when the app starts (core/lazy.ts)
const excel = lazyRequire<typeof ExcelJS>('exceljs');

/** View models and exports of the fee-band schedule: a template never sees a row. */

/** One item of `GET /api/v1/fee-bands`. */
export function itemToApi(i: ScheduleItem) {
  return {
    serviceId: i.serviceId,
    serviceName: i.serviceName,
    providerName: i.providerName,
    cqcLocationId: i.cqcLocationId,
    type: i.type,
    proposedBand: i.proposedBand,
    band: i.band,
    weeklyFee: i.weeklyFee,
    effectiveFrom: i.effectiveFrom,
    reason: i.reason,
    overridden: i.overridden,
    overrideReason: i.overrideReason,
    capped: i.capped,
    flagged: i.flagged,
    approved: i.approved,
    changedSinceLastYear: i.changedSinceLastYear,
  };
}

const HEADER = ['Service', 'Provider', 'CQC location id', 'Type', 'Band', 'Weekly fee', 'Effective from', 'Changed since last year', 'Approved'];

function exportRows(items: readonly ScheduleItem[]): CsvValue[][] {
  return items.map((i) => [
    i.serviceName,
    i.providerName,
    i.cqcLocationId ?? '',
    CARE_HOME_TYPE_LABELS[i.type],
    i.band ?? '',
    i.weeklyFee === null ? '' : i.weeklyFee.toFixed(2),
    i.effectiveFrom,
    i.changedSinceLastYear ? 'Yes' : 'No',
    i.approved ? 'Yes' : 'No',
  ]);
}

/** The schedule for finance: CSV (formula-safe) or an Excel workbook. */
export async function sendSchedule(reply: FastifyReply, year: number, items: readonly ScheduleItem[], format: 'csv' | 'xlsx') {
  const name = `fee-bands-${year}`;
  if (format === 'csv') return sendCsv(reply, `${name}.csv`, HEADER, exportRows(items));
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet(`Fee bands ${yearLabel(year).replace('/', '-')}`);
  sheet.addRow(HEADER).font = { bold: true };
  for (const [n, row] of exportRows(items).entries()) {
    sheet.addRow(row.map((v, column) => (column === 5 && items[n]!.weeklyFee !== null ? items[n]!.weeklyFee : v)));
  }
  sheet.getColumn(6).numFmt = '£#,##0.00';
  sheet.columns.forEach((column) => (column.width = 22));
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${name}.xlsx"`)
    .header('cache-control', 'no-store')
    .send(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** A row of the schedule table. */
export function rowView(i: ScheduleItem, year: number) {
  return {
    ...i,
    typeLabel: CARE_HOME_TYPE_LABELS[i.type],
    serviceHref: paths.services.show(i.serviceId),
    overrideHref: withQuery(paths.feeBands.override(i.serviceId), { year }),
    status: i.approved ? { text: 'Approved', classes: 'govuk-tag--green' } : { text: 'Not yet approved', classes: 'govuk-tag--yellow' },
  };
}

export const yearChoices = (chosen: number, thisYear: number) =>
  [thisYear + 1, thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), text: yearLabel(y), selected: y === chosen }));
