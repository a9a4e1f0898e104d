import { sql, type RawBuilder } from 'kysely';
import { deepFreeze } from './snapshot-cache.ts';
import type { Tx } from './types.ts';

/**
 * What a page derives for each of many services (the work list: each led service's latest rating and what
 * the record proposes today), kept per service until that service's records change. The database numbers
 * each service's version (service_versions, changed by triggers in the same transaction as any record its
 * facts come from) and one shared number for CQC's records; a kept answer is used while both are as they
 * were, whatever else anyone has committed since. Answers kept by snapshot (snapshot-cache.ts) last only
 * until the next commit anywhere, which on a regional database is most views.
 *
 * The versions are read before the facts, in the same unit of work, so what is kept under a version is never
 * older than it: a change committed in between is in the facts already, and moves the version for the next
 * reader. A unit of work that has itself written keeps nothing and uses nothing kept (its own changes, not yet
 * committed, may still be rolled back).
 */
export interface ServiceFactsCache {
  /**
   * Each service's facts as `derive` gives them for the services given, reading afresh only those whose
   * version changed (or never seen) under this `scope`. The scope names everything else the facts depend
   * on: who asks (row-level security), the day, the matrix in use.
   */
  keep<T>(tx: Tx, scope: string, serviceIds: readonly string[], derive: (ids: readonly string[]) => Promise<ReadonlyMap<string, T>>): Promise<Map<string, T>>;
  /** How many services' facts are kept (for tests and benchmarks). */
  size(): number;
}

export interface ServiceVersions {
  /** Each service's version, where it has one (a service nothing has changed since has none). */
  readonly versions: ReadonlyMap<string, string>;
  /** The versions of the records every council shares. */
  readonly shared: string;
  /** Whether the unit of work has itself written. */
  readonly wrote: boolean;
  /**
   * Whose view the versions are (the organisation and role row-level security sees): another viewer may see
   * none for a service they may not see, so a stamp moves only within one viewer's answers.
   */
  readonly viewer?: string;
}

export type VersionsOf = (tx: Tx, serviceIds: readonly string[]) => Promise<ServiceVersions>;

const VIEWER = sql<string>`coalesce(current_setting('app.org_id', true), '') || '/' || coalesce(current_setting('app.role', true), '')`;

export const currentVersions: VersionsOf = async (tx, serviceIds) => {
  const { rows } = await sql<{ service_id: string | null; version: string | null; shared: string | null; wrote: boolean; viewer: string }>`
    select v.service_id, v.version::text as version,
      (select string_agg(x.name || '=' || x.version, ',' order by x.name) from shared_versions x) as shared,
      pg_current_xact_id_if_assigned() is not null as wrote, ${VIEWER} as viewer
    from (select 1) as one
    left join service_versions v on v.service_id = any(${[...serviceIds]}::uuid[])`.execute(tx);
  const versions = new Map<string, string>();
  for (const row of rows) if (row.service_id) versions.set(row.service_id, row.version!);
  return { versions, shared: rows[0]?.shared ?? '', wrote: rows[0]?.wrote ?? false, viewer: rows[0]?.viewer ?? '' };
};

/**
 * Keeps up to `capacity` services' facts (the least recently stored go first). With a capacity of 0 nothing
 * is kept: every call derives every service's facts (KEPT_ANSWERS=0).
 */
