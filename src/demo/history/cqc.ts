import type { DemoProvider } from '../model.ts';
import type { Random } from '../random.ts';
import { addDays, addMonths, daysBetween, dayBetween, maxDate, type Window } from './calendar.ts';
import type { CqcLocationRow, CqcRatingRow, CqcValue } from './model.ts';
import { normal, qualityOn, type Story } from './stories.ts';

/**
 * CQC's side of the story: each registered service's location, and every rating CQC published for it,
 * from the one in force when the history starts. Inspections come round by CQC's rhythm (Good services
 * every few years, Requires improvement within a year, Inadequate within six months) and sooner when
 * care slips. Nationally about four in five adult social care services are rated Good, a few Outstanding,
 * most of the rest Requires improvement and one or two in a hundred Inadequate.
 */

export type KeyQuestion = 'safe' | 'effective' | 'caring' | 'responsive' | 'wellLed';
const KEY_QUESTIONS: readonly KeyQuestion[] = ['safe', 'effective', 'caring', 'responsive', 'wellLed'];

/** CQC's rule from key questions to the overall rating. */
export function aggregateCqc(kq: Readonly<Record<KeyQuestion, CqcValue>>): CqcValue {
  const values = KEY_QUESTIONS.map((k) => kq[k]);
  const count = (v: CqcValue) => values.filter((x) => x === v).length;
  if (count('inadequate') >= 2) return 'inadequate';
  if (count('inadequate') === 1 || count('requires_improvement') >= 2) return 'requires_improvement';
  if (count('outstanding') >= 2 && count('requires_improvement') === 0) return 'outstanding';
  return 'good';
}

/** Key question ratings that CQC's rule turns into the overall rating given. */
function keyQuestionsFor(overall: CqcValue, random: Random): Record<KeyQuestion, CqcValue> {
  const kq: Record<KeyQuestion, CqcValue> = { safe: 'good', effective: 'good', caring: 'good', responsive: 'good', wellLed: 'good' };
  switch (overall) {
    case 'outstanding':
      for (const k of random.shuffle(['caring', 'responsive', 'wellLed', 'effective'] as const).slice(0, random.int(2, 3))) kq[k] = 'outstanding';
      break;
    case 'good':
      if (random.chance(0.25)) kq[random.pick(['safe', 'safe', 'wellLed', 'effective'] as const)] = 'requires_improvement';
      if (random.chance(0.12)) kq[random.pick(['caring', 'responsive'] as const)] = 'outstanding';
      break;
    case 'requires_improvement':
      if (random.chance(0.15)) {
        kq.safe = 'inadequate';
        kq.wellLed = 'requires_improvement';
      } else {
        for (const k of random.shuffle(['safe', 'wellLed', 'effective', 'responsive'] as const).slice(0, random.int(2, 4))) kq[k] = 'requires_improvement';
      }
      break;
    case 'inadequate':
      kq.safe = 'inadequate';
      kq.wellLed = 'inadequate';
      kq.effective = random.chance(0.5) ? 'inadequate' : 'requires_improvement';
      kq.responsive = 'requires_improvement';
      kq.caring = random.chance(0.5) ? 'requires_improvement' : 'good';
      break;
  }
  return kq;
}

/** CQC's judgement of a service of a given hidden quality (more lenient than a council's own assessment). */
function cqcValueFor(quality: number, random: Random): CqcValue {
  const q = quality + 0.3 * normal(random);
  if (q >= 2.2) return 'outstanding';
  if (q >= -0.15) return 'good';
  if (q >= -1.9) return 'requires_improvement';
  return 'inadequate';
}

/** Months to the next inspection after a rating. */
function nextInspectionMonths(value: CqcValue, random: Random): number {
  switch (value) {
    case 'outstanding':
      return random.int(30, 56);
    case 'good':
      return random.int(24, 54);
    case 'requires_improvement':
      return random.int(8, 16);
    case 'inadequate':
      return random.int(5, 8);
  }
}

const SPECIALISMS_AWD = ['Learning disabilities', 'Autism', 'Physical disabilities', 'Mental health conditions', 'Sensory impairments'];

