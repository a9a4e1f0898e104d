/**
 * Dates as CQC's files write them. The same export mixes ISO dates with US-ordered .NET timestamps
 * ("1/2/2025 12:00:00 AM"), its ratings files use dd/mm/yyyy, the 2016 directory "16/11/2015 - 00:00",
 * and spreadsheets hold day serial numbers.
 */
export type DateReading = { ok: true; value: string | null } | { ok: false; reason: string };

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s*-?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?$/i;
const NAMED = /^(\d{1,2})[\s-]([A-Za-z]{3,9})[\s-](\d{2}|\d{4})$/;
const SERIAL = /^\d{5}(\.\d+)?$/;

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 1990 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads one date cell. Slashed dates are day-first (CQC's own files), except .NET's AM/PM timestamps,
 * which are month-first, and a part above 12 settles the order whatever the convention.
 */
export function readCqcDate(text: string | null | undefined): DateReading {
  const raw = (text ?? '').trim();
  if (raw === '') return { ok: true, value: null };
  const bad = { ok: false as const, reason: `"${raw.slice(0, 40)}" is not a date` };

  let m = ISO.exec(raw);
  if (m) {
    const value = iso(Number(m[1]), Number(m[2]), Number(m[3]));
    return value ? { ok: true, value } : bad;
  }
  m = SLASHED.exec(raw);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = Number(m[3]);
    let monthFirst = !!m[7];
    if (a > 12) monthFirst = false;
    else if (b > 12) monthFirst = true;
    const value = monthFirst ? iso(year, a, b) : iso(year, b, a);
    return value ? { ok: true, value } : bad;
  }
  m = NAMED.exec(raw);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    const value = month ? iso(year, month, Number(m[1])) : undefined;
    return value ? { ok: true, value } : bad;
  }
  if (SERIAL.test(raw)) {
    const serial = Math.floor(Number(raw));
    // Spreadsheet day numbers count from 30 December 1899.
    const date = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000);
    const value = iso(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    return value ? { ok: true, value } : bad;
  }
  return bad;
}
