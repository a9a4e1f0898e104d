/**
 * Timing and printing for the benches. Figures are reported, never asserted: a bench that "fails" on a
 * slow machine teaches nothing, while the same figures side by side (and their ratios) do.
 */

export interface Stats {
  readonly label: string;
  readonly n: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Completed operations per second, one after another (no concurrency). */
  readonly perSecond: number;
}

export interface MeasureOptions {
  /** Runs first and thrown away: JIT, connection pools, PostgreSQL's caches and plans warm up. */
  readonly warmup?: number;
  readonly n?: number;
}

/** Runs `operation` sequentially, `warmup` times untimed and then `n` times timed. `i` counts from 0. */
export async function measure(label: string, operation: (i: number) => Promise<unknown>, options: MeasureOptions = {}): Promise<Stats> {
  const warmup = options.warmup ?? 20;
  const n = options.n ?? 200;
  for (let i = 0; i < warmup; i++) await operation(i);
  const durations: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await operation(warmup + i);
    durations.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  durations.sort((a, b) => a - b);
  return {
    label,
    n,
    meanMs: durations.reduce((a, d) => a + d, 0) / n,
    p50Ms: percentile(durations, 50),
    p95Ms: percentile(durations, 95),
    p99Ms: percentile(durations, 99),
    maxMs: durations[n - 1] ?? 0,
    perSecond: (n / elapsed) * 1000,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Times one run of something long (a load, an import). */
export async function timeOnce<T>(operation: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const t = performance.now();
  const result = await operation();
  return { result, ms: performance.now() - t };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
export const thousands = (value: number) => Math.round(value).toLocaleString('en-GB');
export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

export function heading(text: string): void {
  console.log(`\n${text}\n${'-'.repeat(text.length)}`);
}

export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(44)} ${value}`);
}

/** A table of timings in milliseconds, one row per measurement. */
export function printStats(rows: readonly Stats[]): void {
  const width = Math.max(24, ...rows.map((r) => r.label.length));
  const cols = ['mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'per s'];
  console.log(`  ${''.padEnd(width)} ${cols.map((c) => c.padStart(8)).join(' ')}`);
  for (const r of rows) {
    const cells = [ms(r.meanMs), ms(r.p50Ms), ms(r.p95Ms), ms(r.p99Ms), ms(r.maxMs), thousands(r.perSecond)];
    console.log(`  ${r.label.padEnd(width)} ${cells.map((c) => c.padStart(8)).join(' ')}`);
  }
}

/** "a / b = 2.4×" on the mean and the median. */
export function printRatio(label: string, a: Stats, b: Stats): void {
  const ratio = (x: number, y: number) => (y > 0 ? `${(x / y).toFixed(1)}×` : 'n/a');
  line(label, `${ratio(a.meanMs, b.meanMs)} on the mean, ${ratio(a.p50Ms, b.p50Ms)} on the median`);
}
