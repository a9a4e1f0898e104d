import { apportion } from './apportion.ts';
import type { Identifiers } from './identifiers.ts';
import { CATEGORIES, CATEGORY_SHARES, OUT_OF_COUNTY_SHARE, type Category, type DemoContract, type DemoProvider, type DemoService, type DemoUser } from './model.ts';
import { independentProviderName, locality, serviceName, street } from './naming.ts';
import { postcodeIn, type Place, type Town } from './places.ts';
import type { Random } from './random.ts';
import type { GroupTemplate } from './words.ts';

/** One council's register: providers (groups and independents), services and their contracts. */

export interface GroupIdentity {
  readonly template: GroupTemplate;
  readonly parentCompanyNumber: string;
  readonly subsidiaries: readonly { name: string; companyNumber: string; cqcProviderId: string }[];
}

interface RegisterInput {
  readonly random: Random;
  readonly councilId: string;
  readonly councilCode: string;
  readonly place: Place;
  /** Places out-of-county services are in, nearest first. */
  readonly elsewhere: readonly Place[];
  readonly officers: { readonly careHomes: DemoUser; readonly community: DemoUser };
  readonly size: number;
  readonly groups: readonly GroupIdentity[];
  /** The group with the largest share of this council's services, and that share. */
  readonly bigGroup: GroupIdentity;
  readonly bigGroupShare: number;
  readonly ids: Identifiers;
}

interface Register {
  readonly providers: DemoProvider[];
  readonly services: DemoService[];
  readonly contracts: DemoContract[];
}

interface Slot {
  readonly category: Category;
  readonly inCounty: boolean;
  taken: boolean;
}

const GROUP_CATEGORIES: Record<GroupTemplate['kind'], readonly Category[]> = {
  care_homes: ['care_home_older_people', 'care_home_adults_with_disabilities', 'extra_care'],
  disabilities: ['care_home_adults_with_disabilities', 'supported_living', 'day_opportunities_adults_with_disabilities'],
  home_care: ['home_care', 'extra_care'],
};

const CARE_HOMES: readonly Category[] = ['care_home_older_people', 'care_home_adults_with_disabilities'];
const REGISTERED_WITH_CQC: readonly Category[] = [...CARE_HOMES, 'home_care', 'extra_care'];
const PLACED_OUT_OF_COUNTY: readonly Category[] = [...CARE_HOMES, 'supported_living'];

/** Exactly the category shares (rounded) and out-of-county share, in a random order. */
function slotsFor(size: number, random: Random): Slot[] {
  const counts = apportion(CATEGORIES.map((c) => CATEGORY_SHARES[c]), size);
  const categories = random.shuffle(CATEGORIES.flatMap((c, i) => Array<Category>(counts[i]!).fill(c)));
  const placeable = random.shuffle(categories.map((c, i) => (PLACED_OUT_OF_COUNTY.includes(c) ? i : -1)).filter((i) => i >= 0));
  const away = new Set(placeable.slice(0, Math.round(size * OUT_OF_COUNTY_SHARE)));
  return categories.map((category, i) => ({ category, inCounty: !away.has(i), taken: false }));
}

