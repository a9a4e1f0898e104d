import type { Random } from './random.ts';
import { PLACE_FIRST, PLACE_SECOND, REAL_PLACE_NAMES } from './words.ts';

/**
 * A fictional geography: councils of the kinds England has, each with towns and the postcode districts
 * that cover them. Postcode areas are real area letters, shared out so no two places share a district.
 */
export type CouncilKind = 'county' | 'metropolitan' | 'unitary' | 'london';

export interface Town {
  readonly name: string;
  /** Outward codes, like "NN12". */
  readonly districts: readonly string[];
}

export interface Place {
  readonly name: string;
  readonly kind: CouncilKind;
  readonly councilName: string;
  readonly code: string;
  readonly towns: readonly Town[];
}

const ENGLISH_AREAS = [
  'AL', 'B', 'BA', 'BB', 'BD', 'BH', 'BL', 'BN', 'BS', 'CA', 'CB', 'CH', 'CM', 'CO', 'CT', 'CV', 'CW', 'DE', 'DH',
  'DL', 'DN', 'DT', 'DY', 'EX', 'FY', 'GL', 'GU', 'HD', 'HG', 'HP', 'HR', 'HU', 'HX', 'IP', 'L', 'LA', 'LE', 'LN',
  'LS', 'LU', 'M', 'ME', 'MK', 'NE', 'NG', 'NN', 'NR', 'OL', 'OX', 'PE', 'PL', 'PO', 'PR', 'RG', 'RH', 'S', 'SG',
  'SK', 'SL', 'SN', 'SO', 'SP', 'SR', 'SS', 'ST', 'TA', 'TF', 'TN', 'TQ', 'TR', 'TS', 'WA', 'WF', 'WN', 'WR', 'WS',
  'WV', 'YO',
];
const LONDON_AREAS = ['E', 'N', 'NW', 'SE', 'SW', 'W', 'BR', 'CR', 'DA', 'EN', 'HA', 'IG', 'KT', 'RM', 'SM', 'TW', 'UB'];
const HIGHEST_DISTRICT = 30;

const TOWNS: Record<CouncilKind, [number, number]> = { county: [5, 8], metropolitan: [2, 4], unitary: [1, 3], london: [2, 4] };
const DISTRICTS_PER_TOWN: Record<CouncilKind, [number, number]> = { county: [1, 3], metropolitan: [2, 3], unitary: [2, 4], london: [1, 2] };

/** Allocates unused district numbers from postcode areas, round-robin, so every place's districts are its own. */
class DistrictPool {
  private readonly next = new Map<string, number>();
  private cursor = 0;
  private readonly areas: readonly string[];
  constructor(areas: readonly string[]) {
    this.areas = areas;
  }

  take(count: number): string[] {
    for (let tries = 0; tries < this.areas.length; tries++) {
      const area = this.areas[this.cursor % this.areas.length]!;
      this.cursor++;
      const first = this.next.get(area) ?? 1;
      if (first + count - 1 <= HIGHEST_DISTRICT) {
        this.next.set(area, first + count);
        return Array.from({ length: count }, (_, i) => `${area}${first + i}`);
      }
    }
    throw new RangeError('no postcode districts left: too many places for the areas available');
  }
}

class NameMaker {
  private readonly used = new Set<string>();
  private readonly random: Random;
  constructor(random: Random) {
    this.random = random;
  }

  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A new English-sounding place name no other place or town already has. */
  next(): string {
    for (;;) {
      const first = this.random.pick(PLACE_FIRST);
      const second = this.random.pick(PLACE_SECOND);
      if (first.at(-1)!.toLowerCase() === second[0]) continue;
      const name = first + second;
      if (this.used.has(name) || REAL_PLACE_NAMES.has(name)) continue;
      this.used.add(name);
      return name;
    }
  }
}

function councilName(kind: CouncilKind, name: string, random: Random): string {
  switch (kind) {
    case 'county':
      return `${name} County Council`;
    case 'metropolitan':
      return `${name} Metropolitan Borough Council`;
    case 'london':
      return `London Borough of ${name}`;
    case 'unitary':
      return random.pick([`${name} Council`, `${name} Borough Council`, `${name} City Council`]);
  }
}

function councilCode(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 32);
}

export interface PlaceRequest {
  readonly kind: CouncilKind;
  /** A fixed name (the demo's well-known councils); otherwise one is made up. */
  readonly name?: string;
  readonly councilName?: string;
}

/** Builds the places in order; the same random stream gives the same geography. */
export function makePlaces(requests: readonly PlaceRequest[], random: Random): Place[] {
  const names = new NameMaker(random.fork('names'));
  for (const request of requests) if (request.name) names.reserve(request.name);
  const shires = new DistrictPool(random.shuffle(ENGLISH_AREAS));
  const london = new DistrictPool(random.shuffle(LONDON_AREAS));
  return requests.map((request) => {
    const name = request.name ?? names.next();
    const [minTowns, maxTowns] = TOWNS[request.kind];
    const [minDistricts, maxDistricts] = DISTRICTS_PER_TOWN[request.kind];
    const pool = request.kind === 'london' ? london : shires;
    const perTown = Array.from({ length: random.int(minTowns, maxTowns) }, () => random.int(minDistricts, maxDistricts));
    // One postcode area covers the whole council, as it mostly does in England.
    const districts = pool.take(perTown.reduce((a, n) => a + n, 0));
    let from = 0;
    // The council's own name is its main town (county towns usually give counties their names).
    const towns: Town[] = perTown.map((count, i) => {
      from += count;
      return { name: i === 0 ? name : names.next(), districts: districts.slice(from - count, from) };
    });
    return {
      name,
      kind: request.kind,
      councilName: request.councilName ?? councilName(request.kind, name, random),
      code: councilCode(name),
      towns,
    };
  });
}

const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** A postcode in one of the town's districts, like "NN12 4QT". */
export function postcodeIn(town: Town, random: Random): string {
  const letter = () => INWARD_LETTERS[random.int(0, INWARD_LETTERS.length - 1)]!;
  return `${random.pick(town.districts)} ${random.int(1, 9)}${letter()}${letter()}`;
}
