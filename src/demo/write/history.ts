import { currentVersionIds, loadVersion, type FrameworkVersion } from '../../assessments/index.ts';
import type { Tx } from '../../core/db/database.ts';
import { matrixIn } from '../../risk/index.ts';
import { historyWindow } from '../history/calendar.ts';
import { generateCouncilHistory } from '../history/council.ts';
import type { CouncilHistory } from '../history/model.ts';
import type { DemoData } from '../model.ts';
import { Random } from '../random.ts';
import { writeAssessments } from './assessments.ts';
import { writeCqc } from './cqc.ts';
import { writeEscalation } from './escalation.ts';
import { writeFeeBands } from './fee-bands.ts';
import { writeIntelligence, writeReferenceCounters } from './intelligence.ts';
import { writeMarket } from './market.ts';
import { writePlans } from './plans.ts';
import { writeRisk } from './risk.ts';
import { dateAlerts, writeSharing, type Agreement } from './status.ts';
import { writeVisits } from './visits.ts';

/**
 * Five years of history for every council of a loaded register, one council at a time (generated, then
 * written, then let go, so the national scale needs little memory), in the one load transaction.
 */

/** The council's framework versions in use, newest first, as the assessments capability reads them. */
async function frameworksOf(tx: Tx, councilId: string): Promise<FrameworkVersion[]> {
  const versions: FrameworkVersion[] = [];
  for (const id of await currentVersionIds(tx, councilId)) {
    const version = await loadVersion(tx, id);
    if (version) versions.push(version);
  }
  return versions;
}

/** Northmoor and Ravensdale share with each other; Northmoor shares with Healthwatch (Enter and View). */
function agreements(data: DemoData): Agreement[] {
  const random = new Random(`${data.seed}:${data.scale}:sharing`);
  const [northmoor, ravensdale] = data.councils;
  const healthwatch = data.organisations.find((o) => o.kind === 'partner');
  const admin = (councilId: string) => data.users.find((u) => u.orgId === councilId && u.role === 'admin')!.id;
  const list: Agreement[] = [];
  if (northmoor && ravensdale) {
    list.push({ id: random.uuid(), councilId: northmoor.id, withOrgId: ravensdale.id, liveStatus: true, alerts: true, enterAndView: false, createdBy: admin(northmoor.id) });
    list.push({ id: random.uuid(), councilId: ravensdale.id, withOrgId: northmoor.id, liveStatus: true, alerts: true, enterAndView: false, createdBy: admin(ravensdale.id) });
  }
  if (northmoor && healthwatch) {
    list.push({ id: random.uuid(), councilId: northmoor.id, withOrgId: healthwatch.id, liveStatus: true, alerts: true, enterAndView: true, createdBy: admin(northmoor.id) });
  }
  return list;
}

async function writeCouncil(tx: Tx, data: DemoData, history: CouncilHistory, today: string, matrixId: string | null) {
  const officerOf = new Map(data.services.map((s) => [s.id, s.leadOfficerId]));
  const anyOfficer = data.users.find((u) => u.orgId === history.councilId && u.role === 'officer')!.id;
  await writeCqc(tx, history.cqcLocations, history.cqcRatings);
  await writeIntelligence(tx, history.councilId, today, history.concernReports, history.intelligence);
  await writeEscalation(
    tx,
    { councilId: history.councilId, commissionerId: history.commissionerId, officerOf: (id) => (id ? officerOf.get(id) : null) ?? anyOfficer },
    history.cases,
    history.suspensions,
    history.processes,
  );
  await writeAssessments(tx, history.councilId, history.assessments);
  await writePlans(tx, history.councilId, history.plans);
  await writeVisits(tx, history.councilId, history.visits);
  await writeRisk(tx, history.councilId, matrixId, history.ratings);
  await writeFeeBands(tx, history.councilId, history.commissionerId, today);
}

export async function writeHistory(tx: Tx, data: DemoData, today: string): Promise<void> {
  const window = historyWindow(today);
  await writeSharing(tx, agreements(data), window);
  const references = new Map<number, number>();
  for (const [index, council] of data.councils.entries()) {
    const frameworks = await frameworksOf(tx, council.id);
    const matrix = await matrixIn(tx, council.id);
    const history = generateCouncilHistory({ data, council, isMain: index === 0, window, frameworks, matrix: matrix.matrix, references });
    await writeCouncil(tx, data, history, today, matrix.id);
  }
  await dateAlerts(tx, window);
  await writeMarket(tx, data, window);
  await writeReferenceCounters(tx, references);
}