export function generateRegister(input: RegisterInput): Register {
  const { random, ids } = input;
  const register: Register = { providers: [], services: [], contracts: [] };
  const serviceNames = new Set<string>();
  const providerNames = new Set<string>();
  const slots = slotsFor(input.size, random);
  let contractNumber = 0;

  const unique = (used: Set<string>, make: () => string): string => {
    let name = make();
    for (let tries = 0; used.has(name) && tries < 40; tries++) name = make();
    // A big register can exhaust the word lists for one pattern; a number keeps the name distinct.
    for (let n = 2; used.has(name); n++) name = `${make()} ${n}`;
    used.add(name);
    return name;
  };

  const townFor = (inCounty: boolean): Town => {
    if (inCounty || input.elsewhere.length === 0) return random.pick(input.place.towns);
    const nearest = random.chance(0.6) ? input.elsewhere[0]! : random.pick(input.elsewhere.slice(0, 6));
    return random.pick(nearest.towns);
  };

  const addService = (providerId: string, slot: Slot, name: (town: Town) => string): { service: DemoService; town: Town } => {
    slot.taken = true;
    const town = townFor(slot.inCounty);
    const figures = serviceFigures(slot.category, slot.inCounty, random);
    const careHomeTeam = CARE_HOMES.includes(slot.category) || slot.category === 'extra_care';
    const registered = REGISTERED_WITH_CQC.includes(slot.category) ? random.chance(0.98) : slot.category === 'supported_living' && random.chance(0.75);
    const uniqueName = unique(serviceNames, () => name(town));
    const service: DemoService = {
      id: random.uuid(),
      councilId: input.councilId,
      providerId,
      name: uniqueName,
      category: slot.category,
      cqcLocationId: registered ? ids.cqcId() : null,
      // Small homes are often known by their address.
      addressLine1: /^\d/.test(uniqueName) ? uniqueName : street(random),
      addressLine2: random.chance(0.3) ? locality(random) : null,
      town: town.name,
      postcode: postcodeIn(town, random),
      ...figures,
      inCounty: slot.inCounty,
      // Out-of-county services are often left to the host council's officers to monitor.
      leadOfficerId: !slot.inCounty && random.chance(0.5) ? null : (careHomeTeam ? input.officers.careHomes : input.officers.community).id,
    };
    register.services.push(service);
    for (const contract of contractsFor(service, random)) {
      contractNumber++;
      register.contracts.push({
        ...contract,
        id: random.uuid(),
        councilId: input.councilId,
        serviceId: service.id,
        reference: `${input.councilCode.slice(0, 4)}/ASC/${contract.startsOn.slice(0, 4)}/${String(contractNumber).padStart(4, '0')}`,
      });
    }
    return { service, town };
  };

  const addProvider = (provider: Omit<DemoProvider, 'id' | 'councilId' | 'orgId'>, id = random.uuid()): DemoProvider => {
    const row: DemoProvider = { id, councilId: input.councilId, orgId: null, ...provider };
    providerNames.add(row.name);
    register.providers.push(row);
    return row;
  };

  const addGroup = (group: GroupIdentity, size: number) => {
    const wanted = GROUP_CATEGORIES[group.template.kind];
    const mine = slots.filter((s) => !s.taken && wanted.includes(s.category)).slice(0, size);
    if (mine.length === 0) return;
    const parent = addProvider({
      name: group.template.parent,
      companyNumber: group.parentCompanyNumber,
      cqcProviderId: null,
      parentId: null,
      group: group.template.brand,
    });
    const used = group.subsidiaries.slice(0, Math.max(1, Math.min(group.subsidiaries.length, Math.ceil(mine.length / 6))));
    const children = used.map((s) =>
      addProvider({ name: s.name, companyNumber: s.companyNumber, cqcProviderId: s.cqcProviderId, parentId: parent.id, group: group.template.brand }),
    );
    for (const slot of mine) {
      const child = random.pick(children);
      const branch = group.template.branchNames && slot.category === 'home_care';
      // Branches are named after their town, or the suburb they are in when the town has one already.
      const branchName = (town: Town) => `${group.template.brand} – ${serviceNames.has(`${group.template.brand} – ${town.name} branch`) ? locality(random) : town.name} branch`;
      addService(child.id, slot, (town) => (branch ? branchName(town) : serviceName(slot.category, town, random)));
    }
  };

  addGroup(input.bigGroup, Math.max(2, Math.round(input.size * input.bigGroupShare)));
  const others = random.shuffle(input.groups.filter((g) => g !== input.bigGroup)).slice(0, random.int(2, 4));
  for (const group of others) addGroup(group, Math.max(1, Math.round(input.size * (0.015 + random.float() * 0.025))));

  for (const slot of slots) {
    if (slot.taken) continue;
    const providerId = random.uuid();
    const { service: first, town } = addService(providerId, slot, (t) => serviceName(slot.category, t, random));
    let naming = independentProviderName(slot.category, first.name, town, random);
    for (let tries = 0; providerNames.has(naming.name) && tries < 20; tries++) naming = independentProviderName(slot.category, first.name, town, random);
    const existing = providerNames.has(naming.name) ? register.providers.find((p) => p.name === naming.name && p.group === null) : undefined;
    if (existing) {
      // The name is an independent's already: the same company, running one more service.
      register.services[register.services.length - 1] = { ...first, providerId: existing.id };
      continue;
    }
    addProvider(
      {
        name: providerNames.has(naming.name) ? `${naming.name.replace(/ Ltd$/, '')} (${town.name}) Ltd` : naming.name,
        companyNumber: naming.limitedCompany ? ids.companyNumber() : null,
        cqcProviderId: first.cqcLocationId === null ? null : ids.cqcId(),
        parentId: null,
        group: null,
      },
      providerId,
    );
    // A fifth of independents run a second or third service of the same kind.
    if (random.chance(0.2)) {
      for (const extra of slots.filter((s) => !s.taken && s.category === slot.category).slice(0, random.int(1, 2))) {
        addService(providerId, extra, (t) => serviceName(extra.category, t, random));
      }
    }
  }
  return register;
}

interface Figures {
  beds: number | null;
  hoursPerWeek: number | null;
  fundedPeople: number;
}

