import { z } from 'zod';
import type { Store } from '../core/db/database.ts';
import { outboxStatus, retryOutbox } from '../core/email/outbox.ts';
import { parse } from '../core/forms.ts';
import { parseFlags, UsageError } from './args.ts';

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
  const { summary, emails } = await outboxStatus(await store(), { list: flags.list });
  console.log(JSON.stringify(summary));
  for (const email of emails) console.log(JSON.stringify(email));
  return 0;
}

async function retry(args: string[], store: () => Promise<Store>): Promise<number> {
  const { flags } = parseFlags(args, { id: { type: 'string' }, 'all-given-up': { type: 'boolean' } });
  if ((flags.id === undefined) === !flags['all-given-up']) throw new UsageError('outbox retry needs either --id ID or --all-given-up');
  // Checked before the database is opened, so a mistyped id fails fast and touches nothing.
  const { id } = parse(retrySchema, { id: flags.id });
  const retried = await retryOutbox(await store(), id === undefined ? { allGivenUp: true } : { id });
  console.log(JSON.stringify({ retried: retried.length }));
  return 0;
}
