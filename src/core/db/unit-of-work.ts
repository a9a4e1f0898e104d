import { AsyncLocalStorage } from 'node:async_hooks';
import { sql, type ControlledTransaction } from 'kysely';
import type { Actor, Db, Tx } from './types.ts';
import type { Database } from './schema.ts';

/** Makes the transaction act as the user: row-level security and the audit trigger read these settings. */
export async function actAs(tx: Tx, actor: Actor): Promise<void> {
  // One round trip: set_config('role', …, true) is `set local role`.
  await sql`select set_config('app.user_id', ${actor.userId}, true), set_config('app.org_id', ${actor.orgId}, true),
    set_config('app.role', ${actor.role}, true), set_config('role', 'care_app', true)`.execute(tx);
}

export interface RequestUnitOfWork {
  /** Runs the request's work with this unit of work as the one its store's asUser and asSystem join. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Commits what the request did (nothing to do when it never touched the database). */
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** Transactions begun (0 or 1), steps joined and savepoints taken: for benchmarks and tests. */
  readonly counts: { readonly transactions: number; readonly steps: number; readonly savepoints: number };
  /** Reads inside readsTogether answered by the one already read (UnitsOfWork.onceInReads): for tests. */
  readonly sharedReads: number;
}

/** One at a time: the steps nested in one scope share a connection, so they take turns. */
class Turns {
  #tail: Promise<void> = Promise.resolve();
  async take(): Promise<() => void> {
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

interface Frame {
  readonly unit: RequestUnit;
  /** Steps started inside this frame queue here (concurrent siblings would interleave their savepoints). */
  readonly turns: Turns;
  readonly role: 'user' | 'system';
  /** false inside readsTogether: steps share the transaction without a savepoint each. */
  readonly savepoints: boolean;
  /** Inside readsTogether: what was read once for all of it, by transaction and key (see UnitsOfWork.onceInReads). */
  readonly once?: WeakMap<Tx, Map<string, Promise<unknown>>>;
}

class RequestUnit implements RequestUnitOfWork {
  #tx: Promise<ControlledTransaction<Database>> | undefined;
  #ended = false;
  #savepoints = 0;
  #steps = 0;
  #sharedReads = 0;
  readonly #root: Frame;
  readonly db: Db;
  readonly actor: Actor;
  readonly #scopes: AsyncLocalStorage<Frame>;

  constructor(db: Db, actor: Actor, scopes: AsyncLocalStorage<Frame>) {
    this.db = db;
    this.actor = actor;
    this.#scopes = scopes;
    this.#root = { unit: this, turns: new Turns(), role: 'user', savepoints: true };
  }

  get ended(): boolean {
    return this.#ended;
  }

  get counts() {
    return { transactions: this.#tx ? 1 : 0, steps: this.#steps, savepoints: this.#savepoints };
  }

  get sharedReads(): number {
    return this.#sharedReads;
  }

  noteSharedRead(): void {
    this.#sharedReads++;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.#scopes.run(this.#root, work);
  }

  #transaction(): Promise<ControlledTransaction<Database>> {
    if (this.#ended) throw new Error('the unit of work of this request has ended');
    this.#tx ??= (async () => {
      const tx = await this.db.startTransaction().execute();
      await actAs(tx, this.actor);
      return tx;
    })();
    return this.#tx;
  }

  /**
   * A step of the request, in a savepoint of the request's transaction (none inside readsTogether), as the
   * user or as the system.
   */
  async step<T>(parent: Frame, role: 'user' | 'system', work: (tx: Tx) => Promise<T>): Promise<T> {
    const release = await parent.turns.take();
    try {
      const tx = await this.#transaction();
      this.#steps++;
      const name = parent.savepoints ? `step_${++this.#savepoints}` : undefined;
      if (name) await sql.raw(`savepoint ${name}`).execute(tx);
      // The system works without row-level security; a user step inside a system one goes back to the user.
      if (role !== parent.role) await sql.raw(role === 'system' ? 'set local role none' : 'set local role care_app').execute(tx);
      let result: T;
      try {
        result = await this.#scopes.run({ unit: this, turns: new Turns(), role, savepoints: parent.savepoints, once: parent.once }, () =>
          work(tx),
        );
      } catch (error) {
        // Undoes the step's writes and its role change; the request can still show the person what went wrong.
        // Without a savepoint the transaction is left failed, and so is the request (see readsTogether).
        if (name) {
          await sql
            .raw(`rollback to savepoint ${name}`)
            .execute(tx)
            .catch(() => undefined);
        }
        throw error;
      }
      if (role !== parent.role) await sql.raw(parent.role === 'system' ? 'set local role none' : 'set local role care_app').execute(tx);
      if (name) await sql.raw(`release savepoint ${name}`).execute(tx);
      return result;
    } finally {
      release();
    }
  }

