/**
 * Prints the picture of the capabilities and which may use which, made from capabilities.cjs: the section
 * of docs/architecture.md between its markers (src/structure.test.ts checks that the two agree).
 * Usage: node scripts/architecture.ts
 */
import { createRequire } from 'node:module';

const { CAPABILITIES, LOADERS } = createRequire(import.meta.url)('../capabilities.cjs') as { CAPABILITIES: Record<string, string[]>; LOADERS: string[] };

/** Layer 1 uses no other capability; each other capability sits one above the highest it uses. */
function layers(): string[][] {
  const depth = new Map<string, number>();
  const of = (name: string): number => {
    const known = depth.get(name);
    if (known !== undefined) return known;
    const d = 1 + Math.max(0, ...CAPABILITIES[name]!.map(of));
    depth.set(name, d);
    return d;
  };
  const out: string[][] = [];
  for (const name of Object.keys(CAPABILITIES)) (out[of(name) - 1] ??= []).push(name);
  return out.map((names) => names.sort());
}

export function capabilityPicture(): string {
  const lines = ['<!-- capabilities: made by `node scripts/architecture.ts` from capabilities.cjs -->', '```mermaid', 'flowchart BT'];
  const all = layers();
  all.forEach((names, i) => {
    lines.push(`  subgraph layer${i + 1}[" "]`, '    direction LR', ...names.map((n) => `    ${n}${LOADERS.includes(n) ? `[/${n}/]` : ''}`), '  end');
  });
  lines.push('  core[(core: config, database, auth, route pipeline, layout, errors, audit, clock)]');
  lines.push(`  layer1 --> core`);
  for (const [name, uses] of Object.entries(CAPABILITIES)) for (const used of [...uses].sort()) lines.push(`  ${name} --> ${used}`);
  lines.push('```', '', '| layer | capability | may use (through its `index.ts`) |', '| --- | --- | --- |');
  all.forEach((names, i) => {
    for (const name of names) lines.push(`| ${i + 1} | ${name}${LOADERS.includes(name) ? ' (loader)' : ''} | ${CAPABILITIES[name]!.length ? [...CAPABILITIES[name]!].sort().join(', ') : 'no other capability'} |`);
  });
  lines.push('<!-- /capabilities -->');
  return lines.join('\n');
}

if (import.meta.main) console.log(capabilityPicture());
