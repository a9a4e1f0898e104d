import type { FrameworkVersion } from '../../assessments/index.ts';
import { toScoringFramework } from '../../assessments/index.ts';
import type { RiskMatrix } from '../../risk/index.ts';
import type { DemoCouncil, DemoData, DemoProvider, DemoUser } from '../model.ts';
import { personName } from '../naming.ts';
import { Random } from '../random.ts';
import { TEAMS } from '../words.ts';
import type { Framework } from './answers.ts';
import type { Window } from './calendar.ts';
import { generateCqc } from './cqc.ts';
import { generateEscalation } from './escalation.ts';
import { generateIntelligence } from './intelligence.ts';
import type { AssessmentRow, CouncilHistory, PlanRow, VisitRow } from './model.ts';
import { planFor } from './plans.ts';
import { scheduleService } from './schedule.ts';
import { groupInDifficulty, groupsOf, scriptCurrentEpisodes, type GroupStory } from './scripts.ts';
import { makeStory, scatterEpisodes, type Story } from './stories.ts';
import { generateVisits } from './visits.ts';

/** One council's five years, generated from the seed, the register and what the database holds for it. */

export interface CouncilInput {
  readonly data: DemoData;
  readonly council: DemoCouncil;
  /** Northmoor: every storyline the demo shows is running there today. */
  readonly isMain: boolean;
  readonly window: Window;
  /** The council's published framework versions, newest first (read from the database). */
  readonly frameworks: readonly FrameworkVersion[];
  readonly matrix: RiskMatrix;
  /** Concern references are numbered across every council: the last number given each year. */
  readonly references: Map<number, number>;
}

const CARE_HOME_TEAM = new Set(['care_home_older_people', 'care_home_adults_with_disabilities', 'extra_care']);

/** "Northmoor" from "Northmoor County Council", as CQC names local authorities. */
function localAuthorityOf(councilName: string): string {
  return councilName.replace(/^London Borough of /, '').replace(/ (Metropolitan )?(County |Borough |City )?Council$/, '');
}

