import type { Random } from '../random.ts';
import { addDays, addMonths, instantOn, minDate, workingDay, type Window } from './calendar.ts';
import type { AssessmentRow, CqcRatingRow, IntelligenceRow, PlanRow, VisitKind, VisitRow } from './model.ts';
import type { Story } from './stories.ts';
import { VISIT_OUTCOMES, VISIT_PURPOSES } from './texts.ts';

/**
 * Visits of every kind, as a quality officer's year holds them (seeds 000 to 003): the full monitoring
 * visit of each assessment (with a relatives' surgery at many care homes), unannounced drop-ins after
 * worrying intelligence, support visits while an action plan or the concerns procedure runs, joint visits
 * with CQC, health and social workers, and the update visits of action plans. Each officer makes about
 * 250 to 300 visits a year (seed 001) where the caseload allows: quieter years gain routine drop-ins and
 * busier ones lose the visits that could wait.
 */

export interface VisitInput {
  readonly stories: readonly Story[];
  readonly window: Window;
  readonly random: Random;
  readonly officerOf: (story: Story) => string;
  readonly assessments: ReadonlyMap<string, readonly AssessmentRow[]>;
  readonly plans: ReadonlyMap<string, readonly PlanRow[]>;
  readonly intelligence: ReadonlyMap<string, readonly IntelligenceRow[]>;
  readonly cqc: ReadonlyMap<string, readonly CqcRatingRow[]>;
  readonly nextFullVisit: ReadonlyMap<string, string>;
  /** Follow-up visits already made with the plans: they count towards the officers' years. */
  readonly followUps: readonly VisitRow[];
}

/** An officer's yearly visits (seed 001). */
const VISITS_A_YEAR = { low: 250, high: 300 } as const;
/** A small caseload (the small demo's) is visited at most this often a year per service, rather than 250 times in all. */
const PER_SERVICE = 4.5;

const CARE_HOMES = new Set(['care_home_older_people', 'care_home_adults_with_disabilities']);
const PROTECTED: ReadonlySet<VisitKind> = new Set(['full', 'follow_up']);

export function generateVisits(input: VisitInput): VisitRow[] {
  const { window, random } = input;
  const visits: VisitRow[] = [];
  const add = (story: Story, kind: VisitKind, on: string, extra: Partial<VisitRow> = {}) => {
    const officer = input.officerOf(story);
    const done = on <= window.today;
    const planned = !done || kind === 'full' || kind === 'support' || kind === 'relatives_surgery' || (kind === 'joint' && random.chance(0.7));
    const cancelled = !done && random.chance(0.04);
    const row: VisitRow = {
      id: random.uuid(),
      serviceId: story.service.id,
      kind,
      jointWith: [],
      jointDetail: null,
      purpose: random.pick(VISIT_PURPOSES[kind]!),
      dueBy: null,
      plannedOn: planned ? on : null,
      visitedOn: done ? on : null,
      officerId: officer,
      outcome: done ? random.pick(VISIT_OUTCOMES[kind]!) : null,
      assessmentId: null,
      actionPlanId: null,
      cancelledOn: cancelled ? window.today : null,
      cancelReason: cancelled ? 'The manager is away; to be rearranged.' : null,
      createdBy: officer,
      recordedBy: done ? officer : null,
      createdAt: instantOn(random, planned ? minDate(addDays(on, -random.int(7, 35)), window.today) : on),
      ...extra,
    };
    visits.push(row);
    return row;
  };

  for (const story of input.stories) {
    const id = story.service.id;
    const careHome = CARE_HOMES.has(story.service.category);
    for (const a of input.assessments.get(id) ?? []) {
      if (a.kind !== 'full' || a.version !== 1 || !a.visitedOn) continue;
      add(story, 'full', a.visitedOn, { assessmentId: a.id, officerId: a.createdBy, createdBy: a.createdBy, recordedBy: a.createdBy });
      if (careHome && random.chance(0.35)) add(story, 'relatives_surgery', workingDay(addDays(a.visitedOn, random.int(0, 1))));
      else if (random.chance(0.12)) add(story, 'joint', a.visitedOn, { jointWith: ['social_care'], jointDetail: 'With the service’s social work team' });
    }
    const next = input.nextFullVisit.get(id);
    if (next && next <= addDays(window.today, 90)) {
      const draft = (input.assessments.get(id) ?? []).find((a) => a.kind === 'full' && a.status === 'draft' && !a.visitedOn);
      add(story, 'full', next, { assessmentId: draft?.id ?? null });
    }
    // Worrying intelligence brings an unannounced visit.
    for (const e of input.intelligence.get(id) ?? []) {
      const chance = e.severity === 'red' ? 0.7 : e.severity === 'amber' ? 0.3 : 0.05;
      if (random.chance(chance)) add(story, 'drop_in', workingDay(addDays(e.receivedOn, random.int(2, 21))), { purpose: 'Unannounced visit prompted by recent intelligence.' });
    }
    // CQC finding care below Good: a joint visit with the inspector.
    for (const r of input.cqc.get(id) ?? []) {
      if (r.publishedOn > window.start && (r.overall === 'requires_improvement' || r.overall === 'inadequate') && random.chance(0.3)) {
        add(story, 'joint', workingDay(addDays(r.publishedOn, random.int(10, 40))), { jointWith: ['cqc'], jointDetail: 'With the CQC inspector' });
      }
    }
    // While an episode runs: support visits, and joint visits with health.
    for (const e of story.episodes) {
      if (e.kind === 'minor' && !e.group) continue;
      for (let on = addDays(e.worst, random.int(7, 30)); on < minDate(e.recovered, addDays(window.today, 30)); on = addDays(on, random.int(30, 60))) {
        add(story, random.chance(0.6) ? 'support' : 'drop_in', workingDay(on));
      }
      if (random.chance(0.4)) add(story, 'joint', workingDay(addDays(e.worst, random.int(5, 40))), { jointWith: random.chance(0.5) ? ['health'] : ['health', 'social_care'], jointDetail: 'With the ICB quality team' });
    }
    // An agreed plan often gets a support visit.
    for (const plan of input.plans.get(id) ?? []) {
      if (plan.agreedOn && random.chance(0.3)) add(story, 'support', workingDay(addDays(plan.agreedOn, random.int(14, 40))), { actionPlanId: plan.id });
    }
  }
  return balance(input, visits.filter((v) => v.visitedOn === null || v.visitedOn >= input.window.start));
}

