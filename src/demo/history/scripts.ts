import type { DemoProvider } from '../model.ts';
import type { Random } from '../random.ts';
import { addDays, dayBetween, type Window } from './calendar.ts';
import { canBeSuspended, makeEpisode, type Episode, type EpisodeShape, type StageChange, type Story } from './stories.ts';

/**
 * Storylines the demo's main council always has running today, so every stage of the concerns procedure,
 * every state of a suspension and both contractual processes can be seen; and provider groups in
 * difficulty (seed 004: many services suspended at once; seed 000: a parent company's insolvency).
 */

export interface GroupStory {
  readonly providerId: string;
  readonly providerName: string;
  /** The day the council heard of the parent company's financial trouble. */
  readonly noticeOn: string;
  readonly caseOpenedOn: string;
  readonly caseStage: number;
  readonly stageChanges: readonly StageChange[];
  readonly caseClosedOn: string;
  readonly serviceIds: readonly string[];
  readonly suspendedIds: readonly string[];
}

/** What an episode looks like on a day: the case stage, the suspension's scope, open contract processes. */
export function episodeState(e: Episode, on: string) {
  const open = e.caseOpenedOn <= on && e.caseClosedOn > on;
  const stage = open ? (e.stageChanges.filter((c) => c.on <= on).at(-1)?.to ?? e.caseStage) : null;
  const s = e.suspension;
  const suspended = s && s.startsOn <= on && s.liftedOn > on;
  const scope = !suspended || !s ? null : s.reinstatedOn && s.reinstatedOn <= on ? 'full' : s.partialLiftOn && s.partialLiftOn <= on ? 'partial' : s.scope;
  const contract = e.contract && e.contract.startedOn <= on && e.contract.endedOn > on ? e.contract.kind : null;
  return { stage, scope, reinstated: !!(suspended && s?.reinstatedOn && s.reinstatedOn <= on), contract };
}

interface Wanted {
  readonly shape: Omit<EpisodeShape, 'onset'> & { onsetDaysAgo: number };
  readonly homeCare?: boolean;
  readonly check: (state: ReturnType<typeof episodeState>) => boolean;
}

const WANTED: readonly Wanted[] = [
  { shape: { kind: 'minor', onsetDaysAgo: 75, escalate: false, recoveryDays: 220 }, check: (s) => s.stage === 1 },
  { shape: { kind: 'minor', onsetDaysAgo: 55, escalate: false, recoveryDays: 200 }, check: (s) => s.stage === 1 },
  { shape: { kind: 'minor', onsetDaysAgo: 140, escalate: true, recoveryDays: 260 }, check: (s) => s.stage === 2 },
  { shape: { kind: 'serious', onsetDaysAgo: 170, contract: true, recoveryDays: 330 }, homeCare: true, check: (s) => s.stage === 3 && s.contract === 'remedies_for_poor_performance' },
  { shape: { kind: 'suspension', onsetDaysAgo: 110, partialLift: false, reinstate: false, recoveryDays: 300 }, check: (s) => s.stage === 4 && s.scope === 'full' },
  { shape: { kind: 'suspension', onsetDaysAgo: 300, partialLift: true, reinstate: false, recoveryDays: 280 }, check: (s) => s.stage === 3 && s.scope === 'partial' },
  { shape: { kind: 'suspension', onsetDaysAgo: 330, reinstate: true, recoveryDays: 260 }, check: (s) => s.reinstated && s.scope === 'full' },
  { shape: { kind: 'suspension', onsetDaysAgo: 150, partialLift: false, reinstate: false, contract: true, recoveryDays: 300 }, homeCare: true, check: (s) => s.scope === 'full' && s.contract === 'failure_to_perform' },
];

/** Gives the main council its running storylines, on services outside `avoid`; returns the services used. */
export function scriptCurrentEpisodes(stories: readonly Story[], window: Window, random: Random, avoid: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  const candidates = (homeCare: boolean | undefined, kind: Episode['kind']) =>
    stories.filter(
      (s) =>
        !avoid.has(s.service.id) &&
        !used.has(s.service.id) &&
        s.service.inCounty &&
        (homeCare ? s.service.category === 'home_care' : kind === 'minor' || canBeSuspended(s.service.category)) &&
        (homeCare || s.service.category !== 'home_care' || kind === 'minor'),
    );
  for (const wanted of WANTED) {
    const pool = candidates(wanted.homeCare, wanted.shape.kind);
    if (pool.length === 0) continue;
    const story = random.pick(pool);
    for (let tries = 0; tries < 40; tries++) {
      const { onsetDaysAgo, ...shape } = wanted.shape;
      const episode = makeEpisode(story, { ...shape, onset: addDays(window.today, -onsetDaysAgo - tries * 3) }, random);
      if (wanted.check(episodeState(episode, window.today)) || tries === 39) {
        story.episodes.push(episode);
        used.add(story.service.id);
        break;
      }
    }
  }
  return used;
}

