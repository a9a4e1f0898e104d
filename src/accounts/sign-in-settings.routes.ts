import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROLE_LABELS } from '../core/auth/permissions.ts';
import type { Actor } from '../core/db/database.ts';
import { textValues } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import { SSO_ROLES, type SignInSettingsService } from './sign-in-settings.service.ts';

const access = 'accounts.manage';
const section = 'sign-in-settings';
const PAGE = 'accounts/views/admin/sign-in-settings.njk';
const BANNERS: Record<string, string> = {
  saved: 'Sign-in settings saved',
  added: 'Group or app role saved. It takes effect at each person’s next sign-in.',
  removed: 'Group or app role removed. People it gave a role to lose it at their next sign-in.',
};
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** An administrator's page for the council's single sign-on, password and second-factor rules, and its table of groups and roles. */
export function signInSettingsRoutes(app: FastifyInstance, settings: SignInSettingsService, publicBaseUrl: string) {
  const route = router(app);

  async function render(reply: FastifyReply, actor: Actor, options: { values?: Record<string, string>; mappingValues?: Record<string, string>; errors?: FormErrors; mappingErrors?: FormErrors; banner?: string | undefined } = {}) {
    const current = await settings.get(actor);
    const values = options.values ?? {
      issuer: current.issuer,
      clientId: current.clientId,
      emailDomains: current.emailDomains.join('\n'),
      createUsers: yesNo(current.createUsers),
      localPasswordsOff: yesNo(current.localPasswordsOff),
      secondFactorRequired: yesNo(current.secondFactorRequired),
    };
    return reply.render(PAGE, {
      title: 'Sign-in settings',
      section,
      current,
      values,
      errors: options.errors,
      mappingValues: options.mappingValues ?? {},
      mappingErrors: options.mappingErrors,
      banner: options.banner,
      redirectUri: new URL(paths.sso.callback, publicBaseUrl).href,
      roles: SSO_ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role] })),
      roleLabels: ROLE_LABELS,
    });
  }

  route.get(paths.admin.signInSettings, { access }, ({ actor, query, reply }) => render(reply, actor, { banner: query.done ? BANNERS[query.done] : undefined }));

  route.post(
    paths.admin.signInSettings,
    { access, body: noBody, invalid: ({ actor, values, reply }, errors) => render(reply, actor, { values: textValues(values), errors }) },
    async ({ actor, values, reply }) => {
      await settings.save(actor, values);
      return reply.redirect(withQuery(paths.admin.signInSettings, { done: 'saved' }), 303);
    },
  );

  route.post(
    paths.admin.roleMappings,
    { access, body: noBody, invalid: ({ actor, values, reply }, errors) => render(reply, actor, { mappingValues: textValues(values), mappingErrors: errors }) },
    async ({ actor, values, reply }) => {
      await settings.addMapping(actor, values);
      return reply.redirect(withQuery(paths.admin.signInSettings, { done: 'added' }), 303);
    },
  );

  route.post(paths.admin.removeRoleMapping(':id'), { access, ids: ['id'], notFound: 'Group or app role', body: noBody }, async ({ actor, ids, reply }) => {
    await settings.removeMapping(actor, ids.id);
    return reply.redirect(withQuery(paths.admin.signInSettings, { done: 'removed' }), 303);
  });
}