export function serviceFactsCache(capacity: number, versionsOf: VersionsOf = currentVersions): ServiceFactsCache {
  const entries = new Map<string, { readonly version: string; readonly value: unknown }>();
  return {
    size: () => entries.size,
    async keep<T>(tx: Tx, scope: string, serviceIds: readonly string[], derive: (ids: readonly string[]) => Promise<ReadonlyMap<string, T>>) {
      if (capacity === 0 || serviceIds.length === 0) return new Map(await derive(serviceIds));
      const { versions, shared, wrote } = await versionsOf(tx, serviceIds);
      if (wrote) return new Map(await derive(serviceIds));
      const versionOf = (id: string) => `${versions.get(id) ?? '0'}/${shared}`;
      const keyOf = (id: string) => `${scope}\u0000${id}`;
      const out = new Map<string, T>();
      const missing: string[] = [];
      for (const id of serviceIds) {
        const found = entries.get(keyOf(id));
        if (found && found.version === versionOf(id)) out.set(id, found.value as T);
        else missing.push(id);
      }
      if (missing.length) {
        const derived = await derive(missing);
        for (const id of missing) {
          if (!derived.has(id)) continue;
          const value = deepFreeze(derived.get(id)!);
          out.set(id, value);
          entries.delete(keyOf(id));
          entries.set(keyOf(id), { version: versionOf(id), value });
          if (entries.size > capacity) entries.delete(entries.keys().next().value!);
        }
      }
      // in the order asked
      return new Map(serviceIds.flatMap((id) => (out.has(id) ? [[id, out.get(id)!] as const] : [])));
    },
  };
}

/**
 * The council's version (council_versions: moved when one of its services' versions moves, or a service joins or
 * leaves it) with the shared versions, as one stamp; null when the caller may not read it (not the council's own
 * staff) or the council has none yet, and then nothing is kept.
 */
export type CouncilVersionsOf = (tx: Tx, councilId: string) => Promise<{ readonly digest: string | null; readonly wrote: boolean; readonly viewer?: string }>;

/**
 * `versions` (text, or null when nothing may be kept) with the shared versions as one stamp, whether the unit of work
 * has written, and whose view it is: in one statement.
 */
async function stampOf(tx: Tx, versions: RawBuilder<string | null>): Promise<{ readonly digest: string | null; readonly wrote: boolean; readonly viewer: string }> {
  const { rows } = await sql<{ versions: string | null; shared: string | null; wrote: boolean; viewer: string }>`
    select ${versions} as versions,
      (select string_agg(x.name || '=' || x.version, ',' order by x.name) from shared_versions x) as shared,
      pg_current_xact_id_if_assigned() is not null as wrote, ${VIEWER} as viewer`.execute(tx);
  const row = rows[0];
  return { digest: row?.versions != null ? `${row.versions}/${row.shared ?? ''}` : null, wrote: row?.wrote ?? false, viewer: row?.viewer ?? '' };
}

export const currentCouncilVersions: CouncilVersionsOf = (tx, councilId) =>
  stampOf(tx, sql<string | null>`(select c.version::text from council_versions c where c.council_id = ${councilId})`);

export interface CouncilAnswersCache {
  /**
   * The answer `read` gave under `key` while the council's version (moved when any of its services' versions
   * moves, or a service joins or leaves it) and the shared versions were as they are now, or `read`'s answer. For answers drawn from many of a
   * council's services' records, such as what plans and visits make due for its officers.
   */
  remember<T>(tx: Tx, key: string, councilId: string, read: () => Promise<T>): Promise<T>;
  size(): number;
}

/**
 * Answers kept under their owner's stamp (a council's version, a service's version), up to `capacity` (the least
 * recently used go first). Once another stamp of an owner is seen, its answers under other stamps go at once: an
 * answer is used only under the stamp it was kept under, and a stamp, once moved, does not come back (a reader
 * still on an older snapshot may see the older one for a moment; its answers are then read again). The owner
 * includes whose view it is: someone who may not see a service sees no version of it.
 */
function stampedAnswers(capacity: number) {
  const entries = new Map<string, { readonly owner: string; readonly stamp: string; readonly value: unknown }>();
  const stamps = new Map<string, string>();
  return {
    size: () => entries.size,
    /** The answer kept under `key` and this stamp of its owner, or `read`'s, kept (frozen) under it. */
    async remember<T>(key: string, owner: string, stamp: string, read: () => Promise<T>): Promise<T> {
      const last = stamps.get(owner);
      if (last !== undefined && last !== stamp) {
        stamps.set(owner, stamp);
        for (const [k, entry] of entries) if (entry.owner === owner && entry.stamp !== stamp) entries.delete(k);
      }
      const found = entries.get(key);
      if (found && found.stamp === stamp) {
        // the most recently used go last
        entries.delete(key);
        entries.set(key, found);
        return found.value as T;
      }
      const value = deepFreeze(await read());
      entries.delete(key);
      entries.set(key, { owner, stamp, value });
      stamps.set(owner, stamp);
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      // owners whose answers have all gone need no stamp
      if (stamps.size > 4 * capacity) {
        stamps.clear();
        for (const entry of entries.values()) stamps.set(entry.owner, entry.stamp);
      }
      return value;
    },
  };
}

