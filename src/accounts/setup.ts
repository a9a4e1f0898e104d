import type { Store } from '../core/db/database.ts';
import { parse } from '../core/forms.ts';
import { organisationSchema } from './accounts.schemas.ts';
import { organisationsService } from './organisations.service.ts';
import { signInSettingsService } from './sign-in-settings.service.ts';
import { checkSystemUser, usersService, type SystemUserInput } from './users.service.ts';

/**
 * How the system operator sets up councils and their first administrators (`care-oversight org add` and
 * `user add`). The checks that need no database come apart, so a typing mistake is reported before one opens.
 */

export interface NewOrganisation {
  readonly code: string;
  readonly name: string;
  readonly kind: string;
  /** The code of the council that manages a provider or partner organisation. */
  readonly managedBy?: string | undefined;
}

/** The organisation as it will be stored (code in capitals), or Invalid naming each field. */
export function checkNewOrganisation(input: NewOrganisation) {
  return { ...parse(organisationSchema, input), managedBy: input.managedBy };
}

/** Any kind of organisation, councils included; a provider or partner managed by the council `managedBy` names. */
export function addOrganisation(store: Store, input: NewOrganisation) {
  return organisationsService(store).addAsSystem(input);
}

/** Invalid naming each field that is wrong, before any database is opened. */
export function checkNewUser(input: SystemUserInput): void {
  checkSystemUser(input);
}

/** A user of any organisation, with a password if given, and an API token for them (returned once). */
export function addUser(store: Store, input: SystemUserInput): Promise<{ userId: string; apiToken: string }> {
  return usersService(store).addAsSystem(input);
}

export interface SingleSignOnInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly emailDomains?: string[] | undefined;
  readonly createUsers?: boolean | undefined;
}

/** A council's OpenID Connect issuer and client (`care-oversight sso set`); its other sign-in settings stay. */
export function setSingleSignOn(store: Store, orgCode: string, input: SingleSignOnInput, options: { allowHttpIssuers: boolean }) {
  return signInSettingsService(store, options).setAsSystem(orgCode, input);
}

/** One group or app-role claim value of a council's directory and the role it gives (`care-oversight sso map`). */
export function mapSingleSignOnRole(store: Store, orgCode: string, claimValue: string, role: string) {
  return signInSettingsService(store, { allowHttpIssuers: false }).mapAsSystem(orgCode, claimValue, role);
}
