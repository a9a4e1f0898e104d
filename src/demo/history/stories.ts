import type { Category, DemoService } from '../model.ts';
import type { Random } from '../random.ts';
import { addDays, daysBetween, dayBetween, yearsBetween, type Window } from './calendar.ts';

/**
 * The story behind each service's records: a hidden quality that drifts over the five years and dips in
 * episodes of poor care. Every record the demo writes (CQC ratings, assessments, intelligence, cases,
 * suspensions, risk ratings, visits) is read off this one story, so they agree with each other: a home
 * that CQC rated Inadequate also scored Poor with the council, drew complaints and was suspended.
 *
 * The scale of quality: 0 is the council's line between Good and Requires improvement.
 */

export type EpisodeKind = 'minor' | 'serious' | 'suspension';

export interface StageChange {
  readonly on: string;
  readonly to: number;
}

export interface SuspensionPlan {
  readonly scope: 'full' | 'partial';
  readonly detail: string | null;
  readonly startsOn: string;
  /** Full suspensions may be lifted in part first (leaving a partial suspension). */
  readonly partialLiftOn: string | null;
  readonly partialDetail: string | null;
  /** After a partial lift, care slipped again: suspended in full again. */
  readonly reinstatedOn: string | null;
  readonly liftedOn: string;
}

/** An episode of poor care and how the council responded; dates after today have not happened yet. */
export interface Episode {
  readonly kind: EpisodeKind;
  readonly onset: string;
  readonly worst: string;
  readonly recovered: string;
  readonly depth: number;
  readonly caseOpenedOn: string;
  readonly caseStage: number;
  /** Every change of stage after opening, in order (up or down). */
  readonly stageChanges: readonly StageChange[];
  readonly caseClosedOn: string;
  readonly suspension: SuspensionPlan | null;
  readonly contract: { readonly kind: 'remedies_for_poor_performance' | 'failure_to_perform'; readonly startedOn: string; readonly endedOn: string } | null;
  /** Part of a provider group's difficulty (the group's case covers it). */
  readonly group: boolean;
}

export interface Story {
  readonly service: DemoService;
  readonly base: number;
  /** Drift in quality a year. */
  readonly trend: number;
  readonly episodes: Episode[];
  /** CQC registration of a care home: nursing and dementia care (for complexity). */
  readonly nursing: boolean;
  readonly dementia: boolean;
  /** The officer's view of how complex the care is, 1 to 5, where the record cannot say. */
  readonly complexity: 1 | 2 | 3 | 4 | 5;
}

const MEAN_QUALITY: Record<Category, number> = {
  care_home_older_people: 0.05,
  care_home_adults_with_disabilities: 1.0,
  home_care: 0.7,
  supported_living: 0.55,
  extra_care: 0.7,
  day_services_older_people: 1.1,
  day_opportunities_adults_with_disabilities: 1.0,
};

/** A bell-shaped draw (the sum of uniforms), mean 0 and standard deviation about 1. */
export function normal(random: Random): number {
  let sum = 0;
  for (let i = 0; i < 6; i++) sum += random.float();
  return (sum - 3) * Math.SQRT2;
}

function dip(episode: Episode, on: string): number {
  if (on < episode.onset || on >= episode.recovered) return 0;
  if (on <= episode.worst) return (episode.depth * daysBetween(episode.onset, on)) / Math.max(1, daysBetween(episode.onset, episode.worst));
  // Recovery is slow at first, then quicker, and a reinstated suspension marks a relapse.
  const span = Math.max(1, daysBetween(episode.worst, episode.recovered));
  const done = daysBetween(episode.worst, on) / span;
  const relapse = episode.suspension?.reinstatedOn && on >= episode.suspension.reinstatedOn && on < episode.suspension.liftedOn ? 0.3 : 0;
  return episode.depth * (1 - done * done) + relapse * episode.depth;
}

export function qualityOn(story: Story, on: string, window: Window): number {
  let q = story.base + story.trend * yearsBetween(window.start, on);
  for (const e of story.episodes) q -= dip(e, on);
  return q;
}

const CARE_HOMES: readonly Category[] = ['care_home_older_people', 'care_home_adults_with_disabilities'];

