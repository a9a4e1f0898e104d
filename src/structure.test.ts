import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, test } from 'node:test';
import { capabilityPicture } from '../scripts/architecture.ts';

/**
 * The structure the import rules (.dependency-cruiser.cjs) cannot see: which tables each capability's SQL
 * touches, that the map of capabilities has no cycles, and that docs/architecture.md draws the same map.
 */
const root = path.resolve(import.meta.dirname, '..');
const { CAPABILITIES, SHARED_READ_TABLES, LOADERS } = createRequire(import.meta.url)('../capabilities.cjs') as {
  CAPABILITIES: Record<string, string[]>;
  SHARED_READ_TABLES: string[];
  LOADERS: string[];
};

/** Table → owning capability, from src/core/db/schema/<capability>.ts (`export interface XTables { table: … }`). */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  const dir = path.join(root, 'src/core/db/schema');
  for (const file of readdirSync(dir)) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    const block = /export interface \w+Tables \{([^}]*)\}/.exec(text);
    if (!block) continue;
    for (const [, table] of block[1]!.matchAll(/^\s+(\w+):/gm)) owners.set(table!, file.replace(/\.ts$/, ''));
  }
  return owners;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (name.endsWith('.ts') && !/\.(test|spec)\.ts$|\.test-support\.ts$/.test(name)) out.push(full);
  }
  return out;
}

const WRITE = /\b(?:insertInto|updateTable|deleteFrom|mergeInto)\(\s*['"](\w+)/g;
const READ = /\b(?:selectFrom|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*['"](\w+)/g;
const RAW = /\b(?:from|join|into|update)\s+(\w+)\b/gi;

interface Touch {
  readonly file: string;
  readonly table: string;
  readonly write: boolean;
}

/** The tables a file's SQL names (Kysely calls and raw SQL in sql`` templates). */
function touches(file: string): Touch[] {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(root, file);
  const found: Touch[] = [];
  for (const [, table] of text.matchAll(WRITE)) found.push({ file: rel, table: table!, write: true });
  for (const [, table] of text.matchAll(READ)) found.push({ file: rel, table: table!, write: false });
  for (const [, template] of text.matchAll(/sql(?:<[^>`]*>)?`([^`]*)`/g)) {
    for (const [whole, table] of template!.matchAll(RAW)) {
      found.push({ file: rel, table: table!, write: /^(into|update)/i.test(whole) });
    }
  }
  return found;
}

describe('structure', () => {
  test('the map of capabilities has no cycles, and names only capabilities that exist', () => {
    const names = Object.keys(CAPABILITIES);
    for (const [name, uses] of Object.entries(CAPABILITIES)) {
      for (const used of uses) assert.ok(names.includes(used), `${name} uses ${used}, which is not in the map`);
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (name: string, trail: string[]) => {
      assert.ok(!visiting.has(name), `capabilities in a circle: ${[...trail, name].join(' → ')}`);
      if (done.has(name)) return;
      visiting.add(name);
      for (const used of CAPABILITIES[name]!) visit(used, [...trail, name]);
      visiting.delete(name);
      done.add(name);
    };
    for (const name of names) visit(name, []);
    for (const name of names) assert.ok(statSync(path.join(root, 'src', name)).isDirectory(), `src/${name} is in the map but not in src/`);
  });

  test("each capability's SQL names only its own tables (and reads the shared ones); the command line and the core name none of a capability's", () => {
    const owners = tableOwners();
    const wrong: string[] = [];
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const rel = path.relative(path.join(root, 'src'), file).split(path.sep);
      const folder = rel.length > 1 ? rel[0]! : 'app';
      if (folder === 'migrations' || LOADERS.includes(folder)) continue;
      for (const touch of touches(file)) {
        const owner = owners.get(touch.table);
        if (!owner || owner === folder) continue;
        if (owner === 'core' && folder !== 'core' && !touch.write) continue;
        if (!touch.write && SHARED_READ_TABLES.includes(touch.table) && folder !== 'cli' && folder !== 'app') continue;
        wrong.push(`${touch.file} ${touch.write ? 'writes' : 'reads'} ${touch.table} (${owner}'s)`);
      }
    }
    assert.deepEqual([...new Set(wrong)], []);
  });

  test('every table belongs to one capability that exists', () => {
    const names = new Set([...Object.keys(CAPABILITIES), 'core']);
    for (const [table, owner] of tableOwners()) assert.ok(names.has(owner), `${table} belongs to ${owner}, which is not a capability`);
  });

  test('docs/architecture.md draws the map as it is', () => {
    const doc = readFileSync(path.join(root, 'docs/architecture.md'), 'utf8');
    assert.ok(doc.includes(capabilityPicture()), 'docs/architecture.md is out of step with capabilities.cjs: run `node scripts/architecture.ts` and paste its output');
  });
});
