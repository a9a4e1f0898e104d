import type { Category } from '../model.ts';
import { personName } from '../naming.ts';
import type { Random } from '../random.ts';
import { addDays, instantOn, minDate, yearsBetween, type Window } from './calendar.ts';
import type { ConcernReportRow, CqcRatingRow, IntelligenceRow, IntelligenceSource } from './model.ts';
import type { GroupStory } from './scripts.ts';
import { qualityOn, type Story } from './stories.ts';
import { CONCERN_TEXTS, SOURCE_THEMES, intelligenceText, type Theme } from './texts.ts';

/**
 * Intelligence from every source the SPEC lists, more of it and more serious where care is worse, with
 * bursts around each episode; public concern reports, triaged and linked to the service they name or
 * routed onward; and the parent company's financial trouble for a group in difficulty.
 */

/** Background entries a year for a service of middling quality. */
const YEARLY: Record<Category, number> = {
  care_home_older_people: 2.2,
  care_home_adults_with_disabilities: 1.3,
  home_care: 2.2,
  supported_living: 1.1,
  extra_care: 1.1,
  day_services_older_people: 0.5,
  day_opportunities_adults_with_disabilities: 0.5,
};

const BACKGROUND: Record<IntelligenceSource, number> = {
  people_and_families: 14,
  complaint: 13,
  operational_team: 12,
  officer: 10,
  safeguarding: 10,
  gp_and_district_nurse: 8,
  cqc: 4,
  health_commissioner: 5,
  other_council: 4,
  healthwatch: 3,
  environmental_health: 2,
  fire_service: 2,
  financial_check: 3,
  whistleblowing: 2,
  member_of_public: 0,
};

const EPISODE_SOURCES = {
  complaint: 5,
  safeguarding: 5,
  whistleblowing: 2,
  people_and_families: 3,
  gp_and_district_nurse: 2,
  operational_team: 2,
  officer: 2,
  other_council: 1,
  health_commissioner: 1,
} as const satisfies Partial<Record<IntelligenceSource, number>>;

export interface IntelligenceOutput {
  readonly intelligence: IntelligenceRow[];
  readonly concernReports: ConcernReportRow[];
  /** Each service's entries, by date. */
  readonly byService: Map<string, IntelligenceRow[]>;
}

export interface IntelligenceInput {
  readonly stories: readonly Story[];
  readonly window: Window;
  readonly random: Random;
  readonly officerFor: (story: Story) => string;
  readonly cqc: ReadonlyMap<string, readonly CqcRatingRow[]>;
  readonly groups: readonly GroupStory[];
  /** The last concern reference number given each year, shared by every council (references are unique). */
  readonly references: Map<number, number>;
}

function severityFor(q: number, random: Random): 'red' | 'amber' | 'green' {
  const [red, amber] = q < -1.5 ? [0.4, 0.45] : q < 0 ? [0.12, 0.45] : [0.03, 0.27];
  const roll = random.float();
  return roll < red ? 'red' : roll < red + amber ? 'amber' : 'green';
}

function themesFor(source: IntelligenceSource, category: Category, random: Random): Theme[] {
  let pool = [...SOURCE_THEMES[source]];
  if (category !== 'home_care') pool = pool.filter((t) => t !== 'missed_or_late_calls');
  else if (source === 'complaint' || source === 'operational_team') pool.unshift('missed_or_late_calls');
  const count = random.weighted({ 1: 0.55, 2: 0.35, 3: 0.1 });
  return [...new Set(random.shuffle(pool.slice(0, 4)).slice(0, Number(count)))];
}

