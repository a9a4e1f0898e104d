import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../src/core/db/database.ts';
import { makeCouncil, makeOrganisation, makeUser } from './fixtures.ts';
import { apiClient } from './http.ts';
import { makeProvider, makeService } from '../../src/providers/register.test-support.ts';
import { nextReferenceNumber } from '../../src/intelligence/concerns/concerns.repository.ts';
import { makeCqcLocation, scoresOf } from '../../src/risk/risk.test-support.ts';

/**
 * Two councils with records in most capabilities, made through the API where the product writes them (so
 * the audit trail, sequences and derived rows are what they would be): a provider group whose subsidiary
 * sorts before its parent, a service with a CQC location, a risk rating, intelligence, a suspension, an
 * assessment with answers, a concern reference, and a partner the first council shares with.
 */
export async function makeBackupWorld(store: Store, app: FastifyInstance) {
  const a = await makeCouncil(store, 'Northmoor County Council');
  const b = await makeCouncil(store, 'Southmoor Council');
  const providerOrg = await makeOrganisation(store, 'provider', { managedBy: a.org.id, name: 'Oakleaf Homes Ltd' });
  const providerUser = await makeUser(store, providerOrg, 'provider', 'Pat Provider');
  const partnerOrg = await makeOrganisation(store, 'partner', { name: 'Healthwatch Moor' });
  const partner = await makeUser(store, partnerOrg, 'partner', 'Hana Healthwatch');
  const location = await makeCqcLocation(store, { overall: 'requires_improvement', publishedOn: '2026-01-10' }, { nursing: true });

  const world = async (council: typeof a, name: string, cqcLocationId: string | null) => {
    const parent = await makeProvider(store, council.org.id, { name: `${name} Group` });
    const child = await makeProvider(store, council.org.id, { name: `${name} Homes`, parentId: parent.id, ...(council === a ? { orgId: providerOrg.id } : {}) });
    const service = await makeService(store, council.org.id, child.id, { name: `${name} House`, cqcLocationId, leadOfficerId: council.officer.actor.userId });
    const officer = apiClient(app, council.officer.apiToken);
    const commissioner = apiClient(app, council.commissioner.apiToken);
    const ok = (response: { statusCode: number; body: string }, status = 200) => assert.equal(response.statusCode, status, response.body);
    ok(await officer.put(`/api/v1/services/${service.id}/risk`, { scores: scoresOf({ cqc_rating: 4, safeguarding: 3 }), rationale: `${name}: one open enquiry` }));
    ok(await officer.post(`/api/v1/services/${service.id}/intelligence`, { receivedOn: '2026-02-02', source: 'complaint', severity: 'amber', summary: `${name}: late calls`, themes: ['missed_or_late_calls'] }), 201);
    ok(await commissioner.post(`/api/v1/services/${service.id}/suspensions`, { scope: 'full', reason: `${name}: safeguarding`, startsOn: '2026-02-05' }), 201);
    const frameworks = (await officer.get('/api/v1/frameworks')).json<{ items: { id: string; scoring: string; domains: { questions: { id: string }[] }[] }[] }>();
    const framework = frameworks.items.find((f) => f.scoring === 'percentage')!;
    const created = await officer.post('/api/v1/assessments', { serviceId: service.id, frameworkId: framework.id, kind: 'full' });
    ok(created, 201);
    const assessmentId = created.json<{ id: string }>().id;
    const questions = framework.domains.flatMap((d) => d.questions.map((q) => q.id));
    ok(await officer.put(`/api/v1/assessments/${assessmentId}/answers`, { answers: questions.slice(0, 3).map((questionId) => ({ questionId, answer: 'met', evidence: 'Seen in care plans' })) }));
    await store.asSystem(async (tx) => {
      const number = await nextReferenceNumber(tx, 2026);
      await tx
        .insertInto('concern_reports')
        .values({ reference: `CO-2026-${String(number).padStart(6, '0')}`, council_id: council.org.id, route: 'care_service', service_id: service.id, what_happened: `${name}: a concern`, submitted_at: new Date('2026-02-03T10:00:00Z') })
        .execute();
    });
    return { parentId: parent.id, childId: child.id, serviceId: service.id, assessmentId };
  };
  const aRecords = await world(a, 'Northmoor', location);
  const bRecords = await world(b, 'Southmoor', null);
  await store.asSystem((tx) => tx.insertInto('sharing_agreements').values({ council_id: a.org.id, with_org_id: partnerOrg.id, live_status: true, alerts: true, enter_and_view: false, created_by: a.admin.actor.userId }).execute());
  return { a, b, providerOrg, providerUser, partnerOrg, partner, location, aRecords, bRecords };
}

export type BackupWorld = Awaited<ReturnType<typeof makeBackupWorld>>;

/** A backup's lines, uncompressed. */
export function backupLines(file: string): string[] {
  return gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
}

/** Each table's row lines, from a backup's lines. */
export function rowsByTable(lines: readonly string[]): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(1, -1)) {
    if (line.startsWith('[')) current!.push(line);
    else {
      const parsed = JSON.parse(line) as { table?: string };
      if (parsed.table) tables.set(parsed.table, (current = []));
    }
  }
  return tables;
}

/** The data of a backup (every line but the header, which says when and where, and the checksum that covers it). */
export function dataLines(file: string): string[] {
  return backupLines(file).slice(1, -1);
}
