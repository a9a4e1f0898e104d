import { parseArgs } from 'node:util';
import { buildApp, buildServices } from '../app.js';
import { loadConfig } from '../core/config.js';
import { openStore, type Store } from '../core/db/database.js';
import { DomainError, Invalid } from '../core/errors.js';
import type { OrgKind } from '../core/db/schema.js';

const USAGE = `usage: care-oversight <command>
  serve [--port 3000] [--host 127.0.0.1] [--demo]   migrate, then serve the web app and API (--demo loads demo data into an empty database)
  migrate                                           apply migrations
  demo [--scale small|council|region|national]      load generated demo data into an empty database
  org add --code CODE --name NAME --kind council|provider|partner
  user add --email E --name N --org ORG_CODE --role ROLE [--password-stdin]`;

type Handler = (args: string[], store: Store) => Promise<number | 'serving'>;

const commands: Record<string, Handler> = {
  async migrate() {
    return 0;
  },

  async serve(args, store) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' }, demo: { type: 'boolean' } } });
    const config = loadConfig(undefined, {
      ...(values.port ? { port: Number(values.port) } : {}),
      ...(values.host ? { host: values.host } : {}),
    });
    if (values.demo) {
      const { loadDemoIfEmpty } = await import('../demo/demo.js');
      const loaded = await loadDemoIfEmpty(store, 'council');
      if (loaded) console.error(`Loaded demo data: ${loaded.services} services of ${loaded.councils} councils`);
    }
    const { app } = await buildApp(config, store);
    await app.listen({ port: config.port, host: config.host });
    console.error(`Care Oversight is running at http://${config.host}:${config.port}`);
    const stop = async () => {
      await app.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return 'serving';
  },

  async demo(args, store) {
    const { values } = parseArgs({ args, options: { scale: { type: 'string', default: 'council' } } });
    const { loadDemo, SCALES } = await import('../demo/demo.js');
    const scale = values.scale as keyof typeof SCALES;
    if (!(scale in SCALES)) throw new Invalid([{ path: 'scale', message: `--scale must be one of ${Object.keys(SCALES).join(', ')}` }]);
    const summary = await loadDemo(store, scale);
    console.log(JSON.stringify(summary));
    return 0;
  },

  async org(args, store) {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw new Invalid([{ path: 'command', message: 'usage: care-oversight org add --code CODE --name NAME --kind KIND' }]);
    const { values } = parseArgs({ args: rest, options: { code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } } });
    const services = buildServices(store, loadConfig());
    const org = await services.accounts.addOrganisationAsSystem({
      code: values.code ?? '',
      name: values.name ?? '',
      kind: (values.kind ?? '') as OrgKind,
    });
    console.log(JSON.stringify({ orgId: org.id, code: org.code }));
    return 0;
  },

  async user(args, store) {
    const [sub, ...rest] = args;
    if (sub !== 'add') throw new Invalid([{ path: 'command', message: 'usage: care-oversight user add --email E --name N --org CODE --role ROLE' }]);
    const { values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        org: { type: 'string' },
        role: { type: 'string' },
        'password-stdin': { type: 'boolean' },
      },
    });
    const password = values['password-stdin'] ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
    const services = buildServices(store, loadConfig());
    const result = await services.accounts.addUserAsSystem({
      email: values.email ?? '',
      name: values.name ?? '',
      orgCode: values.org ?? '',
      role: values.role ?? '',
      password,
    });
    console.log(JSON.stringify(result));
    return 0;
  },
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs one command; every failure becomes a one-line message on stderr and a non-zero exit code. */
export async function main(argv: string[]): Promise<number | 'serving'> {
  const [name, ...args] = argv;
  const handler = name ? commands[name] : undefined;
  if (!handler) {
    console.error(name && name !== 'help' && name !== '--help' ? `care-oversight: unknown command ${name}\n${USAGE}` : USAGE);
    return name === 'help' || name === '--help' ? 0 : 2;
  }
  let store: Store | undefined;
  try {
    const config = loadConfig();
    store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await store.migrate();
    const result = await handler(args, store);
    if (result !== 'serving') await store.close();
    return result;
  } catch (error) {
    await store?.close().catch(() => {});
    console.error(`care-oversight: ${describe(error)}`);
    return error instanceof DomainError && error.status < 500 ? 1 : 2;
  }
}

function describe(error: unknown): string {
  if (error instanceof Invalid) return error.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  if (error instanceof Error) return error.message.split('\n')[0] ?? 'failed';
  return String(error);
}

const result = await main(process.argv.slice(2));
if (result !== 'serving') process.exit(result);
