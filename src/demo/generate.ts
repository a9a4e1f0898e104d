import { apportion } from './apportion.ts';
import { Identifiers } from './identifiers.ts';
import type { DemoAccount, DemoContract, DemoCouncil, DemoData, DemoOrganisation, DemoProvider, DemoService, DemoUser } from './model.ts';
import { personName } from './naming.ts';
import { makePlaces, type CouncilKind, type PlaceRequest } from './places.ts';
import { Random } from './random.ts';
import { generateRegister, type GroupIdentity } from './register.ts';
import { GROUPS, TEAMS } from './words.ts';

/**
 * The demo data at each scale. The first two councils are always Northmoor (a county) and its neighbour
 * Ravensdale; Northmoor's own provider group (Oakleaf) has a provider-portal organisation, and
 * Healthwatch Northmoor is its partner.
 */
export const SCALES = {
  small: { councils: 1, services: 60, description: 'one council with about 60 services, for tests' },
  council: { councils: 2, services: 500, description: 'two neighbouring councils: about 350 and 150 services' },
  region: { councils: 6, services: 2000, description: 'six councils, about 2,000 services' },
  national: { councils: 153, services: 29108, description: 'every English council with social care duties: 153 councils, 29,108 services' },
} as const;

export type DemoScale = keyof typeof SCALES;

export const DEMO_SEED = 'care-oversight-demo-1';
export const DEMO_PASSWORD = 'demo-password-2026';

const MAIN: PlaceRequest = { kind: 'county', name: 'Northmoor', councilName: 'Northmoor County Council' };
const NEIGHBOUR: PlaceRequest = { kind: 'unitary', name: 'Ravensdale', councilName: 'Ravensdale Borough Council' };
/** England's 153 councils with adult social care duties, by kind (Northmoor and Ravensdale included). */
const NATIONAL_MIX: Record<CouncilKind, number> = { county: 21, metropolitan: 36, london: 33, unitary: 63 };
/** Relative size of a council's register by kind, before scaling to the national total. */
const SIZE_RANGE: Record<CouncilKind, [number, number]> = { county: [480, 900], metropolitan: [140, 320], london: [70, 170], unitary: [90, 300] };
/** Places beyond the last council, where some out-of-county placements are. */
const EXTRA_PLACES = 4;

interface CouncilPlan {
  readonly request: PlaceRequest;
  readonly size: number;
}

function planCouncils(scale: DemoScale, random: Random): CouncilPlan[] {
  switch (scale) {
    case 'small':
      return [{ request: MAIN, size: 60 }];
    case 'council':
      return [
        { request: MAIN, size: 350 },
        { request: NEIGHBOUR, size: 150 },
      ];
    case 'region':
      return [
        { request: MAIN, size: 350 },
        { request: NEIGHBOUR, size: 150 },
        { request: { kind: 'county' }, size: 480 },
        { request: { kind: 'metropolitan' }, size: 410 },
        { request: { kind: 'unitary' }, size: 330 },
        { request: { kind: 'unitary' }, size: 280 },
      ];
    case 'national': {
      const requests: PlaceRequest[] = [MAIN, NEIGHBOUR];
      const remaining = { ...NATIONAL_MIX, county: NATIONAL_MIX.county - 1, unitary: NATIONAL_MIX.unitary - 1 };
      for (const kind of Object.keys(remaining) as CouncilKind[]) for (let i = 0; i < remaining[kind]; i++) requests.push({ kind });
      const ordered = [MAIN, NEIGHBOUR, ...random.shuffle(requests.slice(2))];
      const raw = ordered.map((r) => random.int(...SIZE_RANGE[r.kind]));
      const sizes = apportion(raw, SCALES.national.services);
      return ordered.map((request, i) => ({ request, size: sizes[i]! }));
    }
  }
}

function groupIdentities(ids: Identifiers): GroupIdentity[] {
  return GROUPS.map((template) => ({
    template,
    parentCompanyNumber: ids.companyNumber(),
    subsidiaries: template.subsidiaries.map((name) => ({ name, companyNumber: ids.companyNumber(), cqcProviderId: ids.cqcId() })),
  }));
}

const emailDomain = (code: string) => `${code.toLowerCase()}.example.gov.uk`;

