import type { Tx } from '../../core/db/database.ts';
import { intelligenceStatusOn, section42On } from '../history/intelligence.ts';
import type { ConcernReportRow, IntelligenceRow } from '../history/model.ts';
import { insertRows, type Column } from './bulk.ts';

/** Public concern reports, intelligence as it stands today, and the reference counters the form numbers from. */

const REPORT: readonly Column<ConcernReportRow & { councilId: string }>[] = [
  { name: 'id', type: 'uuid', value: (r) => r.id },
  { name: 'reference', type: 'text', value: (r) => r.reference },
  { name: 'council_id', type: 'uuid', value: (r) => r.councilId },
  { name: 'route', type: 'text', value: (r) => r.route },
  { name: 'service_id', type: 'uuid', value: (r) => r.serviceId },
  { name: 'service_name', type: 'text', value: (r) => r.serviceName },
  { name: 'what_happened', type: 'text', value: (r) => r.whatHappened },
  { name: 'happened_when', type: 'text', value: (r) => r.happenedWhen },
  { name: 'person_name', type: 'text', value: (r) => r.personName },
  { name: 'consent', type: 'text', value: (r) => r.consent },
  { name: 'reporter_name', type: 'text', value: (r) => r.reporterName },
  { name: 'reporter_email', type: 'text', value: (r) => r.reporterEmail },
  { name: 'reporter_relationship', type: 'text', value: (r) => r.reporterRelationship },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'routed_to', type: 'text', value: (r) => r.routedTo },
  { name: 'triage_notes', type: 'text', value: (r) => r.triageNotes },
  { name: 'triaged_by', type: 'uuid', value: (r) => r.triagedBy },
  { name: 'triaged_at', type: 'timestamptz', value: (r) => r.triagedAt },
  { name: 'submitted_at', type: 'timestamptz', value: (r) => r.submittedAt },
  { name: 'updated_at', type: 'timestamptz', value: (r) => r.triagedAt ?? r.submittedAt },
];

function intelligenceColumns(today: string): Column<IntelligenceRow & { councilId: string }>[] {
  return [
    { name: 'id', type: 'uuid', value: (e) => e.id },
    { name: 'council_id', type: 'uuid', value: (e) => e.councilId },
    { name: 'service_id', type: 'uuid', value: (e) => e.serviceId },
    { name: 'received_on', type: 'date', value: (e) => e.receivedOn },
    { name: 'source', type: 'text', value: (e) => e.source },
    { name: 'summary', type: 'text', value: (e) => e.summary },
    { name: 'detail', type: 'text', value: (e) => e.detail },
    { name: 'themes', type: 'text[]', value: (e) => e.themes },
    { name: 'severity', type: 'text', value: (e) => e.severity },
    { name: 'substantiated', type: 'text', value: (e) => e.substantiated },
    { name: 'safeguarding', type: 'bool', value: (e) => e.safeguarding },
    { name: 'section42_status', type: 'text', value: (e) => section42On(e, today) },
    { name: 'status', type: 'text', value: (e) => intelligenceStatusOn(e, today) },
    { name: 'concern_report_id', type: 'uuid', value: (e) => e.concernReportId },
    { name: 'created_by', type: 'uuid', value: (e) => e.createdBy },
    { name: 'created_at', type: 'timestamptz', value: (e) => e.createdAt },
    { name: 'updated_at', type: 'timestamptz', value: (e) => `${e.closedOn ?? e.reviewOn ?? e.receivedOn}T16:00:00Z` },
  ];
}

export async function writeIntelligence(tx: Tx, councilId: string, today: string, reports: readonly ConcernReportRow[], entries: readonly IntelligenceRow[]): Promise<void> {
  await insertRows(tx, 'concern_reports', REPORT, reports.map((r) => ({ ...r, councilId })));
  await insertRows(tx, 'intelligence', intelligenceColumns(today), entries.map((e) => ({ ...e, councilId })));
}

/** The public form numbers each year's references on from the last one the demo gave. */
export async function writeReferenceCounters(tx: Tx, references: ReadonlyMap<number, number>): Promise<void> {
  const rows = [...references].map(([year, last]) => ({ year, last }));
  await insertRows(tx, 'concern_reference_counters', [
    { name: 'year', type: 'int', value: (r: { year: number }) => r.year },
    { name: 'last_number', type: 'int', value: (r: { last: number }) => r.last },
  ], rows);
}