export function generateCouncilHistory(input: CouncilInput): CouncilHistory {
  const { data, council, window } = input;
  const random = new Random(`${data.seed}:${data.scale}:history:${council.code}`);
  const staff = data.users.filter((u) => u.orgId === council.id);
  const commissioner = staff.find((u) => u.role === 'commissioner')!;
  const officers = staff.filter((u) => u.role === 'officer');
  const teamOfficer = (team: string) => officers.find((u) => u.team === team) ?? officers[0]!;
  const users = new Map(data.users.map((u) => [u.id, u]));
  const providers = new Map(data.providers.filter((p) => p.councilId === council.id).map((p) => [p.id, p]));
  const services = data.services.filter((s) => s.councilId === council.id);

  const officerOf = (story: Story): DemoUser =>
    (story.service.leadOfficerId ? users.get(story.service.leadOfficerId) : undefined) ??
    teamOfficer(CARE_HOME_TEAM.has(story.service.category) ? TEAMS.careHomes : TEAMS.community);
  const portalUser = (story: Story) => {
    const orgId = providers.get(story.service.providerId)?.orgId;
    const user = orgId ? data.users.find((u) => u.orgId === orgId && u.role === 'provider') : undefined;
    return user ? { id: user.id, orgId: user.orgId, name: user.name } : undefined;
  };

  const storyRandom = random.fork('stories');
  const stories = services.map((s) => makeStory(s, storyRandom));
  const groups: GroupStory[] = [];
  const groupRandom = random.fork('groups');
  const candidates = groupsOf(stories, [...providers.values()]).filter((g) => g.parent.orgId === null && g.members.length >= 3);
  if (input.isMain && candidates.length) {
    const biggest = [...candidates].sort((a, b) => b.members.length - a.members.length)[0]!;
    groups.push(groupInDifficulty(biggest.parent, biggest.members, window, groupRandom, true));
  } else if (candidates.length && groupRandom.chance(0.5)) {
    const chosen = groupRandom.pick(candidates);
    groups.push(groupInDifficulty(chosen.parent, chosen.members, window, groupRandom, false));
  }
  const episodeRandom = random.fork('episodes');
  const busy = new Set(stories.filter((s) => s.episodes.length > 0 || portalUser(s)).map((s) => s.service.id));
  if (input.isMain) for (const id of scriptCurrentEpisodes(stories, window, episodeRandom, busy)) busy.add(id);
  scatterEpisodes(stories, window, episodeRandom, { busy: new Set(stories.filter((s) => s.episodes.length > 0).map((s) => s.service.id)), ...(input.isMain ? { settledBy: window.today } : {}) });

  const cqc = generateCqc(stories, providers, localAuthorityOf(council.name), window, random.fork('cqc'));
  const intel = generateIntelligence({
    stories,
    window,
    random: random.fork('intelligence'),
    officerFor: (s) => officerOf(s).id,
    cqc: cqc.byService,
    groups,
    references: input.references,
  });
  const escalation = generateEscalation({
    stories,
    groups,
    window,
    random: random.fork('escalation'),
    intelligence: intel.byService,
    officerName: (s) => (s ? officerOf(s) : teamOfficer(TEAMS.careHomes)).name,
    providerName: (s) => providers.get(s.service.providerId)?.name ?? s.service.name,
  });

  const frameworkFor = new Map<string, Framework>();
  for (const version of input.frameworks) {
    for (const category of version.categories) if (!frameworkFor.has(category)) frameworkFor.set(category, { version, scoring: toScoringFramework(version) });
  }
  const locations = new Map(cqc.locations.map((l) => [l.locationId, l]));
  const parentOf = (p: DemoProvider | undefined) => p?.parentId ?? null;
  const scheduleRandom = random.fork('schedule');
  const planRandom = random.fork('plans');
  const managers = new Map<string, string>();
  const assessments: AssessmentRow[] = [];
  const plans: PlanRow[] = [];
  const followUps: VisitRow[] = [];
  const ratings: CouncilHistory['ratings'][number][] = [];
  const byService = { assessments: new Map<string, AssessmentRow[]>(), plans: new Map<string, PlanRow[]>(), next: new Map<string, string>() };

  for (const story of stories) {
    const id = story.service.id;
    const provider = providers.get(story.service.providerId);
    const officer = officerOf(story);
    const framework = frameworkFor.get(story.service.category);
    const user = portalUser(story);
    const schedule = scheduleService(
      {
        matrix: input.matrix,
        window,
        random: scheduleRandom,
        officerId: officer.id,
        commissionerId: commissioner.id,
        councilId: council.id,
        framework,
        providerUser: user,
        selfAssessmentMonthsBefore: input.matrix.selfAssessmentMonthsBefore,
      },
      {
        story,
        location: story.service.cqcLocationId ? locations.get(story.service.cqcLocationId) : undefined,
        cqc: cqc.byService.get(id) ?? [],
        intelligence: intel.byService.get(id) ?? [],
        cases: escalation.cases.filter((c) => c.serviceId === id || (c.providerId !== null && (c.providerId === provider?.id || c.providerId === parentOf(provider)))),
        suspensions: escalation.suspensions.filter((s) => s.serviceId === id),
        assessments: [],
      },
      officer.id,
    );
    assessments.push(...schedule.assessments);
    ratings.push(...schedule.ratings);
    byService.assessments.set(id, schedule.assessments);
    if (schedule.nextFullVisit) byService.next.set(id, schedule.nextFullVisit);
    if (!framework) continue;
    const manager = managers.get(story.service.providerId) ?? personName(planRandom);
    managers.set(story.service.providerId, manager);
    const full = schedule.assessments.filter((a) => a.kind === 'full' && a.version === 1 && a.completedOn).sort((a, b) => (a.completedOn! < b.completedOn! ? -1 : 1));
    const mine: PlanRow[] = [];
    full.forEach((assessment, i) => {
      const made = planFor(
        { window, random: planRandom, councilId: council.id, officer: { id: officer.id, name: officer.name }, providerUser: user, managerName: manager },
        framework,
        assessment,
        full[i + 1]?.completedOn ?? null,
      );
      if (!made) return;
      mine.push(made.plan);
      followUps.push(made.followUp);
    });
    plans.push(...mine);
    byService.plans.set(id, mine);
  }

  const visits = generateVisits({
    stories,
    window,
    random: random.fork('visits'),
    officerOf: (s) => officerOf(s).id,
    assessments: byService.assessments,
    plans: byService.plans,
    intelligence: intel.byService,
    cqc: cqc.byService,
    nextFullVisit: byService.next,
    followUps,
  });

  return {
    councilId: council.id,
    commissionerId: commissioner.id,
    cqcLocations: cqc.locations,
    cqcRatings: cqc.ratings,
    assessments,
    plans,
    visits: [...visits, ...followUps],
    concernReports: intel.concernReports,
    intelligence: intel.intelligence,
    ratings,
    cases: escalation.cases,
    suspensions: escalation.suspensions,
    processes: escalation.processes,
  };
}
