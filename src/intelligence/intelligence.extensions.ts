import { can } from '../core/auth/permissions.ts';
import type { Store } from '../core/db/database.ts';
import type { ServicePanelSource, TimelineSource } from '../core/http/extensions.ts';
import { paths } from '../core/http/paths.ts';
import * as repo from './intelligence.repository.ts';
import { SOURCES, type Source } from './intelligence.rules.ts';

/**
 * What intelligence adds to pages other capabilities own: each entry on the service timeline, and a panel
 * on the service page with the latest entries. Both read as the actor, so row-level security applies.
 */
export function intelligenceExtensions(store: Store) {
  const timeline: TimelineSource = async (actor, serviceId) => {
    if (!can(actor, 'intelligence.read')) return [];
    const rows = await store.asUser(actor, (tx) => repo.listEntries(tx, serviceId));
    return rows.map((row) => ({
      occurredOn: row.received_on,
      kind: 'intelligence',
      summary: row.summary,
      href: paths.intelligence.show(row.id),
      recordId: row.id,
      source: row.source,
      sourceLabel: SOURCES[row.source as Source] ?? row.source,
    }));
  };

  const panel: ServicePanelSource = async (actor, serviceId) => {
    if (!can(actor, 'timeline.read')) return undefined;
    const latest = can(actor, 'intelligence.read') ? await store.asUser(actor, (tx) => repo.listEntries(tx, serviceId, 3)) : [];
    return {
      id: 'intelligence',
      title: 'Intelligence',
      template: 'intelligence/views/service-panel.njk',
      model: {
        showsIntelligence: can(actor, 'intelligence.read'),
        canLog: can(actor, 'intelligence.write'),
        latest: latest.map((row) => ({
          href: paths.intelligence.show(row.id),
          receivedOn: row.received_on,
          summary: row.summary,
          source: SOURCES[row.source as Source] ?? row.source,
          severity: row.severity,
          status: row.status,
        })),
        timelineHref: paths.intelligence.timeline(serviceId),
        newHref: paths.intelligence.new(serviceId),
      },
    };
  };

  return { panel, timeline };
}
