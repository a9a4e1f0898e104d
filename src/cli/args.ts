import { parseArgs } from 'node:util';

/** A mistake in how the command was typed (missing or unknown flags): exit code 2, like most Unix tools. */
export class UsageError extends Error {}

type FlagSpec = Record<string, { type: 'string' | 'boolean'; required?: boolean }>;
type Parsed<S extends FlagSpec> = { [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean : S[K]['required'] extends true ? string : string | undefined };

/**
 * Parses `--flag value` arguments strictly, with one plain message per mistake: an unknown flag, a flag
 * without its value, or a required flag left out (`--email is required`).
 */
export function parseFlags<S extends FlagSpec>(args: string[], spec: S, positionals = 0): { flags: Parsed<S>; positionals: string[] } {
  let result: ReturnType<typeof parseArgs>;
  try {
    result = parseArgs({
      args,
      allowPositionals: positionals > 0,
      strict: true,
      options: Object.fromEntries(Object.entries(spec).map(([name, s]) => [name, { type: s.type }])),
    });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (result.positionals.length > positionals) throw new UsageError(`unexpected argument ${result.positionals[positionals]}`);
  const missing = Object.entries(spec)
    .filter(([name, s]) => s.required && (result.values[name] === undefined || String(result.values[name]).trim() === ''))
    .map(([name]) => `--${name}`);
  if (missing.length === 1) throw new UsageError(`${missing[0]} is required`);
  if (missing.length > 1) throw new UsageError(`${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} are required`);
  const flags = Object.fromEntries(
    Object.entries(spec).map(([name, s]) => [name, s.type === 'boolean' ? result.values[name] === true : (result.values[name] as string | undefined)]),
  );
  return { flags: flags as Parsed<S>, positionals: result.positionals };
}

function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const flag = /'(--?[\w-]+)/.exec(message ?? '')?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) return `unknown option ${flag}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && flag) {
    return /does not take/.test(message ?? '') ? `${flag} does not take a value` : `${flag} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return (message ?? '').split('.')[0]!.replace(/^Unexpected/, 'unexpected');
  return (message ?? String(error)).split('\n')[0]!;
}
