import type { FastifyInstance } from 'fastify';
import { paths } from '../core/http/paths.ts';
import { router } from '../core/http/route.ts';
import { intelligenceApiSchema } from './intelligence.schemas.ts';
import { entryToApi, type IntelligenceService } from './intelligence.service.ts';

/** The JSON API for intelligence (API.md): only the owning council's officers, commissioners and administrators. */
export function intelligenceApi(app: FastifyInstance, intelligence: IntelligenceService) {
  const route = router(app);

  route.post(paths.api.serviceIntelligence(':id'), { access: 'intelligence.write', ids: ['id'], body: intelligenceApiSchema }, async ({ actor, ids, body, reply }) => {
    const entry = await intelligence.record(actor, ids.id, body);
    return reply.code(201).header('location', paths.api.intelligence(entry.id)).send(entryToApi(entry));
  });

  route.get(paths.api.serviceIntelligence(':id'), { access: 'intelligence.read', ids: ['id'] }, async ({ actor, ids }) => {
    const entries = await intelligence.listForService(actor, ids.id);
    return { items: entries.map(entryToApi) };
  });

  route.get(paths.api.intelligence(':id'), { access: 'intelligence.read', ids: ['id'] }, async ({ actor, ids }) => entryToApi(await intelligence.get(actor, ids.id)));
}
