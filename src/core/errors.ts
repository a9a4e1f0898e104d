/** Domain errors: thrown by services, turned into pages, problem documents and exit codes in one place each. */
export interface FieldError {
  /** Dotted path of the field (`postcode`, `contracts.0.startsOn`). */
  readonly path: string;
  readonly message: string;
}

export class DomainError extends Error {
  readonly status: number;
  constructor(message: string, status = 500) {
    super(message);
    this.status = status;
  }
}

export class NotFound extends DomainError {
  constructor(what = 'Page') {
    super(`${what} not found`, 404);
  }
}

export class Forbidden extends DomainError {
  constructor(message = 'You do not have permission to do that') {
    super(message, 403);
  }
}

export class Unauthenticated extends DomainError {
  constructor(message = 'Sign in to continue') {
    super(message, 401);
  }
}

export class Conflict extends DomainError {
  readonly field?: string;
  constructor(message: string, field?: string) {
    super(message, 409);
    this.field = field;
  }
}

export class Invalid extends DomainError {
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[]) {
    super(errors.map((e) => e.message).join('; ') || 'The request is not valid', 400);
    this.errors = errors;
  }
}

export class TooManyRequests extends DomainError {
  constructor(message = 'Too many attempts. Wait a few minutes and try again.') {
    super(message, 429);
  }
}

/** Every database connection stayed busy for longer than a request may wait (DATABASE_POOL_WAIT_MS). */
export class ServiceBusy extends DomainError {
  constructor(message = 'The service is busy. Try again in a moment.') {
    super(message, 503);
  }
}

/** PostgreSQL error codes that mean the caller, not the server, is at fault. */
export function fromDatabaseError(error: unknown): DomainError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '42501') return new Forbidden();
  if (code === '22P02') return new NotFound();
  if (code === '23505') return new Conflict('That record already exists');
  return undefined;
}
