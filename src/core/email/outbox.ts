import type { Store } from '../db/database.ts';
import { Conflict, NotFound } from '../errors.ts';
import { findEmailState, listUndelivered, outboxSummary, retryEmails } from './outbox.repository.ts';

/**
 * Outgoing email, the core's plumbing for every capability: a capability enqueues an email in the same
 * transaction as the record it is about (`enqueueEmail(tx, …)`), the deliverer sends it, and the operator
 * looks after what could not be sent (`care-oversight outbox`, which src/cli parses and prints).
 */
export { MAX_ATTEMPTS, enqueueEmail, type OutgoingEmail } from './outbox.repository.ts';

export type OutboxSummary = Awaited<ReturnType<typeof outboxSummary>>;
export type UndeliveredEmail = Awaited<ReturnType<typeof listUndelivered>>[number];

/**
 * The outbox at a glance and, with `list`, every unsent email, oldest first, without its address or body
 * (they can name a member of the public).
 */
export function outboxStatus(store: Store, options: { readonly list: boolean }): Promise<{ summary: OutboxSummary; emails: UndeliveredEmail[] }> {
  return store.asSystem(async (tx) => ({
    summary: await outboxSummary(tx),
    emails: options.list ? await listUndelivered(tx) : [],
  }));
}

/** Makes emails due again; an id that is unknown or already sent is a mistake worth telling the operator. */
export function retryOutbox(store: Store, which: { readonly id: string } | { readonly allGivenUp: true }): Promise<string[]> {
  return store.asSystem(async (tx) => {
    if (!('id' in which)) return retryEmails(tx, which);
    const email = await findEmailState(tx, which.id);
    if (!email) throw new NotFound(`Outgoing email ${which.id}`);
    if (email.sent_at) throw new Conflict(`email ${which.id} was sent at ${email.sent_at.toISOString()}; there is nothing to retry`, 'id');
    return retryEmails(tx, which);
  });
}
