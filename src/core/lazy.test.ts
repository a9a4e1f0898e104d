import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const app = path.resolve(import.meta.dirname, '../app.ts');

/** The packages that only an upload, an export or an email needs, which lazy.ts loads on first use. */
const ON_FIRST_USE = ['exceljs', 'pdfkit', 'jsdom', 'nodemailer', 'qrcode'];

test('starting the app loads none of the packages only an upload, an export or an email needs', () => {
  // a process of its own: this one may have loaded them for another test
  const script = `
    import { createRequire } from 'node:module';
    await import(${JSON.stringify(app)});
    const loaded = Object.keys(createRequire(${JSON.stringify(app)}).cache);
    console.log(JSON.stringify(loaded));`;
  const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim().split('\n').at(-1)!);
  assert.ok(loaded.some((file) => file.includes(`${path.sep}node_modules${path.sep}fastify${path.sep}`)), 'the app’s own packages were loaded');
  const early = loaded.filter((file) => ON_FIRST_USE.some((name) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`)));
  assert.deepEqual(early, []);
});
