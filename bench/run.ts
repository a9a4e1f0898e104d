/**
 * npm run bench [-- NAME…]: runs every bench/*.bench.ts (or those whose file name contains a NAME) in
 * turn against one database holding the national demo, and prints what each measured. Times are never
 * asserted; the run fails only when a bench breaks.
 */
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createContext, type BenchContext } from './context.ts';
import { openBenchDatabase } from './database.ts';
import { heading, line, megabytes, thousands, timeOnce } from './measure.ts';

type Bench = (context: BenchContext) => Promise<void>;
/** A bench module: its run, and `usesNationalDemo = false` when it works on databases of its own. */
interface BenchModule {
  default?: Bench;
  usesNationalDemo?: boolean;
}

// A load average well above the CPU count means other work shared the machine: compare ratios, not times.
function machineLoad(): string {
  return `${availableParallelism()} / ${loadavg().map((l) => l.toFixed(1)).join(', ')}`;
}

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`bench: nothing matches ${wanted.join(' ')}`);
  process.exit(2);
}

const modules = new Map<string, BenchModule>();
for (const file of files) modules.set(file, (await import(pathToFileURL(path.join(here, file)).href)) as BenchModule);

const database = await openBenchDatabase();
const { context, close } = createContext(database.store, database.description, database.url);
let failed = 0;
try {
  heading(`Care Oversight benches on ${database.description}, Node ${process.version}`);
  line('benches', files.join(', '));
  line('CPUs / load average (1, 5, 15 min)', machineLoad());
  // Loaded before any bench runs, because the demo only loads into a database with no organisations;
  // not at all when every bench chosen works on databases of its own.
  if ([...modules.values()].some((m) => m.usesNationalDemo !== false)) {
    const { ms } = await timeOnce(() => context.national());
    line('national demo ready in', `${thousands(ms)} ms (details in the register bench)`);
  } else {
    line('national demo', 'not loaded: the benches chosen do not use it');
  }

  for (const file of files) {
    const module = modules.get(file)!;
    heading(file);
    if (typeof module.default !== 'function') {
      console.error(`  ${file} has no default export function(context)`);
      failed++;
      continue;
    }
    try {
      const { ms: benchMs } = await timeOnce(() => module.default!(context));
      line('bench took', `${thousands(benchMs)} ms`);
    } catch (error) {
      failed++;
      console.error(`  ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
} finally {
  await close().catch((error: Error) => console.error(`closing the app: ${error.message}`));
  await database.close();
}
heading('done');
line('process RSS at the end', megabytes(process.memoryUsage().rss));
line('CPUs / load average (1, 5, 15 min)', machineLoad());
if (failed) console.error(`${failed} bench(es) failed`);
process.exit(failed ? 1 : 0);
