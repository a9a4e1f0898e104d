import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paths, withQuery } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import type { RemindersService } from './reminders.service.ts';

const remindersSchema = z.object({ remind: z.enum(['yes']).optional() });

/** A provider user asks for email reminders of returns, or stops them (the form is on /returns). */
export function remindersRoutes(app: FastifyInstance, reminders: RemindersService) {
  router(app).post(paths.returns.reminders, { access: 'returns.submit', body: remindersSchema }, async ({ actor, body, reply }) => {
    await reminders.setSubscribed(actor, body.remind === 'yes');
    return reply.redirect(withQuery(paths.returns.list, { reminders: body.remind === 'yes' ? 'on' : 'off' }), 303);
  });
}