export function makeStory(service: DemoService, random: Random): Story {
  const careHome = CARE_HOMES.includes(service.category);
  const nursing = careHome && service.category === 'care_home_older_people' && random.chance(0.4);
  const dementia = careHome && service.category === 'care_home_older_people' && random.chance(0.55);
  const complexity = ((): Story['complexity'] => {
    switch (service.category) {
      case 'extra_care':
        return 1;
      case 'care_home_older_people':
      case 'care_home_adults_with_disabilities':
        return nursing ? (dementia ? 5 : 4) : dementia ? 3 : 2;
      case 'home_care':
        return random.pick([2, 2, 2, 3, 3, 4, 5] as const);
      case 'supported_living':
        return random.pick([1, 2, 2, 3, 3, 4, 5] as const);
      default:
        return random.pick([1, 1, 2, 2, 3] as const);
    }
  })();
  return {
    service,
    base: MEAN_QUALITY[service.category] + 0.75 * normal(random),
    trend: 0.04 + 0.08 * normal(random),
    episodes: [],
    nursing,
    dementia,
    complexity,
  };
}

// ---------------------------------------------------------------------------------------------------
// Episodes

const SUSPENDABLE: readonly Category[] = [...CARE_HOMES, 'home_care', 'supported_living', 'extra_care'];

export function canBeSuspended(category: Category): boolean {
  return SUSPENDABLE.includes(category);
}

export interface EpisodeShape {
  readonly kind: EpisodeKind;
  readonly onset: string;
  /** Force the details a scripted storyline needs; otherwise drawn at random. */
  readonly escalate?: boolean;
  readonly partialLift?: boolean;
  readonly reinstate?: boolean;
  readonly contract?: boolean;
  /** Days from the worst of it to recovery. */
  readonly recoveryDays?: number;
  readonly group?: boolean;
}

function partialDetail(story: Story, random: Random): string {
  if (story.service.category === 'home_care') return random.pick(['New packages of care in the north of the area', 'New packages needing two carers']);
  if (story.service.category === 'supported_living') return 'New tenancies only';
  if (story.nursing) return 'Nursing beds only';
  if (story.dementia) return 'Placements of people living with dementia';
  return random.pick(['Respite admissions only', 'Placements of people with complex needs']);
}

