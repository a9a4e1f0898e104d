import type { FastifyInstance } from 'fastify';
import { requireActor } from '../core/http/app.ts';
import { paths } from '../core/http/paths.ts';
import { idParam } from './http.ts';
import { entryToApi, type IntelligenceService } from './intelligence.service.ts';

/** The JSON API for intelligence (API.md): only the owning council's officers, commissioners and administrators. */
export function intelligenceApi(app: FastifyInstance, intelligence: IntelligenceService) {
  app.post(paths.api.serviceIntelligence(':id'), async (request, reply) => {
    const entry = await intelligence.recordFromApi(requireActor(request), idParam(request), request.body);
    return reply.code(201).header('location', paths.api.intelligence(entry.id)).send(entryToApi(entry));
  });

  app.get(paths.api.serviceIntelligence(':id'), async (request) => {
    const entries = await intelligence.listForService(requireActor(request), idParam(request));
    return { items: entries.map(entryToApi) };
  });

  app.get(paths.api.intelligence(':id'), async (request) => entryToApi(await intelligence.get(requireActor(request), idParam(request))));
}