/** Size and the council's use of a service: beds or hours, and how many people the council funds there. */
function serviceFigures(category: Category, inCounty: boolean, random: Random): Figures {
  const halfHours = (min: number, max: number) => random.int(min * 2, max * 2) / 2;
  switch (category) {
    case 'care_home_older_people': {
      const beds = Math.round((random.int(18, 90) + random.int(10, 60)) / 1.2);
      const clamped = Math.min(120, Math.max(10, beds));
      return { beds: clamped, hoursPerWeek: null, fundedPeople: inCounty ? Math.max(1, Math.round(clamped * (0.25 + random.float() * 0.5))) : random.int(1, 3) };
    }
    case 'care_home_adults_with_disabilities': {
      const beds = random.int(10, random.chance(0.8) ? 24 : 60);
      return { beds, hoursPerWeek: null, fundedPeople: inCounty ? Math.max(1, Math.round(beds * (0.4 + random.float() * 0.5))) : random.int(1, 2) };
    }
    case 'home_care': {
      const hours = halfHours(150, random.chance(0.8) ? 1800 : 4000);
      return { beds: null, hoursPerWeek: hours, fundedPeople: Math.max(1, Math.round((hours * (0.5 + random.float() * 0.4)) / random.int(7, 14))) };
    }
    case 'supported_living': {
      const hours = halfHours(120, 1500);
      return { beds: null, hoursPerWeek: hours, fundedPeople: inCounty ? Math.max(1, Math.round(hours / random.int(25, 45))) : random.int(1, 2) };
    }
    case 'extra_care': {
      const hours = halfHours(150, 900);
      return { beds: null, hoursPerWeek: hours, fundedPeople: Math.max(5, Math.round(hours / random.int(8, 15))) };
    }
    case 'day_services_older_people':
    case 'day_opportunities_adults_with_disabilities':
      return { beds: null, hoursPerWeek: null, fundedPeople: random.int(8, 60) };
  }
}

const isoDate = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
const dayBefore = (year: number, month: number, day: number) => isoDate(year, month, day - 1);

type ContractTerms = Omit<DemoContract, 'id' | 'councilId' | 'serviceId' | 'reference'>;

/** The contracts a service is bought under: frameworks start in April, blocks run three years, spots are open. */
function contractsFor(service: DemoService, random: Random): ContractTerms[] {
  const value = annualValue(service, random);
  const spot = (): ContractTerms => {
    const year = random.int(2022, 2025);
    const month = random.int(1, 12);
    const day = random.int(1, 28);
    return { kind: 'spot', annualValue: value, startsOn: isoDate(year, month, day), endsOn: random.chance(0.6) ? null : dayBefore(year + 1, month, day) };
  };
  const framework = (): ContractTerms => {
    const year = random.int(2022, 2024);
    return { kind: 'framework', annualValue: value, startsOn: isoDate(year, 4, 1), endsOn: dayBefore(year + 4, 4, 1) };
  };
  const block = (): ContractTerms => {
    const year = random.int(2022, 2025);
    const month = random.int(1, 12);
    return { kind: 'block', annualValue: value, startsOn: isoDate(year, month, 1), endsOn: dayBefore(year + 3, month, 1) };
  };
  if (!service.inCounty) return [spot()];
  const main = (() => {
    switch (service.category) {
      case 'care_home_older_people':
      case 'care_home_adults_with_disabilities':
        return random.weighted({ framework: 0.6, block: 0.25, spot: 0.15 });
      case 'home_care':
        return random.weighted({ framework: 0.8, spot: 0.2 });
      case 'supported_living':
        return random.weighted({ block: 0.5, framework: 0.5 });
      case 'extra_care':
        return 'block';
      default:
        return random.weighted({ block: 0.6, spot: 0.4 });
    }
  })();
  const contracts = [main === 'framework' ? framework() : main === 'block' ? block() : spot()];
  // Some homes also take people on spot terms beside their block or framework beds.
  if (CARE_HOMES.includes(service.category) && main !== 'spot' && random.chance(0.1)) contracts.push({ ...spot(), annualValue: Math.round(value * 0.15) });
  return contracts;
}

function annualValue(service: DemoService, random: Random): number {
  const weeks = 52;
  switch (service.category) {
    case 'care_home_older_people':
      return Math.round(service.fundedPeople * random.int(780, 1250) * weeks);
    case 'care_home_adults_with_disabilities':
      return Math.round(service.fundedPeople * random.int(1200, 2600) * weeks);
    case 'home_care':
      return Math.round((service.hoursPerWeek ?? 0) * (0.5 + random.float() * 0.4) * (21.5 + random.float() * 5) * weeks);
    case 'supported_living':
      return Math.round((service.hoursPerWeek ?? 0) * (19 + random.float() * 4) * weeks);
    case 'extra_care':
      return Math.round((service.hoursPerWeek ?? 0) * (20 + random.float() * 3) * weeks);
    default:
      return Math.round(service.fundedPeople * random.int(45, 80) * 2.5 * weeks);
  }
}