/** Keeps up to `capacity` answers (the least recently used go first); 0 keeps none. */
export function councilAnswersCache(capacity: number, versionsOf: CouncilVersionsOf = currentCouncilVersions): CouncilAnswersCache {
  return answersByDigest(capacity, versionsOf);
}

/**
 * Answers kept under the digest `versionsOf` gives for what they are about (a council, a purpose), owned by that and
 * the viewer; read afresh when the unit of work has written or there is no digest. 0 keeps none.
 */
function answersByDigest(capacity: number, versionsOf: (tx: Tx, about: string) => Promise<{ readonly digest: string | null; readonly wrote: boolean; readonly viewer?: string }>) {
  const kept = stampedAnswers(capacity);
  return {
    size: kept.size,
    async remember<T>(tx: Tx, key: string, about: string, read: () => Promise<T>) {
      if (capacity === 0) return read();
      const { digest, wrote, viewer = '' } = await versionsOf(tx, about);
      if (wrote || digest === null) return read();
      return kept.remember(key, `${about}\u0000${viewer}`, digest, read);
    },
  };
}

/**
 * The versions of every council whose records the acting user may see for `purpose` (app_visible_councils: their
 * own council, and those sharing with them for it), with the shared versions, as one stamp; null when nothing may be
 * kept (a provider's users, who see services by provider; a visible council with no version yet).
 */
export type VisibleCouncilsVersionsOf = (tx: Tx, purpose: string) => Promise<{ readonly digest: string | null; readonly wrote: boolean; readonly viewer?: string }>;

export const currentVisibleCouncilsVersions: VisibleCouncilsVersionsOf = (tx, purpose) => stampOf(tx, sql<string | null>`app_visible_council_versions(${purpose})`);

export interface VisibleCouncilsAnswersCache {
  /**
   * The answer `read` gave under `key` while every council the actor may see for `purpose`, and only those, were
   * at the versions they are now (with the shared versions), or `read`'s answer. For answers drawn from the records
   * of every council sharing with the actor, such as a Live Status List search.
   */
  remember<T>(tx: Tx, key: string, purpose: string, read: () => Promise<T>): Promise<T>;
  size(): number;
}

/** Keeps up to `capacity` answers (the least recently used go first); 0 keeps none. */
export function visibleCouncilsAnswersCache(capacity: number, versionsOf: VisibleCouncilsVersionsOf = currentVisibleCouncilsVersions): VisibleCouncilsAnswersCache {
  return answersByDigest(capacity, versionsOf);
}

export interface ServiceAnswersCache {
  /**
   * The answer `read` gave under `key` while the service's version and the shared versions were as they are
   * now, or `read`'s answer. For answers drawn from one service's records and what they name (the service page
   * and document): every table such an answer reads must move the service's version or a shared one.
   */
  remember<T>(tx: Tx, key: string, serviceId: string, read: () => Promise<T>): Promise<T>;
  size(): number;
}

/** Keeps up to `capacity` answers (the least recently used go first); 0 keeps none. */
export function serviceAnswersCache(capacity: number, versionsOf: VersionsOf = currentVersions): ServiceAnswersCache {
  const kept = stampedAnswers(capacity);
  return {
    size: kept.size,
    async remember<T>(tx: Tx, key: string, serviceId: string, read: () => Promise<T>) {
      if (capacity === 0) return read();
      const { versions, shared, wrote, viewer = '' } = await versionsOf(tx, [serviceId]);
      if (wrote) return read();
      return kept.remember(key, `${serviceId}\u0000${viewer}`, `${versions.get(serviceId) ?? '0'}/${shared}`, read);
    },
  };
}