function serviceTypes(story: Story): string[] {
  switch (story.service.category) {
    case 'care_home_older_people':
    case 'care_home_adults_with_disabilities':
      return [story.nursing ? 'Care home service with nursing' : 'Care home service without nursing'];
    case 'home_care':
      return ['Domiciliary care service'];
    case 'supported_living':
      return ['Supported living service', 'Domiciliary care service'];
    case 'extra_care':
      return ['Extra Care housing services', 'Domiciliary care service'];
    default:
      return ['Community based services for people with a learning disability'];
  }
}

function specialisms(story: Story, random: Random): string[] {
  if (story.service.category === 'care_home_older_people' || story.service.category === 'home_care' || story.service.category === 'extra_care') {
    return ['Caring for adults over 65 yrs', ...(story.dementia ? ['Dementia'] : []), ...(random.chance(0.3) ? ['Physical disabilities'] : [])];
  }
  return random.shuffle(SPECIALISMS_AWD).slice(0, random.int(1, 3));
}

export interface CqcHistory {
  readonly locations: CqcLocationRow[];
  readonly ratings: CqcRatingRow[];
  /** Each service's ratings, oldest first. */
  readonly byService: Map<string, CqcRatingRow[]>;
}

export function generateCqc(stories: readonly Story[], providers: ReadonlyMap<string, DemoProvider>, localAuthority: string, window: Window, random: Random): CqcHistory {
  const history: CqcHistory = { locations: [], ratings: [], byService: new Map() };
  for (const story of stories) {
    const s = story.service;
    if (!s.cqcLocationId) continue;
    const provider = providers.get(s.providerId)!;
    // Most services were registered long ago; some opened during the five years and wait for a first rating.
    const isNew = random.chance(0.07);
    const registeredOn = isNew ? dayBetween(random, addDays(window.start, 60), addDays(window.today, -120)) : dayBetween(random, '2011-01-01', addDays(window.start, -400));
    history.locations.push({
      locationId: s.cqcLocationId,
      name: s.name,
      providerId: provider.cqcProviderId,
      providerName: provider.name,
      address: [s.addressLine1, s.addressLine2].filter(Boolean).join(', '),
      town: s.town,
      postcode: s.postcode,
      localAuthority: s.inCounty ? localAuthority : '',
      registeredOn,
      careHome: s.category.startsWith('care_home_'),
      beds: s.beds,
      serviceTypes: serviceTypes(story),
      specialisms: specialisms(story, random),
      inspectionCategory: s.category.startsWith('care_home_') ? 'Residential social care' : 'Community based adult social care services',
    });
    const ratings: CqcRatingRow[] = [];
    const rate = (on: string) => {
      const overall = cqcValueFor(qualityOn(story, on, window), random);
      const kq = keyQuestionsFor(overall, random);
      ratings.push({ id: random.uuid(), locationId: s.cqcLocationId!, publishedOn: on, overall, ...kq });
      return overall;
    };
    let on = isNew ? addMonths(registeredOn, random.int(8, 14)) : maxDate(addDays(registeredOn, 200), dayBetween(random, addDays(window.start, -1100), addDays(window.start, -20)));
    // Care slipping badly brings an inspection forward.
    const responsive = story.episodes.filter((e) => e.kind !== 'minor').map((e) => addDays(e.worst, random.int(20, 80)));
    while (on <= window.today) {
      const overall = rate(on);
      let next = addMonths(on, nextInspectionMonths(overall, random));
      const sooner = responsive.find((d) => d > addDays(on, 120) && d < next);
      if (sooner) next = sooner;
      on = daysBetween(on, next) < 60 ? addDays(on, 60) : next;
    }
    history.ratings.push(...ratings);
    history.byService.set(s.id, ratings);
  }
  return history;
}

/** The rating in force on a day: the latest published on or before it. */
export function cqcOn(ratings: readonly CqcRatingRow[] | undefined, on: string): CqcRatingRow | undefined {
  let found: CqcRatingRow | undefined;
  for (const r of ratings ?? []) if (r.publishedOn <= on) found = r;
  return found;
}
