/** Recognises the database's refusals that the account services turn into messages for the person. */
const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;
const constraintOf = (error: unknown) => (error as { constraint?: unknown } | null)?.constraint;

export const isUniqueViolation = (error: unknown) => codeOf(error) === '23505';

/** Raised by the users_role_fits_organisation trigger (see the 20261123T1720 migration). */
export const isRoleMismatch = (error: unknown) =>
  codeOf(error) === '23514' && (constraintOf(error) === 'users_role_fits_organisation' || /organisation cannot have users/.test(String((error as Error).message)));
