import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { openStore, type Store } from '../core/db/database.ts';
import { Conflict, DomainError, Invalid } from '../core/errors.ts';
import { readDemoAccounts } from '../accounts/index.ts';
import { orgCommand, ssoCommand, userCommand } from './accounts.commands.ts';
import { parseFlags, UsageError } from './args.ts';
import { USAGE } from './usage.ts';
import type { DemoScale } from '../demo/index.ts';

/** The demo's scales (src/demo/generate.ts), named here so that the flags are checked before loading the demo's code. */
const DEMO_SCALES: readonly string[] = ['small', 'council', 'region', 'national'] satisfies readonly DemoScale[];

/** What every command gets: the configuration (read once, here) and a way to open the migrated database once its flags are checked. */
interface CommandContext {
  readonly config: Config;
  readonly store: () => Promise<Store>;
}

type Command = (args: string[], context: CommandContext) => Promise<number | 'serving'>;

const commands: Record<string, Command> = {
  async migrate(args, { store }) {
    parseFlags(args, {});
    await store();
    console.error('The database is up to date.');
    return 0;
  },

  async serve(args, context) {
    const { flags } = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' }, scale: { type: 'string' } });
    if (flags.port !== undefined && !/^\d{1,5}$/.test(flags.port)) throw new UsageError('--port must be a number, like 3000');
    if (flags.scale !== undefined && !flags.demo) throw new UsageError('--scale goes with --demo');
    if (flags.scale !== undefined && !DEMO_SCALES.includes(flags.scale)) throw new UsageError(`--scale must be one of ${DEMO_SCALES.join(', ')}`);
    const config: Config = Object.freeze({
      ...context.config,
      ...(flags.port ? { port: Number(flags.port) } : {}),
      ...(flags.host ? { host: flags.host } : {}),
    });
    const store = await context.store();
    // A database the demo was loaded into keeps its accounts' setting: restarting it need not compile the demo's code.
    if (flags.demo && !(await store.asSystem(readDemoAccounts))) {
      const { loadDemoIfEmpty } = await import('../demo/index.ts');
      const loaded = await loadDemoIfEmpty(store, (flags.scale ?? 'council') as DemoScale);
      if (loaded) console.error(`Loaded demo data: ${loaded.services} services of ${loaded.councils} councils`);
    }
    // Loaded here so that the other commands start without compiling the whole web app.
    const { buildApp } = await import('../app.ts');
    const { app } = await buildApp(config, store);
    await app.listen({ port: config.port, host: config.host });
    console.error(`Care Oversight is running at http://${config.host}:${config.port}`);
    const stop = async () => {
      await app.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    return 'serving';
  },

  async demo(args, { store }) {
    const { flags } = parseFlags(args, { scale: { type: 'string' } });
    const { loadDemo, SCALES } = await import('../demo/index.ts');
    const scale = flags.scale ?? 'council';
    if (!Object.hasOwn(SCALES, scale)) throw new UsageError(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
    const summary = await loadDemo(await store(), scale as keyof typeof SCALES);
    console.log(JSON.stringify(summary));
    return 0;
  },

  org: (args, { store }) => orgCommand(args, store),
  user: (args, { store }) => userCommand(args, store, readStdin),
  sso: (args, { config, store }) => ssoCommand(args, store, readStdin, config),
  import: async (args, { store }) =>
    args[0] === 'assessments'
      ? (await import('./assessments.commands.ts')).importAssessmentsCommand(args.slice(1), store)
      : (await import('./cqc.commands.ts')).importCommand(args, store),
  cqc: async (args, { config, store }) => (await import('./cqc.commands.ts')).cqcCommand(args, store, config),
  share: async (args, { store }) => (await import('./status.commands.ts')).shareCommand(args, store),
  outbox: async (args, { store }) => (await import('./outbox.commands.ts')).outboxCommand(args, store),
  export: async (args, { store }) => (await import('./backup.commands.ts')).exportCommand(args, store),
  restore: async (args) => (await import('./backup.commands.ts')).restoreCommand(args),
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one command; every failure becomes a one-line message on stderr and a non-zero exit code. */
async function main(argv: string[]): Promise<number | 'serving'> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.error(USAGE);
    return name ? 0 : 2;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    console.error(`care-oversight: unknown command ${name} (run care-oversight help for the list)`);
    return 2;
  }
  let store: Store | undefined;
  try {
    // The one reading of the environment: a setting that cannot be used stops every command before it starts.
    const config = loadConfig();
    const openDatabase = async () => {
      if (!store) {
        store = await openStore({ databaseUrl: config.databaseUrl, readUrl: config.databaseReadUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize, poolWaitMs: config.databasePoolWaitMs, pgliteSharedBuffersMb: config.pgliteSharedBuffersMb, keptAnswers: config.keptAnswers });
        await store.migrate();
      }
      return store;
    };
    const result = await command(args, { config, store: openDatabase });
    if (result !== 'serving') await store?.close();
    return result;
  } catch (error) {
    await store?.close().catch(() => {});
    console.error(`care-oversight: ${describe(error)}`);
    if (error instanceof UsageError || error instanceof ConfigError) return 2;
    return error instanceof DomainError && error.status < 500 ? 1 : 3;
  }
}

/** Names the flag a field error is about, so the message points at what to retype. */
const FLAGS: Record<string, string> = {
  email: '--email',
  name: '--name',
  role: '--role',
  org: '--org',
  with: '--with',
  id: '--id',
  orgCode: '--org',
  code: '--code',
  managedBy: '--managed-by',
  kind: '--kind',
  team: '--team',
  password: 'the password on stdin',
};

function describe(error: unknown): string {
  if (error instanceof Invalid) return error.errors.map((e) => `${FLAGS[e.path] ?? e.path}: ${e.message}`).join('; ');
  if (error instanceof Conflict && error.field) return `${FLAGS[error.field] ?? error.field}: ${error.message}`;
  if (error instanceof Error) return error.message.split('\n')[0] || 'failed';
  return String(error);
}

const result = await main(process.argv.slice(2));
if (result !== 'serving') process.exit(result);
