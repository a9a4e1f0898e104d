/**
 * The growth table (issue 16): the same searches by the same searcher, over the same visible services,
 * while the database around them grows from the demo's 500 services to the national 29,108. The goal is
 * that a search costs what its user sees: at most 1.5× from the smallest database to the largest.
 *
 * The database is one of its own (the `council` demo: Northmoor and Ravensdale; the searcher is Northmoor's
 * placing officer), grown by copying those two councils' providers, services, suspensions, concerns cases and contractual processes into new
 * councils that share nothing with the searcher. Copies get CQC location ids of their own, so a search
 * by CQC id finds one service, as in England. Every figure is the warm, sequential, database-only cost of
 * the search (inside `store.asUser`, as the route runs it).
 */
import { sql } from 'kysely';
import type { BenchContext } from './context.ts';
import { openFreshDatabase } from './database.ts';
import { heading, line, measure, thousands, type Stats } from './measure.ts';
import type { Actor, Store, Tx } from '../src/core/db/database.ts';
import { loadDemo } from '../src/demo/demo.ts';
import { searchServices } from '../src/providers/services.repository.ts';
import { liveStatus } from '../src/status/status.repository.ts';

export const usesNationalDemo = false;

const N = Number(process.env.BENCH_GROWTH_N ?? 100);
const WARMUP = 30;
/** The sizes measured after the demo's own: BENCH_GROWTH_SIZES=2000,29108 (the issue's) unless set. */
const SIZES = (process.env.BENCH_GROWTH_SIZES ?? '2000,29108').split(',').map(Number).filter((n) => n > 0);

interface Search {
  readonly title: string;
  readonly run: (store: Store) => Promise<unknown>;
}

export default async function growthBench(context: BenchContext): Promise<void> {
  const db = await openFreshDatabase(context.databaseUrl);
  try {
    line('database', db.description);
    await loadDemo(db.store, 'council');
    const domain = await db.store.asSystem(async (tx) => {
      const { code } = await tx.selectFrom('organisations').select('code').where('name', '=', 'Northmoor County Council').executeTakeFirstOrThrow();
      return `${code.toLowerCase()}.example.gov.uk`;
    });
    const searcher = await actorFor(db.store, `placing.officer@${domain}`);
    const officer = await actorFor(db.store, `quality.officer1@${domain}`);
    const searches = await searchesFor(db.store, searcher, officer);

    const table: { size: number; stats: Map<string, Stats> }[] = [];
    const sizes = [await serviceCount(db.store), ...SIZES];
    for (const target of sizes) {
      const size = await growTo(db.store, target);
      heading(`${thousands(size)} services in the database`);
      const stats = new Map<string, Stats>();
      for (const search of searches) {
        const found = await measure(search.title, () => search.run(db.store), { n: N, warmup: WARMUP });
        stats.set(search.title, found);
        line(search.title, `mean ${found.meanMs.toFixed(2)} ms, p95 ${found.p95Ms.toFixed(2)} ms`);
      }
      table.push({ size, stats });
    }

    heading('Growth: mean ms at each size, and the largest over the smallest (goal ≤ 1.5×)');
    const first = table[0]!;
    const last = table[table.length - 1]!;
    console.log(['search', ...table.map((t) => `${thousands(t.size)} services`), 'growth'].join(' | '));
    for (const search of searches) {
      const means = table.map((t) => t.stats.get(search.title)!.meanMs);
      const ratio = last.stats.get(search.title)!.meanMs / first.stats.get(search.title)!.meanMs;
      console.log([search.title, ...means.map((m) => m.toFixed(2)), `${ratio.toFixed(2)}×`].join(' | '));
    }
  } finally {
    await db.close();
  }
}

async function actorFor(store: Store, email: string): Promise<Actor> {
  return store.asSystem((tx) =>
    tx
      .selectFrom('users as u')
      .innerJoin('organisations as o', 'o.id', 'u.org_id')
      .select(['u.id as userId', 'u.org_id as orgId', 'o.kind as orgKind', 'u.role', 'u.name', 'o.name as orgName'])
      .where('u.email', '=', email)
      .executeTakeFirstOrThrow(() => new Error(`no user ${email}`)),
  );
}

/** The searches, with terms taken from the searcher's own visible services so that each finds something. */
async function searchesFor(store: Store, searcher: Actor, officer: Actor): Promise<Search[]> {
  const visible = await store.asUser(searcher, (tx) => liveStatus(tx, { purpose: 'live_status', limit: 1000 }));
  const withCqc = visible.find((s) => s.cqc_location_id);
  const postcodeArea = (visible.find((s) => s.postcode) ?? visible[0]!).postcode!.split(' ')[0]!;
  line('services the searcher sees', thousands(visible.length));
  const live = (query: Omit<Parameters<typeof liveStatus>[1], 'purpose' | 'limit'>) => (s: Store) =>
    s.asUser(searcher, (tx) => liveStatus(tx, { ...query, purpose: 'live_status', limit: 101 }));
  return [
    { title: 'live status: first page', run: live({}) },
    { title: 'live status: name "court"', run: live({ q: 'court' }) },
    { title: `live status: postcode ${postcodeArea}`, run: live({ postcode: postcodeArea }) },
    ...(withCqc ? [{ title: 'live status: a CQC location id', run: live({ cqcLocationId: withCqc.cqc_location_id! }) }] : []),
    { title: 'live status: concerns only', run: live({ concernsOnly: true }) },
    { title: 'register: name "court" (quality officer)', run: (s: Store) => s.asUser(officer, (tx) => searchServices(tx, { q: 'court', councilId: officer.orgId, sort: 'name', limit: 50 })) },
  ];
}

