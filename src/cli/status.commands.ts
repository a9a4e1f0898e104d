import type { Store } from '../core/db/database.ts';
import { shareWith } from '../status/index.ts';
import { parseFlags } from './args.ts';

/**
 * `care-oversight share --org CODE --with CODE [--revoke] [--enter-and-view] [--reports]`: the first council shares its
 * live status and alerts (and, if asked, its Enter and View list, its quarterly headline figures) with the second organisation, or stops.
 * Prints one JSON line.
 */
export async function shareCommand(args: string[], store: () => Promise<Store>): Promise<number> {
  const { flags } = parseFlags(args, {
    org: { type: 'string', required: true },
    with: { type: 'string', required: true },
    revoke: { type: 'boolean' },
    'enter-and-view': { type: 'boolean' },
    reports: { type: 'boolean' },
  });
  const result = await shareWith(await store(), { org: flags.org, with: flags.with, revoke: !!flags.revoke, enterAndView: !!flags['enter-and-view'], reports: !!flags.reports });
  console.log(JSON.stringify(result));
  return 0;
}