  async commit(): Promise<void> {
    await this.#end('commit');
  }

  async rollback(): Promise<void> {
    await this.#end('rollback');
  }

  async #end(how: 'commit' | 'rollback'): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    if (!this.#tx) return;
    // A transaction that never began (no connection came free in time) has nothing to end.
    const tx = await this.#tx.catch(() => undefined);
    if (!tx) return;
    await (how === 'commit' ? tx.commit() : tx.rollback()).execute();
  }
}

/**
 * Request-wide units of work. Outside a request, asUser and asSystem each run their own transaction, as
 * the command line and scheduled jobs want; inside one, they join the request's (see Store.openRequest).
 */
export class UnitsOfWork {
  readonly #scopes = new AsyncLocalStorage<Frame>();
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * Runs `work` so that the steps it starts share the request's transaction without a savepoint each (two
   * round trips a step fewer). Only for reads whose failure fails the request: a step that fails there
   * leaves the transaction failed, so nothing after it in the request can use the database. Outside a
   * request it only runs `work`.
   */
  readsTogether<T>(work: () => Promise<T>): Promise<T> {
    const frame = this.#scopes.getStore();
    if (!frame || frame.unit.ended) return work();
    return this.#scopes.run({ ...frame, savepoints: false, once: frame.once ?? new WeakMap() }, work);
  }

  /**
   * Inside readsTogether, `read`'s answer for `key` on this transaction, read once for the whole of it: the
   * stamps of answers kept by version, which several reads of one page each ask for (the work list's sections
   * all ask for the council's version). Sound because nothing inside readsTogether writes: whether the unit of
   * work has written, and every version it sees, stay as the first read found them, or a commit since has moved
   * a version after it was read, which a read a moment earlier would have missed as well (each kept answer is
   * read after its stamp, so never older than it). Each transaction has answers of its own (a replica's, or
   * another user's, reads afresh), and so has each role (a system step's from a user step's). Outside
   * readsTogether it only reads.
   */
  onceInReads<T>(tx: Tx, key: string, read: () => Promise<T>): Promise<T> {
    const frame = this.#scopes.getStore();
    if (!frame?.once || frame.unit.ended) return read();
    let answers = frame.once.get(tx);
    if (!answers) frame.once.set(tx, (answers = new Map<string, Promise<unknown>>()));
    const named = `${frame.role}\u0000${key}`;
    const answer = answers.get(named) as Promise<T> | undefined;
    if (answer) {
      frame.unit.noteSharedRead();
      return answer;
    }
    const fresh = read();
    answers.set(named, fresh);
    return fresh;
  }

  open(actor: Actor): RequestUnitOfWork {
    return new RequestUnit(this.#db, actor, this.#scopes);
  }

  /**
   * Runs the work as a step of the current request's unit of work, or returns undefined when there is none
   * (or it belongs to another user, which only a test could arrange) and the caller should open its own.
   */
  join<T>(actor: Actor | undefined, role: 'user' | 'system', work: (tx: Tx) => Promise<T>): Promise<T> | undefined {
    const frame = this.#scopes.getStore();
    // After the reply (work a request leaves running), steps take transactions of their own again.
    if (!frame || frame.unit.ended) return undefined;
    if (actor && actor.userId !== frame.unit.actor.userId) return undefined;
    return frame.unit.step(frame, role, work);
  }
}
