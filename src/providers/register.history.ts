import type { Actor, Store } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { NotFound } from '../core/errors.ts';
import { auditEntries, formatAuditValue, nameOf, referencedIds, type AuditDescription, type AuditEntry } from '../core/audit/audit.ts';
import { listAuditEvents } from '../core/audit/audit.repository.ts';
import { money } from '../core/http/views.ts';
import { categoryLabel, CONTRACT_KIND_LABELS, type ContractKind } from './categories.ts';
import { contractIds } from './contracts.repository.ts';
import { findProvider, organisationNames, providerNames } from './providers.repository.ts';
import { requireId } from './register.access.ts';
import type { Provider, Service } from './register.ts';
import { findService, userNames } from './services.repository.ts';

const text = (value: unknown) => formatAuditValue(value);

/** How the register's columns read in a history, with ids shown as the names behind them. */
function serviceDescription(providers: Map<string, string>, users: Map<string, string>): AuditDescription {
  return {
    fields: {
      name: { label: 'Name' },
      provider_id: { label: 'Provider', format: nameOf(providers) },
      category: { label: 'Type of service', format: (v) => (typeof v === 'string' ? categoryLabel(v) : text(v)) },
      cqc_location_id: { label: 'CQC location ID' },
      address_line1: { label: 'Address line 1' },
      address_line2: { label: 'Address line 2' },
      town: { label: 'Town or city' },
      postcode: { label: 'Postcode' },
      beds: { label: 'Beds' },
      hours_per_week: { label: 'Hours per week' },
      funded_people: { label: 'Council-funded people' },
      in_county: { label: 'In county' },
      lead_officer_id: { label: 'Lead officer', format: nameOf(users) },
      // Contract columns, for the contracts shown in a service's history.
      kind: { label: 'Kind of contract', format: (v) => CONTRACT_KIND_LABELS[v as ContractKind] ?? text(v) },
      reference: { label: 'Contract reference' },
      annual_value: { label: 'Annual value', format: (v) => (typeof v === 'number' ? money(v) : text(v)) },
      starts_on: { label: 'Start date' },
      ends_on: { label: 'End date' },
    },
    hidden: ['service_id'],
    recordLabel: (event) => {
      if (event.tableName !== 'contracts') return 'service';
      const reference = (event.after ?? event.before)?.reference;
      return typeof reference === 'string' && reference ? `contract ${reference}` : 'contract';
    },
  };
}

function providerDescription(providers: Map<string, string>, organisations: Map<string, string>): AuditDescription {
  return {
    fields: {
      name: { label: 'Name' },
      company_number: { label: 'Company number' },
      cqc_provider_id: { label: 'CQC provider ID' },
      parent_provider_id: { label: 'Parent provider', format: nameOf(providers) },
      org_id: { label: 'Portal organisation', format: nameOf(organisations) },
    },
  };
}

/** The audit trail of register records, for people whose role may read it. */
export function registerHistory(store: Store) {
  return {
    /** A service's changes and its contracts' changes together, newest first. */
    async service(actor: Actor, id: string): Promise<{ service: Service; entries: AuditEntry[] }> {
      authorise(actor, 'audit.read');
      requireId(id, 'Service');
      return store.asUser(actor, async (tx) => {
        const service = await findService(tx, id);
        if (!service) throw new NotFound('Service');
        const events = await listAuditEvents(tx, [
          { table: 'services', ids: [id] },
          { table: 'contracts', ids: await contractIds(tx, id) },
        ]);
        const providers = await providerNames(tx, referencedIds(events, ['provider_id']));
        const users = await userNames(tx, referencedIds(events, ['lead_officer_id']));
        return { service, entries: auditEntries(events, serviceDescription(providers, users)) };
      });
    },

    async provider(actor: Actor, id: string): Promise<{ provider: Provider; entries: AuditEntry[] }> {
      authorise(actor, 'audit.read');
      requireId(id, 'Provider');
      return store.asUser(actor, async (tx) => {
        const provider = await findProvider(tx, id);
        if (!provider) throw new NotFound('Provider');
        const events = await listAuditEvents(tx, [{ table: 'providers', ids: [id] }]);
        const providers = await providerNames(tx, referencedIds(events, ['parent_provider_id']));
        const organisations = await organisationNames(tx, referencedIds(events, ['org_id']));
        return { provider, entries: auditEntries(events, providerDescription(providers, organisations)) };
      });
    },
  };
}

export type RegisterHistory = ReturnType<typeof registerHistory>;
