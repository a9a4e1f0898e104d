import path from 'node:path';

type Environment = 'development' | 'production' | 'test';

export interface Config {
  readonly env: Environment;
  readonly host: string;
  readonly port: number;
  /** postgres://… selects a PostgreSQL server; otherwise PGlite keeps its files in dataDir. */
  readonly databaseUrl: string | undefined;
  /** postgres://… of a streaming replica of DATABASE_URL, for the reads that may lag (DATABASE_READ_URL). */
  readonly databaseReadUrl: string | undefined;
  /** Folder for PGlite's files, or 'memory://' for a throwaway in-process database. */
  readonly dataDir: string;
  /** PostgreSQL: connections this process may hold at once (each request holds one while it runs). */
  readonly databasePoolSize: number;
  /** PostgreSQL: how long a request waits for a free connection before it is refused with a 503. */
  readonly databasePoolWaitMs: number;
  /** PGlite's buffer cache in MB (PGLITE_SHARED_BUFFERS_MB): memory against re-reading pages from its files. */
  readonly pgliteSharedBuffersMb: number;
  /** How many answers each process keeps while nothing is committed (Store.remember); 0 keeps none. */
  readonly keptAnswers: number;
  readonly cookieSecure: boolean;
  readonly sessionHours: number;
  /** A session ends after this many minutes without a request (the pages warn two minutes before). */
  readonly sessionIdleMinutes: number;
  readonly logLevel: string;
  readonly publicBaseUrl: string;
  /** Failed sign-ins allowed per client address in 15 minutes (successful ones do not count). */
  readonly loginAttemptsPerWindow: number;
  /** Failed sign-ins allowed per account (the email address tried) in 15 minutes, from any address. */
  readonly loginAttemptsPerAccount: number;
  /** Signs the public forms' timestamps (spam protection) and confirmation links. */
  readonly formSecret: string;
  /** Public concern reports accepted per address per hour. */
  readonly publicReportsPerHour: number;
  /** Outgoing email: without a host, emails wait in the outbox until one is configured. */
  readonly smtpHost: string | undefined;
  readonly smtpPort: number;
  readonly smtpUser: string | undefined;
  readonly smtpPassword: string | undefined;
  readonly smtpFrom: string;
  /** The CQC public API (`cqc sync`), and the subscription key it asks for. */
  readonly cqcApiBaseUrl: string;
  readonly cqcApiKey: string | undefined;
  /** Single sign-on defaults for councils that name no issuer of their own (each council may set its own). */
  readonly oidcIssuerUrl: string | undefined;
  readonly oidcClientId: string | undefined;
  readonly oidcClientSecret: string | undefined;
  /** Authenticator or recovery codes allowed per person in 15 minutes at sign-in. */
  readonly codeAttemptsPerAccount: number;
}

/** A setting the environment gives that cannot be used: named, with what it should be. */
export class ConfigError extends Error {}

/**
 * A whole number from the environment within [min, max], or the default when the variable is unset. Set but
 * empty, or anything else (`abc`, `8.5`, `1e3`), stops the process at once naming the variable, instead of
 * running with NaN or 0 (a rate limit of NaN lets everything through; a session of NaN hours never starts).
 */
function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (it is ${JSON.stringify(raw)})`);
  }
  return value;
}

/**
 * The only place that reads process.env. Developer defaults everywhere; production refuses to start
 * without the settings that have no safe default.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const mode = (env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development');
  const port = wholeNumber(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST ?? '127.0.0.1';
  if (mode === 'production' && !env.DATABASE_URL && !env.DATA_DIR) {
    throw new ConfigError('DATABASE_URL (or DATA_DIR for the embedded database) must be set in production');
  }
  if (mode === 'production' && !env.PUBLIC_BASE_URL) {
    throw new ConfigError('PUBLIC_BASE_URL must be set in production');
  }
  if (env.DATABASE_READ_URL && !env.DATABASE_URL) {
    throw new ConfigError('DATABASE_READ_URL names a replica of DATABASE_URL: set DATABASE_URL too (the embedded database has no replica)');
  }
  if (mode === 'production' && !env.FORM_SECRET) {
    throw new ConfigError('FORM_SECRET must be set in production');
  }
  const config: Config = {
    env: mode,
    host,
    port,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseReadUrl: env.DATABASE_READ_URL || undefined,
    dataDir: env.DATA_DIR ?? path.resolve('data'),
    databasePoolSize: wholeNumber(env, 'DATABASE_POOL_SIZE', 10, 1, 1000),
    databasePoolWaitMs: wholeNumber(env, 'DATABASE_POOL_WAIT_MS', 2000, 1, 600_000),
    pgliteSharedBuffersMb: wholeNumber(env, 'PGLITE_SHARED_BUFFERS_MB', 32, 1, 65_536),
    keptAnswers: wholeNumber(env, 'KEPT_ANSWERS', 500, 0, 100_000),
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE !== 'false' : true,
    sessionHours: wholeNumber(env, 'SESSION_HOURS', 8, 1, 24 * 366),
    sessionIdleMinutes: wholeNumber(env, 'SESSION_IDLE_MINUTES', 30, 5, 24 * 60),
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://${host}:${port}`,
    loginAttemptsPerWindow: wholeNumber(env, 'LOGIN_ATTEMPTS_PER_15_MINUTES', 10, 1, 1_000_000),
    loginAttemptsPerAccount: wholeNumber(env, 'LOGIN_ATTEMPTS_PER_ACCOUNT_PER_15_MINUTES', 10, 1, 1_000_000),
    formSecret: env.FORM_SECRET ?? 'development form secret, not for production',
    publicReportsPerHour: wholeNumber(env, 'PUBLIC_REPORTS_PER_HOUR', 10, 1, 1_000_000),
    smtpHost: env.SMTP_HOST || undefined,
    smtpPort: wholeNumber(env, 'SMTP_PORT', 587, 1, 65535),
    smtpUser: env.SMTP_USER || undefined,
    smtpPassword: env.SMTP_PASSWORD || undefined,
    smtpFrom: env.SMTP_FROM ?? 'Care Oversight <no-reply@care-oversight.invalid>',
    cqcApiBaseUrl: (env.CQC_API_BASE_URL || 'https://api.service.cqc.org.uk/public/v1').replace(/\/+$/, ''),
    cqcApiKey: env.CQC_API_KEY || undefined,
    oidcIssuerUrl: env.OIDC_ISSUER_URL || undefined,
    oidcClientId: env.OIDC_CLIENT_ID || undefined,
    oidcClientSecret: env.OIDC_CLIENT_SECRET || undefined,
    codeAttemptsPerAccount: wholeNumber(env, 'CODE_ATTEMPTS_PER_ACCOUNT_PER_15_MINUTES', 5, 1, 1_000_000),
    ...overrides,
  };
  return Object.freeze(config);
}