/** The providers at the head of groups in this council, with the services their subsidiaries run. */
export function groupsOf(stories: readonly Story[], providers: readonly DemoProvider[]) {
  const parentOf = new Map(providers.map((p) => [p.id, p.parentId]));
  const groups = new Map<string, Story[]>();
  for (const story of stories) {
    const parent = parentOf.get(story.service.providerId);
    if (!parent) continue;
    groups.set(parent, [...(groups.get(parent) ?? []), story]);
  }
  return [...groups.entries()].map(([parentId, members]) => ({ parent: providers.find((p) => p.id === parentId)!, members }));
}

/**
 * A group in difficulty: the council learns of the parent company's financial trouble, opens the
 * procedure on the whole group and suspends new placements with several of its services on one day.
 * `current`: still running today (stage 5); otherwise a past crisis, settled.
 */
export function groupInDifficulty(
  parent: DemoProvider,
  members: readonly Story[],
  window: Window,
  random: Random,
  current: boolean,
): GroupStory {
  const noticeOn = current ? addDays(window.today, -random.int(125, 140)) : dayBetween(random, addDays(window.start, 200), addDays(window.today, -600));
  const caseOpenedOn = addDays(noticeOn, random.int(6, 14));
  const suspendOn = addDays(caseOpenedOn, random.int(30, 45));
  const suspendable = members.filter((s) => canBeSuspended(s.service.category) && s.episodes.length === 0);
  const suspended = random.shuffle(suspendable).slice(0, Math.max(2, Math.min(5, Math.ceil(suspendable.length * 0.4))));
  const stageChanges: StageChange[] = current
    ? [{ on: addDays(suspendOn, -random.int(1, 5)), to: 5 }]
    : [{ on: addDays(suspendOn, -2), to: 4 }, { on: addDays(suspendOn, random.int(150, 200)), to: 3 }, { on: addDays(suspendOn, random.int(230, 260)), to: 2 }];
  const caseClosedOn = current ? addDays(window.today, 400) : addDays(suspendOn, random.int(300, 340));
  suspended.forEach((story, i) => {
    const liftedOn = current ? addDays(window.today, random.int(60, 200)) : addDays(suspendOn, random.int(170, 260));
    const partialLiftOn = current && i === 0 ? addDays(window.today, -random.int(15, 30)) : !current && random.chance(0.5) ? addDays(suspendOn, random.int(90, 150)) : null;
    const episode: Episode = {
      kind: 'suspension',
      onset: addDays(noticeOn, -random.int(20, 40)),
      worst: addDays(suspendOn, -random.int(0, 10)),
      recovered: addDays(liftedOn, random.int(0, 20)),
      depth: 2.2 + 0.5 * random.float(),
      caseOpenedOn,
      caseStage: current ? 4 : 3,
      stageChanges,
      caseClosedOn,
      suspension: {
        scope: 'full',
        detail: null,
        startsOn: suspendOn,
        partialLiftOn,
        partialDetail: partialLiftOn ? (story.nursing ? 'Nursing beds only' : 'Placements of people with complex needs') : null,
        reinstatedOn: null,
        liftedOn,
      },
      contract: null,
      group: true,
    };
    story.episodes.push(episode);
  });
  // The rest of the group feels it too, less sharply.
  for (const story of members) {
    if (suspended.includes(story) || story.episodes.length > 0) continue;
    story.episodes.push({
      kind: 'minor',
      onset: noticeOn,
      worst: addDays(noticeOn, 60),
      recovered: addDays(noticeOn, random.int(200, 320)),
      depth: 0.5 + 0.4 * random.float(),
      caseOpenedOn,
      caseStage: current ? 4 : 3,
      stageChanges,
      caseClosedOn,
      suspension: null,
      contract: null,
      group: true,
    });
  }
  return {
    providerId: parent.id,
    providerName: parent.name,
    noticeOn,
    caseOpenedOn,
    caseStage: current ? 4 : 3,
    stageChanges,
    caseClosedOn,
    serviceIds: members.map((s) => s.service.id),
    suspendedIds: suspended.map((s) => s.service.id),
  };
}
