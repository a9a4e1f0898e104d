import { z } from 'zod';
import { parseFlags, UsageError } from '../../cli/args.ts';
import type { Store } from '../../core/db/database.ts';
import { Conflict, NotFound } from '../../core/errors.ts';
import { parse } from '../../core/forms.ts';
import { findEmailState, listUndelivered, outboxSummary, retryEmails } from './outbox.repository.ts';

/**
 * `outbox [--list]` and `outbox retry --id ID | --all-given-up`: the operator's view of emails the app
 * could not send. Output is JSON lines; addresses and bodies are never printed, as they can name a
 * member of the public.
 */
const USAGE = 'usage: care-oversight outbox [--list] | care-oversight outbox retry --id ID | --all-given-up';

const retrySchema = z.object({
  id: z.uuid({ error: 'Enter the id of an email, as `care-oversight outbox --list` prints it' }).optional(),
});

export async function outboxCommand(args: string[], store: () => Promise<Store>): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'retry') return retry(rest, store);
  if (sub !== undefined && !sub.startsWith('-')) throw new UsageError(USAGE);
  const { flags } = parseFlags(args, { list: { type: 'boolean' } });
  const { summary, emails } = await (await store()).asSystem(async (tx) => ({
    summary: await outboxSummary(tx),
    emails: flags.list ? await listUndelivered(tx) : [],
  }));
  console.log(JSON.stringify(summary));
  for (const email of emails) console.log(JSON.stringify(email));
  return 0;
}

async function retry(args: string[], store: () => Promise<Store>): Promise<number> {
  const { flags } = parseFlags(args, { id: { type: 'string' }, 'all-given-up': { type: 'boolean' } });
  if ((flags.id === undefined) === !flags['all-given-up']) throw new UsageError('outbox retry needs either --id ID or --all-given-up');
  const { id } = parse(retrySchema, { id: flags.id });
  const retried = await retryOutbox(await store(), id === undefined ? { allGivenUp: true } : { id });
  console.log(JSON.stringify({ retried: retried.length }));
  return 0;
}

/** Makes emails due again; an id that is unknown or already sent is a mistake worth telling the operator. */
export function retryOutbox(store: Store, which: { id: string } | { allGivenUp: true }): Promise<string[]> {
  return store.asSystem(async (tx) => {
    if (!('id' in which)) return retryEmails(tx, which);
    const email = await findEmailState(tx, which.id);
    if (!email) throw new NotFound(`Outgoing email ${which.id}`);
    if (email.sent_at) throw new Conflict(`email ${which.id} was sent at ${email.sent_at.toISOString()}; there is nothing to retry`, 'id');
    return retryEmails(tx, which);
  });
}