export function generateIntelligence(input: IntelligenceInput): IntelligenceOutput {
  const { window, random } = input;
  const out: IntelligenceOutput = { intelligence: [], concernReports: [], byService: new Map() };
  const noticeOf = new Map(input.groups.flatMap((g) => g.serviceIds.map((id) => [id, g] as const)));

  for (const story of input.stories) {
    const entries: IntelligenceRow[] = [];
    const add = (receivedOn: string, source: IntelligenceSource, forced: Partial<IntelligenceRow> = {}) => {
      if (receivedOn > window.today || receivedOn < window.start) return;
      const q = qualityOn(story, receivedOn, window);
      const { summary, detail } = intelligenceText(source, random);
      const severity = source === 'complaint' || random.chance(0.8) ? severityFor(q, random) : null;
      const safeguarding = source === 'safeguarding' || (source === 'whistleblowing' && random.chance(0.3));
      const wantsEnquiry = safeguarding && random.chance(q < -1 ? 0.45 : 0.15);
      const concludedOn = addDays(receivedOn, random.int(50, 160));
      const closedOn = addDays(receivedOn, random.int(20, 110));
      const reviewOn = addDays(receivedOn, random.int(1, 12));
      const settled = closedOn <= window.today;
      const row: IntelligenceRow = {
        id: random.uuid(),
        serviceId: story.service.id,
        receivedOn,
        source,
        summary,
        detail,
        themes: themesFor(source, story.service.category, random),
        severity,
        substantiated: settled ? (random.chance(q < 0 ? 0.55 : 0.25) ? 'yes' : 'no') : 'unknown',
        safeguarding,
        section42: wantsEnquiry ? { concludedOn: concludedOn <= window.today ? concludedOn : null } : null,
        reviewOn: reviewOn <= window.today ? reviewOn : null,
        closedOn: settled && (!wantsEnquiry || concludedOn <= closedOn) ? closedOn : wantsEnquiry && concludedOn <= window.today ? concludedOn : null,
        concernReportId: null,
        createdBy: input.officerFor(story),
        createdAt: instantOn(random, minDate(addDays(receivedOn, random.int(0, 2)), window.today)),
        ...forced,
      };
      entries.push(row);
    };

    // Background: a steady trickle, heavier where care is worse.
    let on = addDays(window.start, random.int(0, 60));
    while (on <= window.today) {
      const q = qualityOn(story, on, window);
      const rate = YEARLY[story.service.category] * Math.min(4, Math.exp(-0.45 * q));
      add(on, random.weighted(BACKGROUND));
      on = addDays(on, Math.max(3, Math.round((-Math.log(1 - random.float()) / rate) * 365)));
    }
    // Around each episode: complaints, alerts and whistle-blowing, then the officer's own notes.
    for (const episode of story.episodes) {
      const count = episode.kind === 'minor' ? random.int(3, 5) : episode.kind === 'serious' ? random.int(6, 9) : random.int(8, 13);
      for (let i = 0; i < count; i++) add(addDays(episode.onset, random.int(0, Math.max(10, yearsBetween(episode.onset, episode.worst) * 365 + 30))), random.weighted(EPISODE_SOURCES));
    }
    // A downgrade by CQC arrives as intelligence the day the report is published.
    const ratings = input.cqc.get(story.service.id) ?? [];
    ratings.forEach((r, i) => {
      if (i > 0 && r.overall !== ratings[i - 1]!.overall && (r.overall === 'requires_improvement' || r.overall === 'inadequate')) {
        add(r.publishedOn, 'cqc', { summary: `CQC report published: rated ${r.overall === 'inadequate' ? 'Inadequate' : 'Requires improvement'}`, severity: r.overall === 'inadequate' ? 'red' : 'amber' });
      }
    });
    const group = noticeOf.get(story.service.id);
    if (group) {
      add(group.noticeOn, 'financial_check', {
        summary: `Parent company ${group.providerName} in financial difficulty`,
        detail: 'The parent company has applied for a Company Voluntary Arrangement. Monitoring of every service in the group has been increased.',
        severity: 'red',
        themes: ['finance', 'management'],
        substantiated: 'yes',
      });
    }
    const ordered = oneEnquiryAtATime(entries.sort(byDate));
    out.byService.set(story.service.id, ordered);
    out.intelligence.push(...ordered);
  }
  concernReports(input, out);
  return out;
}

const byDate = (a: IntelligenceRow, b: IntelligenceRow) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : 0);

/** A service has one Section 42 enquiry at a time: a later alert during an open enquiry joins it. */
function oneEnquiryAtATime(entries: IntelligenceRow[]): IntelligenceRow[] {
  let openUntil = '';
  return entries.map((e) => {
    if (!e.section42) return e;
    if (openUntil === 'open' || e.receivedOn < openUntil) return { ...e, section42: null };
    openUntil = e.section42.concludedOn ?? 'open';
    return e;
  });
}

function reference(references: Map<number, number>, submittedAt: string): string {
  const year = Number(submittedAt.slice(0, 4));
  const next = (references.get(year) ?? 0) + 1;
  references.set(year, next);
  return `CO-${year}-${String(next).padStart(6, '0')}`;
}

