import type { Actor, Store } from '../core/db/database.ts';
import { authorise } from '../core/auth/permissions.ts';
import { Invalid, NotFound } from '../core/errors.ts';
import { parse } from '../core/forms.ts';
import * as repo from './contracts.repository.ts';
import { councilOf, requireId } from './register.access.ts';
import type { Contract, ContractFields, Service } from './register.ts';
import { contractSchema, type ContractInput } from './register.schemas.ts';
import { findService } from './services.repository.ts';

function toFields(input: ContractInput): ContractFields {
  return {
    kind: input.kind,
    reference: input.reference ?? null,
    annualValue: input.annualValue ?? null,
    startsOn: input.startsOn!,
    endsOn: input.endsOn ?? null,
  };
}

/** Contracts: how the council buys each service (block, spot or framework), its value and its term. */
export function contractsService(store: Store) {
  return {
    /** The service a new contract is for, so the form can name it. */
    async serviceFor(actor: Actor, serviceId: string): Promise<Service> {
      authorise(actor, 'register.write');
      requireId(serviceId, 'Service');
      const service = await store.asUser(actor, (tx) => findService(tx, serviceId));
      if (!service) throw new NotFound('Service');
      return service;
    },

    async get(actor: Actor, id: string): Promise<{ contract: Contract; service: Service }> {
      authorise(actor, 'register.write');
      requireId(id, 'Contract');
      return store.asUser(actor, async (tx) => {
        const contract = await repo.findContract(tx, id);
        const service = contract && (await findService(tx, contract.serviceId));
        if (!contract || !service) throw new NotFound('Contract');
        return { contract, service };
      });
    },

    async add(actor: Actor, serviceId: string, raw: unknown): Promise<string> {
      authorise(actor, 'register.write');
      requireId(serviceId, 'Service');
      const councilId = councilOf(actor);
      return store.asUser(actor, async (tx) => {
        const service = councilId ? await findService(tx, serviceId) : undefined;
        if (!councilId || !service) throw new NotFound('Service');
        // The self-funded market is held in the register, not contracted (issue 18).
        if (service.notCommissioned) throw new Invalid([{ path: 'kind', message: 'The council does not commission this service, so no contract can be added: change the service first' }]);
        return repo.insertContract(tx, councilId, serviceId, toFields(parse(contractSchema, raw)));
      });
    },

    async update(actor: Actor, id: string, raw: unknown): Promise<string> {
      authorise(actor, 'register.write');
      requireId(id, 'Contract');
      return store.asUser(actor, async (tx) => {
        const contract = await repo.findContract(tx, id);
        if (!contract) throw new NotFound('Contract');
        await repo.updateContract(tx, id, toFields(parse(contractSchema, raw)));
        return contract.serviceId;
      });
    },
  };
}

export type ContractsService = ReturnType<typeof contractsService>;
