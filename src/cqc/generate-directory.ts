import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * Writes a national-size CQC directory in the 2025 export's layout (its 45 columns, its US-ordered
 * timestamps, both spellings of Requires improvement, blank = unrated, some locations that are not adult
 * social care), for benchmarks and for tests that need a file too big to finish at once. Deterministic:
 * the same size gives the same file.
 */
export const HEADER_2025 = [
  'Location Name', 'Location ID', 'Comments within last month / comments last recorded', 'Registered manager', 'Location UPRN',
  'Location telephone number', 'Location Web Address', 'Location Local Authority', 'Location ADASS Region', 'Primary inspection category',
  'Service Types', 'Care homes beds', 'Location HSCA start date', 'Location HSCA end date', 'Dormant', 'Location Latest Overall Rating',
  'Publication Date', 'Service users supported', 'Size of care home (bands by number of beds)', 'Location length of service (bands by number of years)',
  'Location safe rating', 'Location effective rating', 'Location caring rating', 'Location responsive rating', 'Location well-led rating',
  'Provider Name', 'Provider ID', 'Provider HSCA start date', 'Provider length of service (bands by number of years)', 'Provider Ownership Type',
  'Provider Companies House Number', 'Provider characteristic - number of locations', 'Provider characteristic - national group size (based on locations)',
  'Provider characteristic - number of beds', 'Provider characteristic - share of beds (nationally)',
  'Provider characteristic - number of local authority areas where it has locations', 'Provider characteristic - % of local authority areas where it has locations',
  'Brand Name', 'Brand ID', 'Brand characteristic - number of locations', 'Brand characteristic -national group size (based on locations)',
  'Brand characteristic - number of beds', 'Brand characteristic - share of beds (nationally)',
  'Brand characteristic - % of local authority areas where it has locations', 'Brand characteristic - number of local authority areas where it has locations',
];

const AUTHORITIES: [string, string][] = [
  ['Essex', 'East'], ['Hampshire', 'South East'], ['Birmingham', 'West Midlands'], ['Kent', 'South East'], ['Lancashire', 'North West'],
  ['Hertfordshire', 'East'], ['Devon', 'South West'], ['Leeds', 'Yorkshire and the Humber'], ['Norfolk', 'East'], ['Surrey', 'South East'],
  ['Rutland', 'East Midlands'], ['Dudley', 'West Midlands'], ['Brighton and Hove', 'South East'], ['Camden', 'Greater London'], ['Cornwall', 'South West'],
];
const FIRST = ['Oak', 'Ash', 'Willow', 'Elm', 'Beech', 'Cedar', 'Maple', 'Rowan', 'Hazel', 'Birch', 'Holly', 'Laurel'];
const SECOND = ['House', 'Lodge', 'Court', 'Manor', 'Grange', 'View', 'Care', 'Home Care', 'Support Services', 'Gardens'];
const RATINGS = ['Good', 'Good', 'Good', 'Good', 'Good', 'Good', '', '', 'Requires improvement', 'Requires Improvement', 'Outstanding', 'Inadequate'];

/** A small deterministic generator (mulberry32), so the file is the same every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const usDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${m}/${d}/${y} 12:00:00 AM`;
};

export function directoryRow(i: number, next: () => number, ratingShift = 0): string[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const [authority, region] = pick(AUTHORITIES);
  const careHome = next() < 0.5;
  const asc = next() > 0.02;
  const rated = next() > 0.25;
  const rating = () => (rated ? RATINGS[(Math.floor(next() * RATINGS.length) + ratingShift) % RATINGS.length]! : '');
  const year = 2010 + Math.floor(next() * 15);
  const start = `${year}-${String(1 + Math.floor(next() * 12)).padStart(2, '0')}-${String(1 + Math.floor(next() * 28)).padStart(2, '0')}`;
  const provider = 1 + Math.floor(i / 3);
  const beds = careHome ? String(5 + Math.floor(next() * 80)) : '0';
  const row: Record<string, string> = {
    'Location Name': `${i % 17 === 0 ? ' ' : ''}${pick(FIRST)} ${pick(SECOND)}${i % 23 === 0 ? '  ' : ' '}${i}`,
    'Location ID': `1-${100000000 + i}`,
    'Registered manager': i % 5 === 0 ? '' : 'Manager, Registered, Ms',
    'Location UPRN': String(10000000000 + i),
    'Location telephone number': `0${1000000000 + i}`,
    'Location Local Authority': authority,
    'Location ADASS Region': `${region} (ADASS Region)`,
    'Primary inspection category': asc ? (careHome ? 'Residential social care' : i % 50 === 0 ? '' : 'Community based adult social care services') : 'Independent consulting doctors',
    'Service Types': asc ? (careHome ? pick(['Care home service without nursing', 'Care home service with nursing']) : pick(['Domiciliary care service', 'Domiciliary care service, Supported living service', 'Supported living service'])) : 'Doctors consultation service',
    'Care homes beds': beds,
    'Location HSCA start date': start,
    Dormant: next() < 0.05 ? 'Y' : 'N',
    'Location Latest Overall Rating': rating(),
    'Publication Date': usDate(start),
    'Service users supported': pick(['Caring for adults over 65 yrs, Dementia', 'Caring for adults under 65 yrs, Learning Disabilities or autistic spectrum disorder', 'Caring for adults over 65 yrs, Caring for adults under 65 yrs, Physical disabilities']),
    'Location safe rating': rating(),
    'Location effective rating': rating(),
    'Location caring rating': rating(),
    'Location responsive rating': rating(),
    'Location well-led rating': rating(),
    'Provider Name': `Provider ${provider} Ltd`,
    'Provider ID': `1-${200000000 + provider}`,
    'Provider HSCA start date': usDate(start),
    'Provider Ownership Type': 'Organisation',
    'Provider Companies House Number': String(10000000 + provider),
    'Provider characteristic - number of locations': '3',
  };
  return HEADER_2025.map((h) => row[h] ?? '');
}

/** Writes `rows` locations to `file`; `ratingShift` changes the ratings, as a newer month's file would. */
export async function writeDirectory(file: string, rows: number, options: { seed?: number; ratingShift?: number } = {}): Promise<number> {
  const out = createWriteStream(file);
  const next = random(options.seed ?? 2025);
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  };
  await write(HEADER_2025.map(quote).join(',') + '\n');
  for (let i = 1; i <= rows; i++) await write(directoryRow(i, next, options.ratingShift ?? 0).map(quote).join(',') + '\n');
  out.end();
  await once(out, 'finish');
  return bytes;
}