/** The public form (seed 001): care concerns linked to the service they name, and the other two routes sent on. */
function concernReports(input: IntelligenceInput, out: IntelligenceOutput) {
  const { window, random, stories } = input;
  if (stories.length === 0) return;
  const perYear = { care_service: 0.12, self_neglect: 0.04, abuse_or_neglect: 0.03 } as const;
  const reports: { route: keyof typeof perYear; on: string }[] = [];
  for (const route of Object.keys(perYear) as (keyof typeof perYear)[]) {
    const count = Math.round(perYear[route] * stories.length * yearsBetween(window.start, window.today));
    for (let i = 0; i < count; i++) reports.push({ route, on: addDays(window.start, random.int(0, Math.round(yearsBetween(window.start, window.today) * 365.25))) });
  }
  reports.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  for (const { route, on } of reports) {
    const story = route === 'care_service' || random.chance(0.3) ? random.pick(stories) : undefined;
    const fresh = on > addDays(window.today, -8);
    const triagedOn = addDays(on, random.int(1, 4));
    const submittedAt = instantOn(random, on);
    const officer = story ? input.officerFor(story) : input.officerFor(stories[0]!);
    const linked = !fresh && story && random.chance(0.88);
    const status: ConcernReportRow['status'] = fresh ? 'new' : linked ? 'linked' : route === 'care_service' ? 'closed' : 'routed_onward';
    const row: ConcernReportRow = {
      id: random.uuid(),
      reference: reference(input.references, submittedAt),
      route,
      serviceId: story?.service.id ?? null,
      serviceName: story?.service.name ?? null,
      whatHappened: random.pick(CONCERN_TEXTS[route]),
      happenedWhen: random.chance(0.6) ? 'In the last week' : null,
      personName: route === 'care_service' && random.chance(0.5) ? null : personName(random),
      consent: route === 'care_service' ? null : random.pick(['yes', 'no', 'not_sure'] as const),
      reporterName: random.chance(0.8) ? personName(random) : null,
      reporterEmail: random.chance(0.6) ? `reporter${random.int(100, 999)}@example.com` : null,
      reporterRelationship: random.pick(['Daughter', 'Son', 'Neighbour', 'Friend', 'Care worker', null]),
      status,
      routedTo: status === 'routed_onward' ? (route === 'self_neglect' ? 'adult_social_care' : 'safeguarding') : null,
      triageNotes: fresh ? null : linked ? 'Added to the service’s intelligence.' : status === 'closed' ? 'No service named that we commission; advice given.' : 'Passed to the right team the same day.',
      triagedBy: fresh ? null : officer,
      triagedAt: fresh ? null : instantOn(random, minDate(triagedOn, window.today)),
      submittedAt,
    };
    out.concernReports.push(row);
    if (linked && story) {
      const entries = out.byService.get(story.service.id)!;
      const q = qualityOn(story, on, window);
      const receivedOn = minDate(triagedOn, window.today);
      const entry: IntelligenceRow = {
        id: random.uuid(),
        serviceId: story.service.id,
        receivedOn,
        source: 'member_of_public',
        summary: route === 'abuse_or_neglect' ? 'Concern about abuse or neglect reported through the public form' : 'Concern reported through the public form',
        detail: row.whatHappened,
        themes: route === 'abuse_or_neglect' ? ['safeguarding'] : themesFor('member_of_public', story.service.category, random),
        severity: severityFor(q, random),
        substantiated: addDays(on, 60) <= window.today ? (random.chance(q < 0 ? 0.5 : 0.2) ? 'yes' : 'no') : 'unknown',
        safeguarding: route === 'abuse_or_neglect',
        section42: null,
        reviewOn: receivedOn,
        closedOn: addDays(on, 45) <= window.today ? addDays(on, 45) : null,
        concernReportId: row.id,
        createdBy: officer,
        createdAt: row.triagedAt!,
      };
      entries.push(entry);
      entries.sort(byDate);
      out.intelligence.push(entry);
    }
  }
}

/** Where an entry stood on a day, for the facts a risk rating is made from. */
export function intelligenceStatusOn(entry: IntelligenceRow, on: string): 'open' | 'under_review' | 'closed' {
  if (entry.closedOn && entry.closedOn <= on) return 'closed';
  if (entry.reviewOn && entry.reviewOn <= on) return 'under_review';
  return 'open';
}

export function section42On(entry: IntelligenceRow, on: string): 'open' | 'concluded' | null {
  if (!entry.section42 || entry.receivedOn > on) return null;
  return entry.section42.concludedOn && entry.section42.concludedOn <= on ? 'concluded' : 'open';
}
