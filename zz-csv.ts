import { createReadStream, existsSync } from 'node:fs';
import { parse } from 'csv-parse';
import { writeDirectory } from './src/cqc/generate-directory.ts';
const file = '/tmp/perf/cqc-national.csv';
if (!existsSync(file)) await writeDirectory(file, 50_000);
async function run(opts: object) {
  const t = performance.now(); const c = process.cpuUsage(); let n = 0;
  for await (const _ of createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(parse(opts))) n++;
  const u = process.cpuUsage(c);
  return `${(performance.now() - t).toFixed(0)} ms wall, ${((u.user + u.system) / 1000).toFixed(0)} ms cpu, ${n} records`;
}
for (let i = 0; i < 2; i++) {
  console.log('plain      ', await run({ bom: true, relax_column_count: true }));
  console.log('as import  ', await run({ bom: true, relax_column_count: true, relax_quotes: true, info: true, skip_empty_lines: false }));
  console.log('no info    ', await run({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
}
