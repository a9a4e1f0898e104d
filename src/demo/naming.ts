import type { Category } from './model.ts';
import type { Town } from './places.ts';
import type { Random } from './random.ts';
import {
  COMPANY_ENDINGS,
  COMPANY_WORDS,
  DAY_OPPORTUNITY_NAMES,
  DAY_SERVICE_NAMES,
  FIRST_NAMES,
  HOME_FIRST,
  HOME_SECOND,
  LAST_NAMES,
  PLACE_FIRST,
  PLACE_SECOND,
  STREETS,
} from './words.ts';

/** Names of services, providers and people, in the styles councils' registers actually hold. */

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

const homeName = (random: Random, seconds: readonly string[] = HOME_SECOND) => `${random.pick(HOME_FIRST)} ${random.pick(seconds)}`;

export function serviceName(category: Category, town: Town, random: Random): string {
  switch (category) {
    case 'care_home_older_people': {
      const suffix = random.weighted({ '': 0.6, ' Care Home': 0.25, ' Nursing Home': 0.15 });
      return `${homeName(random)}${suffix}`;
    }
    case 'care_home_adults_with_disabilities':
      return random.chance(0.35) ? `${random.int(1, 120)} ${random.pick(STREETS)}` : homeName(random);
    case 'home_care':
      return `${random.pick(COMPANY_WORDS)} ${random.pick(['Homecare', 'Home Care', 'Care at Home', 'Domiciliary Care'])} – ${town.name}`;
    case 'supported_living':
      return random.weighted({
        [`${homeName(random, ['Court', 'House', 'Mews', 'Gardens'])} supported living`]: 0.5,
        [`${random.pick(STREETS)} supported living scheme`]: 0.3,
        [`${town.name} Supported Living Service`]: 0.2,
      });
    case 'extra_care':
      return `${homeName(random, ['Court', 'Gardens', 'Place', 'View', 'Lodge'])} extra care`;
    case 'day_services_older_people':
      return random.chance(0.6) ? `${town.name} ${random.pick(DAY_SERVICE_NAMES)}` : `${random.pick(HOME_FIRST)} ${random.pick(DAY_SERVICE_NAMES)}`;
    case 'day_opportunities_adults_with_disabilities':
      return random.chance(0.5) ? `${town.name} ${random.pick(DAY_OPPORTUNITY_NAMES)}` : `${random.pick(HOME_FIRST)} ${random.pick(DAY_OPPORTUNITY_NAMES)}`;
  }
}

interface ProviderNaming {
  readonly name: string;
  readonly limitedCompany: boolean;
}

/** A small independent provider's name, given the first service it runs. */
export function independentProviderName(category: Category, firstServiceName: string, town: Town, random: Random): ProviderNaming {
  const surname = random.pick(LAST_NAMES);
  switch (category) {
    case 'care_home_older_people':
    case 'care_home_adults_with_disabilities': {
      const style = random.weighted({ home: 0.35, family: 0.2, partnership: 0.15, company: 0.3 });
      if (style === 'home') return { name: `${firstServiceName.replace(/ (Care|Nursing) Home$/, '')} Care Ltd`, limitedCompany: true };
      if (style === 'family') return { name: `${surname} Care Homes Ltd`, limitedCompany: true };
      if (style === 'partnership') {
        const initial = () => random.pick(FIRST_NAMES)[0];
        return { name: `Mr ${initial()} and Mrs ${initial()} ${surname}`, limitedCompany: false };
      }
      return { name: `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_ENDINGS)}`, limitedCompany: true };
    }
    case 'home_care':
      return { name: `${firstServiceName.replace(/ – .*$/, '')} Ltd`, limitedCompany: true };
    case 'extra_care':
      return { name: `${random.pick(COMPANY_WORDS)} Housing and Care Ltd`, limitedCompany: true };
    case 'supported_living':
    case 'day_opportunities_adults_with_disabilities':
      return random.chance(0.7)
        ? { name: `${random.pick(COMPANY_WORDS)} ${random.pick(['Support Ltd', 'Living Ltd', 'Lifestyles Ltd', 'Support Services Ltd'])}`, limitedCompany: true }
        : { name: `${town.name} Disability Trust`, limitedCompany: false };
    case 'day_services_older_people':
      return { name: `${town.name} ${random.pick(['Community Care Association', 'Day Care Trust', 'Friendship Centre'])}`, limitedCompany: false };
  }
}

/** A street address; most have a number. */
export function street(random: Random): string {
  return random.chance(0.75) ? `${random.int(1, 220)} ${random.pick(STREETS)}` : random.pick(STREETS);
}

/** A village or suburb for the second address line. */
export function locality(random: Random): string {
  for (;;) {
    const first = random.pick(PLACE_FIRST);
    const second = random.pick(PLACE_SECOND);
    if (first.at(-1)!.toLowerCase() !== second[0]) return first + second;
  }
}
