import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { text } from '../core/forms.ts';
import { paths } from '../core/http/paths.ts';
import { noBody, router, type FormErrors } from '../core/http/route.ts';
import type { PasswordResetService } from './password-reset.service.ts';

const emailSchema = z.object({
  email: z.preprocess((v) => text(v).trim(), z.string().min(1, { error: 'Enter your email address' }).email({ error: 'Enter an email address in the correct format, like name@example.gov.uk' })),
});

const EXPIRED = 'accounts/views/password-link-expired.njk';

/** Forgotten passwords: ask for a link by email, then set a new password with it. */
export function passwordResetRoutes(app: FastifyInstance, resets: PasswordResetService) {
  const route = router(app);
  const renderAsk = (reply: FastifyReply, email: string, errors?: FormErrors) =>
    reply.render('accounts/views/forgotten-password.njk', { title: 'Reset your password', values: { email }, errors });
  const renderNew = (reply: FastifyReply, token: string, errors?: FormErrors) =>
    reply.render('accounts/views/new-password.njk', { title: 'Set a new password', token, errors });

  route.get(paths.forgotPassword, { access: 'public' }, ({ reply }) => renderAsk(reply, ''));

  route.post(
    paths.forgotPassword,
    {
      access: 'public',
      body: emailSchema,
      rateLimit: { max: 5, timeWindow: 15 * 60_000 },
      invalid: ({ values, reply }, errors) => renderAsk(reply, text(values.email).trim(), errors),
    },
    async ({ body, reply }) => {
      await resets.request(body.email);
      // The same page whether or not the email has an account.
      return reply.render('accounts/views/password-link-sent.njk', { title: 'Check your email', email: body.email });
    },
  );

  route.get(paths.resetPassword, { access: 'public' }, async ({ query, reply }) => {
    const token = query.token ?? '';
    if (!token || !(await resets.valid(token))) return reply.code(410).render(EXPIRED, { title: 'Your link has expired' });
    return renderNew(reply, token);
  });

  route.post(
    paths.resetPassword,
    { access: 'public', body: noBody, invalid: ({ values, reply }, errors) => renderNew(reply, text(values.token), errors) },
    async ({ values, reply }) => {
      const outcome = await resets.complete(text(values.token), values);
      if (outcome === 'expired') return reply.code(410).render(EXPIRED, { title: 'Your link has expired' });
      return reply.render('accounts/views/password-changed.njk', { title: 'Your password has been changed' });
    },
  );
}
