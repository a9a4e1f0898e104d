import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { DEFAULT_LINKS, logoPath, readBrandSettings, readLogo, saveBrand } from '../core/brand/brand.ts';
import { acceptLogo, MAX_LOGO_BYTES } from '../core/brand/logo.ts';
import type { Actor, Store } from '../core/db/database.ts';
import { NotFound, type FieldError } from '../core/errors.ts';
import { blankToUndefined, textValues } from '../core/forms.ts';
import { paths, withQuery } from '../core/http/paths.ts';
import { formErrors, multipart, noBody, router, type FormErrors } from '../core/http/route.ts';

/**
 * The council's own brand (issue 15): an administrator sets the footer's links (privacy notice, accessibility
 * statement, contact; this service's own pages until then) and uploads the council's logo for the header.
 * The administrators' start page (/admin) lists everything they look after.
 */
const section = 'brand';
const SETTINGS = 'accounts/views/brand/settings.njk';

const link = (label: string, mailto = false) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .max(500, { error: `${label} must be 500 characters or fewer` })
      .refine((v) => (mailto ? /^(https?:\/\/[^\s]+|mailto:[^\s@]+@[^\s@]+)$/i : /^https?:\/\/[^\s]+$/i).test(v), {
        error: `Enter ${label.toLowerCase()} as a full web address, like https://www.example.gov.uk/privacy${mailto ? ', or an email address as mailto:help@example.gov.uk' : ''}`,
      })
      .optional(),
  );

const linksSchema = z.object({
  privacyUrl: link('Privacy notice'),
  accessibilityUrl: link('Accessibility statement'),
  contactUrl: link('Contact', true),
  logoAlt: z.preprocess(blankToUndefined, z.string().trim().max(200, { error: 'Logo description must be 200 characters or fewer' }).optional()),
});

/** The council an administrator looks after: their own (only councils' administrators set a brand). */
function councilOf(actor: Actor): string {
  if (actor.orgKind !== 'council') throw new NotFound('Page');
  return actor.orgId;
}

export function brandRoutes(app: FastifyInstance, store: Store) {
  const route = router(app);

  route.get(paths.admin.home, { access: 'accounts.manage' }, ({ reply }) => reply.render('accounts/views/brand/admin.njk', { title: 'Administration', section: 'admin' }));

  async function renderSettings(reply: FastifyReply, actor: Actor, state: { values?: Record<string, string>; errors?: FormErrors; saved?: string } = {}) {
    const settings = await store.asSystem((tx) => readBrandSettings(tx, councilOf(actor)));
    return reply.render(SETTINGS, {
      title: 'Your council’s brand',
      section,
      settings,
      defaults: DEFAULT_LINKS,
      maxLogoKb: MAX_LOGO_BYTES / 1024,
      logoHref: settings.hasLogo ? logoPath(actor.orgId) : undefined,
      values: state.values ?? { privacyUrl: settings.privacyUrl, accessibilityUrl: settings.accessibilityUrl, contactUrl: settings.contactUrl, logoAlt: settings.logoAlt },
      ...(state.errors ? { errors: state.errors } : {}),
      saved: state.saved,
    });
  }

  route.get(paths.admin.brand, { access: 'accounts.manage' }, ({ actor, query, reply }) =>
    renderSettings(reply, actor, { saved: query.saved === 'links' ? 'Footer links and logo description saved' : query.saved === 'logo' ? 'Logo uploaded' : query.saved === 'removed' ? 'Logo removed' : undefined }),
  );

  route.post(
    paths.admin.brand,
    { access: 'accounts.manage', body: linksSchema, invalid: ({ actor, values, reply }, errors) => renderSettings(reply, actor, { values: textValues(values), errors }) },
    async ({ actor, body, reply }) => {
      const council = councilOf(actor);
      await store.asSystem((tx) =>
        saveBrand(tx, council, { privacy_url: body.privacyUrl ?? null, accessibility_url: body.accessibilityUrl ?? null, contact_url: body.contactUrl ?? null, logo_alt: body.logoAlt ?? null }),
      );
      return reply.redirect(withQuery(paths.admin.brand, { saved: 'links' }), 303);
    },
  );

  route.post(paths.admin.removeBrandLogo, { access: 'accounts.manage', body: noBody }, async ({ actor, reply }) => {
    await store.asSystem((tx) => saveBrand(tx, councilOf(actor), { logo: null, logo_type: null }));
    return reply.redirect(withQuery(paths.admin.brand, { saved: 'removed' }), 303);
  });

  // Multipart only here, so every other form keeps its plain body.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { throwFileSizeLimit: false, limits: { fileSize: MAX_LOGO_BYTES + 1, files: 1, fields: 5 } });
    router(scope).post(paths.admin.brandLogo, { access: 'accounts.manage', body: multipart }, async ({ actor, body, reply }) => {
      let logo: Buffer | undefined;
      for await (const part of body) {
        if (part.type === 'file' && part.filename && !logo) logo = await part.toBuffer();
        else if (part.type === 'file') for await (const _ of part.file) void _;
      }
      const accepted = acceptLogo(logo ?? Buffer.alloc(0));
      if ('error' in accepted) {
        const errors: FieldError[] = [{ path: 'logo', message: accepted.error }];
        return renderSettings(reply.code(400), actor, { errors: formErrors(errors) });
      }
      await store.asSystem((tx) => saveBrand(tx, councilOf(actor), { logo: accepted.bytes, logo_type: accepted.type }));
      return reply.redirect(withQuery(paths.admin.brand, { saved: 'logo' }), 303);
    });
  });

  // The logo is public (the sign-in page carries it too) and served as an image only: no script in it can run.
  route.get(logoPath(':id'), { access: 'public', ids: ['id'], notFound: 'Logo' }, async ({ ids, reply }) => {
    const logo = await store.asSystem((tx) => readLogo(tx, ids.id));
    if (!logo) throw new NotFound('Logo');
    return reply
      .type(logo.type)
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'public, max-age=86400')
      .send(logo.bytes);
  });
}
