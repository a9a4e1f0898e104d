/**
 * CQC import at national size: a generated directory in the 2025 export's layout (50,000 locations)
 * imported into a fresh database (on the bench's PostgreSQL server, or PGlite in memory when the run has
 * none), against csv-parse reading the same file and doing nothing else (the floor any CSV import stands
 * on). Also the same import of a file a fifth of the size, into a database of its own, to show memory
 * does not grow with the file: the import streams it in batches. The national demo is not needed.
 */
import { createReadStream, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'csv-parse';
import type { BenchContext } from './context.ts';
import { openFreshDatabase } from './database.ts';
import { heading, line, megabytes, thousands, timeOnce } from './measure.ts';
import { writeDirectory } from '../src/cqc/generate-directory.ts';
import { importPath } from '../src/cqc/import-files.ts';

const NATIONAL = 50_000;

export const usesNationalDemo = false;

const load = () => `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs`;

/** Wall time and this process's CPU time (user + system) of one long operation. */
async function timed<T>(operation: () => Promise<T>): Promise<{ result: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const { result, ms } = await timeOnce(operation);
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}

// A collection before each sample shows what the import keeps, rather than garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

/** Samples RSS while an operation runs: the import's peak, not the process's lifetime maximum. */
async function peakRss<T>(operation: () => Promise<T>): Promise<{ result: T; peak: number; before: number }> {
  collect();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await operation();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peak, before };
  } finally {
    clearInterval(timer);
  }
}

async function rawParse(file: string): Promise<number> {
  let records = 0;
  for await (const _ of createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse({ bom: true, relax_column_count: true }))) records++;
  return records;
}

export default async function cqcImportBench(context: BenchContext): Promise<void> {
  const national = path.join(context.tmpDir, 'cqc-directory-national.csv');
  const small = path.join(context.tmpDir, 'cqc-directory-small.csv');
  const newer = path.join(context.tmpDir, 'cqc-directory-national-newer.csv');
  const { ms: generateMs } = await timeOnce(async () => {
    await writeDirectory(national, NATIONAL);
    await writeDirectory(small, NATIONAL / 5, { seed: 7 });
    await writeDirectory(newer, NATIONAL, { ratingShift: 1 });
  });
  const size = statSync(national).size;
  line('generated files (2025 layout)', `${thousands(NATIONAL)} rows, ${megabytes(size)}, in ${thousands(generateMs)} ms`);

  heading('csv-parse alone on the national file (read and split, nothing else)');
  await rawParse(small); // warm-up: JIT
  const rawLoad = load();
  const rawMeasured = await peakRss(() => timed(() => rawParse(national)));
  const raw = rawMeasured.result;
  const rawRowsPerSecond = (NATIONAL / raw.ms) * 1000;
  line('records', thousands(raw.result - 1));
  line('time', `${thousands(raw.ms)} ms (${thousands(rawRowsPerSecond)} rows/s, ${((size / 1024 / 1024 / raw.ms) * 1000).toFixed(1)} MB/s); this process's CPU ${thousands(raw.cpuMs)} ms`);
  line('RSS before / peak', `${megabytes(rawMeasured.before)} / ${megabytes(rawMeasured.peak)}`);
  line('machine at the start', rawLoad);

  // A fresh database for the national file (and later imports of it), another for the fifth.
  const fresh = await openFreshDatabase(context.databaseUrl);
  const freshSmall = await openFreshDatabase(context.databaseUrl);
  line('import database', fresh.description);

  const run = async (label: string, store: typeof fresh.store, file: string, rows: number) => {
    const retained: number[] = [];
    const sample = (rowsSoFar: number) => {
      if (rowsSoFar % 10_000 !== 0) return;
      collect();
      retained.push(process.memoryUsage().heapUsed);
    };
    const startLoad = load();
    const measured = await peakRss(() => timed(() => importPath(store, file, { keepGoodRows: false, today: '2026-11-23', onBatch: sample })));
    const { result: summary, ms, cpuMs } = measured.result;
    heading(label);
    line('time', `${thousands(ms)} ms (${thousands((rows / ms) * 1000)} rows/s); this process's CPU ${thousands(cpuMs)} ms (the database's is not counted)`);
    line('machine at the start / end', `${startLoad} / ${load()}`);
    line('created / updated / unchanged / skipped', `${thousands(summary.created)} / ${thousands(summary.updated)} / ${thousands(summary.unchanged)} / ${thousands(summary.skipped)}`);
    line('ratings added / changed, rows rejected', `${thousands(summary.ratingsAdded)} / ${thousands(summary.ratingsChanged)}, ${summary.rejected.length}`);
    line('RSS before / peak (growth)', `${megabytes(measured.before)} / ${megabytes(measured.peak)} (${megabytes(measured.peak - measured.before)})`);
    line('JS heap kept, every 10,000 rows', retained.map(megabytes).join(', ') || '(fewer than 10,000 rows)');
    if (summary.rejected.length) throw new Error(`the generated file had rejected rows: ${JSON.stringify(summary.rejected.slice(0, 3))}`);
    return { ms, cpuMs, growth: measured.peak - measured.before };
  };

  let fifth, first, again, month;
  try {
    fifth = await run(`Import of ${thousands(NATIONAL / 5)} locations (into an empty database of its own)`, freshSmall.store, small, NATIONAL / 5);
    first = await run(`Import of the national file, ${thousands(NATIONAL)} locations (into an empty database)`, fresh.store, national, NATIONAL);
    again = await run('The same national file again (every row unchanged)', fresh.store, national, NATIONAL);
    month = await run('A newer national file (every location known, ratings changed)', fresh.store, newer, NATIONAL);
  } finally {
    await fresh.close();
    await freshSmall.close();
  }

  heading('Ratios');
  line('first import / csv-parse alone', `${(first.ms / raw.ms).toFixed(1)}× the raw parse time (goal ≤ 2×); this process's CPU ${(first.cpuMs / raw.cpuMs).toFixed(1)}×`);
  line('re-import / csv-parse alone', `${(again.ms / raw.ms).toFixed(1)}×`);
  line('newer file / csv-parse alone', `${(month.ms / raw.ms).toFixed(1)}×`);
  line('RSS growth, national file / a fifth of it', `${megabytes(first.growth)} / ${megabytes(fifth.growth)} (RSS includes garbage not yet collected)`);
  line('memory the import keeps', 'the "JS heap kept" samples above: flat from start to end when the file is streamed');
}