/** An episode of the given shape for a story, with every date of the council's response worked out. */
export function makeEpisode(story: Story, shape: EpisodeShape, random: Random): Episode {
  const { kind, onset } = shape;
  const homeCare = story.service.category === 'home_care';
  const suspendable = canBeSuspended(story.service.category);
  if (kind === 'minor') {
    const worst = addDays(onset, random.int(30, 75));
    const recovered = addDays(worst, shape.recoveryDays ?? random.int(100, 240));
    const caseOpenedOn = addDays(onset, random.int(20, 50));
    const escalate = shape.escalate ?? random.chance(0.35);
    const stageChanges: StageChange[] = [];
    if (escalate) stageChanges.push({ on: addDays(worst, random.int(5, 20)), to: 2 });
    if (escalate && random.chance(0.6)) stageChanges.push({ on: addDays(recovered, -random.int(20, 50)), to: 1 });
    return {
      kind, onset, worst, recovered, depth: 0.9 + 0.5 * random.float(), caseOpenedOn, caseStage: 1, stageChanges,
      caseClosedOn: addDays(recovered, random.int(0, 30)), suspension: null, contract: null, group: !!shape.group,
    };
  }
  if (kind === 'serious') {
    const worst = addDays(onset, random.int(45, 110));
    const recovered = addDays(worst, shape.recoveryDays ?? random.int(150, 330));
    const caseOpenedOn = addDays(onset, random.int(15, 40));
    const middle = addDays(worst, Math.round(daysBetween(worst, recovered) * 0.6));
    const partial = suspendable && !homeCare && (shape.partialLift ?? random.chance(0.3));
    const wantsContract = homeCare ? (shape.contract ?? true) : (shape.contract ?? random.chance(0.15));
    return {
      kind, onset, worst, recovered, depth: 1.5 + 0.6 * random.float(), caseOpenedOn, caseStage: 2,
      stageChanges: [{ on: addDays(worst, random.int(0, 15)), to: 3 }, { on: middle, to: 2 }],
      caseClosedOn: addDays(recovered, random.int(0, 30)),
      suspension: partial
        ? { scope: 'partial', detail: partialDetail(story, random), startsOn: addDays(worst, random.int(0, 10)), partialLiftOn: null, partialDetail: null, reinstatedOn: null, liftedOn: addDays(recovered, -random.int(0, 30)) }
        : null,
      contract: wantsContract ? { kind: 'remedies_for_poor_performance', startedOn: addDays(worst, random.int(5, 30)), endedOn: addDays(recovered, random.int(0, 20)) } : null,
      group: !!shape.group,
    };
  }
  const worst = addDays(onset, random.int(30, 90));
  const recoveryDays = shape.recoveryDays ?? random.int(130, 330);
  const reinstate = shape.reinstate ?? random.chance(0.15);
  const recovered = addDays(worst, recoveryDays + (reinstate ? random.int(70, 120) : 0));
  const caseOpenedOn = addDays(onset, random.int(10, 30));
  const startsOn = addDays(worst, random.int(0, 7));
  const partialLift = reinstate || (shape.partialLift ?? random.chance(0.55));
  const partialLiftOn = partialLift ? addDays(startsOn, Math.round(recoveryDays * (0.45 + 0.15 * random.float()))) : null;
  const reinstatedOn = reinstate && partialLiftOn ? addDays(partialLiftOn, random.int(35, 70)) : null;
  const liftedOn = addDays(recovered, -random.int(0, 20));
  const opensAt = random.chance(0.4) ? 2 : 3;
  const stageChanges: StageChange[] = [];
  if (opensAt === 2) stageChanges.push({ on: addDays(caseOpenedOn, random.int(10, 25)), to: 3 });
  stageChanges.push({ on: addDays(worst, random.int(0, 5)), to: 4 });
  stageChanges.push({ on: addDays(partialLiftOn ?? liftedOn, random.int(0, 10)), to: 3 });
  if (reinstatedOn) stageChanges.push({ on: reinstatedOn, to: 4 }, { on: addDays(liftedOn, random.int(0, 10)), to: 3 });
  stageChanges.push({ on: addDays(liftedOn, random.int(20, 45)), to: 2 });
  const ordered = stageChanges.filter((c, i) => i === 0 || c.on > stageChanges[i - 1]!.on);
  const wantsContract = homeCare ? (shape.contract ?? random.chance(0.6)) : (shape.contract ?? false);
  return {
    kind, onset, worst, recovered, depth: 2.3 + 0.7 * random.float(), caseOpenedOn, caseStage: opensAt, stageChanges: ordered,
    caseClosedOn: addDays(liftedOn, random.int(50, 100)),
    suspension: {
      scope: 'full',
      detail: null,
      startsOn,
      partialLiftOn,
      partialDetail: partialLift ? partialDetail(story, random) : null,
      reinstatedOn,
      liftedOn,
    },
    contract: wantsContract ? { kind: 'failure_to_perform', startedOn: addDays(startsOn, random.int(0, 14)), endedOn: addDays(liftedOn, random.int(0, 30)) } : null,
    group: !!shape.group,
  };
}

/** Episodes over five years per 100 services, by kind (seed 003: about 1 in 100 homes suspended at a time). */
const EPISODE_RATES: Record<EpisodeKind, number> = { minor: 8, serious: 5, suspension: 7 };

/**
 * Places random episodes on a council's stories: weaker services are likelier to struggle, and each
 * service has at most one episode. `busy` services (scripted ones) are left alone.
 */
export function scatterEpisodes(stories: readonly Story[], window: Window, random: Random, options: { busy: ReadonlySet<string>; settledBy?: string }): void {
  const free = stories.filter((s) => !options.busy.has(s.service.id) && s.episodes.length === 0);
  const weight = (s: Story) => Math.exp(-0.9 * s.base);
  for (const kind of ['suspension', 'serious', 'minor'] as const) {
    const eligible = free.filter((s) => s.episodes.length === 0 && (kind === 'minor' || canBeSuspended(s.service.category)));
    let count = Math.round((EPISODE_RATES[kind] * stories.length) / 100);
    while (count > 0 && eligible.length > 0) {
      const total = eligible.reduce((sum, s) => sum + weight(s), 0);
      let roll = random.float() * total;
      let index = eligible.findIndex((s) => (roll -= weight(s)) < 0);
      if (index < 0) index = eligible.length - 1;
      const story = eligible.splice(index, 1)[0]!;
      // Where the main council's current cases are scripted, random ones have settled by then.
      const latest = options.settledBy ?? addDays(window.today, -30);
      for (let tries = 0; tries < 6; tries++) {
        const episode = makeEpisode(story, { kind, onset: dayBetween(random, addDays(window.start, -60), latest) }, random);
        if (options.settledBy && episode.caseClosedOn >= options.settledBy) continue;
        story.episodes.push(episode);
        count--;
        break;
      }
    }
  }
}