/** Generates the demo data for a scale; the same scale and seed always give the same data. */
export function generateDemo(scale: DemoScale, seed: string = DEMO_SEED): DemoData {
  const random = new Random(`${seed}:${scale}`);
  const plans = planCouncils(scale, random.fork('plan'));
  const extra: PlaceRequest[] = Array.from({ length: EXTRA_PLACES }, () => ({ kind: 'unitary' }));
  const places = makePlaces([...plans.map((p) => p.request), ...extra], random.fork('places'));
  const ids = new Identifiers(random.fork('identifiers'));
  const groups = groupIdentities(ids);
  const people = random.fork('people');

  const organisations: DemoOrganisation[] = [];
  const users: DemoUser[] = [];
  const providers: DemoProvider[] = [];
  const services: DemoService[] = [];
  const contracts: DemoContract[] = [];
  const councils: DemoCouncil[] = [];

  plans.forEach((plan, index) => {
    const place = places[index]!;
    const council: DemoOrganisation = { id: random.uuid(), code: place.code, name: place.councilName, kind: 'council', managedById: null };
    organisations.push(council);
    const domain = emailDomain(place.code);
    const user = (local: string, role: DemoUser['role'], team: string | null = null): DemoUser => {
      const row: DemoUser = { id: random.uuid(), orgId: council.id, email: `${local}@${domain}`, name: personName(people), role, team };
      users.push(row);
      return row;
    };
    user('admin', 'admin');
    user('commissioner', 'commissioner');
    const careHomes = user('quality.officer1', 'officer', TEAMS.careHomes);
    const community = user('quality.officer2', 'officer', TEAMS.community);
    user('placing.officer', 'placer', 'Brokerage and placements');

    const councilRandom = random.fork(`council:${place.code}`);
    // Every council's nearest neighbours come first: the places listed either side of it.
    const elsewhere = places
      .map((p, i) => ({ p, away: Math.abs(i - index) }))
      .filter((x) => x.away > 0)
      .sort((a, b) => a.away - b.away)
      .map((x) => x.p);
    const isMain = index === 0;
    const register = generateRegister({
      random: councilRandom,
      councilId: council.id,
      councilCode: council.code,
      place,
      elsewhere,
      officers: { careHomes, community },
      size: plan.size,
      groups,
      bigGroup: isMain ? groups[0]! : councilRandom.pick(groups.filter((g) => g.template.kind !== 'home_care')),
      bigGroupShare: isMain ? 0.1 : 0.06 + councilRandom.float() * 0.05,
      ids,
    });
    providers.push(...register.providers);
    services.push(...register.services);
    contracts.push(...register.contracts);
    councils.push({ id: council.id, code: council.code, name: council.name, services: register.services.length });
  });

  const main = organisations[0]!;
  const portalGroup = groups[0]!.template;
  const providerOrg: DemoOrganisation = { id: random.uuid(), code: 'OAKLEAF', name: portalGroup.parent, kind: 'provider', managedById: main.id };
  const partnerOrg: DemoOrganisation = { id: random.uuid(), code: 'HEALTHWATCH-NORTHMOOR', name: 'Healthwatch Northmoor', kind: 'partner', managedById: main.id };
  organisations.push(providerOrg, partnerOrg);
  for (const provider of providers) {
    if (provider.councilId === main.id && provider.group === portalGroup.brand) provider.orgId = providerOrg.id;
  }
  users.push(
    { id: random.uuid(), orgId: providerOrg.id, email: 'quality.lead@oakleaf.example.co.uk', name: personName(people), role: 'provider', team: null },
    { id: random.uuid(), orgId: partnerOrg.id, email: 'enter.and.view@healthwatchnorthmoor.example.org.uk', name: personName(people), role: 'partner', team: null },
  );

  // The start page lists the sign-ins of the first two councils and of the provider and partner;
  // every other council's users follow the same pattern and share the password.
  const listed = new Set([...organisations.slice(0, Math.min(2, plans.length)), providerOrg, partnerOrg].map((o) => o.id));
  const orgName = new Map(organisations.map((o) => [o.id, o.name]));
  const accounts: DemoAccount[] = users
    .filter((u) => listed.has(u.orgId))
    .map((u) => ({ email: u.email, name: u.name, role: u.role, organisation: orgName.get(u.orgId)! }));

  return { scale, seed, councils, organisations, users, providers, services, contracts, accounts };
}
