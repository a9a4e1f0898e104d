import { z } from 'zod';
import type { Actor, Store } from '../core/db/database.ts';
import type { Role } from '../core/db/schema.ts';
import { authorise } from '../core/auth/permissions.ts';
import { Invalid, NotFound, type FieldError } from '../core/errors.ts';
import { text, toFieldErrors } from '../core/forms.ts';
import { findOrganisationByCode } from './accounts.repository.ts';
import * as repo from './sign-in.repository.ts';

/** Roles a council's directory may give (council roles only: providers and partners keep local accounts). */
export const SSO_ROLES = ['admin', 'commissioner', 'officer', 'placer'] as const satisfies readonly Role[];

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message });
const domainPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function settingsSchema(allowHttp: boolean) {
  return z.object({
    issuer: z.preprocess(
      (v) => text(v).trim(),
      z.string().max(500, { error: 'Issuer URL must be 500 characters or fewer' }).refine((v) => v === '' || isIssuerUrl(v, allowHttp), {
        error: 'Enter the issuer URL, starting https://, like https://login.microsoftonline.com/your-tenant-id/v2.0',
      }),
    ),
    clientId: z.preprocess((v) => text(v).trim(), z.string().max(200, { error: 'Client ID must be 200 characters or fewer' })),
    clientSecret: z.preprocess((v) => text(v), z.string().max(500, { error: 'Client secret must be 500 characters or fewer' })),
    emailDomains: z.preprocess(
      (v) => text(v).toLowerCase().split(/[\s,]+/).map((d) => d.trim().replace(/^@/, '')).filter(Boolean),
      z.array(z.string().regex(domainPattern, { error: 'Enter email domains like hertfordshire.gov.uk, one a line' })).max(20, { error: 'Enter 20 email domains or fewer' }),
    ),
    createUsers: yesNo('Select whether first sign-in creates the account'),
    localPasswordsOff: yesNo('Select whether your staff may still sign in with a password'),
    secondFactorRequired: yesNo('Select whether people with a password must use an authenticator app'),
  });
}

const mappingSchema = z.object({
  claimValue: z.preprocess((v) => text(v).trim(), z.string().min(1, { error: 'Enter the group or app role' }).max(200, { error: 'Group or app role must be 200 characters or fewer' })),
  role: z.enum(SSO_ROLES, { error: 'Select the role it gives' }),
});

function isIssuerUrl(value: string, allowHttp: boolean): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || (allowHttp && url.protocol === 'http:')) && !url.search && !url.hash;
  } catch {
    return false;
  }
}

export type SettingsInput = z.input<ReturnType<typeof settingsSchema>>;

