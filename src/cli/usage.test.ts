import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { USAGE } from './usage.ts';

/** Command (its leading words, `outbox retry`) → the flags it is shown with. */
function flagsByCommand(lines: readonly string[]): Map<string, string[]> {
  const commands = new Map<string, string[]>();
  for (const line of lines) {
    const words = /^([a-z]+(?: [a-z]+)?)\b/.exec(line.trim())?.[1];
    if (!words) continue;
    const name = words.split(' ').filter((w) => !/^[A-Z]/.test(w)).join(' ');
    commands.set(name, [...new Set(line.match(/--[a-z-]+/g) ?? [])].sort());
  }
  return commands;
}

describe('command-line help', () => {
  test("README's command table shows every command with the same flags as `care-oversight help`", () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Command line'), readme.indexOf('## JSON API'));
    const rows = [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
    const help = USAGE.split('\n').slice(1, -1).map((line) => line.trim().split(/ {2,}/)[0]!);
    assert.ok(rows.length >= 10, `found ${rows.length} rows`);
    assert.deepEqual(flagsByCommand(rows), flagsByCommand(help));
  });
});