/**
 * Keeps each officer's year to about 250 to 300 visits: where a year has more, visits that could wait
 * are dropped; where it has fewer and the caseload calls for more, routine drop-ins are added.
 */
function balance(input: VisitInput, visits: VisitRow[]): VisitRow[] {
  const { window, random } = input;
  const caseload = new Map<string, Story[]>();
  for (const story of input.stories) caseload.set(input.officerOf(story), [...(caseload.get(input.officerOf(story)) ?? []), story]);
  const kept: VisitRow[] = [];
  for (const [officer, stories] of caseload) {
    const middle = (VISITS_A_YEAR.low + VISITS_A_YEAR.high) / 2;
    const wanted = Math.max(1, Math.min(middle, stories.length * PER_SERVICE));
    for (let year = 0; year < 5; year++) {
      const to = addMonths(window.today, -12 * year);
      const from = addMonths(to, -12);
      const inYear = (v: VisitRow) => v.officerId === officer && v.visitedOn !== null && v.visitedOn > from && v.visitedOn <= to;
      const mine = visits.filter(inYear);
      const fixed = input.followUps.filter(inYear).length;
      const target = wanted + random.int(-10, 10);
      const optional = random.shuffle(mine.filter((v) => !PROTECTED.has(v.kind)));
      const must = mine.filter((v) => PROTECTED.has(v.kind));
      const room = Math.max(0, target - fixed - must.length);
      kept.push(...must, ...optional.slice(0, room));
      for (let extra = optional.length; extra < room; extra++) {
        const story = random.pick(stories);
        const on = workingDay(addDays(from, random.int(1, 364)));
        if (on > window.today) continue;
        kept.push({
          id: random.uuid(),
          serviceId: story.service.id,
          kind: CARE_HOMES.has(story.service.category) && random.chance(0.15) ? 'relatives_surgery' : random.chance(0.65) ? 'drop_in' : 'support',
          jointWith: [],
          jointDetail: null,
          purpose: 'Routine check between full assessments.',
          dueBy: null,
          plannedOn: null,
          visitedOn: on,
          officerId: officer,
          outcome: random.pick(VISIT_OUTCOMES.drop_in!),
          assessmentId: null,
          actionPlanId: null,
          cancelledOn: null,
          cancelReason: null,
          createdBy: officer,
          recordedBy: officer,
          createdAt: instantOn(random, on),
        });
      }
    }
    kept.push(...visits.filter((v) => v.officerId === officer && v.visitedOn === null));
  }
  return kept;
}