/** A council's sign-in settings and its table of claims and roles, kept by its administrators. */
export function signInSettingsService(store: Store, options: { allowHttpIssuers: boolean }) {
  const schema = settingsSchema(options.allowHttpIssuers);

  /** Every check of the form; the secret may be left blank to keep the one stored. */
  function check(input: unknown, stored: repo.SettingsRow | undefined) {
    const parsed = schema.safeParse(input ?? {});
    const errors: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error);
    if (parsed.success) {
      const { issuer, clientId, clientSecret, emailDomains, localPasswordsOff } = parsed.data;
      if (issuer && !clientId) errors.push({ path: 'clientId', message: 'Enter the client ID your identity provider gave' });
      if (!issuer && clientId) errors.push({ path: 'issuer', message: 'Enter the issuer URL, or remove the client ID' });
      if (issuer && !clientSecret && !stored?.client_secret) errors.push({ path: 'clientSecret', message: 'Enter the client secret' });
      if (issuer && !emailDomains.length) errors.push({ path: 'emailDomains', message: 'Enter your staff’s email domains, so the sign-in page can send them to you' });
      if (!issuer && localPasswordsOff === 'yes') errors.push({ path: 'localPasswordsOff', message: 'Set up single sign-on before turning your staff’s passwords off' });
    }
    if (errors.length || !parsed.success) throw new Invalid(errors);
    const d = parsed.data;
    return {
      issuer: d.issuer || null,
      clientId: d.clientId || null,
      clientSecret: d.issuer ? d.clientSecret || undefined : null,
      emailDomains: d.emailDomains,
      createUsers: d.createUsers === 'yes',
      localPasswordsOff: d.localPasswordsOff === 'yes',
      secondFactorRequired: d.secondFactorRequired === 'yes',
    };
  }

  return {
    async get(actor: Actor) {
      authorise(actor, 'accounts.manage');
      return store.asUser(actor, async (tx) => {
        const settings = await repo.findSettings(tx, actor.orgId);
        const mappings = await repo.listRoleMappings(tx, actor.orgId);
        return {
          issuer: settings?.issuer ?? '',
          clientId: settings?.client_id ?? '',
          hasClientSecret: !!settings?.client_secret,
          emailDomains: settings?.email_domains ?? [],
          createUsers: settings?.create_users ?? false,
          localPasswordsOff: settings?.local_passwords_off ?? false,
          secondFactorRequired: settings?.second_factor_required ?? false,
          mappings,
        };
      });
    },

    async save(actor: Actor, input: unknown): Promise<void> {
      authorise(actor, 'accounts.manage');
      await store.asUser(actor, async (tx) => {
        const changes = check(input, await repo.findSettings(tx, actor.orgId));
        await repo.saveSettings(tx, actor.orgId, changes);
      });
    },

    async addMapping(actor: Actor, input: unknown): Promise<void> {
      authorise(actor, 'accounts.manage');
      const parsed = mappingSchema.safeParse(input ?? {});
      if (!parsed.success) throw new Invalid(toFieldErrors(parsed.error));
      await store.asUser(actor, (tx) => repo.addRoleMapping(tx, actor.orgId, parsed.data.claimValue, parsed.data.role));
    },

    async removeMapping(actor: Actor, id: string): Promise<void> {
      authorise(actor, 'accounts.manage');
      const removed = await store.asUser(actor, (tx) => repo.removeRoleMapping(tx, actor.orgId, id));
      if (!removed) throw new NotFound('Group or app role');
    },

    /** Command line (`care-oversight sso set`): a council's issuer and client, leaving its other settings as they are. */
    async setAsSystem(orgCode: string, input: { issuer: string; clientId: string; clientSecret: string; emailDomains?: string[] | undefined; createUsers?: boolean | undefined }) {
      return store.asSystem(async (tx) => {
        const org = await findOrganisationByCode(tx, orgCode);
        if (!org) throw new Invalid([{ path: 'org', message: `No organisation has the code ${orgCode}` }]);
        if (org.kind !== 'council') throw new Invalid([{ path: 'org', message: 'Single sign-on is for councils: providers and partners keep local accounts' }]);
        const stored = await repo.findSettings(tx, org.id);
        const changes = check(
          {
            issuer: input.issuer,
            clientId: input.clientId,
            clientSecret: input.clientSecret,
            emailDomains: (input.emailDomains ?? stored?.email_domains ?? []).join('\n'),
            createUsers: (input.createUsers ?? stored?.create_users) ? 'yes' : 'no',
            localPasswordsOff: stored?.local_passwords_off ? 'yes' : 'no',
            secondFactorRequired: stored?.second_factor_required ? 'yes' : 'no',
          },
          stored,
        );
        await repo.saveSettings(tx, org.id, changes);
        return { orgId: org.id };
      });
    },

    /** Command line and tests: one claim value and the role it gives. */
    async mapAsSystem(orgCode: string, claimValue: string, role: string) {
      const parsed = mappingSchema.safeParse({ claimValue, role });
      if (!parsed.success) throw new Invalid(toFieldErrors(parsed.error));
      await store.asSystem(async (tx) => {
        const org = await findOrganisationByCode(tx, orgCode);
        if (org?.kind !== 'council') throw new Invalid([{ path: 'org', message: `No council has the code ${orgCode}` }]);
        await repo.addRoleMapping(tx, org.id, parsed.data.claimValue, parsed.data.role);
      });
    },
  };
}

export type SignInSettingsService = ReturnType<typeof signInSettingsService>;