async function serviceCount(store: Store): Promise<number> {
  const { rows } = await store.asSystem((tx) => sql<{ n: number }>`select count(*)::int as n from services`.execute(tx));
  return rows[0]!.n;
}

/** Copies the source councils into new councils until the database holds at least `target` services. */
async function growTo(store: Store, target: number): Promise<number> {
  const current = await serviceCount(store);
  if (current >= target) return current;
  const started = performance.now();
  await store.asSystem(async (tx) => {
    const { rows: sources } = await sql<{ id: string; n: number }>`
      select o.id, (select count(*)::int from services s where s.council_id = o.id) as n
      from organisations o where o.kind = 'council' and o.code not like 'GROW-%'`.execute(tx);
    const perCopy = sources.reduce((a, s) => a + s.n, 0);
    const { rows: existing } = await sql<{ n: number }>`select count(*)::int as n from organisations where code like 'GROW-%'`.execute(tx);
    const from = existing[0]!.n + 1;
    const copies = Math.ceil((target - current) / perCopy);
    await copyCouncils(tx, sources.map((s) => s.id), from, from + copies - 1);
  });
  await store.asSystem((tx) => sql`analyze`.execute(tx));
  const size = await serviceCount(store);
  line(`grown to ${thousands(size)} services`, `${thousands(performance.now() - started)} ms`);
  return size;
}

async function copyCouncils(tx: Tx, sourceIds: readonly string[], first: number, last: number) {
  const sources = sql`array[${sql.join(sourceIds)}]::uuid[]`;
  await sql`create temp table grow_councils on commit drop as select gen_random_uuid() as id, n from generate_series(${first}::int, ${last}::int) n`.execute(tx);
  await sql`insert into organisations (id, code, name, kind) select id, 'GROW-' || n, 'Growth council ' || n, 'council' from grow_councils`.execute(tx);
  await sql`
    create temp table grow_map on commit drop as
      select 'provider'::text as kind, p.id as old, gen_random_uuid() as new, c.id as council
        from providers p cross join grow_councils c where p.council_id = any(${sources})
      union all
      select 'service', s.id, gen_random_uuid(), c.id
        from services s cross join grow_councils c where s.council_id = any(${sources})`.execute(tx);
  await sql`create index on grow_map (kind, old, council)`.execute(tx);
  const mapped = (kind: string, column: string) => sql.raw(`(select m2.new from grow_map m2 where m2.kind = '${kind}' and m2.old = t.${column} and m2.council = m.council)`);
  await copyTable(tx, 'providers', 'provider', 'id', { council_id: sql`m.council`, parent_provider_id: mapped('provider', 'parent_provider_id'), org_id: sql`null` });
  await copyTable(tx, 'services', 'service', 'id', {
    council_id: sql`m.council`,
    provider_id: mapped('provider', 'provider_id'),
    lead_officer_id: sql`null`,
    cqc_location_id: sql`case when t.cqc_location_id is null then null else '1-7' || lpad((row_number() over ())::text, 9, '0') end`,
  });
  const escalation = { council_id: sql`m.council`, service_id: mapped('service', 'service_id') };
  await copyTable(tx, 'suspensions', 'service', 'service_id', escalation);
  await copyTable(tx, 'contract_processes', 'service', 'service_id', escalation);
  await copyTable(tx, 'concerns_cases', 'service', 'service_id', { ...escalation, provider_id: sql`coalesce(${mapped('provider', 'provider_id')}, t.provider_id)` });
}

/**
 * Inserts a copy of every row of `table` whose `key` is a copied row, once per new council: `id` new,
 * the columns in `set` replaced, every other column as it was (generated and identity columns left out).
 */
async function copyTable(tx: Tx, table: string, kind: string, key: string, set: Record<string, ReturnType<typeof sql>>) {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_generated = 'NEVER'
      and not (is_identity = 'YES' and identity_generation = 'ALWAYS')
    order by ordinal_position`.execute(tx);
  const columns = rows.map((r) => r.column_name);
  const values = columns.map((c) => (c === 'id' ? (key === 'id' ? sql`m.new` : sql`gen_random_uuid()`) : (set[c] ?? sql.ref(`t.${c}`))));
  await sql`
    insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    select ${sql.join(values)} from ${sql.table(table)} t join grow_map m on m.kind = ${kind} and m.old = t.${sql.ref(key)}`.execute(tx);
}
